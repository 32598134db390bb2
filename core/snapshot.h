// Snapshot JSON: the exchange format of Kariz (export/import files) and of the browser storage.
//   {"format": "kariz.snapshot", "version": 1, "exported_at": "...Z",
//    "settings": {...}, "users": [...], "pipelines": [...], "deals": [...]}
// "deals" is always written last, so storage can keep the head and the deals as separate records
// and hand them to SnapshotPieces as they are read (see web/page/kariz-db.js).
// Reading validates everything and names the place of the first problem
// ("deals[3].value: expected an integer"); on failure the output workspace is left untouched.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include "model.h"

namespace kariz {

// Version 2 adds merge bookkeeping ("rev", "seen", "stamps" on deals, pipelines, users and settings),
// "tombstones", "exporter" and "scope" (core/merge.h); all optional, so version-1 files read as
// they are (upgraded: no revisions). The published JSON Schema is assets/snapshot.schema.json.
constexpr int kSnapshotVersion = 2;
constexpr size_t kMaxSnapshotBytes = 256u * 1024 * 1024;  // a 100k-deal board is ~60 MB
constexpr int kMaxJsonDepth = 16;                          // the format itself needs 5
constexpr size_t kMaxStringBytes = 20000;                  // longest allowed field (notes)
constexpr size_t kMaxDeals = 1000000;
constexpr size_t kMaxHistory = 1000;                       // stage visits per deal

struct SnapshotSummary {
    int version = 0;
    std::string exported_at;  // as written in the file, may be empty
    size_t pipelines = 0, users = 0, deals = 0, open_deals = 0;
    std::string exporter_user_id, exporter_user_name, exporter_device;  // version 2
    std::string scope = "workspace", scope_id, scope_name;              // what part was exported
};

// Who exports, from which device, and which part (core/merge.h ExportScope) for the file's head.
struct ExportInfo {
    std::string user_id, user_name, device;
    Time time = 0;
    std::string scope = "workspace", scope_id, scope_name;
};
std::string write_snapshot(const Workspace& ws, const ExportInfo& info);
std::string snapshot_head(const Workspace& ws, Time exported_at, const ExportInfo* info);
// Records as written in a snapshot (used to tell whether one changed).
std::string pipeline_to_json(const Pipeline& p);
std::string user_to_json(const User& u);
std::string settings_to_json(const Settings& s);

std::string write_snapshot(const Workspace& ws, Time exported_at);
// Everything of write_snapshot() up to and including `"deals":[` (no deals, no closing).
std::string snapshot_head(const Workspace& ws, Time exported_at);
// One deal as the JSON object that stands in the "deals" array.
std::string deal_to_json(const Deal& d);

// On success fills `out` (with its deal_index built) and `summary`; on failure sets `error` and
// leaves `out` as it was.
// A view, so text handed over from JavaScript (a const char*) is parsed where it lies, not copied.
bool read_snapshot(std::string_view text, Workspace& out, std::string& error, SnapshotSummary* summary = nullptr);

// Reads a snapshot that arrives in pieces, as a stored board does (web/page/kariz-db.js reads it
// chunk by chunk; web/storage.js hands each chunk over while IndexedDB is still reading the rest):
// begin() with the head, add_deals() per batch of deals, then finish(). Same checks and messages as
// read_snapshot() on the joined text (paths count deals across batches: "deals[1503].value: ...");
// the first failure sticks: later calls return false with the same error. On failure `out` is
// left untouched. The joined text is the head, the batches that hold deals with a comma between
// two, then "]}". A batch must stay inside the deals array: one that closes it and goes on
// (`],"x":[`) is refused, not read as the joined text would.
class SnapshotPieces {
public:
    SnapshotPieces();
    ~SnapshotPieces();
    SnapshotPieces(const SnapshotPieces&) = delete;
    SnapshotPieces& operator=(const SnapshotPieces&) = delete;
    // `head`: the text up to and including the deals array's `[` (snapshot_head()).
    // `expected_deals`: a hint for reserving room (may be 0 or wrong; never trusted beyond kMaxDeals).
    bool begin(std::string_view head, size_t expected_deals, std::string& error);
    // `batch`: deals' JSON objects separated by commas, no brackets (may be empty, or only spaces:
    // it then adds nothing).
    bool add_deals(std::string_view batch, std::string& error);
    // Deals as web/page/kariz-db.js stores them: `count` records one after another, one separator
    // byte between two, record i ending at byte ends[i]. A record is a deal record
    // (core/deal_record.h) or, as earlier versions stored deals, a deal's JSON; consecutive JSON
    // records are read together by add_deals (their separators are the commas those versions wrote).
    bool add_records(std::string_view bytes, const uint32_t* ends, size_t count, std::string& error);
    // How many deals so far came as JSON records: a board stored by an earlier version, which the
    // app then stores again as records.
    size_t json_records() const;
    // Ids unique and references valid (as read_snapshot), then moves the workspace (deal_index built) out.
    bool finish(Workspace& out, std::string& error, SnapshotSummary* summary = nullptr);
private:
    struct State;
    std::unique_ptr<State> s_;
};

// assets/pipelines.json: {"format": "kariz.pipeline-templates", "version": 1,
//   "templates": [{"id", "name", "description", "default": bool, "stages": [{"name","probability","rotting_days"}]}]}
struct PipelineTemplate {
    std::string id;
    std::string name;
    std::string description;
    bool is_default = false;
    std::vector<Stage> stages;  // without Unsorted: AddPipeline prepends it
};
bool read_pipeline_templates(const std::string& text, std::vector<PipelineTemplate>& out, std::string& error);

}  // namespace kariz
