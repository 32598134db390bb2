// The frame: menu, toolbar, board and the app-wide pop-ups (import, errors, first run).
#include "app.h"
#include <imgui.h>
#include <imgui_stdlib.h>
#include <cstdio>
#include <functional>
#include <unordered_map>
#include "bidi.h"
#include "dates.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"

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
        if (n == max_items) { s += " +" + num((int64_t)(m.size() - n)); break; }
        if (n++) s += " · ";
        s += money_text(amount, currency, whole);
    }
    return s.empty() ? "—" : s;
}

// An undo step's name in the interface language: "Move deal" is the message "action.move_deal".
static std::string undo_step_key(const std::string& label) {
    std::string key = "action.";
    for (char c : label) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += c;
        else if (c >= 'A' && c <= 'Z') key += (char)(c - 'A' + 'a');
        else if (key.back() != '_' && key.back() != '.') key += '_';
    }
    while (key.back() == '_') key.pop_back();
    return key;
}

std::string undo_step_name(const std::string& label) { return label.empty() ? "" : tr(undo_step_key(label).c_str()); }

bool app_dispatch(App& app, Host& host, const Action& action) {
    Text why;
    if (app.store.dispatch(action, host.now(), nullptr, &why)) {
        app.action_error.clear();
        return true;
    }
    // Kept in logical order (the test interface reads it); the banner shapes it when drawing.
    app.action_error = tr_plain(Text("error.action_refused", {tr_plain(Text(undo_step_key(action_name(action)))), tr_plain(why)}));
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
        app.action_error = tr_plain(Text("app.sample_unreadable", {error}));
        return;
    }
    shift_times(ws, host.now() - latest_time(ws));
    replace_workspace(app, host, std::move(ws), "Load sample pipeline");
}

void app_start_empty(App& app, Host& host) {
    Workspace ws;
    IdGenerator& ids = app.store.ids();
    // The first names on the board are in the interface language: they are the user's data from now on.
    User me{ids.uuid4(), tr_plain(Text("app.first_user_name")), tr_plain(Text("app.first_user_initials")), Role::Manager, 0, "", ""};
    ws.users.push_back(me);
    ws.settings.current_user_id = me.id;
    Pipeline p;
    p.id = ids.uuid4();
    p.name = tr_plain(Text("app.first_pipeline_name"));
    p.stages.push_back(Stage{ids.uuid4(), tr_plain(Text("app.unsorted_stage")), 0, 0, {}, false});
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

// The items of one row (menu bar, toolbar), left to right, or in a right-to-left interface right
// to left and ending at the right edge. ImGui lays out left to right only, so the row's width is
// measured on one frame and used to place its start on the next.
void layout_row(const char* id, bool menu_bar, const std::vector<std::function<void()>>& items) {
    static std::unordered_map<std::string, float> widths;
    const bool rtl = ui_rtl();
    if (rtl) {
        float w = widths[id], avail = ImGui::GetContentRegionAvail().x;
        if (w > 0 && avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
    }
    const float x0 = ImGui::GetCursorScreenPos().x;
    for (size_t k = 0; k < items.size(); ++k) {
        if (k && !menu_bar) ImGui::SameLine();
        items[rtl ? items.size() - 1 - k : k]();
    }
    widths[id] = ImGui::GetItemRectMax().x - x0 + (menu_bar ? ImGui::GetStyle().ItemSpacing.x : 0);
}

// A menu title whose place the tests can ask for; its ImGui id stays the same in every language.
static bool menu_title(const char* key, const char* id, const char* rect_name = nullptr) {
    std::string label = lbl(key, id);
    if (rect_name) {
        ImVec2 at = ImGui::GetCursorScreenPos();  // where the menu's title is drawn
        rects_record(rect_name, at.x, at.y, ImGui::CalcTextSize(tr(key)).x + ImGui::GetStyle().ItemSpacing.x * 2,
                     ImGui::GetFrameHeight());
    }
    return ImGui::BeginMenu(label.c_str());
}

static void menu_bar(App& app, Host& host) {
    if (!ImGui::BeginMenuBar()) return;
    layout_row("menu-bar", true, {
        [&] {
            if (menu_title("menu.kariz", "kariz", "menu:kariz")) {
                export_menu_items(app, host);
                ImGui::TextDisabled("%s", tr("menu.import_hint"));
                ImGui::Separator();
                if (ImGui::MenuItem(tr("menu.load_sample"))) app_load_sample(app, host);
                if (ImGui::MenuItem(tr("menu.start_empty"))) app_start_empty(app, host);
                ImGui::EndMenu();
            }
        },
        [&] {
            if (menu_title("menu.edit", "edit")) {
                std::string u = trf("menu.undo", {undo_step_name(app.store.undo_label())}) + "###undo";
                std::string r = trf("menu.redo", {undo_step_name(app.store.redo_label())}) + "###redo";
                if (ImGui::MenuItem(u.c_str(), "Ctrl+Z", false, app.store.can_undo())) app.store.undo();
                if (ImGui::MenuItem(r.c_str(), "Ctrl+Shift+Z", false, app.store.can_redo())) app.store.redo();
                ImGui::EndMenu();
            }
        },
        [&] {
            if (menu_title("menu.pipeline", "pipeline", "menu:pipeline")) {
                if (ImGui::MenuItem(tr("menu.edit_stages"))) app.stage_editor_open = true;
                if (ImGui::MenuItem(tr("menu.settings"))) app.settings_open = true;
                rects_record_last_item("menu:settings");
                if (ImGui::MenuItem(tr("menu.cost"))) app.cost_open = true;
                rects_record_last_item("menu:cost");
                if (ImGui::MenuItem(tr("menu.team"))) app.team_open = true;
                rects_record_last_item("menu:team");
                ImGui::EndMenu();
            }
        },
        [&] {
            // In the menu bar, not the toolbar: the toolbar is full at 1280 px. Managers only.
            if (!reports_allowed(app)) return;
            if (ImGui::MenuItem(lbl("menu.reports", "reports").c_str(), nullptr, app.reports_open)) app.reports_open = !app.reports_open;
            rects_record_last_item("button:reports");
        },
        [&] { csv_menu(app, host); },  // import and export deals as CSV (app/csv_import_view.cpp)
    });
    ImGui::EndMenuBar();
}

// Card order, on the row under the toolbar (the toolbar is full at 1400 px); titles and
// organizations follow the interface language's alphabet (core/collation.h).
void card_order_combo(App& app) {
    static const char* keys[kCardOrderCount] = {"toolbar.order_newest", "toolbar.order_title", "toolbar.order_organization",
                                                "toolbar.order_expected_close"};
    ImGui::TextDisabled("%s", tr("toolbar.order"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150 * app.ui_scale);
    if (ImGui::BeginCombo("##card-order", tr(keys[(int)app.card_order]))) {
        for (int i = 0; i < kCardOrderCount; ++i) {
            if (ImGui::Selectable(tr(keys[i]), (int)app.card_order == i)) app.card_order = (CardOrder)i;
            rects_record_last_item("card-order:" + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("combo:card-order");
}

static void toolbar(App& app, Host& host) {
    const Workspace& ws = app.store.ws();
    const Pipeline* current = ws.find_pipeline(app.pipeline_id);
    layout_row("toolbar", false, {
        [&] {
            ImGui::SetNextItemWidth(200 * app.ui_scale);
            if (ImGui::BeginCombo("##pipeline", current ? shown(current->name).c_str() : tr("toolbar.pipeline"))) {
                for (const Pipeline& p : ws.pipelines)
                    if (ImGui::Selectable(shown(p.name).c_str(), p.id == app.pipeline_id)) app.pipeline_id = p.id;
                ImGui::EndCombo();
            }
            rects_record_last_item("combo:pipeline");
        },
        [&] {
            if (named_button(lbl("toolbar.new_deal", "new-deal").c_str(), "button:new-deal")) deal_editor_open_new(app, host);
        },
        [&] {
            ImGui::SetNextItemWidth(220 * app.ui_scale);
            ui_input_text_hint("##search", tr("toolbar.search_hint"), &app.search);
            rects_record_last_item("input:search");
        },
        [&] {
            const char* status_names[] = {tr("toolbar.status_open"), tr("toolbar.status_won"), tr("toolbar.status_lost"), tr("toolbar.status_all")};
            ImGui::SetNextItemWidth(120 * app.ui_scale);
            int status = (int)app.status_filter;
            if (ImGui::Combo("##status", &status, status_names, 4)) app.status_filter = (StatusFilter)status;
        },
        [&] {
            if (named_button(lbl("toolbar.stages", "stages").c_str(), "button:stages")) app.stage_editor_open = true;
        },
        [&] {
            if (named_button(lbl("toolbar.my_day", "my-day").c_str(), "button:my-day")) app.my_day_open = !app.my_day_open;
        },
        [&] {
            if (named_button(lbl("toolbar.attention", "attention").c_str(), "button:attention")) app.attention_open = !app.attention_open;
        },
        [&] {
            if (named_button(lbl("toolbar.nurture", "nurture").c_str(), "button:nurture")) app.nurture_open = !app.nurture_open;
        },
        [&] {
            ImGui::BeginDisabled(!app.store.can_undo());
            if (named_button(lbl("toolbar.undo", "undo").c_str(), "button:undo")) app.store.undo();
            ImGui::EndDisabled();
        },
        [&] {
            ImGui::BeginDisabled(!app.store.can_redo());
            if (named_button(lbl("toolbar.redo", "redo").c_str(), "button:redo")) app.store.redo();
            ImGui::EndDisabled();
        },
        [&] {
            if (named_button(lbl("toolbar.export", "export").c_str(), "button:export")) export_snapshot(app, host);
        },
        [&] {
            // The shell opens the file picker on pointerup over this button (a browser needs the gesture).
            named_button(lbl("toolbar.import", "import").c_str(), "button:import");
        },
        [&] {
            if (!app.storage_error.empty()) ImGui::TextColored(ImVec4(0.9f, 0.2f, 0.2f, 1), "%s", shown(app.storage_error).c_str());
            else if (!app.storage_status.empty()) ImGui::TextDisabled("%s", tr(app.storage_status.c_str()));  // a catalogue key
        },
    });
}

static void banners(App& app) {
    if (app.action_error.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.25f, 0.1f, 1));
    ImGui::TextUnformatted(shown(app.action_error).c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (named_button(lbl("common.dismiss", "dismiss-error").c_str(), "button:dismiss-error")) app.action_error.clear();
}

static void import_popups(App& app, Host& host) {
    const std::string import_title = lbl("import.snapshot_title", "import-snapshot"), refused_title = lbl("import.refused_title", "import-refused");
    if (app.pending_import && !ImGui::IsPopupOpen(import_title.c_str())) ImGui::OpenPopup(import_title.c_str());
    if (!app.import_error.empty() && !ImGui::IsPopupOpen(refused_title.c_str())) ImGui::OpenPopup(refused_title.c_str());
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal(import_title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        if (!app.pending_import) {
            ImGui::CloseCurrentPopup();
        } else {
            merge_preview(app, host);
        }
        ImGui::EndPopup();
    }
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal(refused_title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ui_text(tr("import.refused_body"));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.9f, 0.3f, 0.2f, 1));
        ImGui::TextUnformatted(wrapped_visual(app.import_error, ImGui::GetFontSize() * 36).c_str());
        ImGui::PopStyleColor();
        rects_record_last_item("text:import-error");
        if (named_button(lbl("common.ok", "import-error-ok").c_str(), "button:import-error-ok")) {
            app.import_error.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

static void first_run(App& app, Host& host) {
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float w = 460 * app.ui_scale;
    // A stored board that could not be read is said here too (it is kept, and nothing is saved
    // over it): the welcome alone would look as if the board were gone.
    float error_h = 0;
    if (!app.storage_error.empty())
        error_h = ImGui::CalcTextSize(app.storage_error.c_str(), nullptr, false, w - 2 * ImGui::GetStyle().WindowPadding.x).y +
                  2 * ImGui::GetStyle().ItemSpacing.y;
    ImGui::SetCursorPos(ImVec2((avail.x - w) * 0.5f, avail.y * 0.25f));
    ImGui::BeginChild("welcome", ImVec2(w, 290 * app.ui_scale + error_h), true);
    // The language first: a Persian or Arabic seller should not have to find Settings in English.
    for (int i = 0; i < kLanguageCount; ++i) {
        Language l = (Language)i;
        if (i) ImGui::SameLine();
        std::string label = language_name(l) + "##welcome-" + language_code(l);
        if (ImGui::RadioButton(label.c_str(), ui_language() == l) && ui_language() != l)
            app_set_language(app, host, l, i18n_solar_hijri_chosen());
        rects_record_last_item(std::string("welcome:language-") + language_code(l));
    }
    ImGui::Separator();
    ui_text(tr("welcome.title"));
    ui_paragraph(Text("welcome.body"));
    if (!app.storage_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ui_text_wrapped(app.storage_error);
        ImGui::PopStyleColor();
        rects_record_last_item("welcome:storage-error");
    }
    ImGui::Spacing();
    if (named_button(lbl("menu.load_sample", "load-sample").c_str(), "button:load-sample", -1)) app_load_sample(app, host);
    ui_text_disabled(tr("welcome.sample_hint"));
    ImGui::Spacing();
    if (named_button(lbl("menu.start_empty", "start-empty").c_str(), "button:start-empty", -1)) app_start_empty(app, host);
    ui_text_disabled(tr("welcome.empty_hint"));
    ImGui::Spacing();
    named_button(lbl("welcome.import", "import").c_str(), "button:import", -1);  // opened by the shell, as in the toolbar
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
    ImGui::GetStyle().WindowTitleAlign.x = ui_rtl() ? 1.0f : 0.0f;  // window titles read from the right too
    ImGui::Begin("##main", nullptr, flags);  // no title bar: the id only
    const Workspace& ws = app.store.ws();
    if (!app.storage_ready) {
        ImGui::TextDisabled("%s", tr("app.opening"));
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
