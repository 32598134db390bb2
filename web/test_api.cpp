// The test and benchmark interface the page exposes as window.kariz (web/page/shell.js):
// the state as snapshot JSON, where named items were drawn, a settable clock, and timings
// measured inside the app (frame CPU time, search, snapshot read/write, storage).
#include <emscripten.h>
#include <imgui.h>
#include <algorithm>
#include <vector>
#include "deal_record.h"
#include "font_atlas.h"
#include "i18n.h"
#include "item_rects.h"
#include "web_host.h"

using namespace kariz;

namespace {
std::vector<double> g_frame_ms;
size_t g_frames_drawn = 0;  // of those, frames that changed the picture (web/gl_renderer.cpp)
double g_first_board_ms = 0;
std::string g_text;  // backing store for strings returned to JS

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t k = (size_t)(q * (double)(v.size() - 1) + 0.5);
    return v[std::min(k, v.size() - 1)];
}

std::string json_escape(const std::string& x) {
    std::string o;
    for (char c : x) {
        if (c == '"' || c == '\\') o += '\\';
        if ((unsigned char)c >= 0x20) o += c;
    }
    return o;
}
}  // namespace

EM_JS(void, js_performance_mark, (const char* name), { performance.mark(UTF8ToString(name)); });

namespace kariz {
void timing_mark(const char* name) { js_performance_mark(name); }

void frame_measured(double start_ms, double end_ms, bool board_shown, bool drew) {
    if (g_frame_ms.size() >= 20000) {
        g_frame_ms.clear();
        g_frames_drawn = 0;
    }
    g_frame_ms.push_back(end_ms - start_ms);
    if (drew) g_frames_drawn++;
    if (board_shown && g_first_board_ms == 0) {
        g_first_board_ms = end_ms;
        timing_mark("kariz-first-board");
    }
}
}  // namespace kariz

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* kariz_test_state() {
    static std::string s;
    s = write_snapshot(shell().app.store.ws(), shell().host.now());
    return s.c_str();
}

// Rectangle of a named item in the last frame, in CSS pixels relative to the canvas.
EMSCRIPTEN_KEEPALIVE int kariz_test_rect(const char* name, float* out) {
    ItemRect r;
    if (!rects_find(name, r)) return 0;
    float k = shell().dpr > 0 ? shell().dpr : 1;
    out[0] = r.x / k;
    out[1] = r.y / k;
    out[2] = r.w / k;
    out[3] = r.h / k;
    return 1;
}

// Where the interface font's atlas came from ("built", "restored") and its fingerprint (web/fonts.cpp).
EMSCRIPTEN_KEEPALIVE const char* kariz_test_fonts() {
    static std::string s;
    s = std::string("{\"source\":\"") + fonts_source() + "\",\"fingerprint\":\"" + font_atlas_fingerprint(*ImGui::GetIO().Fonts) + "\"}";
    return s.c_str();
}

EMSCRIPTEN_KEEPALIVE void kariz_test_set_clock(double seconds) { shell().host.clock_override = seconds; }
EMSCRIPTEN_KEEPALIVE int kariz_test_ready() { return shell().app.storage_ready ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE int kariz_test_save_pending() { return storage_pending() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE double kariz_test_last_save_bytes() { return storage_last_save_bytes(); }
// The record this app stores for a deal given as snapshot JSON (read against the board's head, so
// its pipeline must exist), for tests that write the journal as another tab would. Null when the
// deal cannot be read.
EMSCRIPTEN_KEEPALIVE const char* kariz_test_deal_record(const char* deal_json, int* length_out) {
    const Workspace& ws = shell().app.store.ws();
    Workspace one;
    std::string error;
    *length_out = 0;
    if (!read_snapshot(snapshot_head(ws, shell().host.now(), nullptr) + deal_json + "]}", one, error) || one.deals.size() != 1)
        return nullptr;
    g_text.clear();
    append_deal_record(g_text, one.deals[0]);
    *length_out = (int)g_text.size();
    return g_text.data();
}
EMSCRIPTEN_KEEPALIVE const char* kariz_test_ui() {
    // What the views show besides the workspace: errors and status, for assertions.
    static std::string s;
    const App& a = shell().app;
    auto esc = json_escape;
    s = "{\"import_error\":\"" + esc(a.import_error) + "\",\"action_error\":\"" + esc(a.action_error) +
        "\",\"storage_error\":\"" + esc(a.storage_error) + "\",\"storage_status\":\"" + esc(a.storage_status) +
        "\",\"pipeline_id\":\"" + esc(a.pipeline_id) + "\",\"import_pending\":" + (a.pending_import ? "true" : "false") +
        ",\"editor_open\":" + (a.draft.open ? "true" : "false") + ",\"can_undo\":" + (a.store.can_undo() ? "true" : "false") +
        ",\"move_pending\":" + (a.pending_move ? "true" : "false") + ",\"follow_up_deal_id\":\"" + esc(a.follow_up_deal_id) +
        "\",\"last_copied\":\"" + esc(shell().host.last_copied) + "\",\"last_url\":\"" + esc(shell().host.last_url) + "\"" +
        ",\"merge_summary\":\"" + esc(a.pending_import && a.pending_import->merge ? a.pending_import->merge->summary() : "") +
        "\",\"device\":\"" + esc(shell().app.store.ids().device) + "\"" +
        ",\"search_indexed\":" + (a.board_all.search_indexed ? "true" : "false") +
        // The interface language (app/i18n.h) and catalogue keys looked up but not found.
        ",\"language\":\"" + language_code(ui_language()) + "\",\"rtl\":" + (ui_rtl() ? "true" : "false") +
        ",\"solar_hijri\":" + (ui_solar_hijri() ? "true" : "false") + ",\"missing_keys\":[";
    bool first = true;
    for (const std::string& k : i18n_missing_keys()) {
        s += (first ? "\"" : ",\"") + esc(k) + "\"";
        first = false;
    }
    s += "],\"draft_title\":\"" + esc(a.draft.fields.title) + "\",\"text_input\":" +
         (ImGui::GetIO().WantTextInput ? "true" : "false") + "}";
    return s.c_str();
}

// The report table the Reports window shows: {"report": slug, "header": [...], "rows": [[...]]}, or null.
EMSCRIPTEN_KEEPALIVE const char* kariz_test_report() {
    static std::string s;
    std::string slug;
    const ReportTable* t = reports_shown(slug);
    if (!t) return "null";
    auto list = [](const std::vector<std::string>& cells) {
        std::string o = "[";
        for (size_t i = 0; i < cells.size(); ++i) o += (i ? ",\"" : "\"") + json_escape(cells[i]) + "\"";
        return o + "]";
    };
    s = "{\"report\":\"" + slug + "\",\"header\":" + list(t->header) + ",\"rows\":[";
    for (size_t r = 0; r < t->rows.size(); ++r) s += (r ? "," : "") + list(t->rows[r]);
    s += "]}";
    return s.c_str();
}

// ---- Benchmarks (tests/bench) ----
EMSCRIPTEN_KEEPALIVE void kariz_bench_frames_reset() {
    g_frame_ms.clear();
    g_frames_drawn = 0;
}
// which: 0 count, 1 median, 2 95th percentile, 3 how many drew, of frames since the last reset
// (ms of CPU).
EMSCRIPTEN_KEEPALIVE double kariz_bench_frames(int which) {
    if (which == 0) return (double)g_frame_ms.size();
    if (which == 3) return (double)g_frames_drawn;
    return percentile(g_frame_ms, which == 1 ? 0.5 : 0.95);
}
// performance.now() of the end of the first frame that showed a board.
EMSCRIPTEN_KEEPALIVE double kariz_bench_first_board_ms() { return g_first_board_ms; }
EMSCRIPTEN_KEEPALIVE double kariz_bench_last_save_ms() { return storage_last_save_ms(); }

// Filtering every deal for a query, as the search box does on each keystroke.
EMSCRIPTEN_KEEPALIVE double kariz_bench_search(const char* query) {
    // The same work the board does when the search text changes: filter the sorted columns.
    App& app = shell().app;
    if (app.board_all.columns.empty()) app.board_all = build_columns(app.store.ws(), BoardQuery{app.pipeline_id, "", app.status_filter, "", {}});
    Board filtered;
    double t0 = emscripten_get_now();
    filter_columns(app.store.ws(), app.board_all, query, filtered);
    double ms = emscripten_get_now() - t0;
    app.search = query;
    return ms;
}

EMSCRIPTEN_KEEPALIVE double kariz_bench_export(int* bytes_out) {
    double t0 = emscripten_get_now();
    g_text = write_snapshot(shell().app.store.ws(), shell().host.now());
    double ms = emscripten_get_now() - t0;
    *bytes_out = (int)g_text.size();
    return ms;
}
EMSCRIPTEN_KEEPALIVE const char* kariz_bench_export_text() { return g_text.c_str(); }

// Reads a snapshot as Import does (validation included) without replacing the board.
EMSCRIPTEN_KEEPALIVE double kariz_bench_import(const char* text, int* deals_out) {
    double t0 = emscripten_get_now();
    Workspace ws;
    std::string error;
    bool ok = read_snapshot(text, ws, error);
    double ms = emscripten_get_now() - t0;
    *deals_out = ok ? (int)ws.deals.size() : -1;
    return ms;
}

}  // extern "C"
