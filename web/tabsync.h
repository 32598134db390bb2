// Two tabs on one board (web/tabsync.cpp): storage tells it when a save starts and ends.
#pragma once
#include "store.h"

namespace kariz {

void tabs_save_started(const DirtySet& d);  // what this save writes, sent to other tabs once stored
void tabs_save_finished(bool ok);           // stored: send it; failed: drop it (it is saved again later)

}  // namespace kariz
