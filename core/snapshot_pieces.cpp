// SnapshotPieces (snapshot.h): a stored board read while its pieces still arrive, by the steps of
// read_snapshot() (snapshot_read.h), so both accept the same boards and say the same about the rest.
//
// The head ends inside the deals array, so it is parsed closed (head + "]}"): a snapshot without
// deals, checked as read_snapshot checks a file's top level. Each batch is parsed wrapped as
// {"deals":[batch]}, so the same streaming parser hands its deals over one at a time and they are
// read in place, as in read_snapshot; only the wrapper's text is new (one copy of the batch).
#include "snapshot.h"

#include <algorithm>
#include <utility>

#include "deal_record.h"
#include "json_view.h"
#include "snapshot_read.h"

namespace kariz {
namespace {

// What a batch is wrapped in to be a JSON document. Messages count lines and columns from the
// batch's first byte, after kBatchOpen.
constexpr std::string_view kBatchOpen = "{\"deals\":[";
constexpr std::string_view kBatchClose = "]}";

}  // namespace

struct SnapshotPieces::State {
    enum class Step { Head, Deals, Done, Failed };
    Step step = Step::Head;
    std::string error;       // the first failure, returned by every later call
    Workspace ws;            // filled as the pieces come, moved out by finish()
    SnapshotSummary head;    // version, exported_at, exporter, scope (read_snapshot_top)
    size_t bytes = 0;        // the joined text so far: head, batches, a comma between two, "]}"
    bool any_batch = false;  // a non-empty batch came: the next one is joined after a comma
    size_t json_records = 0; // deals that came as JSON (add_deals), not as deal records
    std::string text;        // the piece being parsed, closed or wrapped; reused from batch to batch
    jsonv::Parser parser;
    jsonv::Doc doc;

    bool fail(std::string message, std::string& out) {
        step = Step::Failed;
        error = std::move(message);
        out = error;
        // Nothing read so far is used any more: a failed 100k-deal board gives its memory back now,
        // not when the reader goes.
        ws = Workspace();
        text = std::string();
        doc = jsonv::Doc();
        return false;
    }

    // Whether `call` may run now (the reader is at `want`); if not, `out` says why. A failure sticks.
    bool ready(Step want, const char* call, std::string& out) {
        if (step == want) return true;
        if (step == Step::Failed) {
            out = error;
            return false;
        }
        const char* when = step == Step::Head ? "before begin()" : step == Step::Deals ? "after begin()" : "after finish()";
        return fail(std::string("reading a snapshot in pieces: ") + call + " called " + when, out);
    }
};

SnapshotPieces::SnapshotPieces() : s_(std::make_unique<State>()) {}
SnapshotPieces::~SnapshotPieces() = default;

bool SnapshotPieces::begin(std::string_view head, size_t expected_deals, std::string& error) {
    State& s = *s_;
    if (!s.ready(State::Step::Head, "begin()", error)) return false;
    std::string message;
    // The size limit first: a head too large is not copied.
    if (!snapshot_fits(head.size() + kBatchClose.size(), message)) return s.fail(std::move(message), error);
    s.text.assign(head.data(), head.size());
    s.text += kBatchClose;
    size_t head_deals = 0;
    s.parser.stream_key = "deals";
    s.parser.on_stream = [&head_deals](const jsonv::Doc&, size_t) { ++head_deals; };
    const bool parsed = parse_json_text(s.text, s.parser, s.doc, message);
    s.parser.on_stream = nullptr;  // it points at a local
    if (!parsed || !read_snapshot_top(s.doc, s.parser.stream_keys, s.ws, s.head, message)) return s.fail(std::move(message), error);
    // The "]" added above must close "deals", the root's last member, and nothing may stand in it
    // yet; otherwise the batches would land in another member (a head ending `"deals":[],"x":[`)
    // or after deals the head already holds (which the joined text would not accept either).
    jsonv::Value last;
    for (jsonv::Value member : s.doc.root()) last = member;
    if (head_deals > 0 || !last || last.key() != "deals")
        return s.fail("deals: the stored head does not end where the deals begin", error);
    // The hint saves make_room's growing (each growth moves every deal read so far); when it is too
    // small make_room grows by half, when too large finish() gives the rest back.
    s.ws.deals.reserve(std::min(expected_deals, kMaxDeals));
    s.bytes = s.text.size();
    s.step = State::Step::Deals;
    return true;
}

bool SnapshotPieces::add_deals(std::string_view batch, std::string& error) {
    State& s = *s_;
    if (!s.ready(State::Step::Deals, "add_deals()", error)) return false;
    if (batch.empty()) return true;  // an empty chunk record: web/storage.js leaves it out of the joined text
    // The limit holds for the joined text, counted as read_snapshot would count it, before the
    // batch is copied.
    std::string message;
    const size_t bytes = s.bytes + batch.size() + (s.any_batch ? 1 : 0);
    if (!snapshot_fits(bytes, message)) return s.fail(std::move(message), error);
    s.text.assign(kBatchOpen.data(), kBatchOpen.size());
    s.text.append(batch.data(), batch.size());
    s.text.append(kBatchClose.data(), kBatchClose.size());

    const size_t before = s.ws.deals.size();  // deals of the earlier batches: paths count on from there
    std::string deal_error;                   // the batch's first bad deal, reported if it parses
    size_t streamed = 0;
    s.parser.stream_key = "deals";
    s.parser.on_stream = [&](const jsonv::Doc& deal, size_t i) {
        ++streamed;
        if (!deal_error.empty()) return;  // a syntax error later in the batch still wins, as in read_snapshot
        read_snapshot_deal(deal, before + i, s.ws.deals, 0, 0, 0, deal_error);
    };
    s.parser.max_depth = kMaxJsonDepth;
    const bool parsed = s.parser.parse(s.text, s.doc);
    s.parser.on_stream = nullptr;  // it points at locals
    if (!parsed) return s.fail(not_json_message(s.parser.error, s.text, kBatchOpen.size(), "deals: a stored batch of deals"), error);
    // A stored batch must stay inside the array. `{..}],"x":[{..}` parses, but in the joined text
    // its last deal would land in "x"; `{..}],"deals":[{..}` would be a second "deals".
    if (s.parser.stream_keys != 1 || s.doc.root().size() != 1)
        return s.fail("deals: a stored batch of deals is not a list of deals", error);
    if (!deal_error.empty()) return s.fail(std::move(deal_error), error);
    if (streamed == 0) return true;  // only spaces: empty as well (joined after a comma it would not parse)
    s.json_records += streamed;
    s.bytes = bytes;
    s.any_batch = true;
    return true;
}

bool SnapshotPieces::add_records(std::string_view bytes, const uint32_t* ends, size_t count, std::string& error) {
    State& s = *s_;
    if (!s.ready(State::Step::Deals, "add_records()", error)) return false;
    size_t start = 0;             // where record i begins
    size_t json_from = SIZE_MAX;  // where the run of JSON records being gathered begins
    size_t json_to = 0;
    auto read_json_run = [&]() {
        const bool ok = json_from == SIZE_MAX || add_deals(bytes.substr(json_from, json_to - json_from), error);
        json_from = SIZE_MAX;
        return ok;
    };
    for (size_t i = 0; i < count; ++i) {
        if (ends[i] < start || ends[i] > bytes.size()) return s.fail("deals: the stored records' bounds are damaged", error);
        const std::string_view record = bytes.substr(start, ends[i] - start);
        start = size_t(ends[i]) + 1;
        if (!is_deal_record(record)) {
            if (json_from == SIZE_MAX) json_from = record.data() - bytes.data();
            json_to = ends[i];
            continue;
        }
        if (!read_json_run()) return false;  // add_deals failed: the reader holds the error
        std::string message;
        const size_t total = s.bytes + record.size() + 1;
        if (!snapshot_fits(total, message) || !read_stored_deal(record, s.ws.deals.size(), s.ws.deals, message))
            return s.fail(std::move(message), error);
        s.bytes = total;
    }
    return read_json_run();
}

size_t SnapshotPieces::json_records() const { return s_->json_records; }

bool SnapshotPieces::finish(Workspace& out, std::string& error, SnapshotSummary* summary) {
    State& s = *s_;
    if (!s.ready(State::Step::Deals, "finish()", error)) return false;
    std::string message;
    if (!read_snapshot_end(s.ws, s.head, out, summary, message)) return s.fail(std::move(message), error);
    s.step = State::Step::Done;
    // The last batch's text and nodes are not needed any more.
    s.text = std::string();
    s.doc = jsonv::Doc();
    return true;
}

}  // namespace kariz
