// The browser side of Kariz: the Host the views talk to, and the state the shell shares
// between its files (main loop, storage, test interface).
#pragma once
#include <memory>
#include <string>
#include "app.h"
#include "snapshot.h"

namespace kariz {

class WebHost : public Host {
public:
    Time now() override;
    int utc_offset_minutes() override;
    void download(const std::string& filename, const std::string& text) override;
    void copy_text(const std::string& text) override;
    void open_url(const std::string& url) override;
    void remember_current_user(const std::string& user_id) override;  // web/device_prefs.cpp
    void remember_interface_language(const std::string& code, bool solar_hijri) override;
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
// A stored board's pieces as web/storage.js hands them over (sizes from JS, clamped at 0), to a new
// reader and then to it: for the load and for another tab's save (web/tabsync.cpp).
bool pieces_begin(std::unique_ptr<SnapshotPieces>& reader, const char* head, int expected_deals, std::string& error);
bool pieces_add(SnapshotPieces& reader, const char* records, int length, const uint32_t* ends, int count, std::string& error);

// This device's choices kept outside the workspace (web/device_prefs.cpp): who uses the board.
std::string device_current_user();
// The interface language kept on this device, else the browser's first Arabic or Persian
// preference, else English; and whether Persian dates use the Solar Hijri calendar.
std::string device_interface_language();
bool device_solar_hijri();

// The interface font (web/fonts.cpp), restored from IndexedDB or built. fonts_ensure builds it for
// `scale` unless the atlas in use is for that scale already; fonts_tick keeps a built atlas in
// IndexedDB a moment after the board is shown; fonts_source says "built", "restored" or "none".
void fonts_ensure(float scale);
void fonts_tick(double now_ms, bool board_shown);
const char* fonts_source();

// Frame CPU time (start and end in ms of emscripten_get_now), kept for the benchmarks
// (web/test_api.cpp); `board_shown` marks the first frame that drew a board, `drew` a frame that
// changed the picture (web/gl_renderer.cpp skips the others).
void frame_measured(double start_ms, double end_ms, bool board_shown, bool drew);
// A performance.mark() named `name`: where starting up spends its time (tests/bench/bench.mjs).
void timing_mark(const char* name);

}  // namespace kariz
