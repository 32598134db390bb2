#pragma once
#include <string>
#include "actions.h"
#include "ids.h"

namespace kariz {

// The one place where actions become changes. Pure with respect to `ws`: it reads the workspace
// and fills `out`; nothing is modified until the Store applies the Change. Returns false with a
// human-readable `error` (and an empty `out`) when the action does not make sense.
bool reduce(const Workspace& ws, const Action& action, Time now, IdGenerator& ids, Change& out, std::string& error);

// Apply a change forwards (do/redo) or backwards (undo). Keeps ws.deal_index in step.
void apply_change(Workspace& ws, const Change& change, bool forward);

Meta meta_of(const Workspace& ws);

// Field validation shared by the reducer and the snapshot reader.
constexpr size_t kMaxTitle = 300;
constexpr size_t kMaxShortText = 300;   // organization, names, email, phone, labels
constexpr size_t kMaxNotes = 20000;
constexpr size_t kMaxLabels = 50;
bool validate_fields(const DealFields& f, std::string& error);

// Disqualification reasons (domain.md §3); "other" needs a note.
extern const char* const kDqReasons[];
extern const int kDqReasonCount;
const char* dq_reason_label(const std::string& code);

}  // namespace kariz
