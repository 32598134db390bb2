// Test interface of lead scoring (window.kariz.selling(dealId) in web/page/shell.js): what the
// board and the editor show for a deal (score, its terms, ICP fit, win probability), the board's
// weighted column totals, the funnel nudges and the cost calculator's figures.
#include <emscripten.h>
#include <nlohmann/json.hpp>
#include "cost.h"
#include "i18n.h"
#include "web_host.h"

using namespace kariz;

extern "C" EMSCRIPTEN_KEEPALIVE const char* kariz_test_selling(const char* deal_id) {
    static std::string out;
    using json = nlohmann::json;
    App& app = shell().app;
    const Workspace& ws = app.store.ws();
    Time now = shell().host.now();
    json j = json::object();
    if (const Deal* d = ws.find_deal(deal_id)) {
        DealScore s = score_deal(ws, app.frameworks, *d, now);
        IcpFit fit = icp_fit(ws.settings.icp, *d);
        const Pipeline* p = ws.find_pipeline(d->pipeline_id);
        const Stage* st = p ? find_stage(*p, d->stage_id) : nullptr;
        j["score"] = s.score;
        j["heat"] = to_string(s.heat);
        j["explain"] = explain_score(s, tr_plain);
        j["fit"] = {{"fits", fit.fits}, {"total", fit.total()}};
        json misses = json::array();
        for (const IcpCheck& c : fit.checks)
            if (!c.fits) misses.push_back(tr_plain(c.text));
        j["fit"]["misses"] = misses;
        j["win_probability"] = st ? deal_win_probability(*d, *st) : -1;
    }
    json cols = json::array();
    for (const Column& c : app.board_all.columns) cols.push_back({{"stage_id", c.stage_id}, {"weighted", c.totals.weighted}});
    j["columns"] = cols;
    json nudges = json::array();
    for (const Nudge& n : app.nudges) nudges.push_back({{"kind", (int)n.kind}, {"stage_id", n.stage_id}, {"text", tr_plain(n.text)}});
    j["nudges"] = nudges;
    CostResult r = cost_of_bad_deals(ws.settings.cost);
    j["cost"] = {{"per_hour", r.per_hour}, {"per_day", r.per_day}, {"per_deal_day", r.per_deal_day},
                 {"per_bad_deal", r.per_bad_deal}, {"at_stake", r.at_stake}, {"currency", ws.settings.cost.currency}};
    out = j.dump(-1, ' ', false, json::error_handler_t::replace);
    return out.c_str();
}
