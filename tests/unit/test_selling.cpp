// The selling method in core, with a controlled clock: qualification, flags at their
// boundaries, exit-criteria warnings, disqualify and restore, and the goodbye email.
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include "board.h"
#include "dates.h"
#include "flags.h"
#include "snapshot.h"
#include "store.h"
#include "test_fixtures.h"

using namespace kariz;

namespace {

const Time T0 = 1790000000;
const Time DAY = 86400;

struct Fixture {
    Store store;
    std::vector<Framework> fws = load_frameworks();
    std::string id;
    Fixture() {
        Workspace ws;
        ws.users = {User{"u1", "Reza Karimi", "RK", Role::Seller}};
        ws.settings.company_name = "Kariz Demo Co.";
        Pipeline p;
        p.id = "p1";
        p.name = "Sales";
        p.stages = {Stage{"s0", "Unsorted", 0, 0, {}, false}, Stage{"s1", "Lead", 10, 7, {"criterion:need"}, false},
                    Stage{"s2", "Meeting", 40, 14, {"criterion:budget", "field:contact.email"}, true},
                    Stage{"s3", "Close", 80, 21, {}, false}};
        ws.pipelines = {p};
        store.load(ws);
        DealFields f;
        f.title = "Support contract";
        f.owner_id = "u1";
        f.contact.name = "Lena Vogel";
        REQUIRE(store.dispatch(CreateDeal{f, "p1", "s1"}, T0));
        id = store.ws().deals.back().id;
    }
    const Deal& deal() { return *store.ws().find_deal(id); }
    void touch(bool outgoing, bool answered, Time at, ActivityKind kind = ActivityKind::Email) {
        REQUIRE(store.dispatch(LogActivity{id, Activity{"", kind, outgoing, answered, at, ""}}, at));
    }
    bool has(FlagKind k, Time now) {
        for (const Flag& f : deal_flags(store.ws(), fws, deal(), now))
            if (f.kind == k) return true;
        return false;
    }
};

}  // namespace

TEST_CASE("selling: the four frameworks load with their criteria and questions") {
    std::vector<Framework> fs = load_frameworks();
    REQUIRE(fs.size() == 4);
    CHECK(find_framework(fs, "bant")->criteria.size() == 4);
    CHECK(find_framework(fs, "champ")->criteria.size() == 4);
    CHECK(find_framework(fs, "meddic")->criteria.size() == 6);
    CHECK(find_framework(fs, "gpctba")->criteria.size() == 8);
    for (const Framework& f : fs)
        for (const Criterion& c : f.criteria) CHECK_FALSE(c.questions.empty());
    std::string error;
    CHECK_FALSE(read_frameworks("{\"format\":\"kariz.frameworks\",\"frameworks\":[{\"id\":\"x\"}]}", fs, error));
    CHECK(error == "frameworks[0].name: expected a non-empty string");
}

TEST_CASE("selling: BANT counts as qualified only when all four are met; a deal may switch framework") {
    Fixture f;
    const Framework* bant = deal_framework(f.fws, f.store.ws(), f.deal());
    REQUIRE(bant->id == "bant");
    for (const char* c : {"budget", "authority", "need"})
        REQUIRE(f.store.dispatch(SetCriterion{f.id, CriterionAnswer{c, CriterionState::Met, ""}}, T0));
    QualificationProgress p = qualification_progress(*bant, f.deal());
    CHECK(p.met == 3);
    CHECK(p.total == 4);
    CHECK_FALSE(p.qualified());
    REQUIRE(f.store.dispatch(SetCriterion{f.id, CriterionAnswer{"timeline", CriterionState::NotMet, "next year"}}, T0));
    CHECK_FALSE(qualification_progress(*bant, f.deal()).qualified());
    CHECK(qualification_progress(*bant, f.deal()).not_met == 1);
    REQUIRE(f.store.dispatch(SetCriterion{f.id, CriterionAnswer{"timeline", CriterionState::Met, "Q1"}}, T0));
    CHECK(qualification_progress(*bant, f.deal()).qualified());
    CHECK(f.deal().criteria.size() == 4);  // answering again replaces, never duplicates
    CHECK(f.store.undo());
    CHECK(criterion_state(f.deal(), "timeline") == CriterionState::NotMet);
    REQUIRE(f.store.dispatch(SetFramework{f.id, "meddic"}, T0));
    CHECK(deal_framework(f.fws, f.store.ws(), f.deal())->id == "meddic");
}

TEST_CASE("selling: gone dark at exactly N unanswered touches; an answer or an incoming touch resets it") {
    Fixture f;
    for (int i = 0; i < 4; ++i) f.touch(true, false, T0 + i * 3600);
    CHECK(unanswered_streak(f.deal()) == 4);
    CHECK_FALSE(f.has(FlagKind::GoneDark, T0 + DAY));
    f.touch(false, false, T0 + 5 * 3600, ActivityKind::Note);  // notes are not touches
    CHECK(unanswered_streak(f.deal()) == 4);
    f.touch(true, false, T0 + 6 * 3600);
    CHECK(unanswered_streak(f.deal()) == 5);
    CHECK(f.has(FlagKind::GoneDark, T0 + DAY));
    f.touch(false, false, T0 + 7 * 3600, ActivityKind::Call);  // they called back
    CHECK(unanswered_streak(f.deal()) == 0);
    CHECK_FALSE(f.has(FlagKind::GoneDark, T0 + DAY));
    // Logged after the fact, a touch lands in time order.
    f.touch(true, true, T0 + 2 * 3600 + 1);
    CHECK(f.deal().activities[3].at == T0 + 2 * 3600 + 1);
}

TEST_CASE("selling: rotting starts the day after the stage's limit; tint follows days over") {
    Fixture f;  // Lead rots after 7 days
    CHECK_FALSE(f.has(FlagKind::Rotting, T0 + 7 * DAY));
    CHECK_FALSE(f.has(FlagKind::Rotting, T0 + 8 * DAY - 1));
    CHECK(f.has(FlagKind::Rotting, T0 + 8 * DAY));
    const Stage& lead = f.store.ws().pipelines[0].stages[1];
    CHECK(rotting_days_over(lead, f.deal(), T0 + 10 * DAY) == 3);
    REQUIRE(f.store.dispatch(MarkWon{f.id}, T0 + DAY));
    CHECK_FALSE(f.has(FlagKind::Rotting, T0 + 30 * DAY));  // closed deals do not rot
}

TEST_CASE("selling: missing knowledge and overdue flags") {
    Fixture f;
    CHECK(f.has(FlagKind::MissingKnowledge, T0));  // Lead wants Need known
    REQUIRE(f.store.dispatch(SetCriterion{f.id, CriterionAnswer{"need", CriterionState::Met, ""}}, T0));
    CHECK_FALSE(f.has(FlagKind::MissingKnowledge, T0));
    REQUIRE(f.store.dispatch(ScheduleNext{f.id, NextStep{ActivityKind::Call, T0 + DAY + 3600, "call back"}}, T0));
    CHECK_FALSE(f.has(FlagKind::Overdue, T0 + DAY + 7200));  // due earlier today: due, not overdue
    CHECK(f.has(FlagKind::Overdue, T0 + 2 * DAY + 3600));
    REQUIRE(f.store.dispatch(ScheduleNext{f.id, NextStep{}}, T0));
    CHECK_FALSE(f.has(FlagKind::Overdue, T0 + 9 * DAY));
}

TEST_CASE("selling: flags give their rule and action as catalogue messages (assets/i18n/*/deal.json)") {
    Fixture f;
    for (int i = 0; i < 5; ++i) f.touch(true, false, T0 + i * 3600);
    REQUIRE(f.store.dispatch(ScheduleNext{f.id, NextStep{ActivityKind::Call, T0 + DAY, ""}}, T0));
    std::vector<Flag> flags = deal_flags(f.store.ws(), f.fws, f.deal(), T0 + 10 * DAY);
    REQUIRE(flags.size() == 4);
    CHECK(flags[0].rule == Text::counted("flag.gone_dark", 5));
    CHECK(flags[0].action == Text("flag.gone_dark_action"));
    CHECK(flags[1].rule == Text::counted("flag.rotting", 10, {"Lead", 7}));
    CHECK(flags[1].days_over == 3);
    // The list of what is not known is put into words by the interface (flag_rule_text).
    CHECK(flags[2].rule == Text("flag.missing_knowledge", {"Lead"}));
    REQUIRE(flags[2].items.size() == 1);
    CHECK(flags[2].items[0] == Text("flag.criterion_name", {"Need"}));
    REQUIRE(flags[3].rule.args.size() == 1);
    CHECK(flags[3].rule.key == "flag.overdue.call");
    CHECK(flags[3].rule.args[0].value == format_date(T0 + DAY));
    CHECK(flags[3].rule.args[0].number);  // written in the language's digits
    CHECK(flags[3].action == Text("flag.overdue_action"));
}

TEST_CASE("selling: moving forward lists unmet exit criteria of every stage left; backwards checks nothing") {
    Fixture f;
    std::vector<ExitCheck> m = unmet_when_moving(f.store.ws(), f.fws, f.deal(), "s3");
    REQUIRE(m.size() == 3);  // Need (leaving Lead), Budget and Contact email (skipping Meeting)
    CHECK(m[0].label == Text("flag.criterion_name", {"Need"}));
    CHECK(m[1].label == Text("flag.criterion_name", {"Budget"}));
    CHECK(m[2].label == Text("flag.field.contact_email"));
    CHECK(unmet_when_moving(f.store.ws(), f.fws, f.deal(), "s2").size() == 1);
    CHECK(unmet_when_moving(f.store.ws(), f.fws, f.deal(), "s0").empty());
    // The seller goes on anyway: the justification is kept in the stage history.
    REQUIRE(f.store.dispatch(MoveDeal{f.id, "", "s2", "Budget confirmed by phone, email follows"}, T0 + DAY));
    CHECK(f.deal().history.back().justification == "Budget confirmed by phone, email follows");
    Workspace back;
    std::string error;
    REQUIRE(read_snapshot(write_snapshot(f.store.ws(), T0), back, error));
    CHECK(back.deals[0].history.back().justification == "Budget confirmed by phone, email follows");
    CHECK(back.pipelines[0].stages[2].exit_criteria == std::vector<std::string>{"criterion:budget", "field:contact.email"});
    CHECK(back.pipelines[0].stages[2].follow_up_next_day);
}

TEST_CASE("selling: disqualify with a reason, restore from nurture, both undoable") {
    Fixture f;
    std::string error;
    CHECK_FALSE(f.store.dispatch(Disqualify{f.id, "too_expensive", ""}, T0, &error));
    CHECK_FALSE(f.store.dispatch(Disqualify{f.id, "other", ""}, T0, &error));
    CHECK(error == "error.dq_needs_note");
    REQUIRE(f.store.dispatch(ScheduleNext{f.id, NextStep{ActivityKind::Call, T0 + DAY, ""}}, T0));
    REQUIRE(f.store.dispatch(Disqualify{f.id, "no_budget", "Frozen until 2027"}, T0 + DAY));
    CHECK(f.deal().status == DealStatus::Disqualified);
    CHECK(f.deal().dq_reason == "no_budget");
    CHECK(f.deal().next.due == 0);
    CHECK(std::string(dq_reason_label("no_budget")) == "No budget");
    Board b = build_board(f.store.ws(), BoardQuery{"p1", "", StatusFilter::Open, ""});
    CHECK(b.matching == 0);  // off the board
    CHECK(f.store.ws().deals.size() == 1);  // but not deleted
    REQUIRE(f.store.dispatch(RestoreDeal{f.id}, T0 + 2 * DAY));
    CHECK(f.deal().status == DealStatus::Open);
    CHECK(f.deal().dq_reason.empty());
    CHECK_FALSE(f.store.dispatch(RestoreDeal{f.id}, T0 + 2 * DAY, &error));
    CHECK(f.store.undo());
    CHECK(f.deal().status == DealStatus::Disqualified);
}

TEST_CASE("selling: the goodbye email fills its placeholders, with fallbacks and in Arabic and Persian") {
    Fixture f;
    std::string mail = fill_goodbye_email(f.store.ws(), f.deal());
    CHECK(mail.find("Hello Lena Vogel,") == 0);
    CHECK(mail.find("Reza Karimi\nKariz Demo Co.") != std::string::npos);
    CHECK(mail.find('[') == std::string::npos);

    Workspace ws = f.store.ws();
    ws.settings.goodbye_template = "سلام [customer name]، از طرف [brand name] — [seller name]";
    ws.settings.company_name = "کاریز";
    Deal d = f.deal();
    d.contact.name = "";
    d.organization = "مجموعة الخليج";
    CHECK(fill_goodbye_email(ws, d) == "سلام مجموعة الخليج، از طرف کاریز — Reza Karimi");
    d.organization = "";
    d.owner_id = "";
    CHECK(fill_goodbye_email(ws, d) == "سلام there، از طرف کاریز — ");
    CHECK(mailto_link("a@example.com", "Hi there", "x&y") == "mailto:a@example.com?subject=Hi%20there&body=x%26y");
    CHECK(mailto_link("", "s", "سلام").find("%D8%B3") != std::string::npos);
}
