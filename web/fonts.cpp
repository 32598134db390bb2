// The interface font in the browser: its atlas is restored from IndexedDB when an earlier visit kept
// it there (app/font_atlas.h), otherwise built and then kept. web/page/kariz-db.js reads the kept
// atlas in the same transaction as the stored board, ahead of it, and web/storage.js hands it to
// kariz_fonts_stored; the first frame builds the fonts if nothing arrived (IndexedDB unavailable).
#include <emscripten.h>
#include <GLES3/gl3.h>
#include <imgui.h>
#include "font_atlas.h"
#include "gl_renderer.h"
#include "i18n.h"
#include "web_host.h"

// Copies the packed atlas out of wasm memory now; the write waits for a quiet moment (kariz-db.js).
EM_JS(void, js_keep_font_atlas, (const char* bytes, int length), {
    KarizDB.putAtlas(HEAPU8.slice(bytes, bytes + length));
});

namespace kariz {

namespace {
const char* kFontPath = "/assets/DejaVuSans.ttf";
float g_scale = 0;                 // the UI scale the atlas in ImGui was made for; 0: none yet
const char* g_source = "none";     // "built" or "restored", for the test interface
bool g_unkept = false;             // built, not yet handed to IndexedDB
double g_keep_after_ms = -1;       // when to hand it over: after the first frames, off the load's path
const double kKeepDelayMs = 1500;

// The font file's bytes, read once: ImGui builds from them without copying them, and the atlas
// key hashes them.
const std::string& font_bytes() {
    static std::string bytes;
    static bool read = false;
    if (!read) {
        read = true;
        read_asset(kFontPath, bytes);
    }
    return bytes;
}

void use_atlas(float scale, const char* source) {
    timing_mark("kariz-fonts-ready");
    g_scale = scale;
    g_source = source;
    gl_renderer_upload_fonts();
    // Sends the font texture to the GPU process now, so it uploads it while the board is read;
    // unflushed, it waited for the first frame (issue 7).
    glFlush();
}

void build(float scale) {
    app_add_font(scale, font_bytes());
    ImGui::GetIO().Fonts->Build();
    use_atlas(scale, "built");
    g_unkept = !app_font_atlas_key(scale, font_bytes()).empty();
    g_keep_after_ms = -1;
}
}  // namespace

void fonts_ensure(float scale) {
    if (g_scale != scale) build(scale);
}

void fonts_tick(double now_ms, bool board_shown) {
    if (!g_unkept || !board_shown) return;
    if (g_keep_after_ms < 0) g_keep_after_ms = now_ms + kKeepDelayMs;
    if (now_ms < g_keep_after_ms) return;
    g_unkept = false;
    const std::string packed = font_atlas_pack(*ImGui::GetIO().Fonts, app_font_atlas_key(g_scale, font_bytes()));
    if (!packed.empty()) js_keep_font_atlas(packed.data(), (int)packed.size());
}

const char* fonts_source() { return g_source; }

}  // namespace kariz

using namespace kariz;

extern "C" {

// The atlas kept in IndexedDB (`length` 0: none). Restored if it was made from this font at this
// scale by this ImGui; built (and kept again) otherwise.
EMSCRIPTEN_KEEPALIVE void kariz_fonts_stored(const char* packed, int length) {
    const float scale = shell().dpr;
    if (g_scale == scale) return;
    timing_mark("kariz-fonts-start");
    const std::string key = app_font_atlas_key(scale, font_bytes());
    std::string error;
    if (length > 0 && !key.empty() && font_atlas_unpack(*ImGui::GetIO().Fonts, std::string_view(packed, (size_t)length), key, error)) {
        use_atlas(scale, "restored");
        return;
    }
    // A kept atlas from another font, scale or version, or a damaged one: rebuilt and replaced.
    if (length > 0) EM_ASM({ console.info('Kariz: font atlas rebuilt: ' + UTF8ToString($0)); }, error.c_str());
    build(scale);
}

}  // extern "C"
