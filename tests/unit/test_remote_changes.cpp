// Two tabs on one board (web/tabsync.cpp): what one tab saved, applied in the other with
// ApplyRemoteChanges. Nothing either tab did may be lost, nor written back in a loop.
#include <doctest/doctest.h>
#include "remote_changes.h"
#include "snapshot.h"
#include "store.h"

using namespace kariz;

namespace {

const Time T0 = 1790000000;

Workspace board() {
    Workspace ws;
    ws.users = {User{"u1", "Ana Silva", "AS", Role::Seller}, User{"u2", "Omar Haddad", "OH", Role::Manager}};
    ws.pipelines = {Pipeline{"p1", "Sales", {Stage{"s0", "Unsorted", 0, 0}, Stage{"s1", "Lead", 10, 7}, Stage{"s2", "Proposal", 50, 14}}}};
    return ws;
}

DealFields fields(const std::string& title) {
    DealFields f;
    f.title = title;
    f.owner_id = "u1";
    return f;
}

// Two tabs that loaded the same stored board, with two deals in it.
struct TwoTabs {
    Store a, b;
    std::string d1, d2;
    TwoTabs() {
        a.load(board());
        a.ids().reseed(1);
        REQUIRE(a.dispatch(CreateDeal{fields("First"), "p1", "s1"}, T0));
        REQUIRE(a.dispatch(CreateDeal{fields("Second"), "p1", "s1"}, T0));
        d1 = a.ws().deals[0].id;
        d2 = a.ws().deals[1].id;
        a.take_dirty();
        Workspace copy = a.ws();
        b.load(copy);
    }
};

// What tab `from` writes for `dirty`, as web/tabsync.cpp sends it, seen by a tab that has `unsaved`.
ApplyRemoteChanges message(const Store& from, const DirtySet& dirty, const DirtySet& unsaved) {
    auto r = std::make_shared<Workspace>();
    const Workspace& ws = from.ws();
    r->pipelines = ws.pipelines;
    r->users = ws.users;
    r->settings = ws.settings;
    ApplyRemoteChanges m;
    m.meta_changed = dirty.meta || dirty.all;
    m.replaces_all = dirty.all;
    for (const std::string& id : dirty.deal_ids) {
        if (const Deal* d = ws.find_deal(id)) r->deals.push_back(*d);
        else m.deleted_ids.push_back(id);
    }
    if (dirty.all) r->deals = ws.deals;
    r->rebuild_index();
    m.remote = r;
    m.unsaved_deal_ids = unsaved.deal_ids;
    m.unsaved_meta = unsaved.meta || unsaved.all;
    return m;
}

UpdateDeal rename(const Store& s, const std::string& id, const std::string& title) {
    const Deal& d = *s.ws().find_deal(id);
    DealFields f = fields(title);
    return UpdateDeal{id, f, d.pipeline_id, d.stage_id};
}

}  // namespace

TEST_CASE("tabs: A edits deal 1 and B deal 2 in the same second; both keep both edits, no write-back") {
    TwoTabs t;
    REQUIRE(t.a.dispatch(rename(t.a, t.d1, "First (A)"), T0 + 1));
    REQUIRE(t.b.dispatch(rename(t.b, t.d2, "Second (B)"), T0 + 1));
    DirtySet saved_a = t.a.take_dirty();
    // B has not saved yet when A's save arrives.
    REQUIRE(t.b.dispatch(message(t.a, saved_a, t.b.dirty()), T0 + 1));
    CHECK(t.b.ws().find_deal(t.d1)->title == "First (A)");
    CHECK(t.b.ws().find_deal(t.d2)->title == "Second (B)");
    CHECK(t.b.dirty().deal_ids == std::set<std::string>{t.d2});  // only its own edit is to be written
    CHECK(t.b.undo_label() == "Edit deal");                      // its own step, not the other tab's
    DirtySet saved_b = t.b.take_dirty();
    REQUIRE(t.a.dispatch(message(t.b, saved_b, t.a.dirty()), T0 + 2));
    CHECK(t.a.ws().find_deal(t.d2)->title == "Second (B)");
    CHECK(t.a.dirty().empty());  // nothing goes back: no loop
    CHECK(write_snapshot(t.a.ws(), T0) == write_snapshot(t.b.ws(), T0));
}

TEST_CASE("tabs: the same deal edited in both, the tab that saves last wins and the other follows") {
    TwoTabs t;
    REQUIRE(t.a.dispatch(rename(t.a, t.d1, "Title from A"), T0 + 1));
    REQUIRE(t.b.dispatch(rename(t.b, t.d1, "Title from B"), T0 + 1));
    DirtySet saved_a = t.a.take_dirty();
    ApplyRemoteChanges m = message(t.a, saved_a, t.b.dirty());
    CHECK(remote_conflicts(t.b.ws(), m) == std::vector<std::string>{t.d1});
    REQUIRE(t.b.dispatch(m, T0 + 1));
    CHECK(t.b.ws().find_deal(t.d1)->title == "Title from B");  // unsaved here: kept, saved next
    DirtySet saved_b = t.b.take_dirty();
    CHECK(saved_b.deal_ids.count(t.d1) == 1);
    REQUIRE(t.a.dispatch(message(t.b, saved_b, t.a.dirty()), T0 + 2));
    CHECK(t.a.ws().find_deal(t.d1)->title == "Title from B");
}

TEST_CASE("tabs: undo in the receiving tab never puts back what the other tab replaced") {
    TwoTabs t;
    REQUIRE(t.b.dispatch(rename(t.b, t.d2, "B one"), T0 + 1));
    REQUIRE(t.b.dispatch(rename(t.b, t.d1, "B two"), T0 + 2));
    REQUIRE(t.b.dispatch(rename(t.b, t.d2, "B three"), T0 + 3));
    t.b.take_dirty();
    REQUIRE(t.a.dispatch(rename(t.a, t.d1, "A"), T0 + 4));
    REQUIRE(t.b.dispatch(message(t.a, t.a.take_dirty(), t.b.dirty()), T0 + 4));
    CHECK(t.b.ws().find_deal(t.d1)->title == "A");
    // The step on deal 1 and everything older are gone; the newer step on deal 2 stays.
    REQUIRE(t.b.undo());
    CHECK(t.b.ws().find_deal(t.d2)->title == "B one");
    CHECK(t.b.ws().find_deal(t.d1)->title == "A");
    CHECK_FALSE(t.b.can_undo());
}

TEST_CASE("tabs: new and deleted deals and head changes travel; a deleted stage re-homes the other tab's deal") {
    TwoTabs t;
    // A deletes stage s2 (its deals go to s1) and adds a user; B meanwhile creates a deal in s2.
    REQUIRE(t.b.dispatch(CreateDeal{fields("New in B"), "p1", "s2"}, T0 + 1));
    std::string d3 = t.b.ws().deals.back().id;
    REQUIRE(t.a.dispatch(DeleteStage{"p1", "s2", "s1"}, T0 + 1));
    REQUIRE(t.a.dispatch(DeleteDeal{t.d2}, T0 + 1));
    REQUIRE(t.b.dispatch(message(t.a, t.a.take_dirty(), t.b.dirty()), T0 + 1));
    CHECK(t.b.ws().pipelines[0].stages.size() == 2);
    CHECK(t.b.ws().find_deal(t.d2) == nullptr);
    const Deal& mine = *t.b.ws().find_deal(d3);
    CHECK(mine.stage_id == "s0");  // Unsorted: its stage is gone
    CHECK(mine.title == "New in B");
    CHECK(t.b.dirty().deal_ids.count(d3) == 1);
    // The stored board must still load: every reference is valid.
    Workspace back;
    std::string err;
    CHECK(read_snapshot(write_snapshot(t.b.ws(), T0), back, err));
}

TEST_CASE("tabs: unsaved head changes are kept; a whole-board replacement keeps unsaved deals") {
    TwoTabs t;
    Settings s = t.b.ws().settings;
    s.company_name = "B's company";
    REQUIRE(t.b.dispatch(SetSettings{s}, T0 + 1));
    REQUIRE(t.b.dispatch(rename(t.b, t.d1, "B keeps this"), T0 + 1));
    Workspace fresh = board();
    fresh.settings.company_name = "Imported";
    REQUIRE(t.a.dispatch(ReplaceWorkspace{"Import", std::make_shared<const Workspace>(fresh)}, T0 + 2));
    REQUIRE(t.b.dispatch(message(t.a, t.a.take_dirty(), t.b.dirty()), T0 + 2));
    CHECK(t.b.ws().settings.company_name == "B's company");
    CHECK(t.b.ws().find_deal(t.d2) == nullptr);  // saved in both, replaced by A: gone
    CHECK(t.b.ws().find_deal(t.d1)->title == "B keeps this");
    CHECK(t.b.dirty().meta);
}
