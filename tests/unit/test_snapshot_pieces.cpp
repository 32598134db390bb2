// SnapshotPieces: a stored board read head first, then batch by batch, must read exactly as
// read_snapshot() reads the joined text (web/storage.js joins head + batches with commas + "]}"):
// the same workspace, index and summary, the same refusals with the same messages, and nothing
// a stored batch says can get it out of the deals array.
#include <doctest/doctest.h>

#include <sys/mman.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "snapshot.h"
#include "store.h"
#include "test_fixtures.h"

using namespace kariz;

namespace {

const Time kT0 = 1795000000;
const Time kExport = kT0 + 40 * 86400;

// The text read_snapshot would get from the browser: head, the non-empty batches with commas, "]}".
std::string joined(const std::string& head, const std::vector<std::string>& batches) {
    std::string s = head;
    bool first = true;
    for (const std::string& b : batches) {
        if (b.empty()) continue;
        if (!first) s += ',';
        s += b;
        first = false;
    }
    return s + "]}";
}

struct Read {
    bool ok = false;
    std::string error;
    Workspace ws;
    SnapshotSummary summary;
};

Read whole(const std::string& text) {
    Read r;
    r.ok = read_snapshot(text, r.ws, r.error, &r.summary);
    return r;
}

Read in_pieces(const std::string& head, const std::vector<std::string>& batches, size_t hint) {
    Read r;
    SnapshotPieces pieces;
    r.ok = pieces.begin(head, hint, r.error);
    for (const std::string& b : batches)
        if (r.ok) r.ok = pieces.add_deals(b, r.error);
    if (r.ok) r.ok = pieces.finish(r.ws, r.error, &r.summary);
    return r;
}

void check_same(const Read& a, const Read& b) {
    REQUIRE_MESSAGE(a.ok, a.error);
    REQUIRE_MESSAGE(b.ok, b.error);
    CHECK(write_snapshot(a.ws, kExport) == write_snapshot(b.ws, kExport));
    CHECK(a.ws.deals.size() == b.ws.deals.size());
    CHECK(a.ws.deal_index == b.ws.deal_index);
    CHECK(b.ws.index_is_current());
    CHECK(a.ws.tombstones.size() == b.ws.tombstones.size());
    const SnapshotSummary &x = a.summary, &y = b.summary;
    CHECK(x.version == y.version);
    CHECK(x.exported_at == y.exported_at);
    CHECK(x.pipelines == y.pipelines);
    CHECK(x.users == y.users);
    CHECK(x.deals == y.deals);
    CHECK(x.open_deals == y.open_deals);
    CHECK(x.exporter_user_id == y.exporter_user_id);
    CHECK(x.exporter_user_name == y.exporter_user_name);
    CHECK(x.exporter_device == y.exporter_device);
    CHECK(x.scope == y.scope);
    CHECK(x.scope_id == y.scope_id);
    CHECK(x.scope_name == y.scope_name);
}

Workspace asset_sample() { return load_sample_workspace(); }

// A board built through the Store, as a person would: Persian and Arabic text, three pipelines,
// moves (histories), won/lost/disqualified deals, activities and criteria, deletions (tombstones),
// and the revisions and field stamps of version 2.
Workspace generated() {
    Workspace base;
    base.users = {User{"u1", "مریم رضایی", "MR", Role::Manager, {}}, User{"u2", "عمر حداد", "OH", Role::Seller, {}},
                  User{"u3", "Ana Silva", "AS", Role::Seller, {}}};
    base.settings.current_user_id = "u1";
    base.settings.company_name = "شرکت کاریز";
    base.pipelines = {Pipeline{"p1", "فروش", {Stage{"s0", "Unsorted", 0, 0, {}, false}, Stage{"s1", "سرنخ", 10, 7, {}, false},
                                             Stage{"s2", "پیشنهاد", 50, 14, {}, false}, Stage{"s3", "Close", 80, 21, {}, false}},
                               "bant", {}},
                      Pipeline{"p2", "الشركاء", {Stage{"q0", "Unsorted", 0, 0, {}, false}, Stage{"q1", "محادثة", 30, 10, {}, false}}, "meddic", {}},
                      Pipeline{"p3", "Renewals", {Stage{"r0", "Unsorted", 0, 0, {}, false}, Stage{"r1", "Due", 50, 30, {}, false}}, "bant", {}}};
    Store store;
    store.load(base);
    store.ids().reseed(11);
    store.ids().device = "dev00042";
    Time now = kT0;
    const char* titles[] = {"قرارداد پشتیبانی", "توريد أجهزة", "Website \"redesign\"", "تمدید لایسنس", "Line one\nLine two\ttab \\ slash"};
    const char* orgs[] = {"شرکت پارس", "مجموعة الخليج", "Northwind", ""};
    const char* pipelines[] = {"p1", "p2", "p3"};
    for (int i = 0; i < 60; ++i) {
        DealFields f;
        f.title = std::string(titles[i % 5]) + " " + std::to_string(i);
        f.organization = orgs[i % 4];
        f.contact = Contact{"تماس " + std::to_string(i), "c" + std::to_string(i) + "@example.com", "+98 21 " + std::to_string(i)};
        f.value = 1000 * i + 7;
        f.currency = i % 3 ? "EUR" : "IRR";
        f.owner_id = i % 4 ? (i % 2 ? "u2" : "u3") : "";
        f.labels = i % 2 ? std::vector<std::string>{"داغ"} : std::vector<std::string>{"hot", "enterprise"};
        f.expected_close = i % 3 ? "2027-01-15" : "";
        f.notes = i % 5 == 4 ? "یادداشت \"مهم\"\n\u200Fسطر دوم" : "";
        REQUIRE(store.dispatch(CreateDeal{f, pipelines[i % 3], ""}, now += 60));
    }
    const std::vector<Deal> deals = store.ws().deals;
    for (size_t i = 0; i < deals.size(); ++i) {
        const std::string& id = deals[i].id;
        if (deals[i].pipeline_id == "p1") {
            store.dispatch(MoveDeal{id, "", "s1", ""}, now += 60);
            if (i % 2) store.dispatch(MoveDeal{id, "", "s2", "بودجه تایید شد"}, now += 60);
            store.dispatch(SetCriterion{id, CriterionAnswer{"budget", CriterionState::Met, "OK"}}, now += 60);
        }
        if (i % 4 == 1) store.dispatch(LogActivity{id, Activity{"", ActivityKind::Call, true, false, 0, "تماس " + std::to_string(i)}}, now += 60);
        if (i % 7 == 2) store.dispatch(MarkWon{id}, now += 60);
        if (i % 7 == 3) store.dispatch(MarkLost{id, "بودجه ندارد"}, now += 60);
        if (i % 11 == 5) store.dispatch(Disqualify{id, "no_budget", "nobody answers"}, now += 60);
        if (i % 9 == 8) store.dispatch(SetPriority{id, 2}, now += 60);
        if (i % 13 == 6) store.dispatch(DeleteDeal{id}, now += 60);
    }
    Workspace ws = store.ws();
    REQUIRE(ws.deals.size() > 50);
    REQUIRE_FALSE(ws.tombstones.empty());
    return ws;
}

// A case of a board to read: its head and its deals' JSON, one string per deal.
struct Board {
    std::string head;
    std::vector<std::string> deals;
};

Board board_of(const Workspace& ws, const ExportInfo* info) {
    Board b;
    b.head = info ? snapshot_head(ws, info->time, info) : snapshot_head(ws, kExport);
    for (const Deal& d : ws.deals) b.deals.push_back(deal_to_json(d));
    return b;
}

std::vector<std::string> split(const std::vector<std::string>& deals, size_t per) {
    std::vector<std::string> out;
    for (size_t i = 0; i < deals.size(); ++i) {
        if (i % per == 0) out.emplace_back();
        else out.back() += ',';
        out.back() += deals[i];
    }
    return out;
}

ExportInfo export_info() {
    ExportInfo info;
    info.user_id = "u1";
    info.user_name = "مریم رضایی";
    info.device = "dev00042";
    info.time = kExport;
    info.scope = "pipeline";
    info.scope_id = "p1";
    info.scope_name = "فروش";
    return info;
}

std::vector<Board> boards() {
    const ExportInfo info = export_info();
    std::vector<Board> out = {board_of(asset_sample(), nullptr), board_of(generated(), &info), board_of(generated(), nullptr)};
    Board v1 = board_of(asset_sample(), nullptr);  // a version-1 head reads (upgraded) the same way
    const size_t at = v1.head.find("\"version\":2");
    REQUIRE(at != std::string::npos);
    v1.head.replace(at, 11, "\"version\":1");
    out.push_back(v1);
    return out;
}

}  // namespace

TEST_CASE("snapshot pieces: boards read in batches of 1, 7, all and with empty ones equal read_snapshot") {
    int boards_read = 0;
    for (const Board& b : boards()) {
        CAPTURE(boards_read);
        const Read expected = whole(joined(b.head, split(b.deals, b.deals.size())));
        REQUIRE_MESSAGE(expected.ok, expected.error);
        const size_t n = b.deals.size();
        std::vector<std::vector<std::string>> splits = {split(b.deals, 1), split(b.deals, 7), split(b.deals, n), {}};
        // Empty batches anywhere (first, between, last), as empty chunk records would be.
        std::vector<std::string> with_empty = {""};
        for (const std::string& s : split(b.deals, 7)) with_empty.insert(with_empty.end(), {s, ""});
        splits.push_back(with_empty);
        // Batches of only spaces hold no deals either (joined with commas they would not parse).
        std::vector<std::string> with_spaces = {" \n"};
        for (const std::string& s : split(b.deals, 7)) with_spaces.insert(with_spaces.end(), {" " + s + "\n", "  "});
        splits.push_back(with_spaces);
        for (size_t k = 0; k < splits.size(); ++k) {
            CAPTURE(k);
            const bool no_deals = splits[k].empty();
            const Read want = no_deals ? whole(b.head + "]}") : expected;
            if (no_deals) REQUIRE_MESSAGE(want.ok, want.error);
            // The hint: exact, none, far too small, far too large.
            for (size_t hint : {n, size_t(0), size_t(1), 50 * n + 1000}) {
                CAPTURE(hint);
                const Read got = in_pieces(b.head, splits[k], hint);
                check_same(want, got);
                // make_room's growth or a wrong hint leaves no more spare room than read_snapshot allows.
                CHECK(got.ws.deals.capacity() - got.ws.deals.size() <= got.ws.deals.size() / 4 + 16);
            }
        }
        ++boards_read;
    }
    CHECK(boards_read == 4);
}

TEST_CASE("snapshot pieces: paths count deals across batches") {
    const Board b = board_of(generated(), nullptr);
    std::vector<std::string> deals = b.deals;
    const size_t at = deals[10].find("\"value\":");
    REQUIRE(at != std::string::npos);
    deals[10].insert(at + 8, "-");
    const std::vector<std::string> batches = split(deals, 7);
    const Read expected = whole(joined(b.head, batches));
    CHECK(expected.error == "deals[10].value: must not be negative");
    CHECK(in_pieces(b.head, batches, 0).error == "deals[10].value: must not be negative");
}

// Thousands of damaged stored boards: bytes of one batch changed, deleted, inserted or cut off
// (and sometimes of the head). Pieces must accept exactly what read_snapshot accepts from the
// joined text, read it the same, and name the same deal when read_snapshot names one.
TEST_CASE("snapshot pieces: accept and refuse as read_snapshot on 6,000 damaged boards") {
    const std::vector<Board> all = boards();
    const char pool[] = "\"\\{}[],:0-1.eE+ tfnulrxZ5a\x80\xc3\xa9\xed\xff\x01u/";
    uint32_t seed = 4242;
    auto rnd = [&](uint32_t n) { seed = seed * 1664525u + 1013904223u; return (seed >> 8) % n; };
    auto damage = [&](std::string& t) {
        for (uint32_t k = 0, edits = 1 + rnd(2); k < edits && !t.empty(); ++k) {
            const size_t at = rnd(static_cast<uint32_t>(t.size()));
            const char c = pool[rnd(sizeof pool - 1)];
            switch (rnd(8)) {
                case 0: case 1: case 2: t[at] = c; break;
                case 3: case 4: t.erase(at, 1); break;
                case 5: case 6: t.insert(at, 1, c); break;
                default: t.resize(at); break;
            }
        }
    };
    int accepted = 0, deal_paths = 0, syntax = 0, other = 0;
    for (int round = 0; round < 6000; ++round) {
        const Board& b = all[round % all.size()];
        const size_t per = std::vector<size_t>{1, 7, b.deals.size()}[rnd(3)];
        std::vector<std::string> batches = split(b.deals, per);
        std::string head = b.head;
        const bool in_head = rnd(10) == 0;
        const size_t which = rnd(static_cast<uint32_t>(batches.size()));
        std::string& damaged = in_head ? head : batches[which];
        const std::string undamaged = damaged;
        damage(damaged);
        const std::string text = joined(head, batches);
        const Read want = whole(text);
        const Read got = in_pieces(head, batches, b.deals.size());
        // Where the damage is, not the whole text: the first byte that differs and what follows.
        size_t from = 0;
        while (from < damaged.size() && from < undamaged.size() && damaged[from] == undamaged[from]) ++from;
        const std::string excerpt = damaged.substr(from > 60 ? from - 60 : 0, 160);
        CAPTURE(round);
        CAPTURE(in_head);
        CAPTURE(excerpt);
        CAPTURE(want.error);
        CAPTURE(got.error);
        REQUIRE(want.ok == got.ok);
        if (want.ok) {
            ++accepted;
            check_same(want, got);
        } else if (want.error.rfind("deals[", 0) == 0) {
            ++deal_paths;
            REQUIRE(got.error == want.error);
        } else if (want.error.rfind("file is ", 0) == 0) {
            ++syntax;  // where the joined text breaks, the pieces say which stored part does
            const bool batch_says = got.error.rfind("deals: a stored batch of deals is ", 0) == 0;
            const bool head_says = got.error.rfind("file is ", 0) == 0 || got.error == "deals: the stored head does not end where the deals begin";
            CHECK((batch_says || head_says));
        } else {
            ++other;
            // A damaged head may end outside the deals array (cut after "users":[{..},): the joined
            // text then reads deals as users and says so, the pieces refuse the head itself.
            if (!in_head) REQUIRE(got.error == want.error);
        }
    }
    MESSAGE("accepted ", accepted, ", deal paths ", deal_paths, ", syntax ", syntax, ", other ", other);
    // The damage must give every kind of outcome, or this checks little.
    CHECK(accepted > 300);
    CHECK(deal_paths > 300);
    CHECK(syntax > 1000);
    CHECK(other > 20);
}

TEST_CASE("snapshot pieces: a batch cannot leave the deals array") {
    const Board b = board_of(generated(), nullptr);
    const std::string& d0 = b.deals[0];
    const std::string& d1 = b.deals[1];
    auto refused = [&](const std::string& batch) {
        const Read r = in_pieces(b.head, {d0, batch}, 2);
        CHECK_FALSE(r.ok);
        return r.error;
    };
    CHECK(refused(d1 + "],\"deals\":[" + b.deals[2]) == "deals: a stored batch of deals is not a list of deals");
    CHECK(refused(d1 + "],\"format\":\"x\",\"x\":[") == "deals: a stored batch of deals is not a list of deals");
    CHECK(refused(d1 + "],\"tombstones\":[],\"x\":[" + b.deals[2]) == "deals: a stored batch of deals is not a list of deals");
    // Closing the root as well leaves text after it: not JSON, whatever follows.
    CHECK(refused(d1 + "]},\"deals\":[" + b.deals[2]).rfind("deals: a stored batch of deals is not valid JSON (line 1, column ", 0) == 0);
    CHECK(refused(d1 + "],\"format\":\"x\"").rfind("deals: a stored batch of deals is not valid JSON (line 1, column ", 0) == 0);
    CHECK(refused("]}") == "deals: a stored batch of deals is not valid JSON (line 1, column 3): unexpected ']'; expected end of input");
    CHECK(refused(d1 + "]}garbage").rfind("deals: a stored batch of deals is not valid JSON", 0) == 0);
    CHECK(refused(d1 + ",").rfind("deals: a stored batch of deals is not valid JSON (line 1, column ", 0) == 0);
    // Lines and columns count in the batch: the bad byte here is the batch's fourth, on line 2.
    CHECK(refused("\n  x") == "deals: a stored batch of deals is not valid JSON (line 2, column 3): invalid literal");
    CHECK(refused("{\"title\":\"cut") == "deals: a stored batch of deals is not valid JSON: it ends too early (is it cut off?)");
    CHECK(refused(std::string(40, '[')) == "deals: a stored batch of deals is nested too deeply (more than 16 levels)");

    // The head must end where the deals begin: not in another array, not after deals of its own.
    Read r = in_pieces(b.head + "],\"x\":[", {d0}, 1);
    CHECK(r.error == "deals: the stored head does not end where the deals begin");
    r = in_pieces(b.head + d0, {d1}, 1);
    CHECK(r.error == "deals: the stored head does not end where the deals begin");
    r = in_pieces(b.head + "]}", {d0}, 1);  // a whole snapshot as the head: not JSON once closed
    CHECK(r.error.rfind("file is not valid JSON (line 1, column ", 0) == 0);
    r = in_pieces(b.head + "],\"deals\":[", {d0}, 1);
    CHECK(r.error == "deals: the field appears more than once");
    r = in_pieces(b.head.substr(0, b.head.find("\"users\"") + 3), {d0}, 1);  // cut inside a string
    CHECK(r.error == "file is not valid JSON: it ends too early (is it cut off?)");
}

TEST_CASE("snapshot pieces: ids and references are checked across batches") {
    const Workspace ws = generated();
    const Board b = board_of(ws, nullptr);
    // The same deal again in a later batch: read_snapshot's duplicate-id message, counted across.
    std::vector<std::string> batches = split(b.deals, 7);
    batches.push_back(b.deals[3]);
    Read want = whole(joined(b.head, batches));
    Read got = in_pieces(b.head, batches, b.deals.size());
    CHECK(want.error == "deals[" + std::to_string(b.deals.size()) + "].id: duplicate id \"" + ws.deals[3].id + "\"");
    CHECK(got.error == want.error);

    Deal lost = ws.deals[5];
    lost.id = "a-new-id";
    lost.stage_id = "no-such-stage";
    batches = split(b.deals, 7);
    batches.insert(batches.begin() + 2, deal_to_json(lost));
    want = whole(joined(b.head, batches));
    got = in_pieces(b.head, batches, 0);
    CHECK(want.error == "deals[14].stage_id: no stage \"no-such-stage\" in pipeline \"" + lost.pipeline_id + "\"");
    CHECK(got.error == want.error);
}

TEST_CASE("snapshot pieces: the size limit counts the head, every batch and the commas between them") {
    const Board b = board_of(generated(), nullptr);
    // Address space only: a view of it longer than the limit must be refused before a byte of it
    // is read (reading would fault), so no 256 MB are built.
    const size_t span = kMaxSnapshotBytes + 4096;
    void* area = mmap(nullptr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    REQUIRE(area != MAP_FAILED);
    const char* none = static_cast<const char*>(area);
    const std::string too_large = "file is too large (257 MB, at most 256 MB)";
    std::string error;
    {
        SnapshotPieces p;  // the head alone, once closed with "]}"
        CHECK_FALSE(p.begin(std::string_view(none, kMaxSnapshotBytes - 1), 0, error));
        CHECK(error == too_large);
    }
    {
        SnapshotPieces p;  // head + "]}" + one batch
        REQUIRE(p.begin(b.head, 0, error));
        CHECK_FALSE(p.add_deals(std::string_view(none, kMaxSnapshotBytes - b.head.size() - 1), error));
        CHECK(error == too_large);
    }
    {
        SnapshotPieces p;  // exactly at the limit but for the comma before the second batch
        REQUIRE(p.begin(b.head, 0, error));
        REQUIRE(p.add_deals(b.deals[0], error));
        CHECK_FALSE(p.add_deals(std::string_view(none, kMaxSnapshotBytes - b.head.size() - 2 - b.deals[0].size()), error));
        CHECK(error == too_large);
        Workspace out;
        CHECK_FALSE(p.finish(out, error));  // and the failure sticks
        CHECK(error == too_large);
    }
    munmap(area, span);
}

TEST_CASE("snapshot pieces: misuse returns false with a reason, and the first failure sticks") {
    const Board b = board_of(generated(), nullptr);
    Workspace out = asset_sample();
    const std::string before = write_snapshot(out, kExport);
    std::string error;
    {
        SnapshotPieces p;
        CHECK_FALSE(p.add_deals(b.deals[0], error));
        CHECK(error == "reading a snapshot in pieces: add_deals() called before begin()");
        error.clear();
        CHECK_FALSE(p.begin(b.head, 1, error));  // sticks, even for a good head
        CHECK(error == "reading a snapshot in pieces: add_deals() called before begin()");
    }
    {
        SnapshotPieces p;
        CHECK_FALSE(p.finish(out, error));
        CHECK(error == "reading a snapshot in pieces: finish() called before begin()");
    }
    {
        SnapshotPieces p;
        REQUIRE(p.begin(b.head, 1, error));
        CHECK_FALSE(p.begin(b.head, 1, error));
        CHECK(error == "reading a snapshot in pieces: begin() called after begin()");
    }
    {
        SnapshotPieces p;  // finish twice: the second leaves `out` alone
        REQUIRE(p.begin(b.head, 1, error));
        REQUIRE(p.add_deals(b.deals[0], error));
        Workspace first;
        REQUIRE(p.finish(first, error));
        CHECK(first.deals.size() == 1);
        CHECK_FALSE(p.finish(out, error));
        CHECK(error == "reading a snapshot in pieces: finish() called after finish()");
        CHECK_FALSE(p.add_deals(b.deals[1], error));
        CHECK(error == "reading a snapshot in pieces: finish() called after finish()");
    }
    {
        SnapshotPieces p;  // a bad deal: every later call says the same, `out` and the summary stay
        REQUIRE(p.begin(b.head, 1, error));
        CHECK_FALSE(p.add_deals(b.deals[0] + ",5", error));
        const std::string first = "deals[1]: expected an object";
        CHECK(error == first);
        CHECK_FALSE(p.add_deals(b.deals[1], error));
        CHECK(error == first);
        SnapshotSummary summary;
        summary.deals = 99;
        CHECK_FALSE(p.finish(out, error, &summary));
        CHECK(error == first);
        CHECK(summary.deals == 99);
        CHECK_FALSE(p.begin(b.head, 1, error));
        CHECK(error == first);
    }
    {
        SnapshotPieces p;  // a bad head
        CHECK_FALSE(p.begin("{\"format\":\"trello\",\"deals\":[", 0, error));
        CHECK(error == "format: expected \"kariz.snapshot\"");
        CHECK_FALSE(p.add_deals(b.deals[0], error));
        CHECK(error == "format: expected \"kariz.snapshot\"");
        CHECK_FALSE(p.finish(out, error));
        CHECK(error == "format: expected \"kariz.snapshot\"");
    }
    {
        SnapshotPieces p;  // fails at finish (a reference): `out` stays
        REQUIRE(p.begin(b.head, 1, error));
        std::string d = b.deals[0];
        const size_t at = d.find("\"pipeline_id\":\"");
        REQUIRE(at != std::string::npos);
        d.insert(at + 15, "zz");
        REQUIRE(p.add_deals(d, error));
        CHECK_FALSE(p.finish(out, error));
        CHECK(error.rfind("deals[0].pipeline_id: no pipeline \"zz", 0) == 0);
    }
    CHECK(write_snapshot(out, kExport) == before);
}
