// The Store owns the workspace value, applies actions through reduce(), keeps undo/redo and
// remembers what changed since storage last saved (so a save writes only what changed).
#pragma once
#include <deque>
#include <set>
#include <string>
#include <vector>
#include "reduce.h"

namespace kariz {

// What storage must write: the deals by id (a missing deal means delete its record), the meta
// record, or everything when the whole workspace was replaced.
struct DirtySet {
    std::set<std::string> deal_ids;
    bool meta = false;
    bool all = false;
    bool empty() const { return deal_ids.empty() && !meta && !all; }
    void merge(const DirtySet& o);
};

class Store {
public:
    static constexpr size_t kUndoLimit = 200;

    const Workspace& ws() const { return ws_; }
    IdGenerator& ids() { return ids_; }

    // Applies `action` at time `now`. On failure nothing changes; `error_text` says why for people
    // (tr_text), `error` is that message's catalogue key.
    bool dispatch(const Action& action, Time now, std::string* error = nullptr, Text* error_text = nullptr);
    bool undo();
    bool redo();
    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    const std::string& undo_label() const;
    const std::string& redo_label() const;

    // Replaces the state without an undo step, e.g. when storage hands back the saved workspace.
    void load(Workspace ws);

    // Bumped on every change: views cache derived data (board columns, totals) against it.
    uint64_t revision() const { return revision_; }

    // The deals the changes after `revision` touched, so a view can update what it derived from
    // them instead of deriving it again (the board, core/board.h update_columns): one id per deal
    // image applied, in order (a deal may repeat), and `removed`, how many of those took a deal
    // out of ws().deals (which moves the last deal into its place). False when that is not known:
    // a load or a whole-workspace replacement since, a change of very many deals, or `revision`
    // older than the last kTouchedRevisions changes.
    bool deals_touched_since(uint64_t revision, std::vector<std::string>& ids, size_t& removed) const;
    static constexpr size_t kTouchedRevisions = 64, kTouchedDeals = 4096;

    DirtySet take_dirty();
    const DirtySet& dirty() const { return dirty_; }
    // Puts back what a failed save could not write, so the next save tries again.
    void restore_dirty(const DirtySet& d) { dirty_.merge(d); }

private:
    void mark_dirty(const Change& c);
    void apply_remote_change(const Change& c);
    void note_touched(const Change& c, bool forward);  // after revision_ was bumped for `c`
    Workspace ws_;
    IdGenerator ids_;
    std::deque<Change> undo_, redo_;
    uint64_t revision_ = 1;
    DirtySet dirty_;
    struct Touched {
        uint64_t revision = 0;  // the revision this change made
        bool known = true;      // false: the whole workspace, or more than kTouchedDeals deals
        std::vector<std::string> deal_ids;
        size_t removed = 0;
    };
    std::deque<Touched> touched_;  // the last kTouchedRevisions changes, oldest first
};

}  // namespace kariz
