// The roles actions of actions.h (team, owner rule, bulk edits), applied for reduce() in reduce.cpp.
#include <algorithm>
#include "reduce.h"
#include "roles.h"

namespace kariz {

static bool fail(Text& error, Text msg) {
    error = std::move(msg);
    return false;
}

static bool user_ok(const User& u, Text& error) {
    if (u.name.empty()) return fail(error, Text("error.user_needs_name"));
    if (u.name.size() > kMaxShortText) return fail(error, Text("error.user_name_too_long"));
    if (u.initials.empty() || u.initials.size() > 8) return fail(error, Text("error.initials_length"));
    uint32_t c;
    if (!u.colour.empty() && !parse_colour(u.colour, c)) return fail(error, Text("error.colour_format"));
    return true;
}

static void commit_meta(const Workspace& ws, Meta after, Change& out) {
    out.meta_changed = true;
    out.meta_before = meta_of(ws);
    out.meta_after = std::move(after);
}

bool reduce_add_user(const Workspace& ws, const AddUser& a, IdGenerator& ids, Change& out, Text& error) {
    User u = a.user;
    if (!user_ok(u, error)) return false;
    if (ws.users.size() >= 500) return fail(error, Text("error.too_many_users"));
    if (u.id.empty() || ws.find_user(u.id)) do u.id = ids.uuid4(); while (ws.find_user(u.id));
    Meta after = meta_of(ws);
    after.users.push_back(u);
    commit_meta(ws, std::move(after), out);
    return true;
}

static int managers(const std::vector<User>& users) {
    int n = 0;
    for (const User& u : users) n += u.role == Role::Manager;
    return n;
}

bool reduce_update_user(const Workspace& ws, const UpdateUser& a, Change& out, Text& error) {
    if (!user_ok(a.user, error)) return false;
    Meta after = meta_of(ws);
    auto it = std::find_if(after.users.begin(), after.users.end(), [&](const User& u) { return u.id == a.user.id; });
    if (it == after.users.end()) return fail(error, Text("error.no_user", {a.user.id}));
    *it = a.user;
    // Somebody must be able to see every deal and set the owner rule.
    if (managers(ws.users) > 0 && managers(after.users) == 0) return fail(error, Text("error.needs_manager"));
    commit_meta(ws, std::move(after), out);
    return true;
}

bool reduce_remove_user(const Workspace& ws, const RemoveUser& a, Time now, Change& out, Text& error) {
    if (!ws.find_user(a.user_id)) return fail(error, Text("error.no_user", {a.user_id}));
    if (a.reassign_to == a.user_id) return fail(error, Text("error.pick_other_person"));
    if (!a.reassign_to.empty() && !ws.find_user(a.reassign_to)) return fail(error, Text("error.no_user", {a.reassign_to}));
    Meta after = meta_of(ws);
    after.users.erase(std::remove_if(after.users.begin(), after.users.end(), [&](const User& u) { return u.id == a.user_id; }),
                      after.users.end());
    if (managers(ws.users) > 0 && managers(after.users) == 0) return fail(error, Text("error.needs_manager"));
    if (after.settings.assign_user_id == a.user_id) {  // the fixed person is gone: nobody gets arrivals
        after.settings.assign_mode = AssignMode::None;
        after.settings.assign_user_id.clear();
    }
    if (after.settings.current_user_id == a.user_id) after.settings.current_user_id.clear();
    commit_meta(ws, std::move(after), out);
    for (const Deal& d : ws.deals) {
        if (d.owner_id != a.user_id) continue;
        Deal moved = d;
        moved.owner_id = a.reassign_to;
        moved.updated_at = now;
        out.deals.push_back({d.id, d, moved});
    }
    return true;
}

bool reduce_set_assign_rule(const Workspace& ws, const SetAssignRule& a, Change& out, Text& error) {
    if (a.mode == AssignMode::Fixed && !ws.find_user(a.user_id)) return fail(error, Text("error.pick_assignee"));
    Meta after = meta_of(ws);
    after.settings.assign_mode = a.mode;
    after.settings.assign_user_id = a.mode == AssignMode::Fixed ? a.user_id : "";
    commit_meta(ws, std::move(after), out);
    return true;
}

bool reduce_bulk_edit(const Workspace& ws, const BulkEditDeals& a, Time now, Change& out, Text& error) {
    if (a.deal_ids.empty()) return fail(error, Text("error.no_cards_selected"));
    const User* actor = ws.find_user(a.actor_id);
    bool seller = actor && actor->role == Role::Seller;
    if (!a.owner_id.empty()) {
        if (seller) return fail(error, Text("error.only_manager_reassigns"));
        if (!ws.find_user(a.owner_id)) return fail(error, Text("error.no_user", {a.owner_id}));
    }
    for (const std::string& l : a.add_labels)
        if (l.empty() || l.size() > kMaxShortText) return fail(error, Text("error.label_length"));
    std::vector<std::string> seen;
    for (const std::string& id : a.deal_ids) {
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;  // listed twice: changed once
        seen.push_back(id);
        const Deal* d = ws.find_deal(id);
        if (!d) return fail(error, Text("error.no_deal", {id}));
        if (seller && d->owner_id != actor->id) return fail(error, Text("error.not_yours", {d->title}));
        Deal after = *d;
        if (!a.owner_id.empty()) after.owner_id = a.owner_id;
        if (!a.stage_id.empty() && a.stage_id != d->stage_id) {
            const Pipeline* p = ws.find_pipeline(d->pipeline_id);
            if (!p || !find_stage(*p, a.stage_id)) return fail(error, Text("error.no_stage_for_deal", {d->title}));
            deal_enter_stage(after, d->pipeline_id, a.stage_id, now);
        }
        for (const std::string& l : a.remove_labels)
            after.labels.erase(std::remove(after.labels.begin(), after.labels.end(), l), after.labels.end());
        for (const std::string& l : a.add_labels)
            if (std::find(after.labels.begin(), after.labels.end(), l) == after.labels.end()) after.labels.push_back(l);
        if (after.labels.size() > kMaxLabels) return fail(error, Text("error.too_many_labels_on", {d->title}));
        if (after.owner_id == d->owner_id && after.stage_id == d->stage_id && after.labels == d->labels) continue;
        after.updated_at = now;
        out.deals.push_back({d->id, *d, after});
    }
    if (out.deals.empty()) return fail(error, Text("error.nothing_to_change"));
    if (out.deals.size() > 1) out.label = "Bulk edit " + std::to_string(out.deals.size()) + " deals";
    return true;
}

}  // namespace kariz
