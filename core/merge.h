// Merging an imported snapshot into the workspace, without a central server.
//
// THE REVISION SCHEME
// - Every browser has a device id (8 hex digits, made once and kept in that browser) and a change
//   counter that only grows (IdGenerator::next_counter, a hybrid logical clock).
// - Every change reduce() makes (one action = one counter value) is recorded in ONE place,
//   record_revisions() below, called by reduce() after any action:
//     deal.sync.rev    = {device, counter, now}      the last change of the deal
//     deal.sync.seen  += {device: counter}           version vector: every change the deal contains
//     deal.sync.stamps[field] = {device, counter}    for each field the change altered
//   A field without a stamp holds the value it was created with (both copies share it).
//   Pipelines, users and settings carry rev + seen the same way, per record.
// - Deleting a deal leaves a tombstone {id, rev, seen} in the workspace (Meta, so undo removes it).
//
// MERGING mine M with theirs T (same deal id):
// - T.seen <= M.seen: M already has everything of T: nothing changes (this makes re-import a no-op).
// - M.seen <= T.seen: only T changed since the two last agreed: take T.
// - Otherwise both changed. Per field: equal values agree; a stamp the other side has seen is old
//   news (the other side wins); a field changed on both sides to different values is a CONFLICT,
//   listed with both values; the user keeps mine (default) or takes theirs. A resolved conflict
//   is a new change by the importing device, so it wins everywhere the merged copy travels.
// - Stage history and activities are unions (nothing lost); seen = pointwise max.
// - Deletions: a tombstone that has seen everything the live copy has deletes it; a deal changed
//   after the other side deleted it is a conflict (keep mine by default).
// - Version-1 data has no revisions ("legacy", seen nothing): new deals are taken, and every field
//   where both copies differ is a conflict.
// - Pipelines, users and settings merge the same way, a whole record at a time (a pipeline with its
//   stages). "Who am I" (settings.current_user_id) is never taken from a file.
// Properties (tests/unit/test_merge.cpp): merging the same file twice changes nothing the second
// time; without conflicts the order of two imports does not matter; no deal, field or history
// entry is lost.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "actions.h"
#include "ids.h"
#include "messages.h"

namespace kariz {

// Called by reduce() for every action except ReplaceWorkspace and ApplyMerge: stamps the deals,
// pipelines, users and settings the change alters and turns deleted deals into tombstones.
void record_revisions(const Workspace& ws, Change& out, Time now, IdGenerator& ids);

enum class MergeKind { New, Updated, Conflict, Deleted };
const char* to_string(MergeKind k);  // "new", "updated", "conflict", "deleted"

struct FieldConflict {
    std::string field;              // "title", "stage", ... or "deleted" for delete-vs-change
    Text mine, theirs;              // the two values as people read them; data as it is: "import.as_is"
    bool take_theirs = false;
};

struct MergeItem {
    std::string kind_of_record;     // "deal", "pipeline", "user", "settings"
    std::string id;
    std::string title;              // deal title or record name, for the list
    MergeKind kind = MergeKind::Updated;
    std::vector<FieldConflict> conflicts;
};

// The user's answers: "deal-id/field" -> take theirs. Absent: keep mine.
using MergeChoices = std::map<std::string, bool>;
std::string choice_key(const std::string& id, const std::string& field);

struct MergeResult {
    std::vector<MergeItem> items;   // what changes or conflicts, deals in file order then records
    size_t added = 0, updated = 0, conflicts = 0, deleted = 0;  // deals
    size_t records_changed = 0;     // pipelines, users, settings added, updated or in conflict
    std::vector<DealChange> deals;  // before/after images, applied as one undoable step
    bool meta_changed = false;
    Meta meta_after;
    bool changes_nothing() const { return deals.empty() && !meta_changed; }
    // "12 new, 3 updated, 1 conflict, 0 deleted": the test interface's words; the view says the
    // same counts in the chosen language.
    std::string summary() const;
};

// Merges `theirs` into `mine` with the given choices. `device`/`counter`/`now` stamp resolved
// conflicts. Pure: reads both, writes only the result.
MergeResult merge_workspaces(const Workspace& mine, const Workspace& theirs, const MergeChoices& choices,
                             const std::string& device, int64_t counter, Time now);

// Partial exports. kind: "workspace", "pipeline" (its deals), "owner" (one seller's deals),
// "selection" (the listed deal ids). Pipelines, users and settings needed by the deals come along.
struct ExportScope {
    std::string kind = "workspace";
    std::string id;                 // pipeline or user id
    std::vector<std::string> deal_ids;
};
Workspace scoped_workspace(const Workspace& ws, const ExportScope& scope);

}  // namespace kariz
