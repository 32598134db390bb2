// Kariz core model: the whole workspace as plain values.
// No ImGui, no Emscripten, no clock: time and ids are passed in by the caller.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace kariz {

// Seconds since the Unix epoch, UTC. Snapshots carry them as ISO 8601 text.
using Time = int64_t;

enum class Role { Seller, Manager };
enum class DealStatus { Open, Won, Lost };
enum class DealSource { Inbound, Outbound };

struct User {
    std::string id;
    std::string name;
    std::string initials;
    Role role = Role::Seller;
};

struct Stage {
    std::string id;
    std::string name;
    int probability = 0;   // win probability in percent, 0..100
    int rotting_days = 0;  // 0 = never rots
};

// Every pipeline starts with the "Unsorted" intake stage (stages[0]).
struct Pipeline {
    std::string id;
    std::string name;
    std::vector<Stage> stages;
};

struct Contact {
    std::string name;
    std::string email;
    std::string phone;
};

// One stay of a deal in a stage. left == 0 while the deal is still there.
struct StageVisit {
    std::string stage_id;
    Time entered = 0;
    Time left = 0;
    bool operator==(const StageVisit& o) const { return stage_id == o.stage_id && entered == o.entered && left == o.left; }
};

struct Deal {
    std::string id;  // UUID v4
    std::string title;
    std::string organization;
    Contact contact;
    int64_t value = 0;         // integer minor units of `currency` (cents for EUR)
    std::string currency = "EUR";  // ISO 4217 code
    std::string owner_id;
    std::string pipeline_id;
    std::string stage_id;
    DealStatus status = DealStatus::Open;
    std::string lost_reason;   // only meaningful when status == Lost
    DealSource source = DealSource::Inbound;
    std::vector<std::string> labels;
    std::string expected_close;  // "YYYY-MM-DD" or empty
    std::string notes;
    Time created_at = 0;
    Time updated_at = 0;
    Time stage_entered_at = 0;
    Time closed_at = 0;        // when won or lost; 0 while open
    std::vector<StageVisit> history;  // oldest first; the last entry is the current stage
};

struct Settings {
    std::string default_currency = "EUR";
    std::string current_user_id;
    std::string company_name;
};

// The whole state a user works on. Deals are kept in a flat vector for cache-friendly scans of
// 100k deals; `deal_index` maps id -> position and is kept in step by the Store.
struct Workspace {
    std::vector<Pipeline> pipelines;
    std::vector<User> users;
    std::vector<Deal> deals;
    Settings settings;
    std::unordered_map<std::string, size_t> deal_index;

    void rebuild_index();
    const Deal* find_deal(const std::string& id) const;
    const Pipeline* find_pipeline(const std::string& id) const;
    const User* find_user(const std::string& id) const;
};

// The parts of a workspace other than deals: small, so undo keeps whole copies of it.
struct Meta {
    std::vector<Pipeline> pipelines;
    std::vector<User> users;
    Settings settings;
};

// The newest timestamp anywhere in the workspace, and a shift of every timestamp by `delta`
// (sample data is dated in the past; loading it moves its newest event to "now").
Time latest_time(const Workspace& ws);
void shift_times(Workspace& ws, Time delta);

const Stage* find_stage(const Pipeline& p, const std::string& stage_id);
int stage_position(const Pipeline& p, const std::string& stage_id);  // -1 when absent

const char* to_string(Role r);
const char* to_string(DealStatus s);
const char* to_string(DealSource s);
bool parse_role(const std::string& s, Role& out);
bool parse_status(const std::string& s, DealStatus& out);
bool parse_source(const std::string& s, DealSource& out);

}  // namespace kariz
