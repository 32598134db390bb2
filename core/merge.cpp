// Revision bookkeeping (record_revisions) and the merge of an imported snapshot (merge_workspaces).
// The scheme is described in merge.h.
#include "merge.h"
#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include "dates.h"
#include "money.h"
#include "reduce.h"
#include "snapshot.h"

namespace kariz {
namespace {

// ---------------------------------------------------------------- the fields of a deal

// The fields a person changes, each merged on its own. Stage history and activities are unions,
// created/updated times min/max; anything else (fields added later) travels with the whole deal.
struct DealField {
    const char* name;
    bool (*same)(const Deal&, const Deal&);
    void (*take)(Deal& to, const Deal& from);
    Text (*show)(const Deal&, const Workspace& names);
};

// A value as it is written (user text, an amount, an id): shown without translation.
Text as_is(const std::string& s) { return Text("import.as_is", {s}); }

Text user_name(const Workspace& ws, const std::string& id) {
    if (id.empty()) return Text("import.merge_nobody");
    const User* u = ws.find_user(id);
    return as_is(u ? u->name : id);
}

std::string stage_name(const Workspace& ws, const Deal& d) {
    const Pipeline* p = ws.find_pipeline(d.pipeline_id);
    if (!p) return d.stage_id;
    const Stage* s = find_stage(*p, d.stage_id);
    return p->name + " / " + (s ? s->name : d.stage_id);
}

Text shorten(const std::string& s) {
    if (s.empty()) return Text("import.merge_empty");
    if (s.size() <= 80) return as_is(s);
    size_t n = 77;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // not inside a UTF-8 sequence
    return as_is(s.substr(0, n) + "...");
}

Text status_text(const Deal& d) {
    static const char* keys[] = {"import.merge_status_open", "import.merge_status_won", "import.merge_status_lost",
                                 "import.merge_status_disqualified"};
    std::string why;  // "open: reason: label", as the deal has them
    if (!d.lost_reason.empty()) why += d.lost_reason;
    if (!d.dq_reason.empty()) why += (why.empty() ? "" : ": ") + std::string(dq_reason_label(d.dq_reason));
    std::string key = keys[(int)d.status];
    return why.empty() ? Text(key) : Text(key + "_why", {why});
}

const DealField kDealFields[] = {
    {"title", [](const Deal& a, const Deal& b) { return a.title == b.title; }, [](Deal& t, const Deal& f) { t.title = f.title; },
     [](const Deal& d, const Workspace&) { return shorten(d.title); }},
    {"organization", [](const Deal& a, const Deal& b) { return a.organization == b.organization; },
     [](Deal& t, const Deal& f) { t.organization = f.organization; }, [](const Deal& d, const Workspace&) { return shorten(d.organization); }},
    {"contact",
     [](const Deal& a, const Deal& b) {
         return a.contact.name == b.contact.name && a.contact.email == b.contact.email && a.contact.phone == b.contact.phone;
     },
     [](Deal& t, const Deal& f) { t.contact = f.contact; },
     [](const Deal& d, const Workspace&) { return shorten(d.contact.name + ", " + d.contact.email + ", " + d.contact.phone); }},
    {"value", [](const Deal& a, const Deal& b) { return a.value == b.value && a.currency == b.currency; },
     [](Deal& t, const Deal& f) { t.value = f.value; t.currency = f.currency; },
     [](const Deal& d, const Workspace&) { return as_is(format_money(d.value, d.currency)); }},
    {"owner", [](const Deal& a, const Deal& b) { return a.owner_id == b.owner_id; }, [](Deal& t, const Deal& f) { t.owner_id = f.owner_id; },
     [](const Deal& d, const Workspace& ws) { return user_name(ws, d.owner_id); }},
    {"stage",
     [](const Deal& a, const Deal& b) {
         return a.pipeline_id == b.pipeline_id && a.stage_id == b.stage_id && a.stage_entered_at == b.stage_entered_at;
     },
     [](Deal& t, const Deal& f) { t.pipeline_id = f.pipeline_id; t.stage_id = f.stage_id; t.stage_entered_at = f.stage_entered_at; },
     [](const Deal& d, const Workspace& ws) { return as_is(stage_name(ws, d)); }},
    {"status",
     [](const Deal& a, const Deal& b) {
         return a.status == b.status && a.lost_reason == b.lost_reason && a.closed_at == b.closed_at && a.dq_reason == b.dq_reason &&
                a.dq_note == b.dq_note;
     },
     [](Deal& t, const Deal& f) {
         t.status = f.status; t.lost_reason = f.lost_reason; t.closed_at = f.closed_at; t.dq_reason = f.dq_reason; t.dq_note = f.dq_note;
     },
     [](const Deal& d, const Workspace&) { return status_text(d); }},
    {"source", [](const Deal& a, const Deal& b) { return a.source == b.source; }, [](Deal& t, const Deal& f) { t.source = f.source; },
     [](const Deal& d, const Workspace&) { return as_is(to_string(d.source)); }},
    {"labels", [](const Deal& a, const Deal& b) { return a.labels == b.labels; }, [](Deal& t, const Deal& f) { t.labels = f.labels; },
     [](const Deal& d, const Workspace&) {
         std::string s;
         for (const std::string& l : d.labels) s += (s.empty() ? "" : ", ") + l;
         return shorten(s);
     }},
    {"expected_close", [](const Deal& a, const Deal& b) { return a.expected_close == b.expected_close; },
     [](Deal& t, const Deal& f) { t.expected_close = f.expected_close; },
     [](const Deal& d, const Workspace&) { return shorten(d.expected_close); }},
    {"notes", [](const Deal& a, const Deal& b) { return a.notes == b.notes; }, [](Deal& t, const Deal& f) { t.notes = f.notes; },
     [](const Deal& d, const Workspace&) { return shorten(d.notes); }},
    {"framework", [](const Deal& a, const Deal& b) { return a.framework_id == b.framework_id; },
     [](Deal& t, const Deal& f) { t.framework_id = f.framework_id; },
     [](const Deal& d, const Workspace&) { return d.framework_id.empty() ? Text("import.merge_pipeline_framework") : as_is(d.framework_id); }},
    {"criteria", [](const Deal& a, const Deal& b) { return a.criteria == b.criteria; }, [](Deal& t, const Deal& f) { t.criteria = f.criteria; },
     [](const Deal& d, const Workspace&) {
         std::string s;
         for (const CriterionAnswer& a : d.criteria) s += (s.empty() ? "" : ", ") + a.id + " " + to_string(a.state);
         return shorten(s);
     }},
    {"next",
     [](const Deal& a, const Deal& b) { return a.next.kind == b.next.kind && a.next.due == b.next.due && a.next.note == b.next.note; },
     [](Deal& t, const Deal& f) { t.next = f.next; },
     [](const Deal& d, const Workspace&) {
         if (d.next.due == 0) return Text("import.merge_nothing_scheduled");
         return as_is(std::string(to_string(d.next.kind)) + " " + format_iso_time(d.next.due) + " " + d.next.note);
     }},
    {"priority", [](const Deal& a, const Deal& b) { return a.priority == b.priority; }, [](Deal& t, const Deal& f) { t.priority = f.priority; },
     [](const Deal& d, const Workspace&) {
         return Text(d.priority == 0 ? "import.merge_priority_low" : d.priority == 2 ? "import.merge_priority_high" : "import.merge_priority_normal");
     }},
};

// ---------------------------------------------------------------- records without their bookkeeping

template <typename R>
R without_sync(R r) {
    r.sync = Sync{};
    return r;
}
std::string content(const Pipeline& p) { return pipeline_to_json(without_sync(p)); }
std::string content(const User& u) { return user_to_json(without_sync(u)); }
std::string content(const Settings& s) {
    Settings c = without_sync(s);
    c.current_user_id.clear();  // "who am I" belongs to the device, not to the team's data
    return settings_to_json(c);
}

void stamp_record(Sync& s, const Revision& r) {
    s.rev = r;
    seen_raise(s.seen, r.device, r.counter);
}

void put_tombstone(std::vector<Tombstone>& list, const Tombstone& t) {
    for (Tombstone& x : list)
        if (x.id == t.id) {
            x.seen = seen_max(x.seen, t.seen);
            if (revision_before(x.rev, t.rev)) x.rev = t.rev;
            return;
        }
    list.push_back(t);
}

}  // namespace

void record_revisions(const Workspace& ws, Change& out, Time now, IdGenerator& ids) {
    if (out.deals.empty() && !out.meta_changed) return;
    const Revision r{ids.device, ids.next_counter(now), now};
    for (DealChange& dc : out.deals) {
        if (dc.after) {
            Deal& a = *dc.after;
            if (dc.before)
                for (const DealField& f : kDealFields)
                    if (!f.same(*dc.before, a)) set_stamp(a.sync, f.name, r.device, r.counter);
            stamp_record(a.sync, r);
        } else if (dc.before) {
            if (!out.meta_changed) {
                out.meta_changed = true;
                out.meta_before = meta_of(ws);
                out.meta_after = meta_of(ws);
            }
            Tombstone t{dc.id, r, dc.before->sync.seen};
            seen_raise(t.seen, r.device, r.counter);
            put_tombstone(out.meta_after.tombstones, t);
        }
    }
    if (!out.meta_changed) return;
    for (Pipeline& p : out.meta_after.pipelines) {
        const Pipeline* old = nullptr;
        for (const Pipeline& x : out.meta_before.pipelines)
            if (x.id == p.id) old = &x;
        if (!old || content(*old) != content(p)) stamp_record(p.sync, r);
    }
    for (User& u : out.meta_after.users) {
        const User* old = nullptr;
        for (const User& x : out.meta_before.users)
            if (x.id == u.id) old = &x;
        if (!old || content(*old) != content(u)) stamp_record(u.sync, r);
    }
    if (content(out.meta_before.settings) != content(out.meta_after.settings)) stamp_record(out.meta_after.settings.sync, r);
}

const char* to_string(MergeKind k) {
    switch (k) {
        case MergeKind::New: return "new";
        case MergeKind::Updated: return "updated";
        case MergeKind::Conflict: return "conflict";
        case MergeKind::Deleted: return "deleted";
    }
    return "updated";
}

std::string choice_key(const std::string& id, const std::string& field) { return id + "/" + field; }

std::string MergeResult::summary() const {
    std::string s = std::to_string(added) + " new, " + std::to_string(updated) + " updated, " + std::to_string(conflicts) +
                    (conflicts == 1 ? " conflict, " : " conflicts, ") + std::to_string(deleted) + " deleted";
    if (records_changed) s += "; " + std::to_string(records_changed) + (records_changed == 1 ? " pipeline, user or setting" : " pipelines, users or settings");
    return s;
}

namespace {

struct Merger {
    const Workspace& mine;
    const Workspace& theirs;
    const MergeChoices& choices;
    Revision bump;
    MergeResult& res;
    Meta meta;

    bool chosen(const std::string& id, const std::string& field) const {
        auto it = choices.find(choice_key(id, field));
        return it != choices.end() && it->second;
    }

    // Whole records (pipelines, users): added, taken, kept or in conflict.
    template <typename R>
    void merge_records(std::vector<R>& out, const std::vector<R>& in, const char* kind) {
        for (const R& t : in) {
            R* m = nullptr;
            for (R& x : out)
                if (x.id == t.id) m = &x;
            if (!m) {
                out.push_back(t);
                res.items.push_back(MergeItem{kind, t.id, t.name, MergeKind::New, {}});
                ++res.records_changed;
                res.meta_changed = true;
                continue;
            }
            merge_record(*m, t, kind, m->id, m->name, t.name, as_is(m->name), as_is(t.name));
        }
    }

    template <typename R>
    // mine_value / their_value: the two sides as the conflict shows them.
    void merge_record(R& m, const R& t, const char* kind, const std::string& id, const std::string& mine_name, const std::string& their_name,
                      const Text& mine_value, const Text& their_value) {
        bool legacy = t.sync.legacy() || m.sync.legacy();
        if (content(m) == content(t)) {
            Sync s = m.sync;
            s.seen = seen_max(m.sync.seen, t.sync.seen);
            if (revision_before(s.rev, t.sync.rev)) s.rev = t.sync.rev;
            if (s.seen != m.sync.seen || s.rev.counter != m.sync.rev.counter || s.rev.device != m.sync.rev.device) {
                m.sync = s;
                res.meta_changed = true;
            }
            return;
        }
        if (!t.sync.legacy() && seen_dominates(m.sync.seen, t.sync.seen)) return;
        if (!legacy && seen_dominates(t.sync.seen, m.sync.seen)) {
            keep_device_fields(m, t);
            res.items.push_back(MergeItem{kind, id, their_name, MergeKind::Updated, {}});
            ++res.records_changed;
            res.meta_changed = true;
            return;
        }
        bool take = chosen(id, kind);
        MergeItem item{kind, id, mine_name, MergeKind::Conflict, {FieldConflict{kind, mine_value, their_value, take}}};
        VersionVector seen = seen_max(m.sync.seen, t.sync.seen);
        if (take) keep_device_fields(m, t);
        m.sync.seen = seen;
        stamp_record(m.sync, bump);
        res.items.push_back(item);
        ++res.records_changed;
        res.meta_changed = true;
    }
    void keep_device_fields(Pipeline& m, const Pipeline& t) { m = t; }
    void keep_device_fields(User& m, const User& t) { m = t; }
    void keep_device_fields(Settings& m, const Settings& t) {
        std::string me = m.current_user_id;
        m = t;
        m.current_user_id = me;
    }

    // A deal whose pipeline, stage or owner is not in the merged workspace goes to an intake
    // stage / has no owner, rather than pointing at nothing.
    void repair(Deal& d) const {
        const Pipeline* p = nullptr;
        for (const Pipeline& x : meta.pipelines)
            if (x.id == d.pipeline_id) p = &x;
        if (!p) {
            p = &meta.pipelines.front();
            d.pipeline_id = p->id;
            d.stage_id = p->stages.front().id;
        } else if (!find_stage(*p, d.stage_id)) {
            d.stage_id = p->stages.front().id;
        }
        bool owner_known = d.owner_id.empty();
        for (const User& u : meta.users) owner_known = owner_known || u.id == d.owner_id;
        if (!owner_known) d.owner_id.clear();
    }

    void deal_changed(const Deal* before, const Deal& after, MergeItem item) {
        res.deals.push_back(DealChange{after.id, before ? std::optional<Deal>(*before) : std::nullopt, after});
        if (item.kind == MergeKind::New) ++res.added;
        else if (item.kind == MergeKind::Conflict) ++res.conflicts;
        else ++res.updated;
        res.items.push_back(std::move(item));
    }

    bool merge_deal(const Deal& m, const Deal& t, Deal& r, MergeItem& item);
    void merge_deals();
};

// Union of both histories: one entry per (stage, entered); a stay closed on either side is closed.
// Open stays other than the current one are closed when the next one starts, so the result does
// not depend on which side came first.
std::vector<StageVisit> merged_history(const Deal& d, const std::vector<StageVisit>& a, const std::vector<StageVisit>& b) {
    std::vector<StageVisit> h = a;
    for (const StageVisit& v : b) {
        bool found = false;
        for (StageVisit& x : h)
            if (x.stage_id == v.stage_id && x.entered == v.entered) {
                found = true;
                x.left = std::max(x.left, v.left);
                if (x.justification < v.justification) x.justification = v.justification;
                if (v.known_recorded && (!x.known_recorded || x.known < v.known)) {  // what was known when it ended
                    x.known_recorded = true;
                    x.known = v.known;
                }
            }
        if (!found) h.push_back(v);
    }
    std::stable_sort(h.begin(), h.end(), [](const StageVisit& x, const StageVisit& y) {
        return x.entered != y.entered ? x.entered < y.entered : x.stage_id < y.stage_id;
    });
    int current = -1;
    for (int i = (int)h.size() - 1; i >= 0 && current < 0; --i)
        if (h[i].stage_id == d.stage_id && h[i].entered == d.stage_entered_at) current = i;
    for (int i = (int)h.size() - 1; i >= 0 && current < 0; --i)
        if (h[i].stage_id == d.stage_id) current = i;
    if (current < 0) current = (int)h.size() - 1;
    for (int i = 0; i < (int)h.size(); ++i)
        if (i != current && h[i].left == 0) h[i].left = i + 1 < (int)h.size() ? h[i + 1].entered : std::max(h[i].entered, h[current].entered);
    return h;
}

std::vector<Activity> merged_activities(const std::vector<Activity>& a, const std::vector<Activity>& b) {
    std::vector<Activity> r = a;
    std::unordered_set<std::string> ids;
    for (const Activity& x : a) ids.insert(x.id);
    for (const Activity& x : b)
        if (ids.insert(x.id).second) r.push_back(x);
    std::stable_sort(r.begin(), r.end(), [](const Activity& x, const Activity& y) { return x.at != y.at ? x.at < y.at : x.id < y.id; });
    return r;
}

void merge_lists(Deal& r, const Deal& m, const Deal& t) {
    r.history = merged_history(r, m.history, t.history);
    r.activities = merged_activities(m.activities, t.activities);
    r.created_at = (m.created_at && t.created_at) ? std::min(m.created_at, t.created_at) : std::max(m.created_at, t.created_at);
    r.updated_at = std::max(m.updated_at, t.updated_at);
}

bool Merger::merge_deal(const Deal& m, const Deal& t, Deal& r, MergeItem& item) {
    if (!t.sync.legacy() && seen_dominates(m.sync.seen, t.sync.seen)) return false;  // nothing new in the file
    bool legacy = t.sync.legacy() || m.sync.legacy();
    item = MergeItem{"deal", m.id, m.title, MergeKind::Updated, {}};
    if (!legacy && seen_dominates(t.sync.seen, m.sync.seen)) {
        r = t;  // only they changed it: take theirs, keeping every history entry and activity of mine
        merge_lists(r, m, t);
        repair(r);
        return deal_to_json(r) != deal_to_json(m);
    }
    r = m;
    bool conflict = false;
    for (const DealField& f : kDealFields) {
        const FieldStamp* sm = find_stamp(m.sync, f.name);
        const FieldStamp* st = find_stamp(t.sync, f.name);
        if (f.same(m, t)) {
            if (st && (!sm || revision_before(Revision{sm->device, sm->counter, 0}, Revision{st->device, st->counter, 0})))
                set_stamp(r.sync, f.name, st->device, st->counter);
            continue;
        }
        int winner;  // 0 mine, 1 theirs, 2 both changed
        if ((!sm && !st) || t.sync.legacy()) winner = 2;
        else if (!st || seen_covers(m.sync.seen, st->device, st->counter)) winner = 0;
        else if (!sm || seen_covers(t.sync.seen, sm->device, sm->counter)) winner = 1;
        else winner = 2;
        if (winner == 1) {
            f.take(r, t);
            set_stamp(r.sync, f.name, st->device, st->counter);
        } else if (winner == 2) {
            bool take = chosen(m.id, f.name);
            item.conflicts.push_back(FieldConflict{f.name, f.show(m, mine), f.show(t, theirs), take});
            if (take) f.take(r, t);
            set_stamp(r.sync, f.name, bump.device, bump.counter);
            conflict = true;
        }
    }
    r.sync.seen = seen_max(m.sync.seen, t.sync.seen);
    if (revision_before(r.sync.rev, t.sync.rev)) r.sync.rev = t.sync.rev;
    if (conflict) {
        stamp_record(r.sync, bump);
        item.kind = MergeKind::Conflict;
    }
    merge_lists(r, m, t);
    repair(r);
    return conflict || deal_to_json(r) != deal_to_json(m);
}

void Merger::merge_deals() {
    std::unordered_map<std::string, const Tombstone*> my_tombs;
    for (const Tombstone& t : mine.tombstones) my_tombs[t.id] = &t;
    std::unordered_set<std::string> restored;
    for (const Deal& t : theirs.deals) {
        const Deal* m = mine.find_deal(t.id);
        if (m) {
            Deal r;
            MergeItem item;
            if (merge_deal(*m, t, r, item)) deal_changed(m, r, std::move(item));
            continue;
        }
        auto tomb = my_tombs.find(t.id);
        Deal r = t;
        MergeItem item{"deal", t.id, t.title, MergeKind::New, {}};
        if (tomb != my_tombs.end()) {
            const Tombstone& tb = *tomb->second;
            if (seen_dominates(tb.seen, t.sync.seen)) continue;  // deleted here after everything the file knows
            if (t.sync.legacy() || !seen_dominates(t.sync.seen, tb.seen)) {
                // Deleted here while it changed there.
                bool take = chosen(t.id, "deleted");
                item.kind = MergeKind::Conflict;
                item.conflicts.push_back(FieldConflict{"deleted", Text("import.merge_deleted_here"), Text("import.merge_changed_there"), take});
                if (!take) {  // stays deleted; the tombstone now knows this change, so it is not asked again
                    Tombstone nt = tb;
                    nt.seen = seen_max(tb.seen, t.sync.seen);
                    seen_raise(nt.seen, bump.device, bump.counter);
                    nt.rev = bump;
                    put_tombstone(meta.tombstones, nt);
                    res.meta_changed = true;
                    res.items.push_back(std::move(item));
                    ++res.conflicts;
                    continue;
                }
                r.sync.seen = seen_max(t.sync.seen, tb.seen);
                stamp_record(r.sync, bump);
            }
            restored.insert(t.id);
        }
        repair(r);
        deal_changed(nullptr, r, std::move(item));
    }
    if (!restored.empty()) {
        auto& ts = meta.tombstones;
        ts.erase(std::remove_if(ts.begin(), ts.end(), [&](const Tombstone& x) { return restored.count(x.id) > 0; }), ts.end());
        res.meta_changed = true;
    }
    for (const Tombstone& tt : theirs.tombstones) {
        if (theirs.find_deal(tt.id)) continue;  // alive in the file: the deal wins
        const Deal* m = mine.find_deal(tt.id);
        if (!m) {
            std::vector<Tombstone> before = meta.tombstones;
            put_tombstone(meta.tombstones, tt);
            bool same = before.size() == meta.tombstones.size();
            for (size_t i = 0; same && i < before.size(); ++i)
                same = before[i].seen == meta.tombstones[i].seen && before[i].rev.counter == meta.tombstones[i].rev.counter;
            if (!same) res.meta_changed = true;
            continue;
        }
        if (seen_dominates(m->sync.seen, tt.seen)) continue;  // changed here after seeing the deletion
        bool delete_it = seen_dominates(tt.seen, m->sync.seen) && !m->sync.legacy();
        MergeItem item{"deal", m->id, m->title, MergeKind::Deleted, {}};
        if (!delete_it) {
            bool take = chosen(m->id, "deleted");
            item.kind = MergeKind::Conflict;
            item.conflicts.push_back(FieldConflict{"deleted", Text("import.merge_changed_here"), Text("import.merge_deleted_there"), take});
            delete_it = take;
        }
        if (delete_it) {
            res.deals.push_back(DealChange{m->id, *m, std::nullopt});
            put_tombstone(meta.tombstones, tt);
            res.meta_changed = true;
            if (item.kind == MergeKind::Deleted) ++res.deleted;
            else ++res.conflicts;
            res.items.push_back(std::move(item));
        } else {
            Deal r = *m;  // kept: it now knows of the deletion, so the deletion does not come back
            r.sync.seen = seen_max(m->sync.seen, tt.seen);
            stamp_record(r.sync, bump);
            deal_changed(m, r, std::move(item));
        }
    }
}

}  // namespace

MergeResult merge_workspaces(const Workspace& mine, const Workspace& theirs, const MergeChoices& choices, const std::string& device,
                             int64_t counter, Time now) {
    MergeResult res;
    Merger g{mine, theirs, choices, Revision{device, counter, now}, res, meta_of(mine)};
    g.merge_records(g.meta.pipelines, theirs.pipelines, "pipeline");
    g.merge_records(g.meta.users, theirs.users, "user");
    if (mine.pipelines.empty()) {
        g.meta.settings = theirs.settings;  // a board never set up (first run) has no settings of its own yet
        res.meta_changed = true;
    } else {
        g.merge_record(g.meta.settings, theirs.settings, "settings", "settings", "Settings (mine)", "Settings (theirs)",
                       Text("import.merge_settings_mine"), Text("import.merge_settings_theirs"));
    }
    if (g.meta.pipelines.empty()) g.meta.pipelines = theirs.pipelines;
    g.merge_deals();
    res.meta_after = std::move(g.meta);
    return res;
}

Workspace scoped_workspace(const Workspace& ws, const ExportScope& scope) {
    Workspace out;
    out.users = ws.users;
    out.settings = ws.settings;
    out.tombstones = ws.tombstones;
    if (scope.kind == "pipeline") {
        for (const Pipeline& p : ws.pipelines)
            if (p.id == scope.id) out.pipelines.push_back(p);
    } else {
        out.pipelines = ws.pipelines;
    }
    std::unordered_set<std::string> chosen(scope.deal_ids.begin(), scope.deal_ids.end());
    for (const Deal& d : ws.deals) {
        bool in = scope.kind == "pipeline"    ? d.pipeline_id == scope.id
                  : scope.kind == "owner"     ? d.owner_id == scope.id
                  : scope.kind == "selection" ? chosen.count(d.id) > 0
                                              : true;
        if (in) out.deals.push_back(d);
    }
    out.rebuild_index();
    return out;
}

}  // namespace kariz
