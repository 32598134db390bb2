#include "scoring.h"
#include "money.h"

namespace kariz {

static const int kRepliesForFull = 3;  // three replies in the window count as fully engaged

// weight x num / den, rounded half away from zero.
static int scaled(int weight, int num, int den) {
    if (den <= 0) return 0;
    int64_t p = (int64_t)weight * num * 2;
    p += p >= 0 ? den : -den;
    return (int)(p / (2 * (int64_t)den));
}

std::string signed_points(int points) { return (points < 0 ? "-" : "+") + std::to_string(points < 0 ? -points : points); }

const char* to_string(ScoreHeat h) { return h == ScoreHeat::Hot ? "hot" : h == ScoreHeat::Warm ? "warm" : "cold"; }

ScoreHeat score_heat(const ScoreWeights& w, int score) {
    if (score >= w.hot_at) return ScoreHeat::Hot;
    if (score >= w.warm_at) return ScoreHeat::Warm;
    return ScoreHeat::Cold;
}

static bool is_reply(const Activity& a) { return !a.outgoing || a.answered; }

int replies_since(const Deal& d, Time since) {
    int n = 0;
    for (const Activity& a : d.activities) n += is_reply(a) && a.at >= since;
    return n;
}

Time last_reply(const Deal& d) {
    Time t = 0;
    for (const Activity& a : d.activities)
        if (is_reply(a) && a.at > t) t = a.at;
    return t;
}

int deal_win_probability(const Deal& d, const Stage& s) {
    return d.win_probability >= 0 && d.win_probability <= 100 ? d.win_probability : s.probability;
}

DealScore score_deal(const Workspace& ws, const std::vector<Framework>& fs, const Deal& d, Time now) {
    const ScoreWeights& w = ws.settings.scoring;
    DealScore s;
    auto add = [&](int weight, int points, Text text) {
        if (weight != 0) s.terms.push_back(ScoreTerm{points, std::move(text)});
    };
    // Amounts are marked as numbers so the interface writes their digits in its language.
    auto money = [](int64_t minor, const std::string& currency) {
        TextArg a(format_money(minor, currency, true));
        a.number = true;
        return a;
    };
    IcpFit fit = icp_fit(ws.settings.icp, d);
    if (fit.defined())
        add(w.icp_fit, scaled(w.icp_fit, fit.fits, fit.total()), Text("score.icp_fit", {fit.fits, fit.total()}));
    else
        add(w.icp_fit, 0, Text("score.no_icp"));
    if (const Framework* f = deal_framework(fs, ws, d)) {
        QualificationProgress q = qualification_progress(*f, d);
        add(w.qualification, scaled(w.qualification, q.met, q.total), Text("score.qualification", {f->name, q.met, q.total}));
    }
    int replies = replies_since(d, now - (Time)w.replies_days * 86400);
    add(w.replies, scaled(w.replies, replies < kRepliesForFull ? replies : kRepliesForFull, kRepliesForFull),
        Text::counted("score.replies", replies, {w.replies_days}));
    // Silence counts only once the seller has reached out and the deal is older than the window:
    // a lead created yesterday has not had the time to answer.
    bool reached_out = false;
    for (const Activity& a : d.activities) reached_out = reached_out || (a.outgoing && a.at <= now);
    Time window_start = now - (Time)w.silence_days * 86400;
    bool silent = reached_out && d.created_at <= window_start && last_reply(d) < window_start;
    add(w.silence, silent ? w.silence : 0,
        silent        ? Text("score.silent", {w.silence_days})
        : reached_out ? Text("score.replied_within", {w.silence_days})
                      : Text("score.not_contacted"));
    add(w.inbound, d.source == DealSource::Inbound ? w.inbound : 0, Text(d.source == DealSource::Inbound ? "score.inbound" : "score.outbound"));
    if (d.currency != w.value_currency) {
        add(w.value, 0, Text("score.value_other_currency", {d.currency, w.value_currency}));
    } else if (d.value >= w.value_at) {
        add(w.value, w.value, Text("score.value_full", {money(d.value, d.currency), money(w.value_at, w.value_currency)}));
    } else if (d.value * 2 >= w.value_at && w.value_at > 0) {
        add(w.value, scaled(w.value, 1, 2), Text("score.value_half", {money(d.value, d.currency), money(w.value_at, w.value_currency)}));
    } else {
        add(w.value, 0, Text("score.value_under_half", {money(w.value_at, w.value_currency)}));
    }
    int sum = 0;
    for (const ScoreTerm& t : s.terms) sum += t.points;
    s.score = sum < 0 ? 0 : sum > 100 ? 100 : sum;
    s.heat = score_heat(w, s.score);
    return s;
}

std::string explain_score(const DealScore& s, const std::function<std::string(const Text&)>& words) {
    std::string out;
    for (const ScoreTerm& t : s.terms) out += (out.empty() ? "" : ", ") + signed_points(t.points) + " " + words(t.text);
    return out;
}

}  // namespace kariz

namespace kariz {

static bool short_text(const std::string& s, const char* what, std::string& error) {
    if (s.size() <= 300) return true;
    error = std::string(what) + " is too long (" + std::to_string(s.size()) + " bytes, at most 300)";
    return false;
}

static bool text_list(const std::vector<std::string>& v, const char* what, std::string& error) {
    if (v.size() > 50) {
        error = std::string(what) + ": too many entries (" + std::to_string(v.size()) + ", at most 50)";
        return false;
    }
    for (const std::string& x : v)
        if (!short_text(x, what, error)) return false;
    return true;
}

static bool in(int64_t v, int64_t lo, int64_t hi, const char* what, std::string& error) {
    if (v >= lo && v <= hi) return true;
    error = std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi);
    return false;
}

static const int64_t kMaxMoney = 1000000000000000LL;  // 10^15 minor units, as deal values
static const int64_t kMaxEmployees = 100000000;

bool validate_deal_fit(const OrgFacts& o, int win_probability, std::string& error) {
    if (!o.revenue_currency.empty() && !is_currency_code(o.revenue_currency)) {
        error = "revenue currency must be an ISO 4217 code like \"EUR\"";
        return false;
    }
    return short_text(o.industry, "industry", error) && short_text(o.region, "region", error) &&
           text_list(o.pain_points, "pain points", error) && in(o.employees, 0, kMaxEmployees, "employees", error) &&
           in(o.revenue, 0, kMaxMoney, "revenue", error) && in(win_probability, -1, 100, "win probability", error);
}

bool validate_scoring_settings(const Settings& s, std::string& error) {
    const Icp& i = s.icp;
    const ScoreWeights& w = s.scoring;
    const CostFigures& f = s.cost;
    if (!is_currency_code(i.revenue_currency) || !is_currency_code(w.value_currency) || !is_currency_code(f.currency)) {
        error = "currencies must be ISO 4217 codes like \"EUR\"";
        return false;
    }
    if (!text_list(i.industries, "industries", error) || !text_list(i.regions, "regions", error) ||
        !text_list(i.pain_points, "pain points", error) || !in(i.min_employees, 0, kMaxEmployees, "minimum employees", error) ||
        !in(i.max_employees, 0, kMaxEmployees, "maximum employees", error) || !in(i.min_revenue, 0, kMaxMoney, "minimum revenue", error) ||
        !in(i.max_revenue, 0, kMaxMoney, "maximum revenue", error))
        return false;
    if ((i.max_employees && i.max_employees < i.min_employees) || (i.max_revenue && i.max_revenue < i.min_revenue)) {
        error = "a range's maximum must not be below its minimum";
        return false;
    }
    for (int x : {w.icp_fit, w.qualification, w.replies, w.silence, w.inbound, w.value})
        if (!in(x, -100, 100, "score weights", error)) return false;
    if (!in(w.replies_days, 1, 3650, "reply window (days)", error) || !in(w.silence_days, 1, 3650, "silence window (days)", error) ||
        !in(w.value_at, 0, kMaxMoney, "value threshold", error) || !in(w.hot_at, 0, 100, "hot from", error) ||
        !in(w.warm_at, 0, 100, "warm from", error))
        return false;
    if (w.warm_at > w.hot_at) {
        error = "warm must start below hot";
        return false;
    }
    if (s.quality_labels.size() > 50) {
        error = "at most 50 quality labels";
        return false;
    }
    for (size_t k = 0; k < s.quality_labels.size(); ++k) {
        const QualityLabel& l = s.quality_labels[k];
        if (l.name.empty() || l.name.find(',') != std::string::npos) {
            error = "a quality label needs a name without commas";
            return false;
        }
        if (!short_text(l.name, "quality label", error)) return false;
        if (l.colour > 0xFFFFFF) {
            error = "a label colour is #RRGGBB";
            return false;
        }
        for (size_t m = 0; m < k; ++m)
            if (same_text(s.quality_labels[m].name, l.name)) {
                error = "two quality labels are called \"" + l.name + "\"";
                return false;
            }
    }
    return in(f.quota, 0, kMaxMoney, "quota", error) && in(f.selling_hours, 1, 8784, "selling hours a year", error) &&
           in(f.working_days, 1, 366, "working days a year", error) && in(f.deals_open, 1, 1000000, "deals open", error) &&
           in(f.days_now, 0, 3650, "days to disqualify now", error) && in(f.days_target, 0, 3650, "target days", error);
}

}  // namespace kariz
