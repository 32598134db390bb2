#include "assignment.h"

namespace kariz {

const char* to_string(AssignMode m) {
    switch (m) {
        case AssignMode::Fixed: return "fixed";
        case AssignMode::RoundRobin: return "round_robin";
        default: return "none";
    }
}

bool parse_assign_mode(const std::string& s, AssignMode& out) {
    if (s == "none") { out = AssignMode::None; return true; }
    if (s == "fixed") { out = AssignMode::Fixed; return true; }
    if (s == "round_robin") { out = AssignMode::RoundRobin; return true; }
    return false;
}

std::string next_assignee(const std::vector<User>& users, Settings& settings) {
    if (settings.assign_mode == AssignMode::Fixed) {
        for (const User& u : users)
            if (u.id == settings.assign_user_id) return u.id;
        return "";
    }
    if (settings.assign_mode != AssignMode::RoundRobin) return "";
    // The seller after the one who got the last deal, in team order; from the top when that one is
    // gone (removed, or now a manager) or nobody got one yet.
    size_t n = users.size(), start = 0;
    for (size_t i = 0; i < n; ++i)
        if (users[i].id == settings.assign_last_id) start = i + 1;
    for (size_t k = 0; k < n; ++k) {
        const User& u = users[(start + k) % n];
        if (u.role != Role::Seller) continue;
        settings.assign_last_id = u.id;
        return u.id;
    }
    return "";
}

bool needs_assignee(const std::vector<User>& users, const std::vector<Pipeline>& pipelines, const Deal& d) {
    if (d.status != DealStatus::Open) return false;
    bool unsorted = false;
    for (const Pipeline& p : pipelines)
        if (p.id == d.pipeline_id) unsorted = !p.stages.empty() && p.stages.front().id == d.stage_id;
    if (!unsorted) return false;
    for (const User& u : users)
        if (u.id == d.owner_id) return false;
    return true;
}

size_t assign_arrivals(const std::vector<User>& users, const std::vector<Pipeline>& pipelines, Settings& settings,
                       std::vector<Deal>& deals) {
    if (settings.assign_mode == AssignMode::None) return 0;
    size_t given = 0;
    for (Deal& d : deals) {
        if (!needs_assignee(users, pipelines, d)) continue;
        std::string owner = next_assignee(users, settings);
        if (owner.empty()) break;  // the rule names nobody: leave them for the manager
        d.owner_id = owner;
        ++given;
    }
    return given;
}

size_t assign_arrivals(Workspace& ws) { return assign_arrivals(ws.users, ws.pipelines, ws.settings, ws.deals); }

}  // namespace kariz
