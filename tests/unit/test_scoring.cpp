// Lead scoring with a controlled clock: ICP fit part by part, the score term by term, the win
// probability default and override in the board's weighted totals, the cost-of-bad-deals figures
// of the source, funnel nudges at their thresholds, and the snapshot round trip of every new field.
#include <doctest/doctest.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "board.h"
#include "cost.h"
#include "nudges.h"
#include "scoring.h"
#include "snapshot.h"
#include "store.h"
#include "test_fixtures.h"

using namespace kariz;

namespace {

// The English words of core's texts, from the catalogue the interface uses (numbers as written,
// the count first, as the interface composes them).
const Catalogue& english() {
    static Catalogue c = [] {
        Catalogue c;
        for (const auto& e : std::filesystem::directory_iterator(std::string(KARIZ_ASSETS_DIR) + "/i18n/en")) {
            std::ifstream f(e.path());
            std::stringstream ss;
            ss << f.rdbuf();
            std::string error;
            if (!c.add_json(ss.str(), e.path().string(), error)) FAIL(error);
        }
        return c;
    }();
    return c;
}

std::string words(const Text& t) {
    const std::string* p = english().find(t.key, Language::English, t.has_count ? &t.count : nullptr);
    if (!p) return "missing:" + t.key;
    std::vector<std::string> args;
    if (t.has_count) args.push_back(std::to_string(t.count));
    for (const TextArg& a : t.args) args.push_back(a.value);
    return format_message(*p, args);
}

const Time T0 = 1790000000;
const Time DAY = 86400;

Icp dental_icp() {
    Icp icp;
    icp.industries = {"Dental clinics", "Healthcare"};
    icp.min_employees = 20;
    icp.max_employees = 500;
    icp.min_revenue = 100000000;  // 1,000,000.00 EUR
    icp.max_revenue = 0;
    icp.revenue_currency = "EUR";
    icp.regions = {"Gulf", "Europe"};
    icp.pain_points = {"Lost leads", "No follow-up"};
    return icp;
}

struct Fixture {
    Store store;
    std::vector<Framework> fws = load_frameworks();
    std::string id;
    Fixture() {
        Workspace ws;
        ws.users = {User{"u1", "Reza", "RK", Role::Seller}};
        Pipeline p;
        p.id = "p1";
        p.name = "Sales";
        p.stages = {Stage{"s0", "Unsorted", 0, 0, {}, false}, Stage{"s1", "Lead", 10, 7, {}, false},
                    Stage{"s2", "Meeting", 40, 14, {}, false}, Stage{"s3", "Close", 80, 21, {}, false}};
        ws.pipelines = {p};
        store.load(ws);
        DealFields f;
        f.title = "Clinic software";
        f.owner_id = "u1";
        f.value = 400000;  // 4,000.00 EUR
        f.source = DealSource::Outbound;
        REQUIRE(store.dispatch(CreateDeal{f, "p1", "s1"}, T0));
        id = store.ws().deals.back().id;
    }
    const Deal& deal() { return *store.ws().find_deal(id); }
    void settings(const Settings& s) { REQUIRE(store.dispatch(SetSettings{s}, T0)); }
    DealScore score(Time now) { return score_deal(store.ws(), fws, deal(), now); }
    int term(Time now, const std::string& starts) {
        for (const ScoreTerm& t : score(now).terms)
            if (words(t.text).rfind(starts, 0) == 0) return t.points;
        FAIL("no term " << starts);
        return 0;
    }
};

}  // namespace

TEST_CASE("icp: only the parts the profile defines count, unknown facts miss") {
    Deal d;
    d.currency = "EUR";
    CHECK_FALSE(icp_fit(Icp{}, d).defined());
    Icp icp = dental_icp();
    IcpFit none = icp_fit(icp, d);
    REQUIRE(none.total() == 5);
    CHECK(none.fits == 0);
    CHECK(none.checks[0].text == Text("icp.industry.unknown"));
    CHECK(words(none.checks[0].text) == "Industry: not known yet");
    d.org.industry = " dental CLINICS ";  // case and spaces ignored
    d.org.employees = 20;                // bounds included
    d.org.revenue = 250000000;
    d.org.region = "Asia";
    d.org.pain_points = {"No follow-up"};
    IcpFit fit = icp_fit(icp, d);
    CHECK(fit.fits == 4);
    CHECK(fit.percent() == 80);
    CHECK(fit.checks[3].part == IcpPart::Region);
    CHECK_FALSE(fit.checks[3].fits);
    CHECK(fit.checks[3].text == Text("icp.region.misses", {"Asia"}));
    CHECK(words(fit.checks[3].text) == "Region: Asia is not in the profile");
    CHECK(words(fit.checks[1].text) == "Company size: 20 employees, profile 20 to 500");
    CHECK(words(fit.checks[2].text) == "Revenue: 2,500,000 EUR, profile at least 1,000,000 EUR");
    CHECK(words(fit.checks[4].text) == "Pain points: No follow-up");
    d.org.employees = 501;
    CHECK_FALSE(icp_fit(icp, d).checks[1].fits);
    // Revenue in another currency cannot be compared (no exchange rate in the core).
    d.org.revenue_currency = "USD";
    IcpCheck rev = icp_fit(icp, d).checks[2];
    CHECK_FALSE(rev.fits);
    CHECK_FALSE(rev.known);
    CHECK(words(rev.text) == "Revenue: 2,500,000 USD cannot be compared with a profile in EUR");
    // A profile with only regions has one part.
    Icp regions;
    regions.regions = {"Asia"};
    CHECK(icp_fit(regions, d).total() == 1);
    CHECK(icp_fit(regions, d).percent() == 100);
}

TEST_CASE("score: term by term, with the clock passed in") {
    Fixture f;
    Settings s = f.store.ws().settings;
    s.icp = dental_icp();
    f.settings(s);
    // A fresh outbound lead with nothing known: ICP 0/5, BANT 0/4, no replies, not contacted, small value.
    DealScore fresh = f.score(T0);
    CHECK(fresh.score == 0);
    CHECK(fresh.heat == ScoreHeat::Cold);
    CHECK(explain_score(fresh, words) ==
          "+0 ICP fit 0/5, +0 BANT 0/4, +0 0 replies in 30 days, +0 not contacted yet, +0 outbound, +0 value under half of 10,000 EUR");
    // Facts: 4 of 5 parts fit -> 30 x 4/5 = 24.
    OrgFacts org{"Healthcare", 40, 150000000, "EUR", "Gulf", {}};
    REQUIRE(f.store.dispatch(SetDealFit{f.id, org, -1}, T0));
    CHECK(f.term(T0, "ICP fit") == 24);
    // BANT 3/4 -> 30 x 3/4 = 22.5, rounded half away from zero: 23.
    for (const char* c : {"budget", "authority", "need"})
        REQUIRE(f.store.dispatch(SetCriterion{f.id, CriterionAnswer{c, CriterionState::Met, ""}}, T0));
    CHECK(f.term(T0, "BANT") == 23);
    // Replies: 2 in the 30-day window -> 20 x 2/3 = 13; one 40 days ago does not count.
    REQUIRE(f.store.dispatch(LogActivity{f.id, Activity{"", ActivityKind::Email, false, false, T0 - 40 * DAY, ""}}, T0));
    REQUIRE(f.store.dispatch(LogActivity{f.id, Activity{"", ActivityKind::Call, true, true, T0 + 1 * DAY, ""}}, T0));
    REQUIRE(f.store.dispatch(LogActivity{f.id, Activity{"", ActivityKind::Email, false, false, T0 + 2 * DAY, ""}}, T0));
    CHECK(f.term(T0 + 3 * DAY, "2 replies") == 13);
    CHECK(f.term(T0 + 3 * DAY, "replied within") == 0);
    // Silence: 14 days after the last reply (and the deal older than 14 days) -> -10.
    Time later = T0 + 2 * DAY + 15 * DAY;
    CHECK(f.term(later, "no reply in 14 days") == -10);
    CHECK(f.score(later).score == 24 + 23 + 13 - 10);
    CHECK(explain_score(f.score(later), words).find("-10 no reply in 14 days") != std::string::npos);
    // Inbound and value.
    DealFields fields{f.deal().title, "", {}, 1000000, "EUR", "u1", DealSource::Inbound, {}, "", ""};
    REQUIRE(f.store.dispatch(UpdateDeal{f.id, fields, "", ""}, T0));
    CHECK(f.term(later, "inbound") == 10);
    CHECK(f.term(later, "value 10,000 EUR") == 10);
    DealScore hot = f.score(later);
    CHECK(hot.score == 24 + 23 + 13 - 10 + 10 + 10);
    CHECK(hot.heat == ScoreHeat::Hot);  // 70
    // Half the value threshold: half the weight.
    fields.value = 600000;
    REQUIRE(f.store.dispatch(UpdateDeal{f.id, fields, "", ""}, T0));
    CHECK(f.term(later, "value 6,000 EUR") == 5);
    CHECK(f.score(later).heat == ScoreHeat::Warm);
    // Another currency: the value rule does not compare it.
    fields.currency = "USD";
    REQUIRE(f.store.dispatch(UpdateDeal{f.id, fields, "", ""}, T0));
    CHECK(f.term(later, "value in USD") == 0);
}

TEST_CASE("score: editing a weight changes the score; zero weights drop the term; clamped to 0..100") {
    Fixture f;
    Settings s = f.store.ws().settings;
    s.scoring.inbound = 0;
    s.scoring.silence = -60;
    f.settings(s);
    REQUIRE(f.store.dispatch(LogActivity{f.id, Activity{"", ActivityKind::Call, true, false, T0, ""}}, T0));
    DealScore sc = f.score(T0 + 20 * DAY);
    for (const ScoreTerm& t : sc.terms) CHECK(t.text.key != "score.outbound");
    CHECK(sc.score == 0);  // -60 clamped
    s.scoring.silence = -10;
    s.scoring.qualification = 100;
    f.settings(s);
    for (const char* c : {"budget", "authority", "need", "timeline"})
        REQUIRE(f.store.dispatch(SetCriterion{f.id, CriterionAnswer{c, CriterionState::Met, ""}}, T0));
    CHECK(f.score(T0 + 20 * DAY).score == 90);
    s.scoring.silence = 0;
    f.settings(s);
    CHECK(f.score(T0 + 20 * DAY).score == 100);
    // Invalid weights are refused and change nothing.
    s.scoring.icp_fit = 500;
    std::string err;
    CHECK_FALSE(f.store.dispatch(SetSettings{s}, T0, &err));
    CHECK(err.find("score weights") != std::string::npos);
    s.scoring.icp_fit = 30;
    s.scoring.warm_at = 90;
    CHECK_FALSE(f.store.dispatch(SetSettings{s}, T0, &err));
}

TEST_CASE("win probability: the stage's by default, the deal's estimate when set, in the weighted totals") {
    Fixture f;
    const Pipeline& p = f.store.ws().pipelines[0];
    CHECK(deal_win_probability(f.deal(), p.stages[1]) == 10);
    Board b = build_board(f.store.ws(), BoardQuery{"p1", "", StatusFilter::Open, ""});
    CHECK(b.columns[1].totals.weighted.at("EUR") == 40000);  // 10% of 4,000.00
    REQUIRE(f.store.dispatch(SetDealFit{f.id, OrgFacts{}, 65}, T0));
    CHECK(deal_win_probability(f.deal(), p.stages[1]) == 65);
    b = build_board(f.store.ws(), BoardQuery{"p1", "", StatusFilter::Open, ""});
    CHECK(b.columns[1].totals.weighted.at("EUR") == 260000);
    REQUIRE(f.store.dispatch(SetDealFit{f.id, OrgFacts{}, -1}, T0));
    CHECK(deal_win_probability(f.deal(), p.stages[1]) == 10);
    std::string err;
    CHECK_FALSE(f.store.dispatch(SetDealFit{f.id, OrgFacts{}, 101}, T0, &err));
    OrgFacts bad;
    bad.revenue_currency = "euro";
    CHECK_FALSE(f.store.dispatch(SetDealFit{f.id, bad, -1}, T0, &err));
    CHECK(f.deal().win_probability == -1);
}

TEST_CASE("cost of bad deals: the source's figures, step by step") {
    CostFigures f;  // defaults: $1M quota, 500 hours, 250 days, 10 open, day 45 vs day 15
    CostResult r = cost_of_bad_deals(f);
    REQUIRE(r.valid);
    CHECK(r.per_hour == 200000);        // $2,000.00
    CHECK(r.per_day == 400000);         // $4,000.00
    CHECK(r.per_deal_day == 40000);     // $400.00
    CHECK(r.days_lost == 30);
    CHECK(r.per_bad_deal == 1200000);   // $12,000.00
    CHECK(r.at_stake == 12000000);      // $120,000.00
    f.days_target = 50;                 // target later than now: nothing lost
    CHECK(cost_of_bad_deals(f).at_stake == 0);
    f.deals_open = 0;
    CHECK_FALSE(cost_of_bad_deals(f).valid);
    // A deal 37 days old has taken 37 x $400.
    Deal d;
    d.created_at = T0;
    CHECK(deal_days_taken(d, T0 + 37 * DAY + 3600) == 37);
    CHECK(deal_cost_so_far(CostFigures{}, d, T0 + 37 * DAY) == 37 * 40000);
}

TEST_CASE("nudges: late stage nearly empty, top of the funnel dry, everything closed") {
    Pipeline p;
    p.id = "p";
    for (const char* n : {"Unsorted", "Lead", "Call", "Meeting", "Follow-up", "Close"}) p.stages.push_back(Stage{n, n, 0, 0, {}, false});
    auto kinds = [&](std::vector<int> open) {
        std::vector<NudgeKind> k;
        for (const Nudge& n : funnel_nudges(p, open)) k.push_back(n.kind);
        return k;
    };
    CHECK(kinds({0, 4, 3, 3, 3, 3}).empty());  // a healthy funnel
    // Close holds 1 (<= kNearlyEmpty) of 5+ open deals: work the fullest earlier column, Follow-up on a tie.
    std::vector<Nudge> n = funnel_nudges(p, {0, 2, 1, 0, 2, 1});
    REQUIRE(n.size() == 1);
    CHECK(n[0].kind == NudgeKind::LateEmpty);
    CHECK(n[0].stage_id == "Follow-up");
    CHECK(n[0].text.key == "nudge.late_empty");
    CHECK(words(n[0].text) == "Almost nothing in Close (1 deal): work the Follow-up column (2 deals).");
    CHECK(kinds({0, 2, 1, 0, 2, 2}).empty());         // two in Close: not nearly empty
    CHECK(kinds({0, 1, 1, 0, 1, 0}).empty());         // four open: too small a board to judge
    // Early stages (Unsorted, Lead, Call) with less than a tenth of the open deals.
    CHECK(kinds({0, 1, 0, 5, 3, 3}) == std::vector<NudgeKind>{NudgeKind::TopDry});   // 1 of 12: dry
    CHECK(kinds({0, 1, 1, 5, 3, 3}).empty());                                        // 2 of 13: not yet
    CHECK(kinds({0, 0, 0, 1, 1, 0}) == std::vector<NudgeKind>{NudgeKind::TopDry});   // none at the top
    std::vector<Nudge> closed = funnel_nudges(p, {0, 0, 0, 0, 0, 0});
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].kind == NudgeKind::AllClosed);
    CHECK(closed[0].stage_id == "Lead");
    CHECK(words(closed[0].text) == "Everything is closed: go back to the top of the funnel and add leads to Lead.");
    std::vector<Nudge> dry = funnel_nudges(p, {0, 1, 0, 5, 3, 3});
    REQUIRE(dry.size() == 1);
    CHECK(words(dry[0].text) ==
          "The top of the funnel is running dry: 1 of 12 open deals in Unsorted, Lead and Call. Prospect now, or the later stages "
          "empty out next.");
}

TEST_CASE("snapshot: every lead-scoring field round-trips and is optional on read") {
    Fixture f;
    Settings s = f.store.ws().settings;
    s.icp = dental_icp();
    s.scoring.icp_fit = 40;
    s.scoring.silence_days = 21;
    s.scoring.value_currency = "USD";
    s.quality_labels = {QualityLabel{"Hot lead", 0xD32F2F}, QualityLabel{"Strategic", 0x1565C0}};
    s.cost.quota = 5000000000;
    s.cost.currency = "EUR";
    s.cost.deals_open = 12;
    f.settings(s);
    REQUIRE(f.store.dispatch(SetDealFit{f.id, OrgFacts{"شركة طب الأسنان", 45, 120000000, "SAR", "Gulf", {"Lost leads"}}, 35}, T0));
    std::string text = write_snapshot(f.store.ws(), T0);
    Workspace back;
    std::string err;
    REQUIRE_MESSAGE(read_snapshot(text, back, err), err);
    const Settings& b = back.settings;
    CHECK(b.icp.industries == s.icp.industries);
    CHECK(b.icp.min_employees == 20);
    CHECK(b.icp.max_employees == 500);
    CHECK(b.icp.min_revenue == 100000000);
    CHECK(b.icp.regions == s.icp.regions);
    CHECK(b.icp.pain_points == s.icp.pain_points);
    CHECK(b.scoring == s.scoring);
    CHECK(b.quality_labels == s.quality_labels);
    CHECK(b.cost == s.cost);
    CHECK(back.deals[0].org == f.deal().org);
    CHECK(back.deals[0].win_probability == 35);
    CHECK(write_snapshot(back, T0) == text);
    // A file without any of them reads with the defaults.
    std::string old = text;
    for (const char* k : {",\"icp\":", ",\"scoring\":", ",\"quality_labels\":", ",\"cost\":", ",\"org\":"}) {
        size_t a = old.find(k);
        REQUIRE(a != std::string::npos);
        size_t depth = 0, e = a + std::string(k).size();
        for (; e < old.size(); ++e) {
            if (old[e] == '{' || old[e] == '[') ++depth;
            if (old[e] == '}' || old[e] == ']') --depth;
            if (depth == 0) break;
        }
        old.erase(a, e + 1 - a);
    }
    size_t w = old.find(",\"win_probability\":35");
    REQUIRE(w != std::string::npos);
    old.erase(w, std::string(",\"win_probability\":35").size());
    Workspace plain;
    REQUIRE_MESSAGE(read_snapshot(old, plain, err), err);
    CHECK(plain.settings.scoring == ScoreWeights{});
    CHECK(plain.settings.cost == CostFigures{});
    CHECK(plain.settings.quality_labels.empty());
    CHECK(plain.settings.icp.industries.empty());
    CHECK(plain.deals[0].org == OrgFacts{});
    CHECK(plain.deals[0].win_probability == -1);
    // Bad values are refused with the place named.
    std::string bad = text;
    bad.replace(bad.find("\"win_probability\":35"), 20, "\"win_probability\":135");
    CHECK_FALSE(read_snapshot(bad, plain, err));
    CHECK(err.find("deals[0]") != std::string::npos);
    bad = text;
    bad.replace(bad.find("\"#D32F2F\""), 9, "\"red\"");
    CHECK_FALSE(read_snapshot(bad, plain, err));
    CHECK(err.find("settings") != std::string::npos);
}

TEST_CASE("score: 100,000 deals score in well under a second (the board scores only visible cards)") {
    Fixture f;
    Workspace ws = f.store.ws();
    ws.settings.icp = dental_icp();
    Deal proto = f.deal();
    proto.org = OrgFacts{"Healthcare", 40, 150000000, "EUR", "Gulf", {"Lost leads"}};
    for (int i = 0; i < 4; ++i) proto.activities.push_back(Activity{"a", ActivityKind::Call, true, i % 2 == 0, T0 + i * DAY, ""});
    auto t0 = std::chrono::steady_clock::now();
    int64_t sum = 0;
    for (int i = 0; i < 100000; ++i) sum += score_deal(ws, f.fws, proto, T0 + 10 * DAY).score;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("scored 100000 deals in " << ms << " ms");
    CHECK(sum > 0);
    CHECK(ms < 3000);
}
