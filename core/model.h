// Kariz core model: the whole workspace as plain values.
// No ImGui, no Emscripten, no clock: time and ids are passed in by the caller.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>
#include "selling_types.h"
#include "revision.h"

namespace kariz {

// Seconds since the Unix epoch, UTC. Snapshots carry them as ISO 8601 text.
using Time = int64_t;

enum class Role { Seller, Manager };
// Disqualified deals leave the board for the Nurture list; they are not deleted and can be restored.
enum class DealStatus { Open, Won, Lost, Disqualified };
enum class DealSource { Inbound, Outbound };
// Who gets a deal that arrives in Unsorted without an owner (core/assignment.h).
enum class AssignMode { None, Fixed, RoundRobin };

struct User {
    std::string id;
    std::string name;
    std::string initials;
    Role role = Role::Seller;
    // Sales quota per calendar month (reports): minor units of quota_currency (empty: the
    // settings' default currency); 0 = no quota.
    int64_t monthly_quota = 0;
    std::string quota_currency;
    std::string colour;  // "#rrggbb" of the owner chip, chosen in Settings; empty: picked from the id
    Sync sync{};  // merge bookkeeping (core/merge.h)
};

struct Stage {
    std::string id;
    std::string name;
    int probability = 0;   // win probability in percent, 0..100
    int rotting_days = 0;  // 0 = never rots
    // What should be known before a deal leaves this stage: "bant.budget" (framework.criterion) or
    // "field:contact.email" style keys (see flags.h). Missing ones warn, they never block.
    std::vector<std::string> exit_criteria;
    bool follow_up_next_day = false;  // entering it suggests a follow-up the next day (presentations)
};

// Every pipeline starts with the "Unsorted" intake stage (stages[0]).
struct Pipeline {
    std::string id;
    std::string name;
    std::vector<Stage> stages;
    std::string framework_id = "bant";  // default qualification framework of its deals
    Sync sync{};  // merge bookkeeping (core/merge.h)
};

struct Contact {
    std::string name;
    std::string email;
    std::string phone;
};

// One stay of a deal in a stage. left == 0 while the deal is still there. `justification` is
// what the seller wrote when moving in past unmet exit criteria.
struct StageVisit {
    std::string stage_id;
    Time entered = 0;
    Time left = 0;
    std::string justification;
    // What was known when the deal left this stay (or closed in it): exit-criterion keys
    // ("criterion:budget", "field:contact.email", see known_facts in reports.h), recorded by
    // reduce when a stay ends. Visits from before this was recorded have known_recorded false.
    bool known_recorded = false;
    std::vector<std::string> known;
    // The same stay; `known` is a record about it and not compared.
    bool operator==(const StageVisit& o) const {
        return stage_id == o.stage_id && entered == o.entered && left == o.left && justification == o.justification;
    }
};

enum class CriterionState { Unknown, Met, NotMet };
struct CriterionAnswer {
    std::string id;  // criterion id within the deal's framework ("budget")
    CriterionState state = CriterionState::Unknown;
    std::string note;
    bool operator==(const CriterionAnswer& o) const { return id == o.id && state == o.state && note == o.note; }
};

enum class ActivityKind { Call, Email, Meeting, Message, Note };
// A touch with the customer. Gone-dark counts outgoing touches left unanswered.
struct Activity {
    std::string id;
    ActivityKind kind = ActivityKind::Call;
    bool outgoing = true;
    bool answered = false;
    Time at = 0;
    std::string note;
    bool operator==(const Activity& o) const {
        return id == o.id && kind == o.kind && outgoing == o.outgoing && answered == o.answered && at == o.at && note == o.note;
    }
};

// The next scheduled activity; due == 0 when nothing is scheduled.
struct NextStep {
    ActivityKind kind = ActivityKind::Call;
    Time due = 0;
    std::string note;
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
    Time closed_at = 0;        // when won, lost or disqualified; 0 while open
    std::vector<StageVisit> history;  // oldest first; the last entry is the current stage
    // The selling method (domain.md §2-3).
    std::string framework_id;          // empty: the pipeline's framework
    std::vector<CriterionAnswer> criteria;
    std::vector<Activity> activities;  // oldest first
    NextStep next;
    int priority = 1;                  // 0 low, 1 normal, 2 high
    std::string dq_reason;             // reason code when disqualified ("no_budget", ...)
    std::string dq_note;
    // Lead scoring (core/icp.h, core/scoring.h).
    OrgFacts org;
    int win_probability = -1;          // the team's estimate after first contact; -1: the stage's
    Sync sync{};  // revision, version vector and field stamps (core/merge.h)
};

// Conversion for reports: one unit of `currency` is per_million / 1,000,000 units of the
// settings' default currency (integer parts per million, so no float ever touches money).
struct ExchangeRate {
    std::string currency;
    int64_t per_million = 0;
    bool operator==(const ExchangeRate& o) const { return currency == o.currency && per_million == o.per_million; }
};

struct Settings {
    std::string default_currency = "EUR";
    std::string current_user_id;
    std::string company_name;
    int gone_dark_touches = 5;     // outgoing touches in a row with no answer that flag a deal
    std::string goodbye_template;  // empty: the built-in text of domain.md §3
    std::string dq_criteria;       // the team's disqualification criteria, written by the manager
    // Lead scoring and the cost of bad deals (selling_types.h).
    Icp icp;
    ScoreWeights scoring;
    std::vector<QualityLabel> quality_labels;
    CostFigures cost;
    std::vector<ExchangeRate> exchange_rates;  // empty: reports total each currency separately
    // Owner rule for deals that arrive in Unsorted without one, set by the manager (core/assignment.h).
    AssignMode assign_mode = AssignMode::None;
    std::string assign_user_id;    // Fixed: the person who gets them
    std::string assign_last_id;    // RoundRobin: the seller who got the last one
    Sync sync{};  // merge bookkeeping (core/merge.h)
};

// The whole state a user works on. Deals are kept in a flat vector for cache-friendly scans of
// 100k deals; `deal_index` maps id -> position and is kept in step by the Store.
struct Workspace {
    std::vector<Pipeline> pipelines;
    std::vector<User> users;
    std::vector<Deal> deals;
    Settings settings;
    std::unordered_map<std::string, size_t> deal_index;
    std::vector<Tombstone> tombstones;  // deleted deals, so deletions travel by import (core/merge.h)

    void rebuild_index();
    // Whether deal_index maps exactly every deal's id to its position (a comparison per deal:
    // cheaper than rebuild_index, which hashes and allocates a copy of every id).
    bool index_is_current() const;
    const Deal* find_deal(const std::string& id) const;
    const Pipeline* find_pipeline(const std::string& id) const;
    const User* find_user(const std::string& id) const;
};

// The parts of a workspace other than deals: small, so undo keeps whole copies of it.
struct Meta {
    std::vector<Pipeline> pipelines;
    std::vector<User> users;
    Settings settings;
    std::vector<Tombstone> tombstones;
};

// The newest timestamp anywhere in the workspace, and a shift of every timestamp by `delta`
// (sample data is dated in the past; loading it moves its newest event to "now").
Time latest_time(const Workspace& ws);
void shift_times(Workspace& ws, Time delta);

const Stage* find_stage(const Pipeline& p, const std::string& stage_id);
int stage_position(const Pipeline& p, const std::string& stage_id);  // -1 when absent

const char* to_string(Role r);
const char* to_string(ActivityKind k);
bool parse_activity_kind(const std::string& s, ActivityKind& out);
const char* to_string(CriterionState s);
bool parse_criterion_state(const std::string& s, CriterionState& out);
const char* to_string(DealStatus s);
const char* to_string(DealSource s);
bool parse_role(const std::string& s, Role& out);
bool parse_status(const std::string& s, DealStatus& out);
bool parse_source(const std::string& s, DealSource& out);

}  // namespace kariz
