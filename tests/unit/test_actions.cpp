// Every action, its undo and redo, the stage history and the board totals, with a controlled clock.
#include <doctest/doctest.h>
#include "board.h"
#include "dates.h"
#include "messages.h"
#include "store.h"
#include <fstream>
#include <sstream>

using namespace kariz;

namespace {

const Time T0 = 1790000000;  // 2026-09-21, a fixed "now"

// A refusal as English says it, from the catalogue the app loads.
std::string english(const Text& t) {
    static Catalogue cat;
    if (!cat.has("error.detail")) {
        std::ifstream in(std::string(KARIZ_ASSETS_DIR) + "/i18n/en/errors.json");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string error;
        REQUIRE_MESSAGE(cat.add_json(ss.str(), "errors.json", error), error);
    }
    const std::string* p = cat.find(t.key, Language::English);
    if (!p) return t.key;
    std::vector<std::string> args;
    for (const TextArg& a : t.args) args.push_back(a.value);
    return format_message(*p, args);
}

Workspace two_stage_workspace() {
    Workspace ws;
    ws.users = {User{"u1", "Ana Silva", "AS", Role::Seller}, User{"u2", "Omar Haddad", "OH", Role::Manager}};
    ws.settings.current_user_id = "u1";
    ws.pipelines = {Pipeline{"p1", "Sales",
                             {Stage{"s0", "Unsorted", 0, 0}, Stage{"s1", "Lead", 10, 7}, Stage{"s2", "Proposal", 50, 14},
                              Stage{"s3", "Close", 80, 21}}},
                    Pipeline{"p2", "Partners", {Stage{"q0", "Unsorted", 0, 0}, Stage{"q1", "Talk", 30, 10}}}};
    return ws;
}

DealFields fields(const std::string& title, int64_t value = 100000, const std::string& currency = "EUR") {
    DealFields f;
    f.title = title;
    f.organization = "Acme";
    f.value = value;
    f.currency = currency;
    f.owner_id = "u1";
    return f;
}

struct Fixture {
    Store store;
    Fixture() { store.load(two_stage_workspace()); store.ids().reseed(42); }
    std::string create(const std::string& title, const std::string& stage = "s1", Time at = T0, int64_t value = 100000,
                       const std::string& currency = "EUR") {
        std::string err;
        REQUIRE(store.dispatch(CreateDeal{fields(title, value, currency), "p1", stage}, at, &err));
        return store.ws().deals.back().id;
    }
    const Deal& deal(const std::string& id) { return *store.ws().find_deal(id); }
};

}  // namespace

TEST_CASE("actions: create a deal, undo removes it, redo brings it back with the same id") {
    Fixture f;
    std::string id = f.create("Website redesign");
    CHECK(is_uuid(id));
    CHECK(f.deal(id).stage_id == "s1");
    CHECK(f.deal(id).created_at == T0);
    CHECK(f.deal(id).history.size() == 1);
    CHECK(f.store.undo_label() == "New deal");
    CHECK(f.store.undo());
    CHECK(f.store.ws().find_deal(id) == nullptr);
    CHECK(f.store.redo());
    CHECK(f.deal(id).title == "Website redesign");
}

TEST_CASE("actions: a deal needs a valid title, currency, owner and stage") {
    Fixture f;
    std::string err;
    Text why;
    CHECK_FALSE(f.store.dispatch(CreateDeal{fields(""), "p1", "s1"}, T0, &err, &why));
    CHECK(err == "error.deal_needs_title");
    CHECK(english(why) == "a deal needs a title");
    CHECK_FALSE(f.store.dispatch(CreateDeal{fields("x", 5, "euro"), "p1", "s1"}, T0, &err));
    DealFields bad_owner = fields("x");
    bad_owner.owner_id = "nobody";
    CHECK_FALSE(f.store.dispatch(CreateDeal{bad_owner, "p1", "s1"}, T0, &err));
    CHECK_FALSE(f.store.dispatch(CreateDeal{fields("x"), "p1", "zz"}, T0, &err));
    CHECK_FALSE(f.store.dispatch(CreateDeal{fields("x", -1), "p1", "s1"}, T0, &err));
    DealFields long_notes = fields("x");
    long_notes.notes.assign(kMaxNotes + 1, 'n');
    CHECK_FALSE(f.store.dispatch(CreateDeal{long_notes, "p1", "s1"}, T0, &err, &why));
    CHECK(why == Text("error.too_long.notes", {kMaxNotes + 1, kMaxNotes}));
    CHECK(english(why) == "notes is too long (20001 bytes, at most 20000)");
    CHECK(f.store.ws().deals.empty());
    CHECK_FALSE(f.store.can_undo());
}

TEST_CASE("actions: move keeps the stage history and undo restores it") {
    Fixture f;
    std::string id = f.create("ERP rollout", "s1", T0);
    REQUIRE(f.store.dispatch(MoveDeal{id, "", "s2"}, T0 + 3 * 86400));
    const Deal& d = f.deal(id);
    CHECK(d.stage_id == "s2");
    CHECK(d.stage_entered_at == T0 + 3 * 86400);
    REQUIRE(d.history.size() == 2);
    CHECK(d.history[0] == StageVisit{"s1", T0, T0 + 3 * 86400});
    CHECK(d.history[1] == StageVisit{"s2", T0 + 3 * 86400, 0});
    REQUIRE(f.store.dispatch(MoveDeal{id, "", "s3"}, T0 + 5 * 86400));
    CHECK(f.deal(id).history.size() == 3);
    CHECK(f.store.undo());
    CHECK(f.deal(id).stage_id == "s2");
    CHECK(f.deal(id).history.size() == 2);
    CHECK(f.deal(id).history[1].left == 0);
    CHECK(f.store.undo());
    CHECK(f.deal(id).stage_id == "s1");
    CHECK(f.deal(id).history == std::vector<StageVisit>{{"s1", T0, 0}});
}

TEST_CASE("actions: dropping a card on its own column changes nothing and adds no undo step") {
    Fixture f;
    std::string id = f.create("Same place");
    uint64_t rev = f.store.revision();
    CHECK(f.store.dispatch(MoveDeal{id, "p1", "s1"}, T0 + 10));
    CHECK(f.store.revision() == rev);
    CHECK(f.store.undo_label() == "New deal");
}

TEST_CASE("actions: move to another pipeline") {
    Fixture f;
    std::string id = f.create("Reseller agreement");
    REQUIRE(f.store.dispatch(MoveDeal{id, "p2", "q1"}, T0 + 100));
    CHECK(f.deal(id).pipeline_id == "p2");
    CHECK(f.deal(id).history.back().stage_id == "q1");
    std::string err;
    CHECK_FALSE(f.store.dispatch(MoveDeal{id, "p1", "q1"}, T0 + 200, &err));  // q1 is not a stage of p1
}

TEST_CASE("actions: edit fields, won, lost with a reason, reopen, each undoable") {
    Fixture f;
    std::string id = f.create("Support contract");
    DealFields changed = fields("Support contract, 3 years", 360000, "USD");
    changed.labels = {"renewal"};
    changed.contact = Contact{"Lena", "lena@example.com", "+49 30 1234"};
    REQUIRE(f.store.dispatch(UpdateDeal{id, changed}, T0 + 60));
    CHECK(f.deal(id).value == 360000);
    CHECK(f.deal(id).currency == "USD");
    CHECK(f.deal(id).updated_at == T0 + 60);
    CHECK(f.deal(id).history.size() == 1);  // editing fields is not a stage change

    REQUIRE(f.store.dispatch(MarkWon{id}, T0 + 120));
    CHECK(f.deal(id).status == DealStatus::Won);
    CHECK(f.deal(id).closed_at == T0 + 120);
    std::string err;
    CHECK_FALSE(f.store.dispatch(MarkLost{id, ""}, T0 + 130, &err));
    CHECK(err == "error.lost_needs_reason");
    REQUIRE(f.store.dispatch(MarkLost{id, "Chose a competitor"}, T0 + 140));
    CHECK(f.deal(id).lost_reason == "Chose a competitor");
    REQUIRE(f.store.dispatch(ReopenDeal{id}, T0 + 150));
    CHECK(f.deal(id).status == DealStatus::Open);
    CHECK(f.deal(id).lost_reason.empty());
    CHECK(f.deal(id).closed_at == 0);

    CHECK(f.store.undo());  // reopen
    CHECK(f.deal(id).status == DealStatus::Lost);
    CHECK(f.store.undo());  // lost
    CHECK(f.deal(id).status == DealStatus::Won);
    CHECK(f.store.undo());  // won
    CHECK(f.deal(id).status == DealStatus::Open);
    CHECK(f.store.undo());  // edit
    CHECK(f.deal(id).title == "Support contract");
    CHECK(f.deal(id).currency == "EUR");

    // Saving the editor with another stage is one step: fields and stage change together.
    REQUIRE(f.store.dispatch(UpdateDeal{id, changed, "", "s3"}, T0 + 200));
    CHECK(f.deal(id).stage_id == "s3");
    CHECK(f.deal(id).history.size() == 2);
    CHECK(f.deal(id).title == "Support contract, 3 years");
    CHECK(f.store.undo());
    CHECK(f.deal(id).stage_id == "s1");
    CHECK(f.deal(id).title == "Support contract");
    CHECK_FALSE(f.store.dispatch(UpdateDeal{id, changed, "p1", "q1"}, T0 + 300, &err));
}

TEST_CASE("actions: delete is undoable and keeps the index consistent") {
    Fixture f;
    std::string a = f.create("A"), b = f.create("B"), c = f.create("C");
    REQUIRE(f.store.dispatch(DeleteDeal{a}, T0 + 1));
    CHECK(f.store.ws().deals.size() == 2);
    CHECK(f.store.ws().find_deal(a) == nullptr);
    CHECK(f.deal(c).title == "C");  // c was swapped into a's place
    CHECK(f.deal(b).title == "B");
    CHECK(f.store.undo());
    CHECK(f.deal(a).title == "A");
    CHECK(f.store.ws().deals.size() == 3);
    for (size_t i = 0; i < f.store.ws().deals.size(); ++i) CHECK(f.store.ws().deal_index.at(f.store.ws().deals[i].id) == i);
}

TEST_CASE("actions: a new action clears redo; the undo stack is bounded") {
    Fixture f;
    std::string id = f.create("X");
    REQUIRE(f.store.dispatch(MoveDeal{id, "", "s2"}, T0 + 1));
    REQUIRE(f.store.undo());
    CHECK(f.store.can_redo());
    REQUIRE(f.store.dispatch(MoveDeal{id, "", "s3"}, T0 + 2));
    CHECK_FALSE(f.store.can_redo());
    for (int i = 0; i < (int)Store::kUndoLimit + 20; ++i)
        REQUIRE(f.store.dispatch(MoveDeal{id, "", i % 2 ? "s1" : "s2"}, T0 + 10 + i));
    int undone = 0;
    while (f.store.undo()) ++undone;
    CHECK(undone == (int)Store::kUndoLimit);
}

TEST_CASE("actions: stages: add, rename, reorder, delete moves deals to the chosen stage") {
    Fixture f;
    std::string id = f.create("Deal in proposal", "s2");
    REQUIRE(f.store.dispatch(AddStage{"p1", Stage{"", "Negotiation", 65, 10}}, T0));
    const Pipeline* p = f.store.ws().find_pipeline("p1");
    REQUIRE(p->stages.size() == 5);
    std::string neg = p->stages.back().id;
    REQUIRE(f.store.dispatch(MoveStage{"p1", neg, 3}, T0));
    CHECK(f.store.ws().find_pipeline("p1")->stages[3].name == "Negotiation");
    std::string err;
    CHECK_FALSE(f.store.dispatch(MoveStage{"p1", "s0", 2}, T0, &err));  // Unsorted stays first
    CHECK_FALSE(f.store.dispatch(MoveStage{"p1", neg, 0}, T0, &err));
    REQUIRE(f.store.dispatch(UpdateStage{"p1", Stage{"s2", "Proposal sent", 55, 12}}, T0));
    CHECK(f.store.ws().find_pipeline("p1")->stages[2].name == "Proposal sent");
    CHECK(f.deal(id).stage_id == "s2");  // renaming keeps the deals
    CHECK_FALSE(f.store.dispatch(UpdateStage{"p1", Stage{"s2", "X", 101, 1}}, T0, &err));
    CHECK_FALSE(f.store.dispatch(DeleteStage{"p1", "s0", "s1"}, T0, &err));
    CHECK_FALSE(f.store.dispatch(DeleteStage{"p1", "s2", "s2"}, T0, &err));
    REQUIRE(f.store.dispatch(DeleteStage{"p1", "s2", neg}, T0 + 50));
    CHECK(f.store.ws().find_pipeline("p1")->stages.size() == 4);
    CHECK(f.deal(id).stage_id == neg);
    CHECK(f.deal(id).history.back().entered == T0 + 50);
    CHECK(f.store.undo());
    CHECK(f.deal(id).stage_id == "s2");
    CHECK(f.store.ws().find_pipeline("p1")->stages.size() == 5);
}

TEST_CASE("actions: pipelines: add from a template gets Unsorted first; rename; delete moves deals") {
    Fixture f;
    std::string id = f.create("Moves along");
    REQUIRE(f.store.dispatch(AddPipeline{"Buyer's journey", {Stage{"", "Motivation", 10, 14}, Stage{"", "Interest", 30, 14}}}, T0));
    const Pipeline& p = f.store.ws().pipelines.back();
    CHECK(p.stages.size() == 3);
    CHECK(p.stages[0].name == "Unsorted");
    std::string pid = p.id;
    REQUIRE(f.store.dispatch(RenamePipeline{pid, "Journey"}, T0));
    CHECK(f.store.ws().find_pipeline(pid)->name == "Journey");
    REQUIRE(f.store.dispatch(DeletePipeline{"p1", pid}, T0 + 9));
    CHECK(f.deal(id).pipeline_id == pid);
    CHECK(f.deal(id).stage_id == f.store.ws().find_pipeline(pid)->stages[0].id);
    CHECK(f.store.undo());
    CHECK(f.deal(id).pipeline_id == "p1");
    CHECK(f.store.ws().find_pipeline("p1") != nullptr);
}

TEST_CASE("actions: replace workspace is one undo step; users and settings") {
    Fixture f;
    f.create("Old");
    auto other = std::make_shared<Workspace>(two_stage_workspace());
    other->pipelines.resize(1);
    REQUIRE(f.store.dispatch(ReplaceWorkspace{"Import JSON", other}, T0));
    CHECK(f.store.ws().deals.empty());
    CHECK(f.store.ws().pipelines.size() == 1);
    CHECK(f.store.undo_label() == "Import JSON");
    CHECK(f.store.undo());
    CHECK(f.store.ws().deals.size() == 1);
    CHECK(f.store.ws().pipelines.size() == 2);
    REQUIRE(f.store.dispatch(SetUsers{{User{"u9", "Sara", "SA", Role::Manager}}}, T0));
    CHECK(f.store.ws().users.size() == 1);
    Settings s;
    s.default_currency = "usd";
    std::string err;
    CHECK_FALSE(f.store.dispatch(SetSettings{s}, T0, &err));
    s.default_currency = "USD";
    CHECK(f.store.dispatch(SetSettings{s}, T0));
    CHECK(f.store.undo());
    CHECK(f.store.ws().settings.default_currency == "EUR");
}

TEST_CASE("store: dirty set names exactly the deals a change touched, for storage") {
    Fixture f;
    std::string a = f.create("A");
    f.create("B");
    f.store.take_dirty();
    REQUIRE(f.store.dispatch(MoveDeal{a, "", "s2"}, T0 + 5));
    DirtySet d = f.store.take_dirty();
    CHECK(d.deal_ids == std::set<std::string>{a});
    CHECK_FALSE(d.meta);
    CHECK_FALSE(d.all);
    CHECK(f.store.take_dirty().empty());
    f.store.undo();
    CHECK(f.store.dirty().deal_ids.count(a) == 1);
    REQUIRE(f.store.dispatch(AddStage{"p1", Stage{"", "New", 5, 5}}, T0));
    CHECK(f.store.dirty().meta);
    f.store.restore_dirty(DirtySet{{"zz"}, false, true});
    CHECK(f.store.dirty().all);
}

TEST_CASE("board: columns, newest in stage on top, totals per currency over all deals of the stage") {
    Fixture f;
    std::string a = f.create("Alpha", "s1", T0, 100000, "EUR");
    std::string b = f.create("Beta", "s1", T0 + 50, 250050, "EUR");
    std::string c = f.create("Gamma", "s1", T0 + 10, 70000, "USD");
    std::string d = f.create("Delta", "s2", T0, 300000, "EUR");
    f.create("Lost one", "s2", T0, 999900, "EUR");
    REQUIRE(f.store.dispatch(MarkLost{f.store.ws().deals.back().id, "No budget"}, T0 + 99));
    (void)d;
    Board board = build_board(f.store.ws(), BoardQuery{"p1", "", StatusFilter::Open, ""});
    REQUIRE(board.columns.size() == 4);
    const Column& lead = board.columns[1];
    CHECK(lead.cards.size() == 3);
    CHECK(f.store.ws().deals[lead.cards[0]].id == b);
    CHECK(f.store.ws().deals[lead.cards[1]].id == c);
    CHECK(f.store.ws().deals[lead.cards[2]].id == a);
    CHECK(lead.totals.count == 3);
    CHECK(lead.totals.value.at("EUR") == 350050);
    CHECK(lead.totals.value.at("USD") == 70000);
    CHECK(lead.totals.weighted.at("EUR") == 35005);  // 10% of 3,500.50
    CHECK(lead.totals.weighted.at("USD") == 7000);
    CHECK(board.columns[2].totals.count == 1);  // the lost deal is not on the open board
    CHECK(board.columns[2].totals.weighted.at("EUR") == 150000);

    // Search hides cards but the header totals still cover every deal of the stage.
    Board searched = build_board(f.store.ws(), BoardQuery{"p1", "  alp ", StatusFilter::Open, ""});
    CHECK(searched.columns[1].cards.size() == 1);
    // "a" is in Alpha, Beta, Gamma and Acme (every deal): each card is listed once, in order.
    Board every = build_board(f.store.ws(), BoardQuery{"p1", "A", StatusFilter::Open, ""});
    CHECK(every.columns[1].cards == build_board(f.store.ws(), BoardQuery{"p1", "", StatusFilter::Open, ""}).columns[1].cards);
    CHECK(searched.columns[1].totals.count == 3);
    CHECK(searched.matching == 1);
    Board lost = build_board(f.store.ws(), BoardQuery{"p1", "", StatusFilter::Lost, ""});
    CHECK(lost.columns[2].cards.size() == 1);
    // Moving a deal moves it to the top of its new column.
    REQUIRE(f.store.dispatch(MoveDeal{a, "", "s2"}, T0 + 1000));
    Board moved = build_board(f.store.ws(), BoardQuery{"p1", "", StatusFilter::Open, ""});
    CHECK(f.store.ws().deals[moved.columns[2].cards[0]].id == a);
}

TEST_CASE("board: search folds ASCII case and matches organization, contact, labels and Persian text") {
    Deal d;
    d.title = "Support Renewal";
    d.organization = "شرکت داده‌پردازان پارس";
    d.contact.name = "Lena Vogel";
    d.labels = {"Enterprise"};
    CHECK(deal_matches(d, "renewal"));
    CHECK(deal_matches(d, "پارس"));
    CHECK(deal_matches(d, "vogel"));
    CHECK(deal_matches(d, "enterp"));
    CHECK_FALSE(deal_matches(d, "acme"));
    // Arabic kaf/yeh match Persian keheh/yeh, and diacritics are ignored, both ways.
    d.title = "كتابي";          // Arabic letters
    CHECK(deal_matches(d, "کتابی"));  // typed with a Persian keyboard
    d.title = "مُحَمَّد";
    CHECK(deal_matches(d, "محمد"));
    CHECK(weighted_value(1001, 50) == 501);
}

TEST_CASE("board: filter_columns lists exactly the cards deal_matches accepts, in board order") {
    // The columns' search index (folded text read in ws.deals order, byte pairs per card) must
    // give what matching each deal alone gives: every folding (case, diacritics, Arabic letters,
    // digits), one-byte and one-letter queries, labels and e-mails. ws.deals is not in board order.
    const char* titles[] = {"Support Renewal", "قرارداد ۱۴۰۵", "عقد ٢٠٢٦ مع شركة كِيان", "مُحَمَّد", "Renewal #1405",
                            "کتابی", "أحمد", "DATA migration", "", "x"};
    const char* orgs[] = {"شرکت داده‌پردازان پارس", "Contoso", "", "مجموعة الخليج"};
    Workspace ws;
    ws.pipelines = {Pipeline{"p1", "Sales", {Stage{"s1", "Lead", 10, 0, {}, false}, Stage{"s2", "Proposal", 50, 0, {}, false}}, "bant"}};
    for (int i = 0; i < 40; ++i) {
        Deal d;
        d.id = "d" + std::to_string(i);
        d.pipeline_id = "p1";
        d.stage_id = i % 3 ? "s1" : "s2";
        d.stage_entered_at = T0 + (i * 39) % 40;
        d.title = titles[i % 10];
        d.organization = orgs[i % 4];
        d.contact.name = "Contact " + std::to_string(i);
        d.contact.email = "c" + std::to_string(i) + "@Example.com";
        d.labels = i % 5 ? std::vector<std::string>{"warm"} : std::vector<std::string>{"Hot", "enterprise"};
        ws.deals.push_back(d);
    }
    ws.rebuild_index();
    Board all = build_columns(ws, BoardQuery{"p1", "", StatusFilter::Open, ""});
    Board out;
    for (const char* q : {"supp", "renewal", "RENEW", "e", "a", "ی", "۱۴۰۵", "1405", "#1405", "2026", "كيان", "کیان", "محمد", "احمد",
                          "کتابي", "پارس", "example.com", "hot", " c12 ", "warm\nwarm", "zzz"}) {
        CAPTURE(q);
        filter_columns(ws, all, q, out);
        size_t n = 0;
        for (size_t c = 0; c < all.columns.size(); ++c) {
            std::vector<uint32_t> expected;
            for (uint32_t i : all.columns[c].cards)
                if (deal_matches(ws.deals[i], q)) expected.push_back(i);
            CHECK(out.columns[c].cards == expected);
            n += expected.size();
        }
        CHECK(out.matching == n);
        CHECK((n == 0) == (q == std::string("zzz") || q == std::string("warm\nwarm")));
    }
}

TEST_CASE("dates and money helpers") {
    Time t;
    REQUIRE(parse_iso_time("2026-11-22T16:48:06Z", t));
    CHECK(format_iso_time(t) == "2026-11-22T16:48:06Z");
    CHECK(format_date(t) == "2026-11-22");
    CHECK_FALSE(parse_iso_time("2026-02-30T00:00:00Z", t));
    CHECK(is_valid_date("2028-02-29"));
    CHECK_FALSE(is_valid_date("2027-02-29"));
    CHECK(days_between(t, t + 86400 * 3 - 1) == 2);
    CHECK(format_money(1250050, "EUR") == "12,500.50 EUR");
    CHECK(format_money(1250050, "EUR", true) == "12,501 EUR");
    CHECK(format_money(18500000000, "IRR") == "18,500,000,000 IRR");
    CHECK(format_money(1234567, "KWD") == "1,234.567 KWD");
    int64_t m;
    CHECK(parse_money("12,500.5", "EUR", m));
    CHECK(m == 1250050);
    CHECK_FALSE(parse_money("12.345", "EUR", m));
    CHECK_FALSE(parse_money("abc", "EUR", m));
}

TEST_CASE("sample data: shifting times keeps durations and moves the newest event to now") {
    Fixture f;
    std::string id = f.create("Old deal", "s1", T0);
    REQUIRE(f.store.dispatch(MoveDeal{id, "", "s2"}, T0 + 86400));
    Workspace ws = f.store.ws();
    ws.deals[0].expected_close = "2026-09-30";
    Time now = T0 + 10 * 86400;
    shift_times(ws, now - latest_time(ws));
    CHECK(latest_time(ws) == now);
    CHECK(ws.deals[0].history[0].left - ws.deals[0].history[0].entered == 86400);
    CHECK(ws.deals[0].expected_close == "2026-10-09");
}
