// Kariz in the browser: canvas, GLFW/WebGL2 main loop, Dear ImGui backends, and the glue the
// page (web/page/shell.js) calls: file import, paste, visibility, and the test interface.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>
#include "gl_renderer.h"
#include "web_host.h"

using namespace kariz;

EM_JS(double, js_now_ms, (), { return Date.now(); });
EM_JS(int, js_utc_offset_minutes, (), { return -new Date().getTimezoneOffset(); });
EM_JS(double, js_dpr, (), { return window.devicePixelRatio || 1; });
EM_JS(int, js_canvas_css_width, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().width)); });
EM_JS(int, js_canvas_css_height, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().height)); });
EM_JS(double, js_random_seed, (), {
    var a = new Uint32Array(2);
    crypto.getRandomValues(a);
    return a[0] * 4294967296 + a[1];
});
EM_JS(void, js_download, (const char* name, const char* text, int len), {
    var bytes = HEAPU8.slice(text, text + len);
    var blob = new Blob([bytes], {type: 'application/json'});
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
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
static const char* kFont = "/assets/DejaVuSans.ttf";
static std::string g_clipboard_out;

static std::string read_file(const char* path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// ImGui copies through the browser clipboard. Pasting arrives as a DOM paste event
// (kariz_paste_text), so ImGui's own Ctrl+V reads an empty clipboard and nothing is doubled.
static void set_clipboard(void*, const char* text) {
    g_clipboard_out = text;
    js_copy_text(text);
}
static const char* get_clipboard(void*) { return ""; }

// ImGui 1.86 reads key state once per frame (NewFrame), so a key pressed and released between
// two frames, a quick tap on a slow frame, would never be seen. A release of a key pressed
// since the last NewFrame is held back until that frame has seen the press.
struct KeyEvent { int key, scancode, mods; };
static std::vector<int> g_pressed_since_frame;
static std::vector<KeyEvent> g_held_releases;

static void key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
    bool pressed_this_frame = std::find(g_pressed_since_frame.begin(), g_pressed_since_frame.end(), key) != g_pressed_since_frame.end();
    // Releases keep their order: once one is held (A of Ctrl+A), later ones (Ctrl) wait behind it.
    if (action == GLFW_RELEASE && (pressed_this_frame || !g_held_releases.empty())) {
        g_held_releases.push_back({key, scancode, mods});
        return;
    }
    if (action == GLFW_PRESS) g_pressed_since_frame.push_back(key);
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

// Debian's Emscripten GLFW hands over the browser's raw deltaX/deltaY (100 per notch, positive
// = down), where GLFW means notches with positive = up: one notch would scroll a column about 100
// lines the wrong way. Turned into notches here, then given to ImGui's own callback.
static void scroll_callback(GLFWwindow* window, double dx, double dy) {
    double k = js_wheel_scale();
    ImGui_ImplGlfw_ScrollCallback(window, -dx * k, -dy * k);
}

// Characters typed while a release is held back wait behind it: ImGui drops characters while
// Ctrl is down, so letters typed right after a quick Ctrl+A would be lost. They reach ImGui with
// the releases, in order.
static std::vector<unsigned int> g_held_chars;

static void char_callback(GLFWwindow* window, unsigned int c) {
    if (!g_held_releases.empty()) {
        g_held_chars.push_back(c);
        return;
    }
    ImGui_ImplGlfw_CharCallback(window, c);
}

// Runs at the END of a frame: that frame's NewFrame saw the presses, and its views still saw the
// modifiers down (a quick Ctrl+Z must reach the undo shortcut with Ctrl held); the next frame
// sees the releases and the characters typed behind them.
static void release_held_keys() {
    g_pressed_since_frame.clear();
    std::vector<KeyEvent> held;
    held.swap(g_held_releases);
    for (const KeyEvent& e : held) ImGui_ImplGlfw_KeyCallback(g_window, e.key, e.scancode, GLFW_RELEASE, e.mods);
    std::vector<unsigned int> chars;
    chars.swap(g_held_chars);
    for (unsigned int c : chars) ImGui_ImplGlfw_CharCallback(g_window, c);
}

static void sync_canvas_size() {
    Shell& s = shell();
    float dpr = (float)js_dpr();
    int w = (int)(js_canvas_css_width() * dpr), h = (int)(js_canvas_css_height() * dpr);
    int cw, ch;
    glfwGetWindowSize(g_window, &cw, &ch);
    // ImGui works in canvas pixels; the UI is scaled by the device pixel ratio instead.
    if (w != cw || h != ch) glfwSetWindowSize(g_window, w, h);
    if (dpr != s.dpr) {
        s.dpr = dpr;
        s.app.ui_scale = dpr;
        app_setup_style(dpr, kFont);
        gl_renderer_upload_fonts();
    }
}

static void frame() {
    double t0 = emscripten_get_now();
    Shell& s = shell();
    sync_canvas_size();
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
    gl_renderer_render(ImGui::GetDrawData(), fw, fh, clear);
    storage_tick(emscripten_get_now());
    frame_measured(t0, emscripten_get_now(), s.app.storage_ready && !s.app.store.ws().pipelines.empty());
}

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_window = glfwCreateWindow(js_canvas_css_width(), js_canvas_css_height(), "Kariz", nullptr, nullptr);
    if (!g_window) return 1;
    glfwMakeContextCurrent(g_window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is not persisted: the board lays itself out
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    glfwSetKeyCallback(g_window, key_callback);
    glfwSetScrollCallback(g_window, scroll_callback);
    glfwSetCharCallback(g_window, char_callback);
    if (!gl_renderer_init()) return 1;

    Shell& s = shell();
    s.dpr = 0;  // forces the first sync to build fonts
    s.app.store.ids().reseed((uint64_t)js_random_seed());
    s.app.sample_text = read_file("/assets/sample.json");
    std::string error;
    if (!read_pipeline_templates(read_file("/assets/pipelines.json"), s.app.templates, error))
        s.app.action_error = "Pipeline templates could not be read: " + error;
    if (!read_frameworks(read_file("/assets/frameworks.json"), s.app.frameworks, error))
        s.app.action_error = "Qualification frameworks could not be read: " + error;
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

EMSCRIPTEN_KEEPALIVE void kariz_import_refused(const char* name, const char* reason) {
    shell().app.import_error = std::string(name) + ": " + reason;
}

EMSCRIPTEN_KEEPALIVE void kariz_paste_text(const char* text) {
    if (ImGui::GetIO().WantTextInput) ImGui::GetIO().AddInputCharactersUTF8(text);
}

EMSCRIPTEN_KEEPALIVE void kariz_page_hidden() { storage_flush_now(); }

}  // extern "C"
