// Every change to a workspace is one of these named actions. They are applied in one place,
// core/reduce.cpp (`reduce`), which turns an action into a Change: the before and after images of
// what it touches. Undo, redo and saving to storage all work from Changes.
#pragma once
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>
#include "model.h"

namespace kariz {

// Fields a person edits in the deal editor. Stage, status and history change only through
// their own actions so the stage history stays truthful.
struct DealFields {
    std::string title;
    std::string organization;
    Contact contact;
    int64_t value = 0;
    std::string currency = "EUR";
    std::string owner_id;
    DealSource source = DealSource::Inbound;
    std::vector<std::string> labels;
    std::string expected_close;
    std::string notes;
};

struct CreateDeal { DealFields fields; std::string pipeline_id; std::string stage_id; };
// Saving the editor: the fields and, when they differ, the pipeline/stage in one undo step.
struct UpdateDeal { std::string deal_id; DealFields fields; std::string pipeline_id; std::string stage_id; };
// `justification`: why the seller moves on although exit criteria are unmet (kept in the history).
struct MoveDeal { std::string deal_id; std::string pipeline_id; std::string stage_id; std::string justification; };
struct MarkWon { std::string deal_id; };
struct MarkLost { std::string deal_id; std::string reason; };
struct ReopenDeal { std::string deal_id; };
struct DeleteDeal { std::string deal_id; };

// The selling method: qualification, touches, follow-ups, priority, disqualification.
struct SetFramework { std::string deal_id; std::string framework_id; };
struct SetCriterion { std::string deal_id; CriterionAnswer answer; };
struct LogActivity { std::string deal_id; Activity activity; };  // id assigned when empty
struct ScheduleNext { std::string deal_id; NextStep next; };     // due == 0 clears it
struct SetPriority { std::string deal_id; int priority; };
struct Disqualify { std::string deal_id; std::string reason; std::string note; };
struct RestoreDeal { std::string deal_id; };                      // from the Nurture list back to the board
// Lead scoring: the organization's facts and the win-probability estimate (-1: the stage's).
struct SetDealFit { std::string deal_id; OrgFacts org; int win_probability = -1; };

struct AddPipeline { std::string name; std::vector<Stage> stages; };  // "Unsorted" is prepended
struct RenamePipeline { std::string pipeline_id; std::string name; };
struct DeletePipeline { std::string pipeline_id; std::string target_pipeline_id; };  // deals go to the target's Unsorted
struct AddStage { std::string pipeline_id; Stage stage; };            // appended at the end
struct UpdateStage { std::string pipeline_id; Stage stage; };         // name, probability, rotting days by id
struct MoveStage { std::string pipeline_id; std::string stage_id; int new_position; };
struct DeleteStage { std::string pipeline_id; std::string stage_id; std::string target_stage_id; };

struct SetPipelineFramework { std::string pipeline_id; std::string framework_id; };
struct SetUsers { std::vector<User> users; };
struct SetSettings { Settings settings; };
// Reports: a seller's monthly quota (0 clears it) and the exchange rates used for converted totals.
struct SetQuota { std::string user_id; int64_t monthly_quota = 0; std::string currency; };
struct SetExchangeRates { std::vector<ExchangeRate> rates; };

// Roles (issue 4): the team in Settings, the owner rule, and bulk edits of selected cards.
struct AddUser { User user; };     // id assigned when empty
struct UpdateUser { User user; };  // name, initials, role, colour by id
// Their deals go to `reassign_to` (empty: nobody) in the same undo step.
struct RemoveUser { std::string user_id; std::string reassign_to; };
struct SetAssignRule { AssignMode mode = AssignMode::None; std::string user_id; };
// Many cards changed as ONE undo step. Empty owner_id/stage_id leave those unchanged; the stage is
// looked up in each deal's own pipeline. `actor_id` is who does it: a seller may bulk-edit only
// their own deals and never change owners (only managers reassign).
struct BulkEditDeals {
    std::vector<std::string> deal_ids;
    std::string actor_id;
    std::string owner_id;
    std::string stage_id;
    std::vector<std::string> add_labels, remove_labels;
};

// Import, sample data and "Start empty" replace everything at once, still as one undoable step.
struct ReplaceWorkspace { std::string label; std::shared_ptr<const Workspace> workspace; };
// Import by merging (core/merge.h): the deals and meta of a previewed merge, one undoable step.
struct MergeResult;
struct ApplyMerge { std::string label; std::shared_ptr<const MergeResult> result; };

// CSV import (core/csv_import.h): deals without ids, added in one undoable step. The reducer
// gives each a new id and checks it as the editor would. Shared so the action is cheap to copy.
struct ImportDeals { std::string label; std::shared_ptr<const std::vector<Deal>> deals; };

// What another tab of this browser has just saved (web/tabsync.cpp), shown here too. It is not an
// undo step of this tab and is not written back (the other tab stored it already). Deals and the
// head this tab has not saved yet (`unsaved_*`) keep this tab's version, which its next save
// stores: the last save wins, per deal and for the head. See core/remote_changes.h.
struct ApplyRemoteChanges {
    std::shared_ptr<const Workspace> remote;  // the other tab's head and the deals it wrote
    bool meta_changed = false;                // its pipelines, users or settings changed
    bool replaces_all = false;                // remote->deals is the whole board (import, sample)
    std::vector<std::string> deleted_ids;
    std::set<std::string> unsaved_deal_ids;
    bool unsaved_meta = false;
};

using Action = std::variant<CreateDeal, UpdateDeal, MoveDeal, MarkWon, MarkLost, ReopenDeal, DeleteDeal,
                            SetFramework, SetCriterion, LogActivity, ScheduleNext, SetPriority, Disqualify, RestoreDeal,
                            AddPipeline, RenamePipeline, DeletePipeline, AddStage, UpdateStage, MoveStage,
                            DeleteStage, SetPipelineFramework, SetUsers, SetSettings, ReplaceWorkspace,
                            SetQuota, SetExchangeRates, SetDealFit,
                            AddUser, UpdateUser, RemoveUser, SetAssignRule, BulkEditDeals,
                            ImportDeals, ApplyMerge,
                            ApplyRemoteChanges>;

const char* action_name(const Action& a);  // "Move deal", shown in the Undo menu

struct DealChange {
    std::string id;
    std::optional<Deal> before;  // empty: the deal did not exist
    std::optional<Deal> after;   // empty: the deal is deleted
};

struct Change {
    std::string label;
    std::vector<DealChange> deals;
    bool meta_changed = false;
    Meta meta_before, meta_after;
    // Whole-workspace replacement: both deal lists are kept whole (shared, never copied on undo).
    std::shared_ptr<const std::vector<Deal>> all_before, all_after;
    bool replaces_all() const { return all_after != nullptr; }
    // ApplyRemoteChanges: not an undo step and not saved, except `repaired_ids` (deals moved to
    // Unsorted because their stage, pipeline or owner is gone), which this tab must save.
    bool from_other_tab = false;
    std::vector<std::string> repaired_ids;
    bool empty() const { return deals.empty() && !meta_changed && !replaces_all(); }
};

}  // namespace kariz
