#pragma once
#include <string>
#include "actions.h"
#include "ids.h"
#include "messages.h"

namespace kariz {

// The one place where actions become changes. Pure with respect to `ws`: it reads the workspace
// and fills `out`; nothing is modified until the Store applies the Change. Returns false with a
// refusal (and an empty `out`) when the action does not make sense: `error_text` is the message
// for people (assets/i18n/*/errors.json), `error` its catalogue key.
bool reduce(const Workspace& ws, const Action& action, Time now, IdGenerator& ids, Change& out, std::string& error,
            Text* error_text = nullptr);

// Apply a change forwards (do/redo) or backwards (undo). Keeps ws.deal_index in step.
void apply_change(Workspace& ws, const Change& change, bool forward);

Meta meta_of(const Workspace& ws);

// Field validation shared by the reducer and the snapshot reader.
constexpr size_t kMaxTitle = 300;
constexpr size_t kMaxShortText = 300;   // organization, names, email, phone, labels
constexpr size_t kMaxNotes = 20000;
constexpr size_t kMaxLabels = 50;
constexpr int64_t kMaxValue = 1000000000000000LL;  // 10^15 minor units
bool validate_fields(const DealFields& f, Text& error);
bool validate_fields(const DealFields& f, std::string& error_key);  // the refusal's catalogue key

// Disqualification reasons (domain.md §3); "other" needs a note.
extern const char* const kDqReasons[];
extern const int kDqReasonCount;
const char* dq_reason_label(const std::string& code);

// Ends the deal's open stay in the stage history and opens one in `stage_id` (for reducers kept in
// their own files, e.g. core/reduce_roles.cpp).
void deal_enter_stage(Deal& d, const std::string& pipeline_id, const std::string& stage_id, Time now);

// The roles actions (core/reduce_roles.cpp), dispatched from reduce().
bool reduce_add_user(const Workspace& ws, const AddUser& a, IdGenerator& ids, Change& out, Text& error);
bool reduce_update_user(const Workspace& ws, const UpdateUser& a, Change& out, Text& error);
bool reduce_remove_user(const Workspace& ws, const RemoveUser& a, Time now, Change& out, Text& error);
bool reduce_set_assign_rule(const Workspace& ws, const SetAssignRule& a, Change& out, Text& error);
bool reduce_bulk_edit(const Workspace& ws, const BulkEditDeals& a, Time now, Change& out, Text& error);

}  // namespace kariz
