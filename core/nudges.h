// Funnel nudges (domain.md §1, source 003): the board says where the funnel is about to run dry,
// "almost nothing in Closing: work the Proposal column", "everything closed: go back to the top of
// the funnel". Computed from the open deals per stage, once per change (the board caches them).
#pragma once
#include <string>
#include <vector>
#include "messages.h"
#include "model.h"

namespace kariz {

enum class NudgeKind { AllClosed, LateEmpty, TopDry };

struct Nudge {
    NudgeKind kind;
    std::string stage_id;  // the column the nudge points at (the one to work)
    Text text;  // nudge.late_empty etc.: "Almost nothing in Close (1 deal): work the Follow-up column (2 deals)."
};

// Thresholds (why these numbers):
// - kNudgeMinOpen: a late stage with 0-1 deals is normal on a board with three deals; below five
//   open deals the board is too small for "nearly empty" to mean anything.
// - kNearlyEmpty: the closing stage holds at most one deal. One deal is one lost call from zero.
// - kFeederMin: "work the X column" only when X holds at least two deals to work on.
// - Early stages (Unsorted and the first half of the real stages) run dry when they hold none, or
//   less than a tenth of the open deals: next month's closing comes from them.
constexpr int kNudgeMinOpen = 5;
constexpr int kNearlyEmpty = 1;
constexpr int kFeederMin = 2;
constexpr int kTopDryPercent = 10;

// open_per_stage[i]: open deals in p.stages[i] (stages[0] is Unsorted).
std::vector<Nudge> funnel_nudges(const Pipeline& p, const std::vector<int>& open_per_stage);
std::vector<int> open_deals_per_stage(const Workspace& ws, const Pipeline& p);  // one scan of the deals

}  // namespace kariz
