// The steps of reading a snapshot (core/snapshot_read.cpp), shared by read_snapshot(), which has the
// whole text, and SnapshotPieces (core/snapshot_pieces.cpp), which gets a stored board's head and
// then its deals batch by batch. Both run the same checks in the same order, so a board reads the
// same (and fails with the same message) whichever way its text arrives.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "json_view.h"
#include "snapshot.h"

namespace kariz {

// Whether a snapshot's text of `bytes` is within kMaxSnapshotBytes; `error` says by how much not.
bool snapshot_fits(size_t bytes, std::string& error);

// The message for a text the parser refused: `what` is what to call it ("file"), `from` where that
// starts in `text` (line and column count from there, so a wrapper around a stored piece is not
// counted).
std::string not_json_message(const jsonv::ParseError& e, std::string_view text, size_t from, const std::string& what);

// Size limit, then parse with the snapshot's depth limit; on failure `error` calls the text "file".
bool parse_json_text(std::string_view text, jsonv::Parser& parser, jsonv::Doc& doc, std::string& error);

// Everything at the top level of a parsed snapshot except the deals' contents: format and version,
// settings, users, pipelines, exported_at, a "deals" array, string sizes, exporter and scope,
// tombstones, and "deals" at most once (`deals_fields`: the parser's stream_keys). Fills ws (not its
// deals) and, in `head`, version, exported_at, exporter and scope.
bool read_snapshot_top(const jsonv::Doc& doc, int deals_fields, Workspace& ws, SnapshotSummary& head, std::string& error);

// Element `index` of the deals array, read in place at the end of `deals`. Room is made as
// make_room() in snapshot_read.cpp says: `first_end` and `read` are where the first and this element
// end in a text of `total` bytes (total 0: not known, grow without an estimate).
bool read_snapshot_deal(const jsonv::Doc& deal, size_t index, std::vector<Deal>& deals, size_t first_end, size_t read,
                        size_t total, std::string& error);

// The same for a stored deal record (core/deal_record.h): record `index` of the stored board.
bool read_stored_deal(std::string_view record, size_t index, std::vector<Deal>& deals, std::string& error);

// The last step: ids unique and references valid (deal_index built on the way), the summary, spare
// room given back, then ws moved into `out`. On failure `out` is left as it was.
bool read_snapshot_end(Workspace& ws, const SnapshotSummary& head, Workspace& out, SnapshotSummary* summary, std::string& error);

}  // namespace kariz
