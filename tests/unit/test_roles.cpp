// Roles (issue 4): what a seller and a manager see, bulk edits as one undo step, the owner rule
// for deals that arrive in Unsorted, removing a user, and the new snapshot fields.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include "assignment.h"
#include "board.h"
#include "roles.h"
#include "snapshot.h"
#include "store.h"

using namespace kariz;

namespace {

const Time T0 = 1790000000;

User user(const char* id, const char* name, Role role, const char* colour = "") {
    return User{id, name, initials_of(name), role, 0, "", colour};
}

Workspace team_workspace() {
    Workspace ws;
    ws.users = {user("m", "Maryam Sadeghi", Role::Manager), user("a", "Ana Silva", Role::Seller),
                user("b", "Bijan Ahmadi", Role::Seller), user("c", "Carla Diaz", Role::Seller)};
    ws.pipelines = {Pipeline{"p1", "Sales", {Stage{"s0", "Unsorted", 0, 0, {}, false}, Stage{"s1", "Lead", 10, 0, {}, false},
                                             Stage{"s2", "Proposal", 50, 0, {}, false}}, "bant"}};
    return ws;
}

struct Team {
    Store store;
    Team() { store.load(team_workspace()); store.ids().reseed(7); }
    std::string create(const std::string& title, const std::string& owner, const std::string& stage = "s1") {
        DealFields f;
        f.title = title;
        f.owner_id = owner;
        std::string err;
        REQUIRE_MESSAGE(store.dispatch(CreateDeal{f, "p1", stage}, T0, &err), err);
        return store.ws().deals.back().id;
    }
    const Deal& deal(const std::string& id) { return *store.ws().find_deal(id); }
};

size_t cards(const Board& b) {
    size_t n = 0;
    for (const Column& c : b.columns) n += c.cards.size();
    return n;
}

}  // namespace

TEST_CASE("roles: a seller's board and search show only their deals; a manager filters by sellers") {
    Team t;
    t.create("Ana one", "a");
    t.create("Ana two", "a");
    t.create("Bijan deal", "b");
    t.create("Carla deal", "c");
    const Workspace& ws = t.store.ws();

    Viewer ana = make_viewer(ws, "a", {"b"});  // a seller's filter is ignored: always their own
    CHECK(ana.role == Role::Seller);
    CHECK(visible_owners(ana) == std::vector<std::string>{"a"});
    Board b = build_columns(ws, BoardQuery{"p1", "", StatusFilter::Open, "", visible_owners(ana)});
    CHECK(cards(b) == 2);
    CHECK(b.columns[1].totals.count == 2);  // the totals are the seller's own pipeline
    Board searched;
    filter_columns(ws, b, "deal", searched);
    CHECK(cards(searched) == 0);  // "Bijan deal" and "Carla deal" match the text but are not hers
    filter_columns(ws, b, "two", searched);
    CHECK(cards(searched) == 1);

    Viewer boss = make_viewer(ws, "m", {});
    CHECK(cards(build_columns(ws, BoardQuery{"p1", "", StatusFilter::Open, "", visible_owners(boss)})) == 4);
    Viewer two = make_viewer(ws, "m", {"b", "c", "ghost"});
    CHECK(two.sellers == std::vector<std::string>{"b", "c"});
    CHECK(cards(build_columns(ws, BoardQuery{"p1", "", StatusFilter::Open, "", visible_owners(two)})) == 2);
    CHECK(deal_visible(two, t.deal(ws.deals[2].id)));
    CHECK_FALSE(deal_visible(two, t.deal(ws.deals[0].id)));
    CHECK_FALSE(can_edit_deal(ana, ws.deals[2]));
    CHECK(can_edit_deal(boss, ws.deals[2]));
}

TEST_CASE("roles: the current user is the device's choice, else an older file's, else the first manager") {
    Workspace ws = team_workspace();
    CHECK(resolve_current_user(ws, "b")->id == "b");
    CHECK(resolve_current_user(ws, "ghost")->id == "m");
    ws.settings.current_user_id = "c";
    CHECK(resolve_current_user(ws, "")->id == "c");
    CHECK(resolve_current_user(Workspace{}, "b") == nullptr);
    CHECK(initials_of("Maryam Sadeghi") == "MS");
    CHECK(initials_of("omar") == "OM");
    CHECK(initials_of("ليلى حسن") == "لح");
}

TEST_CASE("roles: a bulk edit of owner, stage and labels is one undo step") {
    Team t;
    std::string x = t.create("X", "a"), y = t.create("Y", "a"), z = t.create("Z", "b");
    std::string err;
    REQUIRE_MESSAGE(t.store.dispatch(BulkEditDeals{{x, y, z}, "m", "c", "s2", {"vip"}, {}}, T0 + 60, &err), err);
    for (const std::string& id : {x, y, z}) {
        CHECK(t.deal(id).owner_id == "c");
        CHECK(t.deal(id).stage_id == "s2");
        CHECK(t.deal(id).labels == std::vector<std::string>{"vip"});
        CHECK(t.deal(id).history.size() == 2);
    }
    CHECK(t.store.undo_label() == "Bulk edit 3 deals");
    REQUIRE(t.store.undo());
    CHECK(t.deal(x).owner_id == "a");
    CHECK(t.deal(z).owner_id == "b");
    CHECK(t.deal(y).stage_id == "s1");
    CHECK(t.deal(y).labels.empty());
    CHECK(t.deal(y).history.size() == 1);
    CHECK(t.store.undo_label() == "New deal");  // the three creates are still there, one step each
    REQUIRE(t.store.redo());
    CHECK(t.deal(x).owner_id == "c");

    // Labels come off again; a label already there is not doubled.
    REQUIRE(t.store.dispatch(BulkEditDeals{{x, y}, "m", "", "", {"vip", "q3"}, {"vip"}}, T0 + 120, &err));
    CHECK(t.deal(x).labels == std::vector<std::string>{"vip", "q3"});  // removed, then added back: add wins
    REQUIRE(t.store.dispatch(BulkEditDeals{{x, y}, "m", "", "", {}, {"vip"}}, T0 + 180, &err));
    CHECK(t.deal(x).labels == std::vector<std::string>{"q3"});
}

TEST_CASE("roles: a seller bulk-edits only their own deals and never reassigns") {
    Team t;
    std::string mine = t.create("Mine", "a"), theirs = t.create("Theirs", "b");
    std::string err;
    uint64_t rev = t.store.revision();
    CHECK_FALSE(t.store.dispatch(BulkEditDeals{{mine}, "a", "b", "", {}, {}}, T0, &err));
    CHECK(err == "error.only_manager_reassigns");
    Text why;
    CHECK_FALSE(t.store.dispatch(BulkEditDeals{{mine, theirs}, "a", "", "s2", {}, {}}, T0, &err, &why));
    CHECK(why == Text("error.not_yours", {"Theirs"}));
    CHECK(t.store.revision() == rev);  // nothing changed, not even the seller's own deal
    CHECK(t.deal(mine).stage_id == "s1");
    CHECK(t.store.dispatch(BulkEditDeals{{mine}, "a", "", "s2", {"hot"}, {}}, T0, &err));
    CHECK(t.deal(mine).stage_id == "s2");
}

TEST_CASE("assignment: round robin goes over the sellers in team order and carries on next time") {
    Workspace ws = team_workspace();
    ws.settings.assign_mode = AssignMode::RoundRobin;
    std::vector<std::string> got;
    for (int i = 0; i < 5; ++i) got.push_back(next_assignee(ws.users, ws.settings));
    CHECK(got == std::vector<std::string>{"a", "b", "c", "a", "b"});  // the manager is skipped
    CHECK(ws.settings.assign_last_id == "b");

    // Arrivals: only open deals in Unsorted without a known owner get one.
    std::vector<Deal> deals(4);
    for (Deal& d : deals) { d.pipeline_id = "p1"; d.stage_id = "s0"; }
    deals[1].owner_id = "m";      // has an owner: kept
    deals[2].stage_id = "s1";     // not in Unsorted: kept
    deals[3].owner_id = "ghost";  // unknown owner: gets one
    CHECK(assign_arrivals(ws.users, ws.pipelines, ws.settings, deals) == 2);
    CHECK(deals[0].owner_id == "c");
    CHECK(deals[1].owner_id == "m");
    CHECK(deals[2].owner_id.empty());
    CHECK(deals[3].owner_id == "a");

    // The seller who got the last one left the team: start again from the top.
    ws.settings.assign_last_id = "gone";
    CHECK(next_assignee(ws.users, ws.settings) == "a");
    ws.users = {user("m", "Maryam Sadeghi", Role::Manager)};
    CHECK(next_assignee(ws.users, ws.settings).empty());  // no seller to go round
}

TEST_CASE("assignment: a fixed person gets every arrival; no rule leaves them unowned") {
    Workspace ws = team_workspace();
    ws.deals.resize(3);
    for (size_t i = 0; i < 3; ++i) ws.deals[i] = Deal{}, ws.deals[i].pipeline_id = "p1", ws.deals[i].stage_id = "s0";
    CHECK(assign_arrivals(ws) == 0);
    CHECK(ws.deals[0].owner_id.empty());
    Team t;
    std::string err;
    CHECK_FALSE(t.store.dispatch(SetAssignRule{AssignMode::Fixed, "ghost"}, T0, &err));
    REQUIRE(t.store.dispatch(SetAssignRule{AssignMode::Fixed, "b"}, T0, &err));
    ws.settings = t.store.ws().settings;
    CHECK(assign_arrivals(ws) == 3);
    for (const Deal& d : ws.deals) CHECK(d.owner_id == "b");
    REQUIRE(t.store.undo());
    CHECK(t.store.ws().settings.assign_mode == AssignMode::None);
}

TEST_CASE("roles: removing a user hands their deals to another in one undo step") {
    Team t;
    std::string x = t.create("X", "a"), y = t.create("Y", "a"), z = t.create("Z", "b");
    std::string err;
    REQUIRE(t.store.dispatch(SetAssignRule{AssignMode::Fixed, "a"}, T0, &err));
    CHECK_FALSE(t.store.dispatch(RemoveUser{"a", "a"}, T0, &err));
    CHECK_FALSE(t.store.dispatch(RemoveUser{"m", "a"}, T0, &err));  // the only manager
    CHECK(err == "error.needs_manager");
    REQUIRE(t.store.dispatch(RemoveUser{"a", "c"}, T0 + 10, &err));
    CHECK(t.store.ws().find_user("a") == nullptr);
    CHECK(t.deal(x).owner_id == "c");
    CHECK(t.deal(y).owner_id == "c");
    CHECK(t.deal(z).owner_id == "b");
    CHECK(t.store.ws().settings.assign_mode == AssignMode::None);  // the fixed person is gone
    REQUIRE(t.store.undo());
    CHECK(t.store.ws().find_user("a") != nullptr);
    CHECK(t.deal(x).owner_id == "a");
    CHECK(t.store.ws().settings.assign_user_id == "a");
}

TEST_CASE("roles: add and edit users; colours and initials are checked") {
    Team t;
    std::string err;
    REQUIRE(t.store.dispatch(AddUser{user("", "Dara Nouri", Role::Seller, "#1a73e8")}, T0, &err));
    const User& added = t.store.ws().users.back();
    CHECK(!added.id.empty());
    CHECK(added.initials == "DN");
    User bad = added;
    bad.colour = "blue";
    CHECK_FALSE(t.store.dispatch(UpdateUser{bad}, T0, &err));
    bad.colour = "#00aa00";
    bad.role = Role::Manager;
    REQUIRE(t.store.dispatch(UpdateUser{bad}, T0, &err));
    CHECK(t.store.ws().users.back().role == Role::Manager);
    User m = *t.store.ws().find_user("m");
    m.role = Role::Seller;  // another manager is left: allowed
    CHECK(t.store.dispatch(UpdateUser{m}, T0, &err));
    uint32_t c = 0;
    CHECK(parse_colour("#1A73e8", c));
    CHECK(c == 0xFFE8731Au);
}

TEST_CASE("roles: colour and owner rule round-trip in snapshots and are optional on read") {
    Workspace ws = team_workspace();
    ws.users[1].colour = "#e91e63";
    ws.settings.assign_mode = AssignMode::RoundRobin;
    ws.settings.assign_last_id = "b";
    ws.settings.current_user_id = "a";
    std::string text = write_snapshot(ws, T0);
    CHECK(text.find("current_user_id") == std::string::npos);  // who I am stays on this device
    Workspace back;
    std::string err;
    REQUIRE_MESSAGE(read_snapshot(text, back, err), err);
    CHECK(back.users[1].colour == "#e91e63");
    CHECK(back.users[0].colour.empty());
    CHECK(back.settings.assign_mode == AssignMode::RoundRobin);
    CHECK(back.settings.assign_last_id == "b");
    CHECK(write_snapshot(back, T0) == text);

    // A version-1 file without the new fields still reads, with no rule.
    nlohmann::json j = nlohmann::json::parse(text);
    j["settings"].erase("assign_mode");
    j["settings"].erase("assign_user_id");
    j["settings"].erase("assign_last_id");
    j["users"][1].erase("colour");
    Workspace old;
    REQUIRE_MESSAGE(read_snapshot(j.dump(), old, err), err);
    CHECK(old.settings.assign_mode == AssignMode::None);
    CHECK(old.users[1].colour.empty());

    j["users"][1]["colour"] = "red";
    CHECK_FALSE(read_snapshot(j.dump(), old, err));
    CHECK(err.find("colour") != std::string::npos);
    j["users"][1].erase("colour");
    j["settings"]["assign_mode"] = "lottery";
    CHECK_FALSE(read_snapshot(j.dump(), old, err));
}
