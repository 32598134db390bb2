// The board's incremental update (core/board.h update_columns) against a full build: random
// sequences of moves, edits, status changes, deletions, creations, bulk edits, undo/redo and other
// tabs' changes, and after each the updated boards of several queries must equal build_columns of
// the same workspace in every respect the views read: columns, card order, totals per currency,
// counts, and what a search filters (Latin, Persian and Arabic queries).
#include <doctest/doctest.h>
#include <cstring>
#include <memory>
#include <random>
#include "board.h"
#include "store.h"

using namespace kariz;

namespace {

const Time T0 = 1790000000;

const char* const kTitles[] = {"Support renewal", "CRM rollout", "قرارداد پشتیبانی", "توريد أجهزة", "Data migration",
                               "پیمان گچ", "Network upgrade", "ژاله", "كتاب يومي", "Audit"};
const char* const kOrgs[] = {"", "Northwind", "شرکت پارس", "مجموعة الخليج", "Contoso", "گروه ژیان", "Adatum"};
const char* const kCurrencies[] = {"EUR", "USD", "AED", "IRR"};
const char* const kOwners[] = {"u1", "u2", "u3"};
const char* const kCloses[] = {"", "2026-12-01", "2027-01-15", "2026-11-30"};
// Search queries: a common word, a rare one, Persian (also typed with Arabic letters: ي ك), Arabic.
const char* const kQueries[] = {"renewal", "#1", "پارس", "شركت", "قرارداد", "الخليج", "توريد", "hot", "ژ"};

Workspace start_workspace() {
    Workspace ws;
    ws.users = {User{"u1", "Ana", "AS", Role::Manager}, User{"u2", "Omar", "OH", Role::Seller},
                User{"u3", "Sara", "SR", Role::Seller}};
    ws.settings.current_user_id = "u1";
    ws.pipelines = {Pipeline{"p1", "Sales", {Stage{"s0", "Unsorted", 0, 0}, Stage{"s1", "Lead", 10, 7}, Stage{"s2", "Proposal", 50, 14},
                                             Stage{"s3", "Close", 80, 14}}},
                    Pipeline{"p2", "Partners", {Stage{"t0", "Unsorted", 0, 0}, Stage{"t1", "Talks", 30, 7}, Stage{"t2", "Signing", 75, 7}}}};
    return ws;
}

struct Rng {
    std::mt19937 g;
    size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(g); }
    bool chance(int percent) { return (int)below(100) < percent; }
};

DealFields random_fields(Rng& r, size_t serial) {
    DealFields f;
    f.title = std::string(kTitles[r.below(10)]) + " #" + std::to_string(serial);
    f.organization = kOrgs[r.below(7)];
    f.value = (int64_t)r.below(4) * 250000;  // zero too: a currency stays in the totals with a zero sum
    f.currency = kCurrencies[r.below(4)];
    f.owner_id = kOwners[r.below(3)];
    f.expected_close = kCloses[r.below(4)];
    if (r.chance(20)) f.labels = {"hot"};
    return f;
}

// A board kept up to date the way app/board_view.cpp keeps it.
struct Tracked {
    BoardQuery q;
    Board board;
    uint64_t revision = 0;
    int updates = 0, builds = 0;
};

void refresh(const Store& s, Tracked& t) {
    std::vector<std::string> touched;
    size_t removed = 0;
    if (s.deals_touched_since(t.revision, touched, removed) && update_columns(s.ws(), t.q, touched, removed, t.board)) {
        t.updates++;
    } else {
        t.board = build_columns(s.ws(), t.q);
        t.builds++;
    }
    t.revision = s.revision();
}

std::string deal_title(const Workspace& ws, uint32_t pos) { return pos < ws.deals.size() ? ws.deals[pos].title : "(gone)"; }

bool same_slot(const Board& a, const CardSlot& x, const Board& b, const CardSlot& y) {
    if (x.column != y.column) return false;
    return x.column == kNoColumn ||
           (x.value == y.value && x.weighted == y.weighted && a.currencies[x.currency] == b.currencies[y.currency]);
}

// The updated board against a full build, in every respect the views read.
void check_same(const Workspace& ws, Tracked& t) {
    const Board want = build_columns(ws, t.q);
    REQUIRE(t.board.columns.size() == want.columns.size());
    CHECK(t.board.matching == want.matching);
    for (size_t c = 0; c < want.columns.size(); ++c) {
        const Column& got = t.board.columns[c];
        const Column& exp = want.columns[c];
        INFO("column " << exp.stage_id);
        CHECK(got.stage_id == exp.stage_id);
        size_t k = 0;
        while (k < got.cards.size() && k < exp.cards.size() && got.cards[k] == exp.cards[k]) ++k;
        INFO("first difference at card " << k << ": " << (k < got.cards.size() ? deal_title(ws, got.cards[k]) : "(none)")
                                         << ", expected " << (k < exp.cards.size() ? deal_title(ws, exp.cards[k]) : "(none)"));
        REQUIRE(got.cards == exp.cards);
        CHECK(got.totals == exp.totals);
    }
    // What the next update starts from: every position's column and share of the totals, the last ids.
    CHECK(t.board.last_ids == want.last_ids);
    REQUIRE(t.board.slots.size() == want.slots.size());
    size_t i = 0;
    while (i < want.slots.size() && same_slot(t.board, t.board.slots[i], want, want.slots[i])) ++i;
    INFO("first different slot " << i);
    REQUIRE(i == want.slots.size());
    // Search: the updated index (built a part at a time or on the first search, then kept up to
    // date) filters as a fresh one does. A copy searches, so the tracked board keeps whatever part
    // of its index the idle steps built, as the view's board does.
    Board want_all = want, got_all = t.board;
    for (const char* query : kQueries) {
        Board got_out, want_out;
        filter_columns(ws, got_all, query, got_out);
        filter_columns(ws, want_all, query, want_out);
        INFO("search " << query);
        CHECK(got_out.matching == want_out.matching);
        for (size_t c = 0; c < want_out.columns.size(); ++c) CHECK(got_out.columns[c].cards == want_out.columns[c].cards);
    }
}

std::vector<Tracked> boards_to_track() {
    std::vector<Tracked> boards(6);
    boards[0].q = BoardQuery{"p1", "", StatusFilter::Open, "", {}, CardOrder::NewestInStage, Language::English};
    boards[1].q = BoardQuery{"p1", "", StatusFilter::All, "", {}, CardOrder::Title, Language::Persian};
    boards[2].q = BoardQuery{"p1", "", StatusFilter::Won, "", {}, CardOrder::ExpectedClose, Language::English};
    boards[3].q = BoardQuery{"p2", "", StatusFilter::Open, "", {"u1", "u2"}, CardOrder::Organization, Language::Arabic};
    boards[4].q = BoardQuery{"p1", "", StatusFilter::Open, "u3", {}, CardOrder::Title, Language::English};
    boards[5].q = BoardQuery{"p2", "", StatusFilter::Lost, "", {}, CardOrder::Organization, Language::Persian};
    return boards;
}

// A random deal of the store, by id.
std::string any_deal(const Store& s, Rng& r) { return s.ws().deals[r.below(s.ws().deals.size())].id; }

// One random step on tab `a` (sometimes made in tab `b` and sent over, as web/tabsync.cpp does).
void random_step(Store& a, Store& b, Rng& r, Time now, size_t& serial) {
    const Workspace& ws = a.ws();
    const size_t kind = r.below(100);
    if (ws.deals.empty() || kind < 8) {
        const Pipeline& p = ws.pipelines[r.below(2)];
        a.dispatch(CreateDeal{random_fields(r, serial++), p.id, p.stages[r.below(p.stages.size())].id}, now);
    } else if (kind < 30) {  // a drag to another stage, now and then to the other pipeline
        const Pipeline& p = ws.pipelines[r.chance(80) ? 0 : 1];
        a.dispatch(MoveDeal{any_deal(a, r), p.id, p.stages[r.below(p.stages.size())].id, ""}, now);
    } else if (kind < 42) {  // the editor: title, organization, value, currency, owner, labels, close date
        const Deal& d = *ws.find_deal(any_deal(a, r));
        DealFields f = random_fields(r, serial++);
        if (r.chance(50)) f.title = d.title;
        a.dispatch(UpdateDeal{d.id, f, d.pipeline_id, d.stage_id}, now);
    } else if (kind < 50) {
        a.dispatch(MarkWon{any_deal(a, r)}, now);
    } else if (kind < 56) {
        a.dispatch(MarkLost{any_deal(a, r), "Price"}, now);
    } else if (kind < 60) {
        a.dispatch(ReopenDeal{any_deal(a, r)}, now);
    } else if (kind < 66) {
        a.dispatch(DeleteDeal{any_deal(a, r)}, now);
    } else if (kind < 69) {  // the deal's own win estimate changes its weighted value
        a.dispatch(SetDealFit{any_deal(a, r), OrgFacts{}, (int)r.below(101)}, now);
    } else if (kind < 72) {
        BulkEditDeals e;
        for (int k = 0; k < 3; ++k) e.deal_ids.push_back(any_deal(a, r));
        e.actor_id = "u1";
        e.owner_id = kOwners[r.below(3)];
        a.dispatch(e, now);
    } else if (kind < 84) {
        a.undo();
    } else if (kind < 92) {
        a.redo();
    } else {
        // Another tab deletes, creates or edits, saves, and this tab applies what it saved.
        if (!b.ws().deals.empty() && r.chance(30)) {
            b.dispatch(DeleteDeal{any_deal(b, r)}, now);
        } else if (b.ws().deals.empty() || r.chance(30)) {
            b.dispatch(CreateDeal{random_fields(r, serial++), "p1", "s1"}, now);
        } else {
            const Deal& d = *b.ws().find_deal(any_deal(b, r));
            b.dispatch(MoveDeal{d.id, d.pipeline_id == "p1" ? "p2" : "p1", d.pipeline_id == "p1" ? "t1" : "s2", ""}, now);
        }
        DirtySet saved = b.take_dirty();
        auto remote = std::make_shared<Workspace>();
        remote->pipelines = b.ws().pipelines;
        remote->users = b.ws().users;
        remote->settings = b.ws().settings;
        ApplyRemoteChanges m;
        for (const std::string& id : saved.deal_ids) {
            if (const Deal* d = b.ws().find_deal(id)) remote->deals.push_back(*d);
            else m.deleted_ids.push_back(id);
        }
        remote->rebuild_index();
        m.remote = remote;
        a.take_dirty();  // this tab saved its own changes: the other tab's versions are taken
        a.dispatch(m, now);
    }
}

}  // namespace

TEST_CASE("board: update_columns after random changes equals a full build (orders, filters, totals, search)") {
    int updates = 0, builds = 0;
    for (uint32_t seed = 1; seed <= 12; ++seed) {
        Rng r{std::mt19937(seed)};
        Store a, b;
        a.load(start_workspace());
        a.ids().reseed(seed);
        size_t serial = 0;
        const int initial = seed <= 3 ? 6 : 160;  // a few deals: fewer than Board::last_ids keeps, the board may empty
        for (int i = 0; i < initial; ++i) {
            const Pipeline& p = a.ws().pipelines[i % 4 == 3 ? 1 : 0];
            REQUIRE(a.dispatch(CreateDeal{random_fields(r, serial++), p.id, p.stages[r.below(p.stages.size())].id}, T0 + i));
        }
        b.load(a.ws());
        b.ids().reseed(seed + 1000);
        std::vector<Tracked> boards = boards_to_track();
        for (Tracked& t : boards) refresh(a, t);
        Time now = T0 + 1000;
        for (int step = 0; step < 250; ++step) {
            // One to three changes before the board looks again (a frame may see several).
            const size_t changes = 1 + r.below(3);
            for (size_t k = 0; k < changes; ++k) random_step(a, b, r, now += (Time)r.below(3), serial);
            if (r.chance(2)) a.dispatch(UpdateStage{"p1", Stage{"s2", "Proposal", (int)r.below(100), 14}}, now);  // rebuilds
            CAPTURE(seed);
            CAPTURE(step);
            for (Tracked& t : boards) {
                refresh(a, t);
                // Idle frames build the search index a part at a time (app/board_view.cpp).
                if (r.chance(50)) index_search_step(a.ws(), t.board, 1 + r.below(60));
                CAPTURE(t.q.pipeline_id);
                CAPTURE((int)t.q.order);
                check_same(a.ws(), t);
            }
        }
        for (const Tracked& t : boards) {
            updates += t.updates;
            builds += t.builds;
        }
    }
    // The updates must be what was checked, not full builds.
    MESSAGE("updates " << updates << ", full builds " << builds);
    CHECK(updates > 10 * builds);
}

TEST_CASE("board: the store says which deals changed, and when it cannot") {
    Store s;
    s.load(start_workspace());
    std::vector<std::string> ids;
    size_t removed = 0;
    const uint64_t loaded = s.revision();
    CHECK_FALSE(s.deals_touched_since(loaded - 1, ids, removed));  // across a load: not known
    REQUIRE(s.dispatch(CreateDeal{DealFields{"One"}, "p1", "s1"}, T0));
    const std::string one = s.ws().deals[0].id;
    REQUIRE(s.dispatch(DeleteDeal{one}, T0));
    REQUIRE(s.deals_touched_since(loaded, ids, removed));
    CHECK(ids == std::vector<std::string>{one, one});
    CHECK(removed == 1);
    REQUIRE(s.undo());  // the deletion undone puts the deal back: nothing removed
    REQUIRE(s.deals_touched_since(loaded + 2, ids, removed));
    CHECK(ids == std::vector<std::string>{one});
    CHECK(removed == 0);
    REQUIRE(s.undo());  // the creation undone removes it
    REQUIRE(s.deals_touched_since(loaded + 3, ids, removed));
    CHECK(removed == 1);
    CHECK(s.deals_touched_since(s.revision(), ids, removed));
    CHECK(ids.empty());
    s.load(s.ws());
    CHECK_FALSE(s.deals_touched_since(loaded + 4, ids, removed));
}

TEST_CASE("board: a search index built a part at a time equals one built at once") {
    Rng r{std::mt19937(7)};
    Store a;
    a.load(start_workspace());
    a.ids().reseed(7);
    for (size_t i = 0; i < 500; ++i) {
        const Pipeline& p = a.ws().pipelines[i % 5 == 4 ? 1 : 0];
        REQUIRE(a.dispatch(CreateDeal{random_fields(r, i), p.id, p.stages[r.below(p.stages.size())].id}, T0 + (Time)i));
    }
    const BoardQuery q{"p1", "", StatusFilter::All, "", {}, CardOrder::NewestInStage, Language::English};
    Board whole = build_columns(a.ws(), q), out;
    filter_columns(a.ws(), whole, "x", out);  // any query builds the whole index
    REQUIRE(whole.search_indexed);
    for (size_t step : {size_t(1), size_t(7), size_t(100), size_t(499), size_t(500), size_t(100000)}) {
        CAPTURE(step);
        Board parts = build_columns(a.ws(), q);
        size_t calls = 0;
        while (!index_search_step(a.ws(), parts, step)) {
            CHECK_FALSE(parts.search_indexed);
            ++calls;
        }
        CHECK(calls == (a.ws().deals.size() + step - 1) / step - 1);
        CHECK(parts.index_places.empty());  // given back once done
        REQUIRE(parts.columns.size() == whole.columns.size());
        for (size_t c = 0; c < whole.columns.size(); ++c) {
            const Column& got = parts.columns[c];
            const Column& want = whole.columns[c];
            CHECK(got.search_text == want.search_text);
            REQUIRE(got.search_cards.size() == want.search_cards.size());
            for (size_t k = 0; k < want.search_cards.size(); ++k) {
                CHECK(got.search_cards[k].start == want.search_cards[k].start);
                CHECK(got.search_cards[k].size == want.search_cards[k].size);
                CHECK(std::memcmp(&got.search_cards[k].pairs, &want.search_cards[k].pairs, sizeof(BytePairs)) == 0);
            }
        }
        CHECK(index_search_step(a.ws(), parts, step));  // done stays done
    }
}

