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
    void open_url(const std::string& url) override;
    double clock_override = -1;  // seconds; set by the test interface to control time
    std::string last_copied, last_url;  // what the app last put on the clipboard or opened (tests read them)
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
void storage_save_succeeded(const DirtySet& saved);  // called once per committed save (web/storage.cpp)

double storage_last_save_ms();

// Frame CPU time (start and end in ms of emscripten_get_now), kept for the benchmarks
// (web/test_api.cpp); `board_shown` marks the first frame that drew a board.
void frame_measured(double start_ms, double end_ms, bool board_shown);

}  // namespace kariz
