// Reports on a small fixed data set built through real actions with a controlled clock. Every
// expected number is worked out by hand in the comments next to it.
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "dates.h"
#include "messages.h"
#include "report_csv.h"
#include "reports.h"
#include "snapshot.h"
#include "store.h"

using namespace kariz;

namespace {

const Time D = 86400;
const Time M = days_from_civil(2026, 9, 1) * 86400;  // 2026-09-01T00:00Z, start of the period
const Time NOW = M + 20 * D;

std::vector<Framework> frameworks() {
    return {Framework{"bant", "BANT", "", {Criterion{"budget", "Budget", {}}, Criterion{"authority", "Authority", {}}}}};
}

Workspace base() {
    Workspace ws;
    ws.users = {User{"u1", "Ana Silva", "AS", Role::Seller, 0, ""}, User{"u2", "Omar Haddad", "OH", Role::Seller, 0, ""},
                User{"m", "Maryam", "MS", Role::Manager, 0, ""}};
    Stage proposal{"s2", "Proposal", 50, 14, {"field:contact.email"}, false};
    ws.pipelines = {Pipeline{"p1", "Sales",
                             {Stage{"s0", "Unsorted", 0, 0, {}, false}, Stage{"s1", "Lead", 10, 7, {}, false}, proposal,
                              Stage{"s3", "Close", 80, 21, {}, false}},
                             "bant"}};
    return ws;
}

struct Data {
    Store store;
    std::map<std::string, std::string> id;  // "A" -> deal id
    void run(const Action& a, Time t) {
        std::string err;
        REQUIRE_MESSAGE(store.dispatch(a, t, &err), err);
    }
    void create(const std::string& name, int64_t value, const std::string& currency, const std::string& owner,
                const std::string& stage, Time t, const std::string& close = "") {
        DealFields f;
        f.title = name;
        f.organization = "Acme";
        f.value = value;
        f.currency = currency;
        f.owner_id = owner;
        f.expected_close = close;
        run(CreateDeal{f, "p1", stage}, t);
        id[name] = store.ws().deals.back().id;
    }
    void move(const std::string& name, const std::string& stage, Time t) { run(MoveDeal{id[name], "p1", stage, ""}, t); }
    void budget(const std::string& name, Time t) { run(SetCriterion{id[name], CriterionAnswer{"budget", CriterionState::Met, ""}}, t); }
    void touch(const std::string& name, ActivityKind k, bool out, bool answered, Time t) {
        run(LogActivity{id[name], Activity{"", k, out, answered, t, ""}}, t);
    }
    // The data set (owners: Ana = u1, Omar = u2; all created in September):
    //   A  EUR 1000.00 Ana   Lead M, budget met M+1d, Proposal M+2d, Close M+5d, won M+6d
    //   B  EUR  500.00 Ana   Lead M, Proposal M+4d, lost "Price" M+10d
    //   C  USD  200.00 Ana   Lead M+1d, lost "Price" M+3d
    //   D  USD  300.00 Omar  Lead M+2d, Proposal M+3d, open, expected close 2026-10-15
    //   E  EUR  800.00 Omar  Lead M+2d with budget met, Proposal M+3d, Close M+7d, won M+8d
    //   F  EUR  100.00 Ana   Lead M+3d, disqualified "no_budget" M+4d
    //   G  JPY  5000   Ana   Proposal M+5d, open, no close date
    Data() {
        store.load(base());
        create("A", 100000, "EUR", "u1", "s1", M);
        create("B", 50000, "EUR", "u1", "s1", M);
        create("C", 20000, "USD", "u1", "s1", M + D);
        create("D", 30000, "USD", "u2", "s1", M + 2 * D, "2026-10-15");
        create("E", 80000, "EUR", "u2", "s1", M + 2 * D);
        budget("E", M + 2 * D);
        budget("A", M + D);
        move("A", "s2", M + 2 * D);
        move("E", "s2", M + 3 * D);
        move("D", "s2", M + 3 * D);
        run(MarkLost{id["C"], "Price"}, M + 3 * D);
        create("F", 10000, "EUR", "u1", "s1", M + 3 * D);
        move("B", "s2", M + 4 * D);
        run(Disqualify{id["F"], "no_budget", ""}, M + 4 * D);
        move("A", "s3", M + 5 * D);
        create("G", 5000, "JPY", "u1", "s2", M + 5 * D);
        run(MarkWon{id["A"]}, M + 6 * D);
        move("E", "s3", M + 7 * D);
        run(MarkWon{id["E"]}, M + 8 * D);
        run(MarkLost{id["B"], "Price"}, M + 10 * D);
        touch("A", ActivityKind::Call, true, true, M + D);
        touch("A", ActivityKind::Email, true, false, M + D);
        touch("A", ActivityKind::Email, true, true, M + 2 * D);
        touch("B", ActivityKind::Call, true, false, M + 5 * D);
        touch("B", ActivityKind::Message, false, false, M + 5 * D);
        touch("D", ActivityKind::Meeting, true, true, M + 4 * D);
        touch("D", ActivityKind::Note, true, false, M + 4 * D);     // notes are not touches
        touch("B", ActivityKind::Email, true, false, M + 35 * D);   // October: outside the period
    }
    Reports reports(Time as_of = 0, const std::string& owner = "") {
        return compute_reports(store.ws(), frameworks(), ReportParams{"p1", owner, M, M + 30 * D, as_of}, NOW);
    }
    void set_rates() {
        // 1 USD = 0.92 EUR, 1 JPY = 0.0061 EUR
        run(SetExchangeRates{{ExchangeRate{"USD", 920000}, ExchangeRate{"JPY", 6100}}}, NOW);
    }
};

}  // namespace

TEST_CASE("reports: deals and value per stage now and at a past date") {
    Data d;
    Reports r = d.reports();
    // Now only D (USD 300.00) and G (JPY 5000) are open, both in Proposal (50%).
    REQUIRE(r.stages.size() == 4);
    CHECK(r.stages[1].count == 0);
    CHECK(r.stages[2].count == 2);
    CHECK(r.stages[2].value == MoneyByCurrency{{"JPY", 5000}, {"USD", 30000}});
    CHECK(r.stages[2].weighted == MoneyByCurrency{{"JPY", 2500}, {"USD", 15000}});  // 50% of each
    CHECK(r.stages[3].count == 0);

    // At M+3.5d: C is already lost (M+3d), G not yet created (M+5d).
    // Lead: B (until M+4d) and F (created M+3d, disqualified M+4d): EUR 500 + 100 = 600.00, weighted 10% = 60.00.
    // Proposal: A (M+2d..M+5d), D and E (both from M+3d): EUR 1000 + 800, USD 300; weighted 50%.
    Reports past = d.reports(M + 3 * D + D / 2);
    CHECK(past.stages[1].count == 2);
    CHECK(past.stages[1].value == MoneyByCurrency{{"EUR", 60000}});
    CHECK(past.stages[1].weighted == MoneyByCurrency{{"EUR", 6000}});
    CHECK(past.stages[2].count == 3);
    CHECK(past.stages[2].value == MoneyByCurrency{{"EUR", 180000}, {"USD", 30000}});
    CHECK(past.stages[2].weighted == MoneyByCurrency{{"EUR", 90000}, {"USD", 15000}});
    CHECK(past.stages[3].count == 0);
}

TEST_CASE("reports: funnel conversion, share lost and the weakest stage") {
    Data d;
    const Funnel& f = d.reports().funnel;
    // Furthest stage: A, E won (reach all); B, D, G Proposal; C, F Lead.
    // Reached: Unsorted 7 (every deal counts as past the intake), Lead 7, Proposal 5, Close 2, Won 2.
    CHECK(f.cohort == 7);
    REQUIRE(f.rows.size() == 5);
    CHECK(f.rows[0].reached == 7);
    CHECK(f.rows[1].reached == 7);
    CHECK(f.rows[2].reached == 5);
    CHECK(f.rows[3].reached == 2);
    CHECK(f.rows[4].reached == 2);
    CHECK(f.rows[4].name == "Won");
    // Lost in Lead: C (lost) and F (disqualified) = 2 of 7 = 28.6%; in Proposal: B = 1 of 5 = 20%.
    CHECK(f.rows[1].lost == 2);
    CHECK(f.rows[2].lost == 1);
    CHECK(f.weakest == 1);
    ReportTable t = report_table(d.reports(), ReportKind::Funnel, d.store.ws());
    // Lead -> Proposal 5/7 = 71.4%, Proposal -> Close 2/5 = 40.0%, Close -> Won 2/2 = 100.0%.
    CHECK(t.rows[1] == std::vector<std::string>{"Lead", "7", "5", "71.4", "2", "28.6", "yes"});
    CHECK(t.rows[2] == std::vector<std::string>{"Proposal", "5", "2", "40.0", "1", "20.0", ""});
    CHECK(t.rows[3][3] == "100.0");
}

TEST_CASE("reports: time in stage and velocity") {
    Data d;
    const TimeReport& t = d.reports().time;
    // Lead stays: A 2d, B 4d, C 2d (until lost), D 1d, E 1d, F 1d (until disqualified):
    // sorted 1,1,1,2,2,4 -> average 11/6 d = 158400 s, median (1+2)/2 = 1.5 d = 129600 s.
    CHECK(t.rows[1].stay.count == 6);
    CHECK(t.rows[1].stay.average == 158400);
    CHECK(t.rows[1].stay.median == 129600);
    // Proposal: A 3d, B 6d (until lost), E 4d; D and G still there. Average 13/3 d = 374400 s, median 4d.
    CHECK(t.rows[2].stay.count == 3);
    CHECK(t.rows[2].stay.average == 374400);
    CHECK(t.rows[2].stay.median == 4 * D);
    // Close: A 1d, E 1d (until won).
    CHECK(t.rows[3].stay.count == 2);
    CHECK(t.rows[3].stay.average == D);
    // Velocity: A M..M+6d, E M+2d..M+8d: both 6 days.
    CHECK(t.velocity.count == 2);
    CHECK(t.velocity.average == 6 * D);
    CHECK(t.velocity.median == 6 * D);
    ReportTable tab = report_table(d.reports(), ReportKind::Time, d.store.ws());
    CHECK(tab.rows[1] == std::vector<std::string>{"Lead", "6", "1.8", "1.5"});
}

TEST_CASE("reports: win rate per seller and reasons ranked") {
    Data d;
    const WinRateReport& w = d.reports().win_rate;
    // Ana: A won, B and C lost, F disqualified -> 1 / (1 + 2) = 33.3%. Omar: E won -> 100%.
    CHECK(w.total.won == 2);
    CHECK(w.total.lost == 2);
    CHECK(w.total.disqualified == 1);
    REQUIRE(w.sellers.size() >= 2);
    CHECK(w.sellers[0].name == "Ana Silva");
    CHECK(w.sellers[0].won == 1);
    CHECK(w.sellers[0].lost == 2);
    CHECK(w.sellers[0].disqualified == 1);
    CHECK(w.sellers[1].won == 1);
    CHECK(w.sellers[1].lost == 0);
    REQUIRE(w.lost_reasons.size() == 1);
    CHECK(w.lost_reasons[0].reason == "Price");
    CHECK(w.lost_reasons[0].count == 2);
    CHECK(w.lost_reasons[0].value == MoneyByCurrency{{"EUR", 50000}, {"USD", 20000}});
    REQUIRE(w.dq_reasons.size() == 1);
    CHECK(w.dq_reasons[0].reason == "No budget");
    ReportTable t = report_table(d.reports(), ReportKind::WinRate, d.store.ws());
    CHECK(t.rows[0] == std::vector<std::string>{"Ana Silva", "1", "2", "1", "33.3"});
    CHECK(t.rows[2] == std::vector<std::string>{"All", "2", "2", "1", "50.0"});
    // One seller only: Omar.
    Reports omar = d.reports(0, "u2");
    CHECK(omar.win_rate.total.won == 1);
    CHECK(omar.win_rate.total.lost == 0);
    CHECK(omar.stages[2].count == 1);  // D only; G is Ana's
}

TEST_CASE("reports: forecast by month, quotas and mixed currencies with and without rates") {
    Data d;
    d.run(SetQuota{"u1", 150000, "EUR"}, NOW);  // Ana: EUR 1500.00 a month
    d.run(SetQuota{"u2", 50000, "USD"}, NOW);   // Omar: USD 500.00 a month
    Reports r = d.reports();
    const Forecast& f = r.forecast;
    // Months: 2026-09 (the period; A and E won in it), 2026-10 (D expected), then no date (G).
    REQUIRE(f.months.size() == 3);
    CHECK(f.period_months == 1);
    CHECK(f.months[0].month == "2026-09");
    CHECK(f.months[0].won == MoneyByCurrency{{"EUR", 180000}});  // 1000.00 + 800.00
    CHECK(f.months[0].won_count == 2);
    CHECK(f.months[1].month == "2026-10");
    CHECK(f.months[1].weighted == MoneyByCurrency{{"USD", 15000}});   // 300.00 x 50%
    CHECK(f.months[1].best_case == MoneyByCurrency{{"USD", 30000}});
    CHECK(f.months[2].month == "");
    CHECK(f.months[2].weighted == MoneyByCurrency{{"JPY", 2500}});
    REQUIRE(f.quotas.size() == 2);
    // Ana: target 1500.00 x 1 month, won A 1000.00 -> gap 500.00.
    CHECK(f.quotas[0].target == 150000);
    CHECK(f.quotas[0].won == 100000);
    CHECK(f.quotas[0].gap == 50000);
    // Omar's quota is in USD and he won in EUR: without rates nothing converts.
    CHECK(f.quotas[1].won == 0);
    CHECK(f.quotas[1].gap == 50000);
    CHECK(f.quotas[1].unconverted == std::vector<std::string>{"EUR"});

    d.set_rates();
    r = d.reports();
    // EUR 800.00 -> USD: 80000 / 0.92 = 86956.52 -> 86957 cents; gap 50000 - 86957 = -36957 (above quota).
    CHECK(r.forecast.quotas[1].won == 86957);
    CHECK(r.forecast.quotas[1].gap == -36957);
    // Converted stage totals: USD 300.00 x 0.92 = EUR 276.00; JPY 5000 x 0.0061 = EUR 30.50; total 306.50.
    Converted c = convert_total(d.store.ws().settings, r.stages[2].value);
    CHECK(c.active);
    CHECK(c.total == 30650);
    CHECK(c.missing.empty());
    // A currency without a rate is left out and named.
    Converted partial = convert_total(d.store.ws().settings, MoneyByCurrency{{"EUR", 100}, {"GBP", 500}});
    CHECK(partial.total == 100);
    CHECK(partial.missing == std::vector<std::string>{"GBP"});
    int64_t out = 0;
    CHECK(convert_minor(d.store.ws().settings, 1, "JPY", out));
    CHECK(out == 1);  // 0.61 cent rounds half up to 1
}

TEST_CASE("reports: knowledge by stage from what was recorded when each stay ended") {
    Data d;
    // The stays record what was known when they ended.
    const Deal& a = *d.store.ws().find_deal(d.id["A"]);
    REQUIRE(a.history.size() == 3);
    CHECK(a.history[0].known_recorded);
    CHECK(a.history[0].known == std::vector<std::string>{"criterion:budget", "field:organization", "field:value"});
    CHECK(a.history[2].known_recorded);  // recorded when it was won in Close
    const KnowledgeReport& k = d.reports().knowledge;
    // Closed won/lost in the period: A, E won; B, C lost (F is disqualified, not counted).
    // Stays: Lead A B C E, Proposal A B E, Close A E = 9; none older than the record.
    CHECK(k.stays == 9);
    CHECK(k.approximated == 0);
    REQUIRE(k.rows.size() == 7);
    // Lead, Budget: met by A, E (won); not met by B, C (lost) -> 100% vs 0%: the largest gap, first.
    CHECK(k.rows[0].stage_name == "Lead");
    CHECK(k.rows[0].key == "criterion:budget");
    CHECK(k.rows[0].met_won == 2);
    CHECK(k.rows[0].met_lost == 0);
    CHECK(k.rows[0].unmet_won == 0);
    CHECK(k.rows[0].unmet_lost == 2);
    // Lead, Authority: nobody knew it: 2 won, 2 lost among "not met".
    CHECK(k.rows[1].key == "criterion:authority");
    CHECK(k.rows[1].unmet_won == 2);
    CHECK(k.rows[1].unmet_lost == 2);
    // Proposal has its exit criterion, contact email, which nobody had: A, E won, B lost.
    CHECK(k.rows[4].stage_name == "Proposal");
    CHECK(k.rows[4].key == "field:contact.email");
    CHECK(k.rows[4].label == "Contact email");
    CHECK(k.rows[4].unmet_won == 2);
    CHECK(k.rows[4].unmet_lost == 1);
    ReportTable t = report_table(d.reports(), ReportKind::Knowledge, d.store.ws());
    CHECK(t.rows[0] == std::vector<std::string>{"Lead", "Budget", "2", "0", "100.0", "0", "2", "0.0"});

    // Older data: a won deal whose stays carry no record: its facts at close stand in.
    Workspace ws = d.store.ws();
    Deal old;
    old.id = "old";
    old.title = "Old";
    old.value = 100;
    old.pipeline_id = "p1";
    old.stage_id = "s2";
    old.owner_id = "u2";
    old.status = DealStatus::Won;
    old.created_at = M;
    old.closed_at = M + 9 * D;
    old.history = {StageVisit{"s1", M, M + D, "", false, {}}, StageVisit{"s2", M + D, 0, "", false, {}}};
    old.criteria = {CriterionAnswer{"authority", CriterionState::Met, ""}};
    ws.deals.push_back(old);
    ws.rebuild_index();
    Reports r = compute_reports(ws, frameworks(), ReportParams{"p1", "", M, M + 30 * D, 0}, NOW);
    CHECK(r.knowledge.stays == 11);
    CHECK(r.knowledge.approximated == 2);
    // Lead, Authority: now met by one won deal (the old one).
    bool seen = false;
    for (const KnowledgeRow& row : r.knowledge.rows)
        if (row.stage_name == "Lead" && row.key == "criterion:authority") {
            seen = true;
            CHECK(row.met_won == 1);
            CHECK(row.unmet_won == 2);
        }
    CHECK(seen);
}

TEST_CASE("reports: touches by channel and the leaderboard") {
    Data d;
    Reports r = d.reports();
    REQUIRE(r.touches.size() == 4);
    // Calls: A answered, B not -> 1/2. Emails in September: A twice, one answered -> 1/2 (October's not counted).
    CHECK(r.touches[0].outgoing == 2);
    CHECK(r.touches[0].answered == 1);
    CHECK(r.touches[1].outgoing == 2);
    CHECK(r.touches[1].answered == 1);
    CHECK(r.touches[2].outgoing == 1);  // D's meeting, answered
    CHECK(r.touches[2].answered == 1);
    CHECK(r.touches[3].outgoing == 0);
    CHECK(r.touches[3].incoming == 1);  // B's incoming message
    ReportTable t = report_table(r, ReportKind::Touches, d.store.ws());
    CHECK(t.rows[2] == std::vector<std::string>{"Meeting", "1", "1", "100.0", "0"});
    CHECK(t.rows[3][3] == "");  // no outgoing messages: no rate

    // Leaderboard without rates: won counts tie (1 each), so users' order: Ana, Omar, Maryam.
    REQUIRE(r.leaders.size() == 3);
    const LeaderRow& ana = r.leaders[0];
    CHECK(ana.name == "Ana Silva");
    CHECK(ana.open == 1);                                          // G
    CHECK(ana.open_value == MoneyByCurrency{{"JPY", 5000}});
    CHECK(ana.won == 1);
    CHECK(ana.lost == 2);
    CHECK(ana.average_won == MoneyByCurrency{{"EUR", 100000}});
    CHECK(ana.cycle.average == 6 * D);
    CHECK(r.leaders[1].name == "Omar Haddad");
    CHECK(r.leaders[1].average_won == MoneyByCurrency{{"EUR", 80000}});
}

TEST_CASE("reports: CSV of a report, quoted as RFC 4180 says") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,\"b\"") == "\"a,\"\"b\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    Data d;
    d.set_rates();
    std::string csv = csv_text(report_table(d.reports(), ReportKind::Stages, d.store.ws()));
    // Proposal: JPY 5000, USD 300.00, converted 276.00 + 30.50 = 306.50; weighted halves: 2500, 150.00, 153.25.
    CHECK(csv ==
          "Stage,Deals,Value JPY,Value USD,Value (converted to EUR),Weighted JPY,Weighted USD,Weighted (converted to EUR)\r\n"
          "Unsorted,0,0,0.00,0.00,0,0.00,0.00\r\n"
          "Lead,0,0,0.00,0.00,0,0.00,0.00\r\n"
          "Proposal,2,5000,300.00,306.50,2500,150.00,153.25\r\n"
          "Close,0,0,0.00,0.00,0,0.00,0.00\r\n");
}

namespace {

// The English catalogue (every assets/i18n/en/*.json), to read the screen's words as English.
const Catalogue& english() {
    static Catalogue c = [] {
        Catalogue cat;
        for (const auto& e : std::filesystem::directory_iterator(std::string(KARIZ_ASSETS_DIR) + "/i18n/en")) {
            std::ifstream f(e.path());
            std::stringstream ss;
            ss << f.rdbuf();
            std::string error;
            REQUIRE_MESSAGE(cat.add_json(ss.str(), e.path().string(), error), error);
        }
        return cat;
    }();
    return c;
}

std::string in_english(const Text& t) {
    const std::string* pattern = english().find(t.key, Language::English, t.has_count ? &t.count : nullptr);
    if (!pattern) return "(missing " + t.key + ")";
    std::vector<std::string> args;
    if (t.has_count) args.push_back(std::to_string(t.count));  // {0} of a counted message is the count
    for (const TextArg& a : t.args) args.push_back(a.value);
    return format_message(*pattern, args);
}

}  // namespace

TEST_CASE("reports: the table on screen says in English what the CSV file says") {
    Data d;
    d.run(SetQuota{"u1", 150000, "EUR"}, NOW);
    for (bool rates : {false, true}) {
        if (rates) d.set_rates();
        Reports r = d.reports();
        for (int k = 0; k < kReportKindCount; ++k) {
            ReportTable t = report_table(r, (ReportKind)k, d.store.ws());
            CAPTURE(report_slug((ReportKind)k));
            CHECK(in_english(report_title_text((ReportKind)k)) == report_title((ReportKind)k));
            REQUIRE(t.header_text.size() == t.header.size());
            for (size_t c = 0; c < t.header.size(); ++c) CHECK(in_english(t.header_text[c]) == t.header[c]);
            REQUIRE(t.words.size() == t.rows.size());
            for (size_t i = 0; i < t.rows.size(); ++i)
                for (size_t c = 0; c < t.rows[i].size(); ++c)
                    if (!t.words[i][c].empty()) CHECK(in_english(t.words[i][c]) == t.rows[i][c]);
            for (const Text& note : t.notes) CHECK(in_english(note).find("(missing") == std::string::npos);
        }
    }
    ReportTable funnel = report_table(d.reports(), ReportKind::Funnel, d.store.ws());
    REQUIRE_FALSE(funnel.notes.empty());
    CHECK(funnel.notes[0] == Text::counted("reports.note_funnel_cohort", d.reports().funnel.cohort));
    CHECK(in_english(funnel.notes[0]) ==
          std::to_string(d.reports().funnel.cohort) + " deals created in the period. Lost counts lost and disqualified deals.");
    ReportTable stages = report_table(d.reports(), ReportKind::Stages, d.store.ws());
    CHECK(in_english(stages.notes[0]) == "Open deals on 2026-09-21, rebuilt from the stage history; values as they are now.");
}

TEST_CASE("reports: quotas, rates and what was known survive a snapshot round trip") {
    Data d;
    d.set_rates();
    d.run(SetQuota{"u2", 50000, "USD"}, NOW);
    std::string text = write_snapshot(d.store.ws(), NOW);
    Workspace back;
    std::string error;
    REQUIRE_MESSAGE(read_snapshot(text, back, error), error);
    CHECK(back.settings.exchange_rates == d.store.ws().settings.exchange_rates);
    CHECK(back.find_user("u2")->monthly_quota == 50000);
    CHECK(back.find_user("u2")->quota_currency == "USD");
    CHECK(back.find_user("u1")->monthly_quota == 0);
    const Deal& a = *back.find_deal(d.id["A"]);
    CHECK(a.history[0].known_recorded);
    CHECK(a.history[0].known == d.store.ws().find_deal(d.id["A"])->history[0].known);
    CHECK_FALSE(back.find_deal(d.id["G"])->history[0].known_recorded);  // still open in its first stage
    CHECK(write_snapshot(back, NOW) == text);
    // Bad rates are refused with a message and change nothing.
    std::string err;
    CHECK_FALSE(d.store.dispatch(SetExchangeRates{{ExchangeRate{"usd", 1}}}, NOW, &err));
    CHECK(err == "error.rate_currency");  // a catalogue key (assets/i18n/*/errors.json)
    CHECK_FALSE(d.store.dispatch(SetQuota{"u1", -5, ""}, NOW, &err));
    CHECK_FALSE(d.store.dispatch(SetQuota{"nobody", 5, ""}, NOW, &err));
}
