// The frame: menu, toolbar, board and the app-wide pop-ups (import, errors, first run).
#include "app.h"
#include <imgui.h>
#include <imgui_stdlib.h>
#include <cstdio>
#include "bidi.h"
#include "dates.h"
#include "item_rects.h"

namespace kariz {

bool named_button(const char* label, const std::string& rect_name, float width) {
    bool pressed = ImGui::Button(label, ImVec2(width, 0));
    rects_record_last_item(rect_name);
    return pressed;
}

const std::string& shown(const std::string& logical) {
    static VisualTextCache cache;
    return cache.get(logical);
}

uint32_t user_colour(const std::string& user_id) {
    static const uint32_t palette[] = {IM_COL32(66, 133, 244, 255), IM_COL32(219, 68, 55, 255), IM_COL32(15, 157, 88, 255),
                                       IM_COL32(171, 71, 188, 255), IM_COL32(255, 112, 67, 255), IM_COL32(0, 137, 123, 255),
                                       IM_COL32(124, 77, 255, 255), IM_COL32(192, 132, 0, 255)};
    uint32_t h = 2166136261u;
    for (char c : user_id) h = (h ^ (uint8_t)c) * 16777619u;
    return palette[h % (sizeof(palette) / sizeof(palette[0]))];
}

std::string money_line(const MoneyByCurrency& m, size_t max_items, bool whole) {
    std::string s;
    size_t n = 0;
    for (const auto& [currency, amount] : m) {
        if (n == max_items) { s += " +" + std::to_string(m.size() - n); break; }
        if (n++) s += " · ";
        s += format_money(amount, currency, whole);
    }
    return s.empty() ? "—" : s;
}

bool app_dispatch(App& app, Host& host, const Action& action) {
    std::string error;
    if (app.store.dispatch(action, host.now(), &error)) {
        app.action_error.clear();
        return true;
    }
    app.action_error = std::string(action_name(action)) + ": " + error;
    return false;
}

static void replace_workspace(App& app, Host& host, Workspace ws, const char* label) {
    auto shared = std::make_shared<const Workspace>(std::move(ws));
    if (app_dispatch(app, host, ReplaceWorkspace{label, shared})) app.pipeline_id = shared->pipelines.front().id;
}

void app_replace_workspace(App& app, Host& host, Workspace ws, const char* label) { replace_workspace(app, host, std::move(ws), label); }

void app_load_sample(App& app, Host& host) {
    Workspace ws;
    std::string error;
    if (!read_snapshot(app.sample_text, ws, error)) {
        app.action_error = "The sample pipeline could not be read: " + error;
        return;
    }
    shift_times(ws, host.now() - latest_time(ws));
    replace_workspace(app, host, std::move(ws), "Load sample pipeline");
}

void app_start_empty(App& app, Host& host) {
    Workspace ws;
    IdGenerator& ids = app.store.ids();
    User me{ids.uuid4(), "Me", "ME", Role::Manager, 0, "", ""};
    ws.users.push_back(me);
    ws.settings.current_user_id = me.id;
    Pipeline p;
    p.id = ids.uuid4();
    p.name = "Sales";
    p.stages.push_back(Stage{ids.uuid4(), "Unsorted", 0, 0, {}, false});
    const PipelineTemplate* chosen = app.templates.empty() ? nullptr : &app.templates.front();
    for (const PipelineTemplate& t : app.templates)
        if (t.is_default) chosen = &t;
    if (chosen) {
        for (Stage s : chosen->stages) {
            s.id = ids.uuid4();
            p.stages.push_back(s);
        }
    }
    ws.pipelines.push_back(p);
    replace_workspace(app, host, std::move(ws), "Start empty");
}

void app_offer_import(App& app, const std::string& file_name, const std::string& text) {
    auto ws = std::make_shared<Workspace>();
    std::string error;
    SnapshotSummary summary;
    app.pending_import.reset();
    if (!read_snapshot(text, *ws, error, &summary)) {
        app.import_error = file_name + ": " + error;
        return;
    }
    app.import_error.clear();
    app.pending_import = std::make_unique<PendingImport>(PendingImport{ws, summary, file_name});
}

static void export_snapshot(App& app, Host& host) { export_snapshot_scope(app, host, ExportScope{"workspace", "", {}}); }

static void undo_redo_shortcuts(App& app) {
    ImGuiIO& io = ImGui::GetIO();
    // While a text field has focus, Ctrl+Z belongs to the field's own undo.
    if (io.WantTextInput || !io.KeyCtrl) return;
    bool z = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false);
    bool y = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false);
    if (z && !io.KeyShift) app.store.undo();
    else if ((z && io.KeyShift) || y) app.store.redo();
}

static void menu_bar(App& app, Host& host) {
    if (!ImGui::BeginMenuBar()) return;
    ImVec2 kariz_at = ImGui::GetCursorScreenPos();  // where the menu's title is drawn, for the tests
    rects_record("menu:kariz", kariz_at.x, kariz_at.y, ImGui::CalcTextSize("Kariz").x + ImGui::GetStyle().ItemSpacing.x * 2,
                 ImGui::GetFrameHeight());
    if (ImGui::BeginMenu("Kariz")) {
        export_menu_items(app, host);
        ImGui::TextDisabled("Import JSON: use the toolbar button");
        ImGui::Separator();
        if (ImGui::MenuItem("Load sample pipeline")) app_load_sample(app, host);
        if (ImGui::MenuItem("Start empty")) app_start_empty(app, host);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit")) {
        std::string u = "Undo " + app.store.undo_label(), r = "Redo " + app.store.redo_label();
        if (ImGui::MenuItem(u.c_str(), "Ctrl+Z", false, app.store.can_undo())) app.store.undo();
        if (ImGui::MenuItem(r.c_str(), "Ctrl+Shift+Z", false, app.store.can_redo())) app.store.redo();
        ImGui::EndMenu();
    }
    ImVec2 menu_at = ImGui::GetCursorScreenPos();  // where the menu's title is drawn, for the tests
    rects_record("menu:pipeline", menu_at.x, menu_at.y, ImGui::CalcTextSize("Pipeline").x + ImGui::GetStyle().ItemSpacing.x * 2,
                 ImGui::GetFrameHeight());
    if (ImGui::BeginMenu("Pipeline")) {
        if (ImGui::MenuItem("Edit stages…")) app.stage_editor_open = true;
        if (ImGui::MenuItem("Settings…")) app.settings_open = true;
        rects_record_last_item("menu:settings");
        if (ImGui::MenuItem("Cost of bad deals…")) app.cost_open = true;
        rects_record_last_item("menu:cost");
        if (ImGui::MenuItem("Team…")) app.team_open = true;
        rects_record_last_item("menu:team");
        ImGui::EndMenu();
    }
    // In the menu bar, not the toolbar: the toolbar is full at 1280 px. Managers only.
    if (reports_allowed(app)) {
        if (ImGui::MenuItem("Reports", nullptr, app.reports_open)) app.reports_open = !app.reports_open;
        rects_record_last_item("button:reports");
    }
    csv_menu(app, host);  // import and export deals as CSV (app/csv_import_view.cpp)
    ImGui::EndMenuBar();
}

static void toolbar(App& app, Host& host) {
    const Workspace& ws = app.store.ws();
    const Pipeline* current = ws.find_pipeline(app.pipeline_id);
    ImGui::SetNextItemWidth(200 * app.ui_scale);
    if (ImGui::BeginCombo("##pipeline", current ? shown(current->name).c_str() : "Pipeline")) {
        for (const Pipeline& p : ws.pipelines)
            if (ImGui::Selectable(shown(p.name).c_str(), p.id == app.pipeline_id)) app.pipeline_id = p.id;
        ImGui::EndCombo();
    }
    rects_record_last_item("combo:pipeline");
    ImGui::SameLine();
    if (named_button("+ New deal", "button:new-deal")) deal_editor_open_new(app, host);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220 * app.ui_scale);
    ImGui::InputTextWithHint("##search", "Search deals…", &app.search);
    rects_record_last_item("input:search");
    ImGui::SameLine();
    static const char* status_names[] = {"Open deals", "Won", "Lost", "All deals"};
    ImGui::SetNextItemWidth(120 * app.ui_scale);
    int status = (int)app.status_filter;
    if (ImGui::Combo("##status", &status, status_names, 4)) app.status_filter = (StatusFilter)status;
    ImGui::SameLine();
    if (named_button("Stages…", "button:stages")) app.stage_editor_open = true;
    ImGui::SameLine();
    if (named_button("My day", "button:my-day")) app.my_day_open = !app.my_day_open;
    ImGui::SameLine();
    if (named_button("Needs attention", "button:attention")) app.attention_open = !app.attention_open;
    ImGui::SameLine();
    if (named_button("Nurture", "button:nurture")) app.nurture_open = !app.nurture_open;
    ImGui::SameLine();
    ImGui::BeginDisabled(!app.store.can_undo());
    if (named_button("Undo", "button:undo")) app.store.undo();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!app.store.can_redo());
    if (named_button("Redo", "button:redo")) app.store.redo();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (named_button("Export JSON", "button:export")) export_snapshot(app, host);
    ImGui::SameLine();
    // The shell opens the file picker on pointerup over this button (a browser needs the gesture).
    named_button("Import JSON", "button:import");
    ImGui::SameLine();
    if (!app.storage_error.empty()) ImGui::TextColored(ImVec4(0.9f, 0.2f, 0.2f, 1), "%s", app.storage_error.c_str());
    else ImGui::TextDisabled("%s", app.storage_status.c_str());
}

static void banners(App& app) {
    if (app.action_error.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.25f, 0.1f, 1));
    ImGui::TextWrapped("%s", app.action_error.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (named_button("Dismiss", "button:dismiss-error")) app.action_error.clear();
}

static void import_popups(App& app, Host& host) {
    if (app.pending_import && !ImGui::IsPopupOpen("Import snapshot")) ImGui::OpenPopup("Import snapshot");
    if (!app.import_error.empty() && !ImGui::IsPopupOpen("Import refused")) ImGui::OpenPopup("Import refused");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Import snapshot", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        if (!app.pending_import) {
            ImGui::CloseCurrentPopup();
        } else {
            merge_preview(app, host);
        }
        ImGui::EndPopup();
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Import refused", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("This file cannot be imported. Your board is unchanged.");
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36);
        ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.2f, 1), "%s", app.import_error.c_str());
        ImGui::PopTextWrapPos();
        rects_record_last_item("text:import-error");
        if (named_button("OK", "button:import-error-ok")) {
            app.import_error.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

static void first_run(App& app, Host& host) {
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float w = 460 * app.ui_scale;
    ImGui::SetCursorPos(ImVec2((avail.x - w) * 0.5f, avail.y * 0.25f));
    ImGui::BeginChild("welcome", ImVec2(w, 250 * app.ui_scale), true);
    ImGui::Text("Welcome to Kariz");
    ImGui::TextWrapped("Your sales pipeline, kept in this browser. Nothing leaves your machine unless you export it.");
    ImGui::Spacing();
    if (named_button("Load sample pipeline", "button:load-sample", -1)) app_load_sample(app, host);
    ImGui::TextDisabled("About 40 deals across stages, sellers and currencies.");
    ImGui::Spacing();
    if (named_button("Start empty", "button:start-empty", -1)) app_start_empty(app, host);
    ImGui::TextDisabled("The five-step leaky pipeline, no deals yet.");
    ImGui::Spacing();
    named_button("Import JSON…", "button:import", -1);  // opened by the shell, as in the toolbar
    ImGui::EndChild();
}

void app_frame(App& app, Host& host) {
    rects_begin_frame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                             ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus |
                             ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("Kariz", nullptr, flags);
    const Workspace& ws = app.store.ws();
    if (!app.storage_ready) {
        ImGui::TextDisabled("Opening your board…");
    } else if (ws.pipelines.empty()) {
        first_run(app, host);
    } else {
        if (!ws.find_pipeline(app.pipeline_id)) app.pipeline_id = ws.pipelines.front().id;
        undo_redo_shortcuts(app);
        menu_bar(app, host);
        toolbar(app, host);
        banners(app);
        roles_bar(app, host);
        board_view(app, host);
        deal_editor(app, host);
        stage_editor(app, host);
        selling_views(app, host);
        reports_view(app, host);
        csv_views(app, host);
    }
    import_popups(app, host);
    ImGui::End();
}

}  // namespace kariz
