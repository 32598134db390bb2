// reduce_apply_remote(): what another tab saved, as a Change of this tab (see remote_changes.h).
#include "remote_changes.h"
#include <unordered_map>
#include <unordered_set>
#include "reduce.h"
#include "snapshot.h"

namespace kariz {

namespace {

// Moves `d` to a stage that exists in `meta` and drops an owner that does not; true if changed.
bool repair_references(Deal& d, const Meta& meta, Time now) {
    bool changed = false;
    const Pipeline* p = nullptr;
    for (const Pipeline& x : meta.pipelines)
        if (x.id == d.pipeline_id) p = &x;
    if (!p || !find_stage(*p, d.stage_id)) {
        if (!p) p = &meta.pipelines.front();
        if (!d.history.empty() && d.history.back().left == 0) d.history.back().left = now;
        d.history.push_back({p->stages.front().id, now, 0, "", false, {}});
        d.pipeline_id = p->id;
        d.stage_id = p->stages.front().id;
        d.stage_entered_at = now;
        changed = true;
    }
    if (!d.owner_id.empty()) {
        bool found = false;
        for (const User& u : meta.users) found = found || u.id == d.owner_id;
        if (!found) { d.owner_id.clear(); changed = true; }
    }
    if (changed) d.updated_at = now;
    return changed;
}

}  // namespace

bool reduce_apply_remote(const Workspace& ws, const ApplyRemoteChanges& a, Time now, Change& out, std::string& error) {
    if (!a.remote) { error = "nothing to apply"; return false; }
    const Workspace& r = *a.remote;
    out.from_other_tab = true;
    bool take_meta = a.meta_changed && !a.unsaved_meta && !r.pipelines.empty();
    if (take_meta) {
        out.meta_changed = true;
        out.meta_before = meta_of(ws);
        out.meta_after = meta_of(r);
    }
    const Meta meta = take_meta ? out.meta_after : meta_of(ws);
    if (meta.pipelines.empty()) return true;  // nothing to show deals in yet

    std::unordered_set<std::string> touched;
    for (const Deal& d : r.deals) {
        if (a.unsaved_deal_ids.count(d.id)) continue;
        const Deal* mine = ws.find_deal(d.id);
        out.deals.push_back({d.id, mine ? std::optional<Deal>(*mine) : std::nullopt, d});
        touched.insert(d.id);
    }
    auto remove = [&](const std::string& id) {
        if (a.unsaved_deal_ids.count(id) || touched.count(id)) return;
        const Deal* mine = ws.find_deal(id);
        if (!mine) return;
        out.deals.push_back({id, *mine, std::nullopt});
        touched.insert(id);
    };
    for (const std::string& id : a.deleted_ids) remove(id);
    if (a.replaces_all) {
        std::unordered_set<std::string> kept;
        for (const Deal& d : r.deals) kept.insert(d.id);
        for (const Deal& d : ws.deals)
            if (!kept.count(d.id)) remove(d.id);
    }

    // References: the deals taken from the other tab, and every deal when the head changed.
    for (DealChange& dc : out.deals)
        if (dc.after && repair_references(*dc.after, meta, now)) out.repaired_ids.push_back(dc.id);
    if (take_meta) {
        for (const Deal& d : ws.deals) {
            if (touched.count(d.id)) continue;
            Deal fixed = d;
            if (!repair_references(fixed, meta, now)) continue;
            out.deals.push_back({d.id, d, fixed});
            out.repaired_ids.push_back(d.id);
        }
    }
    return true;
}

std::vector<std::string> remote_conflicts(const Workspace& ws, const ApplyRemoteChanges& a) {
    std::vector<std::string> ids;
    if (!a.remote) return ids;
    for (const Deal& d : a.remote->deals) {
        if (!a.unsaved_deal_ids.count(d.id)) continue;
        const Deal* mine = ws.find_deal(d.id);
        if (mine && deal_to_json(*mine) != deal_to_json(d)) ids.push_back(d.id);
    }
    for (const std::string& id : a.deleted_ids)
        if (a.unsaved_deal_ids.count(id) && ws.find_deal(id)) ids.push_back(id);
    return ids;
}

}  // namespace kariz
