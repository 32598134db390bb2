#include "store.h"

namespace kariz {

void DirtySet::merge(const DirtySet& o) {
    deal_ids.insert(o.deal_ids.begin(), o.deal_ids.end());
    meta = meta || o.meta;
    all = all || o.all;
}

bool Store::dispatch(const Action& action, Time now, std::string* error, Text* error_text) {
    Change change;
    std::string err;
    if (!reduce(ws_, action, now, ids_, change, err, error_text)) {
        if (error) *error = err;
        return false;
    }
    if (change.empty()) return true;  // e.g. a card dropped back on its own column
    if (change.from_other_tab) {
        apply_remote_change(change);
        return true;
    }
    apply_change(ws_, change, true);
    mark_dirty(change);
    undo_.push_back(std::move(change));
    if (undo_.size() > kUndoLimit) undo_.pop_front();
    redo_.clear();
    ++revision_;
    note_touched(undo_.back(), true);
    return true;
}

bool Store::undo() {
    if (undo_.empty()) return false;
    Change c = std::move(undo_.back());
    undo_.pop_back();
    apply_change(ws_, c, false);
    mark_dirty(c);
    redo_.push_back(std::move(c));
    ++revision_;
    note_touched(redo_.back(), false);
    return true;
}

bool Store::redo() {
    if (redo_.empty()) return false;
    Change c = std::move(redo_.back());
    redo_.pop_back();
    apply_change(ws_, c, true);
    mark_dirty(c);
    undo_.push_back(std::move(c));
    ++revision_;
    note_touched(undo_.back(), true);
    return true;
}

const std::string& Store::undo_label() const {
    static const std::string none;
    return undo_.empty() ? none : undo_.back().label;
}

const std::string& Store::redo_label() const {
    static const std::string none;
    return redo_.empty() ? none : redo_.back().label;
}

void Store::load(Workspace ws) {
    ws_ = std::move(ws);
    // read_snapshot hands over its index built; building it again hashed and copied every id a
    // second time on each load (issue 7). A workspace put together any other way gets one here.
    if (!ws_.index_is_current()) ws_.rebuild_index();
    undo_.clear();
    redo_.clear();
    dirty_ = DirtySet{};
    ++revision_;
}

DirtySet Store::take_dirty() {
    DirtySet d = std::move(dirty_);
    dirty_ = DirtySet{};
    return d;
}

// Another tab's saved change: shown, not saved again (only the deals repaired here are), and not
// an undo step. Undo/redo steps that touch what it changed are dropped, with every step older
// (undo) or newer (redo) than them, so undo never puts back an image the other tab replaced.
void Store::apply_remote_change(const Change& c) {
    apply_change(ws_, c, true);
    for (const std::string& id : c.repaired_ids) dirty_.deal_ids.insert(id);
    std::set<std::string> ids;
    for (const DealChange& dc : c.deals) ids.insert(dc.id);
    auto touches = [&](const Change& step) {
        if (step.replaces_all() || (step.meta_changed && c.meta_changed)) return true;
        for (const DealChange& dc : step.deals)
            if (ids.count(dc.id)) return true;
        return false;
    };
    auto drop = [&](std::deque<Change>& steps) {
        for (size_t k = steps.size(); k-- > 0;)
            if (touches(steps[k])) { steps.erase(steps.begin(), steps.begin() + (long)k + 1); return; }
    };
    drop(undo_);
    drop(redo_);
    ++revision_;
    note_touched(c, true);
}

void Store::mark_dirty(const Change& c) {
    if (c.replaces_all()) dirty_.all = true;
    if (c.meta_changed) dirty_.meta = true;
    for (const DealChange& dc : c.deals) dirty_.deal_ids.insert(dc.id);
}

// Store::load bumps the revision without a record here: a view asking across it is told "not
// known" by the gap, and builds again.
void Store::note_touched(const Change& c, bool forward) {
    Touched t;
    t.revision = revision_;
    t.known = !c.replaces_all() && c.deals.size() <= kTouchedDeals;
    if (t.known) {
        for (const DealChange& dc : c.deals) {
            t.deal_ids.push_back(dc.id);
            if (!(forward ? dc.after : dc.before)) t.removed++;  // apply_change removes it
        }
    }
    touched_.push_back(std::move(t));
    if (touched_.size() > kTouchedRevisions) touched_.pop_front();
}

bool Store::deals_touched_since(uint64_t revision, std::vector<std::string>& ids, size_t& removed) const {
    ids.clear();
    removed = 0;
    if (revision > revision_) return false;
    const uint64_t steps = revision_ - revision;
    if (steps > touched_.size()) return false;
    // Every revision after `revision` must have its record, one after the other.
    const size_t first = touched_.size() - (size_t)steps;
    for (size_t k = first; k < touched_.size(); ++k) {
        const Touched& t = touched_[k];
        if (t.revision != revision + 1 + (k - first) || !t.known) return false;
        ids.insert(ids.end(), t.deal_ids.begin(), t.deal_ids.end());
        removed += t.removed;
    }
    return true;
}

}  // namespace kariz
