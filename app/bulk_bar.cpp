// Multi-select on the board and the bulk bar. Ctrl+click (Cmd+click on a Mac) toggles a card,
// Shift+click adds the range from the last picked card within its column, Esc clears. The bulk bar
// changes the owner, stage or labels of every selected card as ONE undoable action (BulkEditDeals).
// Sellers bulk-edit only their own deals; only managers reassign owners.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>
#include "app.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"

namespace kariz {

const std::vector<std::string>& selected_deal_ids(const App& app) { return app.selection.ids; }

bool card_selected(const App& app, const std::string& deal_id) {
    const std::vector<std::string>& s = app.selection.ids;
    return !s.empty() && std::find(s.begin(), s.end(), deal_id) != s.end();
}

static void select_add(App& app, const std::string& id) {
    if (!card_selected(app, id)) app.selection.ids.push_back(id);
}

bool selection_click(App& app, const Deal& d) {
    const ImGuiIO& io = ImGui::GetIO();
    CardSelection& sel = app.selection;
    if (io.KeyCtrl || io.KeySuper) {
        auto it = std::find(sel.ids.begin(), sel.ids.end(), d.id);
        if (it != sel.ids.end()) sel.ids.erase(it);
        else sel.ids.push_back(d.id);
        sel.anchor_id = d.id;
        return true;
    }
    if (io.KeyShift) {
        // The range runs between the anchor and this card in the column as shown (search applied).
        for (const Column& col : app.board.columns) {
            if (col.stage_id != d.stage_id) continue;
            const std::vector<Deal>& deals = app.store.ws().deals;
            int from = -1, to = -1;
            for (size_t k = 0; k < col.cards.size(); ++k) {
                const std::string& id = deals[col.cards[k]].id;
                if (id == sel.anchor_id) from = (int)k;
                if (id == d.id) to = (int)k;
            }
            if (to < 0) break;
            if (from < 0) from = to;  // no anchor in this column: the range is the card itself
            for (int k = std::min(from, to); k <= std::max(from, to); ++k) select_add(app, deals[col.cards[k]].id);
            if (sel.anchor_id.empty()) sel.anchor_id = d.id;
            return true;
        }
        select_add(app, d.id);
        sel.anchor_id = d.id;
        return true;
    }
    sel = CardSelection{};  // a plain click opens the card and ends the selection
    return false;
}

void selection_prune(App& app) {
    if (app.selection.ids.empty()) return;
    Viewer v = app_viewer(app);
    const Workspace& ws = app.store.ws();
    std::vector<std::string>& ids = app.selection.ids;
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](const std::string& id) {
                                 const Deal* d = ws.find_deal(id);
                                 return !d || d->pipeline_id != app.pipeline_id || !deal_visible(v, *d);
                             }),
              ids.end());
}

static void bulk(App& app, Host& host, BulkEditDeals a) {
    const User* me = app_current_user(app);
    a.deal_ids = app.selection.ids;
    a.actor_id = me ? me->id : "";
    app_dispatch(app, host, a);
}

void bulk_bar(App& app, Host& host) {
    const ImGuiIO& io = ImGui::GetIO();
    if (!app.selection.ids.empty() && !io.WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel) &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        app.selection = CardSelection{};
    // Drawn as one item of roles_bar's row (layout_row places it).
    if (app.selection.ids.empty()) {
        ImGui::TextDisabled("%s", tr("bulk.hint"));
        return;
    }
    const Workspace& ws = app.store.ws();
    const User* me = app_current_user(app);
    const Pipeline* p = ws.find_pipeline(app.pipeline_id);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImVec4(0.1f, 0.45f, 0.91f, 1), "%s", trf("bulk.selected", {app.selection.ids.size()}).c_str());
    rects_record_last_item("bulk:count");
    if (!me || me->role == Role::Manager) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(140 * app.ui_scale);
        if (ImGui::BeginCombo("##bulk-owner", tr("bulk.owner"))) {
            for (const User& u : ws.users) {
                if (ImGui::Selectable((shown(u.name) + "##" + u.id).c_str())) bulk(app, host, BulkEditDeals{{}, "", u.id, "", {}, {}});
                rects_record_last_item("bulk-owner:" + u.id);
            }
            ImGui::EndCombo();
        }
        rects_record_last_item("bulk:owner");
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140 * app.ui_scale);
    if (p && ImGui::BeginCombo("##bulk-stage", tr("bulk.stage"))) {
        for (const Stage& s : p->stages) {
            if (ImGui::Selectable((shown(s.name) + "##" + s.id).c_str())) bulk(app, host, BulkEditDeals{{}, "", "", s.id, {}, {}});
            rects_record_last_item("bulk-stage:" + s.id);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("bulk:stage");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(100 * app.ui_scale);
    ui_input_text_hint("##bulk-label", tr("bulk.label_hint"), &app.bulk_label);
    rects_record_last_item("bulk:label");
    ImGui::SameLine();
    ImGui::BeginDisabled(app.bulk_label.empty());
    if (named_button(lbl("bulk.add_label", "add-label").c_str(), "bulk:add-label")) bulk(app, host, BulkEditDeals{{}, "", "", "", {app.bulk_label}, {}});
    ImGui::SameLine();
    if (named_button(lbl("bulk.remove_label", "remove-label").c_str(), "bulk:remove-label")) bulk(app, host, BulkEditDeals{{}, "", "", "", {}, {app.bulk_label}});
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (named_button(lbl("bulk.clear", "clear").c_str(), "bulk:clear")) app.selection = CardSelection{};
}

}  // namespace kariz
