// Another tab's saved change, applied in this tab (action ApplyRemoteChanges, web/tabsync.cpp).
// Rules, in order:
//  - a deal this tab has not saved yet keeps this tab's version (it is saved next and wins);
//    so does the head (pipelines, users, settings) when this tab has unsaved head changes;
//  - every other deal the other tab wrote or deleted is written or deleted here the same way;
//  - afterwards no deal may point at a stage, pipeline or owner that is gone (the stored board
//    would no longer load): such deals go to the Unsorted stage of their pipeline (or of the first
//    pipeline) and lose the missing owner; they are listed in Change::repaired_ids, to be saved.
#pragma once
#include <string>
#include "actions.h"

namespace kariz {

bool reduce_apply_remote(const Workspace& ws, const ApplyRemoteChanges& a, Time now, Change& out, std::string& error);

// The ids of `a` whose remote version this tab does not take (a deal edited in both tabs).
std::vector<std::string> remote_conflicts(const Workspace& ws, const ApplyRemoteChanges& a);

}  // namespace kariz
