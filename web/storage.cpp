// Saving to IndexedDB: a change is written within a second, without any user action, and only
// the deals it touched are written (see web/page/kariz-db.js for the record layout).
#include <emscripten.h>
#include <cstring>
#include <memory>
#include "deal_record.h"
#include "tabsync.h"
#include "i18n.h"
#include "web_host.h"

extern "C" {
void kariz_idb_load();
void kariz_idb_save(const char* head, const char* puts, int puts_length, const char* deletes, int clear_all);
}

namespace kariz {

namespace {
bool g_blocked = false;        // stored data exists but could not be read: never overwrite it
bool g_in_flight = false;
DirtySet g_in_flight_set;      // put back into the store if the write fails
uint64_t g_seen_revision = 0;
double g_last_change_ms = 0, g_first_dirty_ms = 0, g_retry_after_ms = 0;
bool g_flush_requested = false;
double g_last_save_bytes = 0;
double g_save_started_ms = 0, g_last_save_ms = 0;
const double kQuietMs = 300, kMaxDelayMs = 1000, kRetryMs = 5000;
}  // namespace

void storage_start() { kariz_idb_load(); }

bool pieces_begin(std::unique_ptr<SnapshotPieces>& reader, const char* head, int expected_deals, std::string& error) {
    reader = std::make_unique<SnapshotPieces>();
    return reader->begin(head, (size_t)(expected_deals > 0 ? expected_deals : 0), error);
}
bool pieces_add(SnapshotPieces& reader, const char* records, int length, const uint32_t* ends, int count, std::string& error) {
    return reader.add_records(std::string_view(records, (size_t)(length > 0 ? length : 0)), ends, (size_t)(count > 0 ? count : 0), error);
}
bool storage_pending() { return g_in_flight || !shell().app.store.dirty().empty(); }
double storage_last_save_bytes() { return g_last_save_bytes; }
double storage_last_save_ms() { return g_last_save_ms; }
void storage_flush_now() { g_flush_requested = true; storage_tick(emscripten_get_now()); }

// One deal for kariz_idb_save: its id, a newline, its record's length in four bytes
// (little-endian, as wasm memory is), the record (core/deal_record.h; binary, so it cannot be
// delimited by a newline as the JSON was).
static void append_put(std::string& puts, const Deal& deal) {
    puts += deal.id;
    puts += '\n';
    const size_t length_at = puts.size();
    puts.append(4, '\0');
    append_deal_record(puts, deal);
    const uint32_t length = (uint32_t)(puts.size() - length_at - 4);
    std::memcpy(&puts[length_at], &length, 4);
}

static void write(const DirtySet& d) {
    const Workspace& ws = shell().app.store.ws();
    std::string head, puts, deletes;
    if (d.meta || d.all) head = snapshot_head(ws, shell().host.now());
    if (d.all) {
        for (const Deal& deal : ws.deals) append_put(puts, deal);
    } else {
        for (const std::string& id : d.deal_ids) {
            if (const Deal* deal = ws.find_deal(id)) append_put(puts, *deal);
            else deletes += (deletes.empty() ? "" : "\n") + id;
        }
    }
    g_last_save_bytes = (double)(head.size() + puts.size() + deletes.size());
    g_in_flight = true;
    g_in_flight_set = d;
    g_save_started_ms = emscripten_get_now();
    shell().app.storage_status = "storage.saving";
    tabs_save_started(d);
    kariz_idb_save(head.c_str(), puts.data(), (int)puts.size(), deletes.c_str(), d.all ? 1 : 0);
}

// THE place where "a save of these deals succeeded" happens: the transaction that wrote `saved`
// (its deal ids, the head if `meta`, everything if `all`) has committed. Anything that must follow
// a durable save (telling other tabs, for one) belongs here.
void storage_save_succeeded(const DirtySet& saved) {
    (void)saved;
}

void storage_tick(double now_ms) {
    App& app = shell().app;
    if (!app.storage_ready || g_blocked || g_in_flight) return;
    if (app.store.revision() != g_seen_revision) {
        g_seen_revision = app.store.revision();
        if (g_first_dirty_ms == 0) g_first_dirty_ms = now_ms;
        g_last_change_ms = now_ms;
    }
    if (app.store.dirty().empty()) {
        g_first_dirty_ms = 0;
        return;
    }
    if (now_ms < g_retry_after_ms && !g_flush_requested) return;
    // Wait for a short pause in editing (typing, dragging), but never longer than a second.
    bool due = now_ms - g_last_change_ms >= kQuietMs || now_ms - g_first_dirty_ms >= kMaxDelayMs;
    if (!due && !g_flush_requested) return;
    g_flush_requested = false;
    g_first_dirty_ms = 0;
    write(app.store.take_dirty());
}

}  // namespace kariz

using namespace kariz;

extern "C" {

// The stored board arrives in pieces (web/storage.js): the head, then batches of deals as IndexedDB
// reads them, then the end. Each batch is parsed on arrival, so parsing overlaps the read (issue 7).
// A piece that cannot be read stops it: the message shows, and the stored board is never overwritten.
static std::unique_ptr<SnapshotPieces> g_reading;

static void stored_board_unreadable(const std::string& error) {
    g_reading.reset();
    g_blocked = true;
    App& app = shell().app;
    app.storage_error = tr_plain(Text("storage.unreadable", {error}));
    g_seen_revision = app.store.revision();
    app.storage_ready = true;
}

EMSCRIPTEN_KEEPALIVE void kariz_storage_nothing_stored() {
    App& app = shell().app;
    g_seen_revision = app.store.revision();
    app.storage_ready = true;
}

// `head`: the snapshot text up to the deals (NUL-terminated). Returns 0 to stop the read.
EMSCRIPTEN_KEEPALIVE int kariz_storage_begin(const char* head, int expected_deals) {
    std::string error;
    if (pieces_begin(g_reading, head, expected_deals, error)) return 1;
    stored_board_unreadable(error);
    return 0;
}

// `length` bytes of `count` stored deal records, one separator byte between two; record i ends
// at ends[i] (SnapshotPieces::add_records). Returns 0 to stop the read.
EMSCRIPTEN_KEEPALIVE int kariz_storage_add(const char* records, int length, const uint32_t* ends, int count) {
    if (!g_reading) return 0;
    std::string error;
    if (pieces_add(*g_reading, records, length, ends, count, error)) return 1;
    stored_board_unreadable(error);
    return 0;
}

// Returns 0 when the stored board could not be read (the app says why and writes nothing).
EMSCRIPTEN_KEEPALIVE int kariz_storage_end() {
    if (!g_reading) return 0;
    Workspace ws;
    std::string error;
    // A board stored by a version that kept deals as JSON is stored again, as records, at once:
    // the next load reads it without parsing JSON.
    const bool old_format = g_reading->json_records() > 0;
    bool read = g_reading->finish(ws, error);
    g_reading.reset();
    timing_mark("kariz-snapshot-read");
    if (!read) {
        stored_board_unreadable(error);
        return 0;
    }
    App& app = shell().app;
    app.store.load(std::move(ws));
    timing_mark("kariz-store-loaded");
    if (!app.store.ws().pipelines.empty()) app.pipeline_id = app.store.ws().pipelines.front().id;
    app.storage_status = "storage.saved";
    g_seen_revision = app.store.revision();
    app.storage_ready = true;
    if (old_format) {
        DirtySet everything;
        everything.all = true;
        app.store.restore_dirty(everything);
    }
    return 1;
}

EMSCRIPTEN_KEEPALIVE void kariz_storage_failed(const char* message) {
    App& app = shell().app;
    app.storage_error = tr_plain(Text("storage.unavailable", {std::string(message)}));
    g_blocked = true;
    app.storage_ready = true;
}

EMSCRIPTEN_KEEPALIVE void kariz_storage_saved() {
    g_in_flight = false;
    tabs_save_finished(true);
    g_last_save_ms = emscripten_get_now() - g_save_started_ms;
    DirtySet saved = g_in_flight_set;
    g_in_flight_set = DirtySet{};
    g_retry_after_ms = 0;
    App& app = shell().app;
    app.storage_error.clear();
    app.storage_status = "storage.saved";
    storage_save_succeeded(saved);
}

EMSCRIPTEN_KEEPALIVE void kariz_storage_saved_error(const char* message) {
    g_in_flight = false;
    tabs_save_finished(false);
    App& app = shell().app;
    // Keep the in-memory state and try again: no edit is dropped because a write failed.
    app.store.restore_dirty(g_in_flight_set);
    g_in_flight_set = DirtySet{};
    g_retry_after_ms = emscripten_get_now() + kRetryMs;
    app.storage_error = tr_plain(Text("storage.not_saved", {std::string(message)}));
}

}  // extern "C"
