// Merging snapshots (core/merge.h): properties over many generated pairs of copies, tombstones,
// conflicts and their resolution, version-1 upgrade, partial exports.
#include <doctest/doctest.h>
#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include "merge.h"
#include "snapshot.h"
#include "store.h"
#include "test_fixtures.h"

using namespace kariz;

namespace {

const Time T0 = 1790000000;

Workspace base_meta() {
    Workspace ws;
    ws.users = {User{"u1", "Ana Silva", "AS", Role::Seller, {}}, User{"u2", "Omar Haddad", "OH", Role::Manager, {}}};
    ws.settings.current_user_id = "u1";
    ws.pipelines = {Pipeline{"p1", "Sales", {Stage{"s0", "Unsorted", 0, 0, {}, false}, Stage{"s1", "Lead", 10, 7, {}, false},
                                             Stage{"s2", "Proposal", 50, 14, {}, false}, Stage{"s3", "Close", 80, 21, {}, false}},
                             "bant", {}},
                    Pipeline{"p2", "Partners", {Stage{"q0", "Unsorted", 0, 0, {}, false}, Stage{"q1", "Talk", 30, 10, {}, false}}, "bant", {}}};
    return ws;
}

DealFields fields_of(const Deal& d) {
    return DealFields{d.title, d.organization, d.contact, d.value, d.currency, d.owner_id, d.source, d.labels, d.expected_close, d.notes};
}

// A copy of a workspace on its own device, as another browser would have after an import.
struct Device {
    Store store;
    Time now = T0;
    Device(const Workspace& ws, const std::string& device, uint64_t seed) : now(std::max(T0, latest_time(ws))) {
        store.load(ws);
        store.ids().reseed(seed);
        store.ids().device = device;
    }
    const Workspace& ws() const { return store.ws(); }
    bool act(const Action& a) { return store.dispatch(a, now += 60); }
    // Through the file format, as a person would: write, read, preview, apply.
    MergeResult import_from(Device& other, const MergeChoices& choices = {}) {
        ExportInfo info{"u1", "Ana Silva", other.store.ids().device, other.now, "workspace", "", ""};
        Workspace theirs;
        std::string error;
        REQUIRE_MESSAGE(read_snapshot(write_snapshot(other.ws(), info), theirs, error), error);
        now += 60;
        MergeResult r = merge_workspaces(ws(), theirs, choices, store.ids().device, store.ids().next_counter(now), now);
        if (!r.changes_nothing()) REQUIRE(store.dispatch(ApplyMerge{"Import", std::make_shared<MergeResult>(r)}, now));
        return r;
    }
};

Workspace generated_base(std::mt19937& rng, int deals) {
    Device d(base_meta(), "base0000", rng());
    for (int i = 0; i < deals; ++i) {
        DealFields f{"Deal " + std::to_string(i), "Org " + std::to_string(rng() % 7), Contact{"C", "c@x.io", ""}, (int64_t)(rng() % 100000),
                     "EUR", rng() % 2 ? "u1" : "u2", DealSource::Inbound, {}, "", ""};
        REQUIRE(d.act(CreateDeal{f, rng() % 3 ? "p1" : "p2", ""}));
    }
    return d.ws();
}

// One random change to deal `id` (or a new deal when id is empty); `allow_delete` lets it delete.
void random_edit(Device& dev, std::mt19937& rng, const std::string& id, bool allow_delete) {
    const Deal* d = dev.ws().find_deal(id);
    if (!d) return;
    std::string tag = dev.store.ids().device + std::to_string(rng() % 1000);
    switch (rng() % (allow_delete ? 8 : 7)) {
        case 0: { DealFields f = fields_of(*d); f.title = "T " + tag; dev.act(UpdateDeal{id, f, "", ""}); break; }
        case 1: { DealFields f = fields_of(*d); f.notes = "N " + tag; f.value += 1; dev.act(UpdateDeal{id, f, "", ""}); break; }
        case 2: {
            const Pipeline* p = dev.ws().find_pipeline(d->pipeline_id);
            dev.act(MoveDeal{id, "", p->stages[rng() % p->stages.size()].id, ""});
            break;
        }
        case 3: dev.act(LogActivity{id, Activity{"", ActivityKind::Call, true, false, 0, "call " + tag}}); break;
        case 4: dev.act(SetPriority{id, (int)(rng() % 3)}); break;
        case 5: dev.act(MarkWon{id}); break;
        case 6: dev.act(SetCriterion{id, CriterionAnswer{"budget", CriterionState::Met, tag}}); break;
        default: dev.act(DeleteDeal{id}); break;
    }
}

std::string deals_text(const Workspace& ws) {
    std::vector<std::string> all;
    for (const Deal& d : ws.deals) all.push_back(deal_to_json(d));
    std::sort(all.begin(), all.end());
    std::string s;
    for (const std::string& x : all) s += x + "\n";
    return s;
}

std::set<std::string> tombstone_ids(const Workspace& ws) {
    std::set<std::string> s;
    for (const Tombstone& t : ws.tombstones) s.insert(t.id);
    return s;
}

}  // namespace

TEST_CASE("merge: every change is stamped with the device, a counter and the fields it altered") {
    Device a(base_meta(), "aaaa0001", 1);
    DealFields f{"Website", "Acme", Contact{}, 5000, "EUR", "u1", DealSource::Inbound, {}, "", ""};
    REQUIRE(a.act(CreateDeal{f, "p1", "s1"}));
    const std::string id = a.ws().deals.back().id;
    const Sync created = a.ws().find_deal(id)->sync;
    CHECK(created.rev.device == "aaaa0001");
    CHECK(created.rev.counter > 0);
    CHECK(created.stamps.empty());  // creation values need no stamp
    f.title = "Website v2";
    REQUIRE(a.act(UpdateDeal{id, f, "", ""}));
    REQUIRE(a.act(MoveDeal{id, "", "s2", ""}));
    const Sync s = a.ws().find_deal(id)->sync;
    CHECK(s.rev.counter > created.rev.counter);
    CHECK(seen_counter(s.seen, "aaaa0001") == s.rev.counter);
    REQUIRE(find_stamp(s, "title"));
    REQUIRE(find_stamp(s, "stage"));
    CHECK(find_stamp(s, "stage")->counter > find_stamp(s, "title")->counter);
    CHECK_FALSE(find_stamp(s, "notes"));
    // Deleting leaves a tombstone; undo takes it back with the deal.
    REQUIRE(a.act(DeleteDeal{id}));
    REQUIRE(a.ws().tombstones.size() == 1);
    CHECK(a.ws().tombstones[0].id == id);
    CHECK(seen_dominates(a.ws().tombstones[0].seen, s.seen));
    REQUIRE(a.store.undo());
    CHECK(a.ws().tombstones.empty());
    CHECK(a.ws().find_deal(id));
    // Pipelines and settings carry revisions too.
    REQUIRE(a.act(RenamePipeline{"p2", "Partners EU"}));
    CHECK(a.ws().find_pipeline("p2")->sync.rev.device == "aaaa0001");
    CHECK(a.ws().find_pipeline("p1")->sync.rev.counter == 0);
}

TEST_CASE("merge properties over generated pairs: idempotent, order-free without conflicts, nothing lost") {
    std::mt19937 rng(20261122);
    size_t conflicts_seen = 0;
    for (int round = 0; round < 60; ++round) {
        CAPTURE(round);
        const Workspace base = generated_base(rng, 12 + (int)(rng() % 10));
        Device a(base, "aaaa" + std::to_string(1000 + round), rng());
        Device b(base, "bbbb" + std::to_string(1000 + round), rng());
        Device c(base, "cccc" + std::to_string(1000 + round), rng());
        // Disjoint edits: A the even deals, B the odd ones; both create new deals; A also deletes.
        std::vector<std::string> ids;
        for (const Deal& d : base.deals) ids.push_back(d.id);
        int edits = 5 + (int)(rng() % 25);
        for (int k = 0; k < edits; ++k) {
            size_t i = rng() % ids.size();
            if (i % 2 == 0) random_edit(a, rng, ids[i], true);
            else random_edit(b, rng, ids[i], false);
        }
        DealFields nf{"New from B", "", Contact{}, 1, "EUR", "u2", DealSource::Outbound, {}, "", ""};
        REQUIRE(b.act(CreateDeal{nf, "p2", ""}));
        nf.title = "New from A";
        REQUIRE(a.act(CreateDeal{nf, "p1", ""}));

        // Order independence: C imports A then B; a copy of C imports B then A.
        Device c2(c.ws(), "cccc" + std::to_string(1000 + round), 7);
        MergeResult r1 = c.import_from(a);
        MergeResult r2 = c.import_from(b);
        MergeResult r3 = c2.import_from(b);
        MergeResult r4 = c2.import_from(a);
        CHECK(r1.conflicts + r2.conflicts + r3.conflicts + r4.conflicts == 0);
        CHECK(deals_text(c.ws()) == deals_text(c2.ws()));
        CHECK(tombstone_ids(c.ws()) == tombstone_ids(c2.ws()));

        // Idempotent: the same files again change nothing.
        CHECK(c.import_from(a).changes_nothing());
        CHECK(c.import_from(b).changes_nothing());

        // Nothing lost: every deal is alive or deleted by a tombstone; every history entry and
        // activity of A and B is there; each side's own changes arrived.
        for (Device* side : {&a, &b}) {
            for (const Deal& d : side->ws().deals) {
                if (tombstone_ids(a.ws()).count(d.id)) continue;  // A deleted it; B never touched it
                const Deal* m = c.ws().find_deal(d.id);
                CAPTURE(d.title);
                CAPTURE(side->store.ids().device);
                CAPTURE(r1.summary());
                CAPTURE(r2.summary());
                REQUIRE(m);
                for (const StageVisit& v : d.history) {
                    bool found = false;
                    for (const StageVisit& w : m->history) found = found || (w.stage_id == v.stage_id && w.entered == v.entered);
                    CHECK(found);
                }
                for (const Activity& x : d.activities) {
                    bool found = false;
                    for (const Activity& y : m->activities) found = found || y.id == x.id;
                    CHECK(found);
                }
                const Deal* orig = nullptr;
                for (const Deal& o : base.deals)
                    if (o.id == d.id) orig = &o;
                if (!orig || orig->title != d.title) CHECK(m->title == d.title);
                if (!orig || orig->stage_id != d.stage_id) CHECK(m->stage_id == d.stage_id);
                if (!orig || orig->notes != d.notes) CHECK(m->notes == d.notes);
            }
        }
        for (const Tombstone& t : a.ws().tombstones) CHECK_FALSE(c.ws().find_deal(t.id));
        CHECK(c.ws().deals.size() == base.deals.size() + 2 - a.ws().tombstones.size());

        // Conflicting edits: A and B both edit the same deals; merging both ways converges after
        // the conflicts are resolved, and nothing is asked twice.
        for (int k = 0; k < 6; ++k) {
            size_t i = rng() % ids.size();
            random_edit(a, rng, ids[i], false);
            random_edit(b, rng, ids[i], false);
        }
        MergeResult ab = a.import_from(b);
        CHECK(a.import_from(b).changes_nothing());
        MergeResult ba = b.import_from(a);  // A's copy already knows B's: B simply takes it
        CHECK(ba.conflicts == 0);
        for (const Deal& d : a.ws().deals) {
            const Deal* o = b.ws().find_deal(d.id);
            if (!o) { MESSAGE("missing in b: " << deal_to_json(d)); continue; }
            if (deal_to_json(*o) != deal_to_json(d)) { MESSAGE("A: " << deal_to_json(d) << "\nB: " << deal_to_json(*o) << "\n" << ab.summary() << " / " << ba.summary()); break; }
        }
        CHECK(deals_text(a.ws()) == deals_text(b.ws()));
        conflicts_seen += ab.conflicts;
    }
    CHECK(conflicts_seen > 10);  // the generator does produce conflicts
}

TEST_CASE("merge: a conflict lists both values, keep mine by default, take theirs on request") {
    std::mt19937 rng(7);
    const Workspace base = generated_base(rng, 3);
    Device a(base, "aaaa0001", 1), b(base, "bbbb0001", 2);
    const std::string id = base.deals[0].id;
    DealFields fa = fields_of(*a.ws().find_deal(id)), fb = fa;
    fa.title = "Mine";
    fb.title = "Theirs";
    fb.notes = "only they wrote this";
    REQUIRE(a.act(UpdateDeal{id, fa, "", ""}));
    REQUIRE(b.act(UpdateDeal{id, fb, "", ""}));

    Workspace theirs;
    std::string error;
    REQUIRE(read_snapshot(write_snapshot(b.ws(), T0), theirs, error));
    MergeResult preview = merge_workspaces(a.ws(), theirs, {}, "aaaa0001", a.store.ids().next_counter(T0 + 999), T0 + 999);
    CHECK(preview.summary() == "0 new, 0 updated, 1 conflict, 0 deleted");
    REQUIRE(preview.items.size() == 1);
    REQUIRE(preview.items[0].conflicts.size() == 1);
    CHECK(preview.items[0].conflicts[0].field == "title");
    CHECK(preview.items[0].conflicts[0].mine == Text("import.as_is", {"Mine"}));
    CHECK(preview.items[0].conflicts[0].theirs == Text("import.as_is", {"Theirs"}));
    CHECK(preview.deals[0].after->title == "Mine");
    CHECK(preview.deals[0].after->notes == "only they wrote this");  // one side changed it: taken

    MergeResult taken = a.import_from(b, MergeChoices{{choice_key(id, "title"), true}});
    CHECK(taken.conflicts == 1);
    CHECK(a.ws().find_deal(id)->title == "Theirs");
    CHECK(a.store.undo_label() == "Import");
    // One undoable step.
    REQUIRE(a.store.undo());
    CHECK(a.ws().find_deal(id)->title == "Mine");
    REQUIRE(a.store.redo());
    // The resolution travels: B takes A's copy without being asked.
    MergeResult back = b.import_from(a);
    CHECK(back.conflicts == 0);
    CHECK(b.ws().find_deal(id)->title == "Theirs");
    CHECK(b.ws().find_deal(id)->notes == "only they wrote this");
}

TEST_CASE("merge: deletions travel as tombstones; deleted-vs-changed is a conflict") {
    std::mt19937 rng(11);
    const Workspace base = generated_base(rng, 4);
    Device a(base, "aaaa0001", 1), b(base, "bbbb0001", 2);
    const std::string gone = base.deals[0].id, disputed = base.deals[1].id;
    REQUIRE(a.act(DeleteDeal{gone}));
    REQUIRE(a.act(DeleteDeal{disputed}));
    REQUIRE(b.act(SetPriority{disputed, 2}));

    MergeResult r = b.import_from(a);
    CHECK(r.deleted == 1);
    CHECK(r.conflicts == 1);
    CHECK_FALSE(b.ws().find_deal(gone));
    CHECK(b.ws().find_deal(disputed));  // keep mine: it stays
    for (const MergeItem& it : r.items)
        if (it.kind == MergeKind::Conflict) {
            REQUIRE(it.conflicts.size() == 1);
            CHECK(it.conflicts[0].mine == Text("import.merge_changed_here"));
            CHECK(it.conflicts[0].theirs == Text("import.merge_deleted_there"));
        }
    CHECK(tombstone_ids(b.ws()) == std::set<std::string>{gone});
    CHECK(b.import_from(a).changes_nothing());
    // A imports B's copy: the kept deal changed after the deletion was seen, so it comes back.
    MergeResult back = a.import_from(b);
    CHECK(back.conflicts == 0);
    CHECK(a.ws().find_deal(disputed));
    CHECK_FALSE(a.ws().find_deal(gone));
    CHECK(tombstone_ids(a.ws()) == std::set<std::string>{gone});

    // Deleted here while changed there, choosing theirs: restored.
    Device c(base, "cccc0001", 3), d(base, "dddd0001", 4);
    REQUIRE(c.act(DeleteDeal{disputed}));
    REQUIRE(d.act(SetPriority{disputed, 0}));
    MergeResult restored = c.import_from(d, MergeChoices{{choice_key(disputed, "deleted"), true}});
    CHECK(restored.conflicts == 1);
    REQUIRE(c.ws().find_deal(disputed));
    CHECK(c.ws().find_deal(disputed)->priority == 0);
    CHECK(c.ws().tombstones.empty());
}

TEST_CASE("merge: version-1 files are upgraded on read; a newer version is refused") {
    const std::string v1 = read_asset("sample.json");
    Workspace sample;
    std::string error;
    SnapshotSummary summary;
    REQUIRE_MESSAGE(read_snapshot(v1, sample, error, &summary), error);
    CHECK(summary.version == 1);
    for (const Deal& d : sample.deals) CHECK(d.sync.legacy());
    // Written back as version 2, read again unchanged.
    const std::string v2 = write_snapshot(sample, T0);
    CHECK(v2.find("\"version\":2") != std::string::npos);
    Workspace again;
    REQUIRE(read_snapshot(v2, again, error));
    CHECK(deals_text(again) == deals_text(sample));

    // A workspace that came from the same file and changed a deal: importing the version-1 file
    // takes nothing silently where both differ (no revisions: a conflict), and adds what is new.
    Device mine(sample, "aaaa0001", 1);
    const std::string id = sample.deals[0].id;
    DealFields f = fields_of(*mine.ws().find_deal(id));
    f.title = "Renamed here";
    REQUIRE(mine.act(UpdateDeal{id, f, "", ""}));
    const std::string removed = sample.deals[1].id;
    Workspace without = sample;
    without.deals.erase(without.deals.begin() + 1);
    Device lean(without, "bbbb0001", 2);
    Workspace file;
    REQUIRE(read_snapshot(v1, file, error));
    MergeResult r = merge_workspaces(lean.ws(), file, {}, "bbbb0001", 5, T0);
    CHECK(r.added == 1);
    CHECK(r.conflicts == 0);
    MergeResult r2 = merge_workspaces(mine.ws(), file, {}, "aaaa0001", mine.store.ids().next_counter(T0 + 10), T0 + 10);
    CHECK(r2.conflicts == 1);
    REQUIRE(!r2.items.empty());
    CHECK(r2.items[0].conflicts[0].field == "title");
    CHECK(r2.items[0].conflicts[0].theirs == Text("import.as_is", {sample.deals[0].title}));
    CHECK(r2.items[0].conflicts[0].mine == Text("import.as_is", {"Renamed here"}));
    (void)removed;

    Workspace out;
    std::string newer = v2;
    newer.replace(newer.find("\"version\":2"), 11, "\"version\":3");
    CHECK_FALSE(read_snapshot(newer, out, error));
    CHECK(error == "This file was written by a newer Kariz (version 3); this one reads up to version 2.");
}

TEST_CASE("merge: partial exports carry who, when, which device and which part; their import only adds") {
    std::mt19937 rng(5);
    const Workspace base = generated_base(rng, 20);
    ExportInfo info{"u1", "Ana Silva", "aaaa0001", T0, "pipeline", "p2", "Partners"};
    const std::string text = write_snapshot(scoped_workspace(base, ExportScope{"pipeline", "p2", {}}), info);
    Workspace part;
    std::string error;
    SnapshotSummary s;
    REQUIRE_MESSAGE(read_snapshot(text, part, error, &s), error);
    CHECK(s.exporter_user_name == "Ana Silva");
    CHECK(s.exporter_device == "aaaa0001");
    CHECK(s.scope == "pipeline");
    CHECK(s.scope_name == "Partners");
    REQUIRE(part.pipelines.size() == 1);
    size_t in_p2 = 0;
    for (const Deal& d : base.deals) in_p2 += d.pipeline_id == "p2";
    CHECK(part.deals.size() == in_p2);
    for (const Deal& d : part.deals) CHECK(d.pipeline_id == "p2");

    Workspace owner = scoped_workspace(base, ExportScope{"owner", "u2", {}});
    for (const Deal& d : owner.deals) CHECK(d.owner_id == "u2");
    Workspace sel = scoped_workspace(base, ExportScope{"selection", "", {base.deals[3].id, base.deals[5].id}});
    CHECK(sel.deals.size() == 2);

    // Importing a part into a copy that has everything changes nothing and deletes nothing.
    Device c(base, "cccc0001", 3);
    MergeResult r = merge_workspaces(c.ws(), part, {}, "cccc0001", 9, T0);
    CHECK(r.changes_nothing());
}

TEST_CASE("merge: a file whose pipelines or owners are unknown still lands on the board") {
    std::mt19937 rng(9);
    const Workspace base = generated_base(rng, 6);
    Workspace other = base;
    other.pipelines[1].sync = Sync{Revision{"bbbb0001", 1, T0}, {{"bbbb0001", 1}}, {}};
    Device b(other, "bbbb0001", 2);
    REQUIRE(b.act(AddPipeline{"Export", {Stage{"", "Talk", 20, 0, {}, false}}}));
    const std::string pid = b.ws().pipelines.back().id;
    DealFields f{"Abroad", "", Contact{}, 10, "USD", "u2", DealSource::Inbound, {}, "", ""};
    REQUIRE(b.act(CreateDeal{f, pid, ""}));
    Device a(base, "aaaa0001", 1);
    MergeResult r = a.import_from(b);
    CHECK(r.added == 1);
    CHECK(a.ws().find_pipeline(pid));
    const Deal& d = a.ws().deals.back();
    CHECK(d.pipeline_id == pid);
}
