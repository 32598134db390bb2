// Roles (domain.md §1): the "who am I" switch and a manager's seller filter at the top of the
// board, and the team (users, roles, colours) with the owner rule for arrivals in Settings.
//
// Where the current user lives: it is a choice of this device (whose browser this is), not team
// data, so it is NOT in the workspace and never travels in a shared snapshot: a file from a
// colleague must not turn me into them. It lives in App::me_id and survives a reload through
// Host::remember_current_user (web/device_prefs.cpp keeps it in the browser's localStorage and
// hands it back at start). When the device has not chosen yet, or chose someone who is not on this
// team, resolve_current_user (core/roles.h) picks a sensible person and the device remembers it.
//
// Roles are views that keep each seller's board focused, not access control: all data lives in
// the user's own browser.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>
#include <cstdio>
#include "app.h"
#include "assignment.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"

namespace kariz {

const User* app_current_user(const App& app) { return resolve_current_user(app.store.ws(), app.me_id); }

Viewer app_viewer(const App& app) { return make_viewer(app.store.ws(), app.me_id, app.seller_filter); }

bool app_deal_visible(const App& app, const Deal& d) { return deal_visible(app_viewer(app), d); }

void app_set_current_user(App& app, Host& host, const std::string& user_id) {
    if (app.me_id == user_id) return;
    app.me_id = user_id;
    app.seller_filter.clear();
    app.selection = CardSelection{};
    app.view_epoch++;
    host.remember_current_user(user_id);
}

uint32_t user_chip_colour(const User& u) {
    uint32_t c;
    return parse_colour(u.colour, c) ? c : user_colour(u.id);
}

static std::string colour_hex(const float rgb[3]) {
    char buf[8];
    auto ch = [](float v) { return (int)(v < 0 ? 0 : v > 1 ? 255 : v * 255 + 0.5f); };
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", ch(rgb[0]), ch(rgb[1]), ch(rgb[2]));
    return buf;
}

static void chip(const User& u) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetFrameHeight(), r = h * 0.42f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 c(p.x + r, p.y + h * 0.5f);
    dl->AddCircleFilled(c, r, user_chip_colour(u));
    const std::string& initials = shown(u.initials);  // Arabic/Persian initials joined, in visual order
    ImVec2 sz = ImGui::CalcTextSize(initials.c_str());
    dl->AddText(ImVec2(c.x - sz.x * 0.5f, c.y - sz.y * 0.5f), IM_COL32(255, 255, 255, 255), initials.c_str());
    ImGui::Dummy(ImVec2(2 * r + 4, h));
}

// "Reza  (seller)", with an id that stays when the language changes.
static std::string person_label(const User& u) {
    return trf(u.role == Role::Manager ? "team.person_manager" : "team.person_seller", {u.name}) + "###person";
}

// The role names in Role order, for the combos.
static const char* const* role_names() {
    static const char* names[2];
    names[0] = tr("team.role_seller");
    names[1] = tr("team.role_manager");
    return names;
}

static void who_am_i(App& app, Host& host) {
    const Workspace& ws = app.store.ws();
    const User* me = app_current_user(app);
    // Adopt the resolved person, so the device keeps it after this board is replaced or reloaded.
    if (me && me->id != app.me_id) app_set_current_user(app, host, me->id);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("team.i_am"));
    ImGui::SameLine();
    if (me) {
        chip(*me);
        ImGui::SameLine();
    }
    ImGui::SetNextItemWidth(200 * app.ui_scale);
    if (ImGui::BeginCombo("##me", me ? shown(me->name).c_str() : tr("team.no_team"))) {
        for (const User& u : ws.users) {
            ImGui::PushID(u.id.c_str());
            if (ImGui::Selectable(person_label(u).c_str(), me && u.id == me->id)) app_set_current_user(app, host, u.id);
            rects_record_last_item("me:" + u.id);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("combo:me");
}

static void seller_filter(App& app) {
    const Workspace& ws = app.store.ws();
    Viewer v = app_viewer(app);
    std::string label = tr("team.everyone");
    if (!v.sellers.empty()) {
        label.clear();
        for (const std::string& id : v.sellers)
            if (const User* u = ws.find_user(id)) label += (label.empty() ? "" : ", ") + shown(u->name);
    }
    ImGui::AlignTextToFramePadding();  // layout_row puts it beside who-am-I (roles_bar)
    ImGui::TextUnformatted(tr("team.show"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200 * app.ui_scale);
    if (ImGui::BeginCombo("##sellers", label.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable(lbl("team.everyone", "everyone").c_str(), v.sellers.empty(), ImGuiSelectableFlags_DontClosePopups)) {
            app.seller_filter.clear();
            app.view_epoch++;
        }
        rects_record_last_item("filter:all");
        ImGui::Separator();
        for (const User& u : ws.users) {
            ImGui::PushID(u.id.c_str());
            bool on = std::find(v.sellers.begin(), v.sellers.end(), u.id) != v.sellers.end();
            // Several sellers at once: each click toggles one and the list stays open.
            if (ImGui::Checkbox(shown(u.name).c_str(), &on)) {
                std::vector<std::string>& f = app.seller_filter;
                f.erase(std::remove(f.begin(), f.end(), u.id), f.end());
                if (on) f.push_back(u.id);
                app.view_epoch++;
            }
            rects_record_last_item("filter:" + u.id);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("combo:sellers");
}

void roles_bar(App& app, Host& host) {
    const User* me = app_current_user(app);
    // One row; in Arabic and Persian its parts run from the right (app_frame's layout_row).
    layout_row("roles-bar", false, {
        [&] { who_am_i(app, host); },
        [&] {
            if (!me || me->role == Role::Manager) seller_filter(app);
            else ImGui::TextDisabled("%s", tr("team.own_only"));
        },
        [&] { card_order_combo(app); },
        [&] { bulk_bar(app, host); },
    });
    team_window(app, host);
}

void apply_owner_rule_to_import(const App& app, Workspace& incoming) {
    // A file without its own rule takes this board's, as long as the person it names is on the
    // incoming team; then Unsorted deals without an owner get one, as if they had just arrived.
    const Settings& here = app.store.ws().settings;
    if (incoming.settings.assign_mode == AssignMode::None && here.assign_mode != AssignMode::None) {
        bool fixed_known = incoming.find_user(here.assign_user_id) != nullptr;
        if (here.assign_mode == AssignMode::RoundRobin || fixed_known) {
            incoming.settings.assign_mode = here.assign_mode;
            incoming.settings.assign_user_id = here.assign_user_id;
            incoming.settings.assign_last_id = here.assign_last_id;
        }
    }
    assign_arrivals(incoming);
}

// ---- Settings: the team and the owner rule ----

static void user_row(App& app, Host& host, const User& original) {
    User u = original;  // edited on a copy; saved as one undoable step when a field is left
    bool changed = false;
    ImGui::PushID(u.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    float rgb[3] = {0.5f, 0.5f, 0.5f};
    ImU32 c = user_chip_colour(u);
    rgb[0] = (float)(c & 255) / 255.0f;
    rgb[1] = (float)(c >> 8 & 255) / 255.0f;
    rgb[2] = (float)(c >> 16 & 255) / 255.0f;
    if (ImGui::ColorEdit3("##colour", rgb, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoLabel)) u.colour = colour_hex(rgb);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item("team:colour:" + u.id);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    ui_input_text("##name", &u.name);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item("team:name:" + u.id);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    ui_input_text("##initials", &u.initials);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item("team:initials:" + u.id);
    ImGui::TableNextColumn();
    int role = (int)u.role;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##role", &role, role_names(), 2)) {
        u.role = (Role)role;
        changed = true;
    }
    rects_record_last_item("team:role:" + u.id);
    ImGui::TableNextColumn();
    if (named_button(lbl("team.remove", "remove").c_str(), "team:remove:" + u.id)) {
        app.team_remove_open = true;
        app.team_remove_id = u.id;
        app.team_remove_to.clear();
        for (const User& other : app.store.ws().users)
            if (other.id != u.id && app.team_remove_to.empty()) app.team_remove_to = other.id;
    }
    ImGui::PopID();
    if (changed && (u.name != original.name || u.initials != original.initials || u.role != original.role || u.colour != original.colour))
        app_dispatch(app, host, UpdateUser{u});
}

static void remove_user_popup(App& app, Host& host) {
    const Workspace& ws = app.store.ws();
    std::string title = lbl("team.remove_title", "remove-user");
    if (app.team_remove_open && !ImGui::IsPopupOpen(title.c_str())) ImGui::OpenPopup(title.c_str());
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const User* gone = ws.find_user(app.team_remove_id);
    size_t owned = 0;
    if (gone)
        for (const Deal& d : ws.deals) owned += d.owner_id == gone->id;  // once, while the pop-up is open
    if (gone) {
        ui_text(trf("team.remove_question", {gone->name}));
        ui_text(trn("team.remove_deals_go_to", (int64_t)owned));
        const User* to = ws.find_user(app.team_remove_to);
        ImGui::SetNextItemWidth(260 * app.ui_scale);
        if (ImGui::BeginCombo("##to", to ? shown(to->name).c_str() : tr("team.nobody"))) {
            for (const User& u : ws.users) {
                if (u.id == gone->id) continue;
                if (ImGui::Selectable(shown(u.name).c_str(), u.id == app.team_remove_to)) app.team_remove_to = u.id;
                rects_record_last_item("team:remove-to-option:" + u.id);
            }
            ImGui::EndCombo();
        }
        rects_record_last_item("team:remove-to");
        ui_text_disabled(tr("team.remove_undo"));
        if (named_button(lbl("team.remove_confirm", "remove-confirm").c_str(), "team:remove-confirm")) {
            app_dispatch(app, host, RemoveUser{gone->id, app.team_remove_to});
            app.team_remove_open = false;
        }
        ImGui::SameLine();
    }
    if (named_button(lbl("team.cancel", "cancel").c_str(), "team:remove-cancel") || !gone) app.team_remove_open = false;
    if (!app.team_remove_open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

static void owner_rule(App& app, Host& host) {
    const Workspace& ws = app.store.ws();
    const Settings& s = ws.settings;
    ui_text(tr("team.rule_intro"));
    int mode = (int)s.assign_mode;
    bool set = false;
    set |= ImGui::RadioButton(lbl("team.rule_none", "rule-none").c_str(), &mode, (int)AssignMode::None);
    rects_record_last_item("rule:none");
    set |= ImGui::RadioButton(lbl("team.rule_fixed", "rule-fixed").c_str(), &mode, (int)AssignMode::Fixed);
    rects_record_last_item("rule:fixed");
    ImGui::SameLine();
    std::string fixed = s.assign_user_id;
    const User* who = ws.find_user(fixed);
    ImGui::SetNextItemWidth(220 * app.ui_scale);
    if (ImGui::BeginCombo("##fixed", who ? shown(who->name).c_str() : tr("team.pick"))) {
        for (const User& u : ws.users) {
            if (ImGui::Selectable(shown(u.name).c_str(), u.id == fixed)) {
                fixed = u.id;
                mode = (int)AssignMode::Fixed;
                set = true;
            }
            rects_record_last_item("rule:fixed-option:" + u.id);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("rule:fixed-person");
    set |= ImGui::RadioButton(lbl("team.rule_round_robin", "rule-round-robin").c_str(), &mode, (int)AssignMode::RoundRobin);
    rects_record_last_item("rule:round-robin");
    if (set && mode == (int)AssignMode::Fixed && !ws.find_user(fixed)) {
        for (const User& u : ws.users)
            if (u.role == Role::Seller) { fixed = u.id; break; }
    }
    if (set) app_dispatch(app, host, SetAssignRule{(AssignMode)mode, fixed});
}

void team_settings(App& app, Host& host) {
    (void)host;
    ImGui::Spacing();
    ImGui::Separator();
    ui_text(tr("team.settings_intro"));
    ui_align_for(ImGui::CalcTextSize(tr("team.settings_button")).x + ImGui::GetStyle().FramePadding.x * 2);
    if (named_button(lbl("team.settings_button", "team").c_str(), "settings:team")) app.team_open = true;
}

static void team_window_body(App& app, Host& host) {
    const Workspace& ws = app.store.ws();
    const User* me = app_current_user(app);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ui_paragraph(Text("team.views_note"));
    ImGui::PopStyleColor();
    bool manager = !me || me->role == Role::Manager;
    if (!manager) ui_text_disabled(tr("team.manager_only"));
    ImGui::BeginDisabled(!manager);
    if (ImGui::BeginTable("team", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn(lbl("team.col_colour", "colour").c_str(), ImGuiTableColumnFlags_WidthFixed, 50 * app.ui_scale);
        ImGui::TableSetupColumn(lbl("team.col_name", "name").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn(lbl("team.col_initials", "initials").c_str(), ImGuiTableColumnFlags_WidthFixed, 70 * app.ui_scale);
        ImGui::TableSetupColumn(lbl("team.col_role", "role").c_str(), ImGuiTableColumnFlags_WidthFixed, 110 * app.ui_scale);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 80 * app.ui_scale);
        ImGui::TableHeadersRow();
        std::vector<User> users = ws.users;  // copied: a row's action changes the list
        for (const User& u : users) user_row(app, host, u);
        ImGui::EndTable();
    }
    ImGui::SetNextItemWidth(220 * app.ui_scale);
    ui_input_text_hint("##new-name", tr("team.new_name_hint"), &app.team_new_name);
    rects_record_last_item("team:new-name");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110 * app.ui_scale);
    ImGui::Combo("##new-role", &app.team_new_role, role_names(), 2);
    ImGui::SameLine();
    ImGui::BeginDisabled(app.team_new_name.empty());
    if (named_button(lbl("team.add", "add").c_str(), "team:add")) {
        User u{"", app.team_new_name, initials_of(app.team_new_name), (Role)app.team_new_role, 0, "", ""};
        if (app_dispatch(app, host, AddUser{u})) app.team_new_name.clear();
    }
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::Spacing();
    ImGui::Separator();
    owner_rule(app, host);
    ImGui::EndDisabled();
    remove_user_popup(app, host);
}

void team_window(App& app, Host& host) {
    if (!app.team_open) return;
    ImGui::SetNextWindowSize(ImVec2(720 * app.ui_scale, 470 * app.ui_scale), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(lbl("team.title", "team").c_str(), &app.team_open)) team_window_body(app, host);
    ImGui::End();
}

}  // namespace kariz
