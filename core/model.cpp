#include "model.h"
#include <cstdlib>
#include "dates.h"

namespace kariz {

void Workspace::rebuild_index() {
    deal_index.clear();
    deal_index.reserve(deals.size() * 2);
    for (size_t i = 0; i < deals.size(); ++i) deal_index[deals[i].id] = i;
}

bool Workspace::index_is_current() const {
    if (deal_index.size() != deals.size()) return false;
    // Every entry names the deal at its position. The names are distinct (they are the map's
    // keys), so the positions are too, and with as many entries as deals each deal is named once.
    // Walking the entries hashes nothing.
    for (const auto& [id, pos] : deal_index)
        if (pos >= deals.size() || deals[pos].id != id) return false;
    return true;
}

const Deal* Workspace::find_deal(const std::string& id) const {
    auto it = deal_index.find(id);
    return it == deal_index.end() ? nullptr : &deals[it->second];
}

const Pipeline* Workspace::find_pipeline(const std::string& id) const {
    for (const Pipeline& p : pipelines)
        if (p.id == id) return &p;
    return nullptr;
}

const User* Workspace::find_user(const std::string& id) const {
    for (const User& u : users)
        if (u.id == id) return &u;
    return nullptr;
}

Time latest_time(const Workspace& ws) {
    Time t = 0;
    for (const Deal& d : ws.deals) {
        if (d.updated_at > t) t = d.updated_at;
        if (d.closed_at > t) t = d.closed_at;
        if (d.stage_entered_at > t) t = d.stage_entered_at;
    }
    return t;
}

void shift_times(Workspace& ws, Time delta) {
    auto shift = [delta](Time& t) { if (t != 0) t += delta; };
    for (Deal& d : ws.deals) {
        shift(d.created_at);
        shift(d.updated_at);
        shift(d.stage_entered_at);
        shift(d.closed_at);
        for (StageVisit& v : d.history) {
            shift(v.entered);
            shift(v.left);
        }
        for (Activity& a : d.activities) shift(a.at);
        shift(d.next.due);
        // Expected close dates are calendar dates a person chose; they move with the data too.
        if (d.expected_close.size() == 10) {
            int y = std::atoi(d.expected_close.substr(0, 4).c_str());
            unsigned m = (unsigned)std::atoi(d.expected_close.substr(5, 2).c_str());
            unsigned day = (unsigned)std::atoi(d.expected_close.substr(8, 2).c_str());
            int64_t days = days_from_civil(y, m, day) + delta / 86400;
            d.expected_close = format_date(days * 86400);
        }
    }
}

const Stage* find_stage(const Pipeline& p, const std::string& stage_id) {
    for (const Stage& s : p.stages)
        if (s.id == stage_id) return &s;
    return nullptr;
}

int stage_position(const Pipeline& p, const std::string& stage_id) {
    for (size_t i = 0; i < p.stages.size(); ++i)
        if (p.stages[i].id == stage_id) return (int)i;
    return -1;
}

const char* to_string(Role r) { return r == Role::Manager ? "manager" : "seller"; }
const char* to_string(DealStatus s) {
    switch (s) {
        case DealStatus::Won: return "won";
        case DealStatus::Lost: return "lost";
        case DealStatus::Disqualified: return "disqualified";
        default: return "open";
    }
}

static const char* kActivityNames[] = {"call", "email", "meeting", "message", "note"};
const char* to_string(ActivityKind k) { return kActivityNames[(int)k]; }
bool parse_activity_kind(const std::string& s, ActivityKind& out) {
    for (int i = 0; i < 5; ++i)
        if (s == kActivityNames[i]) { out = (ActivityKind)i; return true; }
    return false;
}

static const char* kCriterionStates[] = {"unknown", "met", "not_met"};
const char* to_string(CriterionState s) { return kCriterionStates[(int)s]; }
bool parse_criterion_state(const std::string& s, CriterionState& out) {
    for (int i = 0; i < 3; ++i)
        if (s == kCriterionStates[i]) { out = (CriterionState)i; return true; }
    return false;
}
const char* to_string(DealSource s) { return s == DealSource::Outbound ? "outbound" : "inbound"; }

bool parse_role(const std::string& s, Role& out) {
    if (s == "seller") { out = Role::Seller; return true; }
    if (s == "manager") { out = Role::Manager; return true; }
    return false;
}
bool parse_status(const std::string& s, DealStatus& out) {
    if (s == "open") { out = DealStatus::Open; return true; }
    if (s == "won") { out = DealStatus::Won; return true; }
    if (s == "lost") { out = DealStatus::Lost; return true; }
    if (s == "disqualified") { out = DealStatus::Disqualified; return true; }
    return false;
}
bool parse_source(const std::string& s, DealSource& out) {
    if (s == "inbound") { out = DealSource::Inbound; return true; }
    if (s == "outbound") { out = DealSource::Outbound; return true; }
    return false;
}

}  // namespace kariz
