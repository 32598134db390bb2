// Kariz in the browser: canvas, GLFW/WebGL2 main loop, Dear ImGui backends, and the glue the
// page (web/page/shell.js) calls: file import, paste, visibility, and the test interface.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <algorithm>
#include <deque>
#include <vector>
#include "gl_renderer.h"
#include "i18n.h"
#include "web_host.h"

using namespace kariz;

EM_JS(double, js_now_ms, (), { return Date.now(); });
EM_JS(int, js_utc_offset_minutes, (), { return -new Date().getTimezoneOffset(); });
EM_JS(double, js_dpr, (), { return window.devicePixelRatio || 1; });
EM_JS(int, js_canvas_css_width, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().width)); });
EM_JS(int, js_canvas_css_height, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().height)); });
// What glfwSetWindowSize does, less its guess that a window as large as the screen wants to be full
// screen: Emscripten's GLFW then asks for full screen (refused without a click) instead of resizing
// the canvas, which happens when the canvas's device pixels equal the screen's CSS pixels.
EM_JS(void, js_set_canvas_size, (int width, int height), { Browser.setCanvasSize(width, height); });
EM_JS(double, js_random_seed, (), {
    var a = new Uint32Array(2);
    crypto.getRandomValues(a);
    return a[0] * 4294967296 + a[1];
});
EM_JS(void, js_download, (const char* name, const char* text, int len), {
    var bytes = HEAPU8.slice(text, text + len);
    var fname = UTF8ToString(name);
    var blob = new Blob([bytes], {type: fname.slice(-4).toLowerCase() === '.csv' ? 'text/csv;charset=utf-8' : 'application/json'});
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fname;
    document.body.appendChild(a);
    a.click();
    setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});
// Set by shell.js from the wheel event's deltaMode just before GLFW reports the same event.
EM_JS(double, js_wheel_scale, (), { return Module.karizWheelScale || 0.01; });
EM_JS(void, js_copy_text, (const char* text), {
    var s = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function() {});
});

// The device id of core/merge.h: made once per browser profile and kept in localStorage, so each
// browser's changes are told apart when snapshots are merged.
EM_JS(void, js_device_id, (char* out, int size), {
    var id = null;
    try { id = localStorage.getItem('kariz.device'); } catch (e) {}
    if (!id || !/^[0-9a-f]{8}$/.test(id)) {
        var a = new Uint32Array(1);
        crypto.getRandomValues(a);
        id = ('00000000' + a[0].toString(16)).slice(-8);
        try { localStorage.setItem('kariz.device', id); } catch (e) {}
    }
    stringToUTF8(id, out, size);
});

EM_JS(void, js_open_url, (const char* url), {
    var s = UTF8ToString(url);
    if (/^mailto:/.test(s)) window.location.href = s;
});

namespace kariz {

Shell& shell() {
    static Shell s;
    return s;
}

Time WebHost::now() { return clock_override >= 0 ? (Time)clock_override : (Time)(js_now_ms() / 1000.0); }
int WebHost::utc_offset_minutes() { return clock_override >= 0 ? 0 : js_utc_offset_minutes(); }
void WebHost::download(const std::string& filename, const std::string& text) { js_download(filename.c_str(), text.data(), (int)text.size()); }
void WebHost::copy_text(const std::string& text) {
    last_copied = text;
    js_copy_text(text.c_str());
}
void WebHost::open_url(const std::string& url) {
    last_url = url;
    js_open_url(url.c_str());
}

}  // namespace kariz

static GLFWwindow* g_window = nullptr;
static std::string g_clipboard_out;

static std::string read_file(const char* path) {
    std::string text;
    read_asset(path, text);  // a missing asset reads as empty: each reader says what is wrong
    return text;
}

// ImGui copies through the browser clipboard. Pasting arrives as a DOM paste event
// (kariz_paste_text), so ImGui's own Ctrl+V reads an empty clipboard and nothing is doubled.
static void set_clipboard(void*, const char* text) {
    g_clipboard_out = text;
    js_copy_text(text);
}
static const char* get_clipboard(void*) { return ""; }

// Keyboard input reaches ImGui through this queue, in the order the browser sent it. ImGui 1.86
// does not keep events: it reads key state once per frame (NewFrame) and handles a frame's typed
// characters before its keys. So what happens between two frames must be something one frame can
// show without changing its meaning. Draining stops (the rest waits for the next frame) at:
//  - a release of a modifier when a key was pressed since the last frame (the modifier included):
//    the press must be seen with the modifier down (Ctrl+A with Ctrl pressed a frame earlier), and
//    letters typed right after a quick Ctrl+A must not be seen with Ctrl still down, or ImGui takes
//    the "c" and "v" of "Discovery" for copy and paste;
//  - a press of a key whose release this frame has not seen yet, or whose release came since the
//    last frame: ImGui would see the key held, not pressed again (16 quick Backspaces count 16);
//  - anything after a press of an editing key (Backspace, Enter, arrows, ...): ImGui would apply
//    characters typed after a Backspace before it, and delete the wrong one.
// A release of any other key pressed since the last frame waits until the end of the frame, so
// a quick tap is seen down once.
struct InputEvent {
    bool is_char;
    int key, scancode, action, mods;
    unsigned int c;
};
static std::deque<InputEvent> g_input;
static std::vector<int> g_pressed_since_frame;
static std::vector<int> g_released_since_frame;
static std::vector<InputEvent> g_waiting_releases;
static bool g_input_closed_for_frame = false;

static bool is_modifier_key(int key) {
    return key == GLFW_KEY_LEFT_CONTROL || key == GLFW_KEY_RIGHT_CONTROL || key == GLFW_KEY_LEFT_SHIFT ||
           key == GLFW_KEY_RIGHT_SHIFT || key == GLFW_KEY_LEFT_ALT || key == GLFW_KEY_RIGHT_ALT ||
           key == GLFW_KEY_LEFT_SUPER || key == GLFW_KEY_RIGHT_SUPER;
}
// GLFW numbers the keys that type a character below 256 (space to grave accent, world keys).
static bool is_editing_key(int key) { return key >= 256 && !is_modifier_key(key); }

static bool contains_key(const std::vector<int>& keys, int key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

static void drain_input() {
    while (!g_input.empty() && !g_input_closed_for_frame) {
        const InputEvent e = g_input.front();
        if (e.is_char) {
            ImGui_ImplGlfw_CharCallback(g_window, e.c);
            g_input.pop_front();
            continue;
        }
        // A modifier let go after a key pressed since the last frame: that press must be seen
        // with the modifier still down (Ctrl+A pressed while Ctrl went down a frame earlier).
        if (e.action == GLFW_RELEASE && is_modifier_key(e.key) && !g_pressed_since_frame.empty()) return;
        if (e.action == GLFW_RELEASE && contains_key(g_pressed_since_frame, e.key)) {
            g_waiting_releases.push_back(e);
            g_input.pop_front();
            continue;
        }
        if (e.action == GLFW_PRESS) {
            if (contains_key(g_released_since_frame, e.key)) return;
            for (const InputEvent& w : g_waiting_releases)
                if (w.key == e.key) return;
            g_pressed_since_frame.push_back(e.key);
            if (is_editing_key(e.key)) g_input_closed_for_frame = true;
        }
        if (e.action == GLFW_RELEASE) g_released_since_frame.push_back(e.key);
        ImGui_ImplGlfw_KeyCallback(g_window, e.key, e.scancode, e.action, e.mods);
        g_input.pop_front();
    }
}

// Key and character events not yet given to ImGui: tests wait for 0 before they click, since
// mouse events do not queue behind typing.
extern "C" EMSCRIPTEN_KEEPALIVE int kariz_test_input_pending() { return (int)(g_input.size() + g_waiting_releases.size()); }

static void key_callback(GLFWwindow*, int key, int scancode, int action, int mods) {
    g_input.push_back({false, key, scancode, action, mods, 0});
    drain_input();
}

// Debian's Emscripten GLFW hands over the browser's raw deltaX/deltaY (100 per notch, positive
// = down), where GLFW means notches with positive = up: one notch would scroll a column about 100
// lines the wrong way. Turned into notches here, then given to ImGui's own callback.
static void scroll_callback(GLFWwindow* window, double dx, double dy) {
    double k = js_wheel_scale();
    ImGui_ImplGlfw_ScrollCallback(window, -dx * k, -dy * k);
}

static void char_callback(GLFWwindow*, unsigned int c) {
    g_input.push_back({true, 0, 0, 0, 0, c});
    drain_input();
}

// Runs at the END of a frame: that frame's NewFrame saw the presses, and its views still saw the
// modifiers down (a quick Ctrl+Z must reach the undo shortcut with Ctrl held); the next frame
// sees the releases and whatever was typed behind them.
static void release_held_keys() {
    g_released_since_frame.clear();  // the frame that just ran saw them
    g_input_closed_for_frame = false;
    std::vector<InputEvent> waiting;
    waiting.swap(g_waiting_releases);
    for (const InputEvent& e : waiting) {
        ImGui_ImplGlfw_KeyCallback(g_window, e.key, e.scancode, GLFW_RELEASE, e.mods);
        g_released_since_frame.push_back(e.key);
    }
    g_pressed_since_frame.clear();
    drain_input();
}

static void sync_canvas_size() {
    Shell& s = shell();
    float dpr = (float)js_dpr();
    int w = (int)(js_canvas_css_width() * dpr), h = (int)(js_canvas_css_height() * dpr);
    int cw, ch;
    glfwGetWindowSize(g_window, &cw, &ch);
    // ImGui works in canvas pixels; the UI is scaled by the device pixel ratio instead.
    if (w != cw || h != ch) js_set_canvas_size(w, h);
    if (dpr != s.dpr) {
        s.dpr = dpr;
        s.app.ui_scale = dpr;
        app_setup_style(dpr);  // the fonts follow in frame() (fonts_ensure)
    }
}

static void frame() {
    double t0 = emscripten_get_now();
    Shell& s = shell();
    sync_canvas_size();
    // Nothing is drawn until the stored board is read (web/storage.cpp): the page's own "Opening
    // your board" line shows meanwhile. Drawing an "opening" frame made that frame wait ~35 ms on
    // the GPU process for the shaders (SwiftShader compiles them then), and the IndexedDB results
    // that arrived meanwhile waited behind it (issue 7).
    if (!s.app.storage_ready) {
        gl_renderer_prepare();
        return;
    }
    static bool shown = false;
    // Restored or built when the stored board was read (web/fonts.cpp); built here if IndexedDB
    // sent nothing, or again at a new device pixel ratio.
    fonts_ensure(s.dpr);
    glfwPollEvents();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (io.DeltaTime <= 0) io.DeltaTime = 1.0f / 1000.0f;  // the 1.86 backend can report 0 on the web
    ImGui::NewFrame();
    app_frame(s.app, s.host);
    ImGui::Render();
    release_held_keys();
    int fw, fh;
    glfwGetFramebufferSize(g_window, &fw, &fh);
    const float clear[4] = {0.93f, 0.94f, 0.96f, 1};
    bool drew = gl_renderer_render(ImGui::GetDrawData(), fw, fh, clear);
    storage_tick(emscripten_get_now());
    fonts_tick(emscripten_get_now(), shown);
    frame_measured(t0, emscripten_get_now(), !s.app.store.ws().pipelines.empty(), drew);
    if (!shown) {
        shown = true;
        EM_ASM({ if (Module.onKarizShown) Module.onKarizShown(); });
    }
}

int main() {
    timing_mark("kariz-main");
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // An opaque canvas with no depth or stencil buffer: ImGui needs neither, and the page makes
    // the context with these attributes ahead of main() (web/page/shell.js).
    glfwWindowHint(GLFW_ALPHA_BITS, 0);
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    // In device pixels, as sync_canvas_size() keeps it (and as the page sized it already).
    float dpr = (float)js_dpr();
    g_window = glfwCreateWindow((int)(js_canvas_css_width() * dpr), (int)(js_canvas_css_height() * dpr), "Kariz", nullptr, nullptr);
    if (!g_window) return 1;
    glfwMakeContextCurrent(g_window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is not persisted: the board lays itself out
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    // After the backend's init, which installs GLFW's clipboard (a string inside Emscripten's GLFW
    // that never reaches the browser's clipboard).
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;
    glfwSetKeyCallback(g_window, key_callback);
    glfwSetScrollCallback(g_window, scroll_callback);
    glfwSetCharCallback(g_window, char_callback);
    if (!gl_renderer_init()) return 1;

    Shell& s = shell();
    s.dpr = 0;  // forces the first sync to set the style
    s.app.store.ids().reseed((uint64_t)js_random_seed());
    char device[16] = {0};
    js_device_id(device, (int)sizeof device);
    s.app.store.ids().device = device;
    s.app.sample_text = read_file("/assets/sample.json");
    std::string error;
    // The words first: every message below, and every label after, comes from the catalogues.
    if (!i18n_load("/assets/i18n", error)) s.app.action_error = error;
    Language lang = Language::English;
    language_from_code(device_interface_language(), lang);
    if (!i18n_set_language(lang, error)) s.app.action_error = error;
    i18n_set_solar_hijri(device_solar_hijri());
    s.host.remember_interface_language(language_code(lang), ui_solar_hijri());  // the page's lang, dir and words
    if (!read_pipeline_templates(read_file("/assets/pipelines.json"), s.app.templates_source, error))
        s.app.action_error = tr_plain(Text("error.templates_unreadable", {error}));
    if (!read_frameworks(read_file("/assets/frameworks.json"), s.app.frameworks_source, error))
        s.app.action_error = tr_plain(Text("error.frameworks_unreadable", {error}));
    localize_assets(s.app);
    s.app.me_id = device_current_user();  // per device, not in the workspace (app/users_view.cpp)
    // The scale now: the fonts for it come with the stored board (web/fonts.cpp), restored from
    // IndexedDB or built there, before the board's records are read.
    sync_canvas_size();
    // Sends the shaders to the GPU process now, so it compiles them while the board is read;
    // unflushed, they waited for the first frame's queries (issue 7).
    glFlush();
    timing_mark("kariz-main-ready");
    storage_start();
    EM_ASM({ if (Module.onKarizStarted) Module.onKarizStarted(); });
    emscripten_set_main_loop(frame, 0, true);
    return 0;
}

// ---- Called from the page (web/page/shell.js) ----
extern "C" {

EMSCRIPTEN_KEEPALIVE void kariz_import_file(const char* name, const char* text) {
    app_offer_import(shell().app, name, text);
}

// A CSV file's bytes as they are on disk (the reader handles the BOM and says when it is not UTF-8).
EMSCRIPTEN_KEEPALIVE void kariz_import_csv(const char* name, const char* bytes, int len) {
    app_offer_csv(shell().app, shell().host, name, std::string(bytes, (size_t)(len > 0 ? len : 0)));
}

EMSCRIPTEN_KEEPALIVE void kariz_import_refused(const char* name, const char* reason) {
    shell().app.import_error = std::string(name) + ": " + reason;
}

EMSCRIPTEN_KEEPALIVE void kariz_paste_text(const char* text) {
    if (ImGui::GetIO().WantTextInput) ImGui::GetIO().AddInputCharactersUTF8(text);
}

EMSCRIPTEN_KEEPALIVE void kariz_page_hidden() { storage_flush_now(); }

}  // extern "C"
