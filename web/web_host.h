// The browser side of Kariz: the Host the views talk to, and the state the shell shares
// between its files (main loop, storage, test interface).
#pragma once
#include <string>
#include "app.h"

namespace kariz {

class WebHost : public Host {
public:
    Time now() override;
    int utc_offset_minutes() override;
    void download(const std::string& filename, const std::string& text) override;
    void copy_text(const std::string& text) override;
    double clock_override = -1;  // seconds; set by the test interface to control time
};

struct Shell {
    App app;
    WebHost host;
    float dpr = 1;
};
Shell& shell();

// Storage (web/storage.cpp): load once at start, then save what changed shortly after each change.
void storage_start();
void storage_tick(double now_ms);
void storage_flush_now();
bool storage_pending();
double storage_last_save_bytes();

// Frame CPU times in milliseconds, kept for the test interface and the benchmarks.
void frame_times_push(double ms);

}  // namespace kariz
