// Import preview: what merging a file would do ("12 new, 3 updated, 1 conflict, 0 deleted"),
// every deal listed, each conflict with both values and a choice, then Apply as one undoable
// step. The merge itself is core/merge.h; this file only shows it and collects the choices.
#include <imgui.h>
#include <cstdio>
#include "app.h"
#include "dates.h"
#include "i18n.h"
#include "item_rects.h"

namespace kariz {

// Recomputed when the file arrives and on every changed choice (a click, never per frame).
static void merge_replan(App& app, Host& host) {
    PendingImport& p = *app.pending_import;
    if (p.merge_counter == 0) p.merge_counter = app.store.ids().next_counter(host.now());
    p.merge = std::make_shared<MergeResult>(
        merge_workspaces(app.store.ws(), *p.workspace, p.choices, app.store.ids().device, p.merge_counter, host.now()));
    p.rows.clear();
    for (size_t i = 0; i < p.merge->items.size(); ++i) {
        p.rows.push_back({(int)i, -1});
        for (size_t k = 0; k < p.merge->items[i].conflicts.size(); ++k) p.rows.push_back({(int)i, (int)k});
    }
}

static ImVec4 kind_colour(MergeKind k) {
    switch (k) {
        case MergeKind::New: return ImVec4(0.1f, 0.55f, 0.25f, 1);
        case MergeKind::Updated: return ImVec4(0.15f, 0.4f, 0.75f, 1);
        case MergeKind::Conflict: return ImVec4(0.85f, 0.35f, 0.05f, 1);
        case MergeKind::Deleted: return ImVec4(0.7f, 0.15f, 0.15f, 1);
    }
    return ImVec4(0, 0, 0, 1);
}

static const char* kind_key(MergeKind k) {
    switch (k) {
        case MergeKind::New: return "import.merge_kind_new";
        case MergeKind::Updated: return "import.merge_kind_updated";
        case MergeKind::Conflict: return "import.merge_kind_conflict";
        case MergeKind::Deleted: return "import.merge_kind_deleted";
    }
    return "import.merge_kind_updated";
}

// "title", "pipeline", "settings"... (core/merge.cpp) as the language says them.
static std::string field_words(const std::string& field) { return tr(("import.merge_field_" + field).c_str()); }

static void merge_row(App& app, Host& host, int item_index, int conflict_index) {
    PendingImport& p = *app.pending_import;
    const MergeItem& it = p.merge->items[item_index];
    ImGui::AlignTextToFramePadding();
    if (conflict_index < 0) {
        ImGui::TextColored(kind_colour(it.kind), "%s", tr(kind_key(it.kind)));
        ImGui::SameLine(80 * app.ui_scale);  // the titles line up whatever the word's width
        if (it.kind_of_record != "deal") {
            ImGui::TextDisabled("%s", field_words(it.kind_of_record).c_str());
            ImGui::SameLine();
        }
        // The settings record has no name of its own: the kind says it all.
        if (it.kind_of_record != "settings") ImGui::TextUnformatted(shown(it.title).c_str());
        else ImGui::TextUnformatted("");
        rects_record_last_item("merge-item:" + it.id);
        return;
    }
    const FieldConflict& fc = it.conflicts[conflict_index];
    const std::string key = choice_key(it.id, fc.field);
    ImGui::Indent(24 * app.ui_scale);
    ImGui::TextUnformatted(trf("import.merge_field_label", {tr_plain(Text("import.merge_field_" + fc.field))}).c_str());
    ImGui::SameLine(150 * app.ui_scale);
    bool changed = false;
    std::string mine_label = trf("import.keep_mine", {tr_plain(fc.mine)}) + "##mine" + key;
    if (ImGui::RadioButton(mine_label.c_str(), !fc.take_theirs)) { p.choices[key] = false; changed = true; }
    rects_record_last_item("radio:keep-mine:" + key);
    ImGui::SameLine();
    std::string theirs_label = trf("import.take_theirs", {tr_plain(fc.theirs)}) + "##theirs" + key;
    if (ImGui::RadioButton(theirs_label.c_str(), fc.take_theirs)) { p.choices[key] = true; changed = true; }
    rects_record_last_item("radio:take-theirs:" + key);
    ImGui::Unindent(24 * app.ui_scale);
    if (changed) merge_replan(app, host);  // `it` and `fc` are gone after this
}

// After a merge into a board whose pipeline on screen is empty (a fresh "Start empty" board, say),
// show the first pipeline that has deals: the user came to see what they imported.
static void show_pipeline_with_deals(App& app) {
    const Workspace& ws = app.store.ws();
    for (const Deal& d : ws.deals)
        if (d.pipeline_id == app.pipeline_id) return;
    for (const Pipeline& pl : ws.pipelines)
        for (const Deal& d : ws.deals)
            if (d.pipeline_id == pl.id) { app.pipeline_id = pl.id; return; }
}

void merge_preview(App& app, Host& host) {
    PendingImport& p = *app.pending_import;
    if (!p.merge) merge_replan(app, host);
    const SnapshotSummary& s = p.summary;
    ui_text(shown(p.file_name));
    // Who, when and which part, in logical order: the whole sentence is shaped once.
    std::string from = s.exporter_user_name.empty() ? tr_plain(Text("import.someone")) : s.exporter_user_name;
    Text scope = s.scope == "workspace" ? Text("import.scope_workspace")
                 : s.scope == "pipeline" ? Text("import.scope_pipeline", {s.scope_name})
                 : s.scope == "owner"    ? Text("import.scope_owner", {s.scope_name})
                                         : Text("import.scope_selection");
    std::string when = s.exported_at.empty() ? tr_plain(Text("import.no_date")) : s.exported_at;
    ImGui::TextDisabled("%s", (s.exporter_device.empty()
                                   ? trf("import.exported_by", {when, from, s.version, tr_plain(scope)})
                                   : trf("import.exported_by_on_device", {when, from, s.exporter_device, s.version, tr_plain(scope)}))
                                  .c_str());
    ImGui::Separator();
    const MergeResult& m = *p.merge;
    // The counts in the language (MergeResult::summary is the same in English, for the test interface).
    std::string summary = tr_plain(Text::counted("import.merge_summary", (int64_t)m.conflicts, {m.added, m.updated, m.deleted}));
    if (m.records_changed)
        summary = tr_plain(Text("import.merge_summary_records",
                                {summary, tr_plain(Text::counted("import.merge_records", (int64_t)m.records_changed))}));
    ui_text(shown(summary));
    rects_record_last_item("text:merge-summary");
    if (m.changes_nothing())
        ui_text_coloured(IM_COL32(26, 140, 64, 255), tr("import.merge_nothing_changes"));
    else if (m.conflicts)
        ui_text_disabled(tr("import.merge_conflicts_hint"));
    else
        ui_text_disabled(tr("import.merge_hint"));

    // Fixed-height rows: a file of thousands of deals is clipped, not laid out whole.
    float row_h = ImGui::GetFrameHeightWithSpacing();
    ImGui::BeginChild("##merge-rows", ImVec2(760 * app.ui_scale, 320 * app.ui_scale), true);
    ImGuiListClipper clipper;
    clipper.Begin((int)p.rows.size(), row_h);
    bool replanned = false;
    while (!replanned && clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const MergeResult* before = p.merge.get();
            merge_row(app, host, p.rows[r].first, p.rows[r].second);
            if (p.merge.get() != before) { replanned = true; break; }  // the rows were rebuilt
        }
    }
    clipper.End();
    ImGui::EndChild();

    if (named_button(tr(m.changes_nothing() ? "import.close" : "import.apply_import"), "button:import-confirm")) {
        std::shared_ptr<const MergeResult> result = p.merge;
        std::string label = tr_plain(Text("import.merge_undo", {p.file_name}));
        app.pending_import.reset();
        if (!result->changes_nothing()) app_dispatch(app, host, ApplyMerge{label, result});
        show_pipeline_with_deals(app);
        ImGui::CloseCurrentPopup();
        return;
    }
    ImGui::SameLine();
    if (named_button(tr("import.replace_board"), "button:import-replace")) {
        Workspace ws = std::move(*p.workspace);
        app.pending_import.reset();
        apply_owner_rule_to_import(app, ws);  // Unsorted deals without an owner get one
        const std::string undo_label = tr_plain(Text("import.replace_undo"));
        app_replace_workspace(app, host, std::move(ws), undo_label.c_str());
        ImGui::CloseCurrentPopup();
        return;
    }
    ImGui::SameLine();
    if (named_button(tr("import.cancel"), "button:import-cancel")) {
        app.pending_import.reset();
        ImGui::CloseCurrentPopup();
    }
}

// Partial and whole exports: the file says who exported it, when, from which device, and which part.
void export_snapshot_scope(App& app, Host& host, const ExportScope& scope) {
    const Workspace& ws = app.store.ws();
    ExportInfo info;
    info.user_id = ws.settings.current_user_id;
    if (const User* u = ws.find_user(info.user_id)) info.user_name = u->name;
    info.device = app.store.ids().device;
    info.time = host.now();
    info.scope = scope.kind;
    info.scope_id = scope.id;
    std::string tag;
    if (scope.kind == "pipeline") {
        if (const Pipeline* pl = ws.find_pipeline(scope.id)) info.scope_name = pl->name;
        tag = "pipeline-";
    } else if (scope.kind == "owner") {
        if (const User* u = ws.find_user(scope.id)) info.scope_name = u->name;
        tag = "seller-";
    } else if (scope.kind == "selection") {
        info.scope_name = std::to_string(scope.deal_ids.size()) + " deals";  // written into the file: not the interface's words
        tag = "selection-";
    }
    Time local = host.now() + (Time)host.utc_offset_minutes() * 60;
    std::string date = format_date(local);
    char name[96];
    std::snprintf(name, sizeof name, "kariz-%s%s%s%s-%02d%02d.json", tag.c_str(), date.substr(0, 4).c_str(), date.substr(5, 2).c_str(),
                  date.substr(8, 2).c_str(), (int)(local / 3600 % 24), (int)(local / 60 % 60));
    if (scope.kind == "workspace") host.download(name, write_snapshot(ws, info));
    else host.download(name, write_snapshot(scoped_workspace(ws, scope), info));
}

// The Kariz menu's export entries: whole board, the pipeline on screen, the selected cards, one
// seller's deals.
void export_menu_items(App& app, Host& host) {
    const Workspace& ws = app.store.ws();
    if (ImGui::MenuItem(tr("import.export_workspace"))) export_snapshot_scope(app, host, ExportScope{"workspace", "", {}});
    const Pipeline* current = ws.find_pipeline(app.pipeline_id);
    std::string label = current ? trf("import.export_pipeline_named", {current->name}) : std::string(tr("import.export_pipeline"));
    if (ImGui::MenuItem(label.c_str(), nullptr, false, current != nullptr))
        export_snapshot_scope(app, host, ExportScope{"pipeline", app.pipeline_id, {}});
    // The cards picked with Ctrl/Shift+click on the board (app/bulk_bar.cpp).
    const std::vector<std::string>& picked = selected_deal_ids(app);
    std::string picked_label = trf("import.export_selection", {picked.size()});
    if (ImGui::MenuItem(picked_label.c_str(), nullptr, false, !picked.empty()))
        export_snapshot_scope(app, host, ExportScope{"selection", "", picked});
    rects_record_last_item("menu:export-selection");
    if (ImGui::BeginMenu(lbl("import.export_seller", "export-seller").c_str())) {
        for (const User& u : ws.users)
            if (ImGui::MenuItem(shown(u.name).c_str())) export_snapshot_scope(app, host, ExportScope{"owner", u.id, {}});
        ImGui::EndMenu();
    }
}

}  // namespace kariz
