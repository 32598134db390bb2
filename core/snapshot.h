// Snapshot JSON: the exchange format of Kariz (export/import files) and of the browser storage.
//   {"format": "kariz.snapshot", "version": 1, "exported_at": "...Z",
//    "settings": {...}, "users": [...], "pipelines": [...], "deals": [...]}
// "deals" is always written last, so storage can keep the head and the deals as separate records
// and join them back into one snapshot text (see web/storage.js).
// Reading validates everything and names the place of the first problem
// ("deals[3].value: expected an integer"); on failure the output workspace is left untouched.
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include "model.h"

namespace kariz {

constexpr int kSnapshotVersion = 1;
constexpr size_t kMaxSnapshotBytes = 256u * 1024 * 1024;  // a 100k-deal board is ~60 MB
constexpr int kMaxJsonDepth = 16;                          // the format itself needs 5
constexpr size_t kMaxStringBytes = 20000;                  // longest allowed field (notes)
constexpr size_t kMaxDeals = 1000000;
constexpr size_t kMaxHistory = 1000;                       // stage visits per deal

struct SnapshotSummary {
    int version = 0;
    std::string exported_at;  // as written in the file, may be empty
    size_t pipelines = 0, users = 0, deals = 0, open_deals = 0;
};

std::string write_snapshot(const Workspace& ws, Time exported_at);
// Everything of write_snapshot() up to and including `"deals":[` (no deals, no closing).
std::string snapshot_head(const Workspace& ws, Time exported_at);
// One deal as the JSON object that stands in the "deals" array.
std::string deal_to_json(const Deal& d);

// On success fills `out` (with its deal_index built) and `summary`; on failure sets `error` and
// leaves `out` as it was.
// A view, so text handed over from JavaScript (a const char*) is parsed where it lies, not copied.
bool read_snapshot(std::string_view text, Workspace& out, std::string& error, SnapshotSummary* summary = nullptr);

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
