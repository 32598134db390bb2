// Pipelines and their stages: rename, add, reorder, probability and rotting days, delete (its
// deals move to a stage the user picks), and new pipelines from the templates in assets/.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>
#include "app.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"

namespace kariz {

// What should be known before a deal leaves the stage: criteria of the pipeline's framework and
// basic fields. Each tick is one undoable stage edit.
static void exit_criteria_popup(App& app, Host& host, const Pipeline& p, const Stage& st) {
    if (!ImGui::BeginPopup("exit-criteria")) return;
    ui_text(trf("stages.exit_title", {st.name}));
    ui_text_disabled(tr("stages.exit_hint"));
    std::vector<std::string> keys;
    if (const Framework* f = find_framework(app.frameworks, p.framework_id))
        for (const Criterion& c : f->criteria) keys.push_back("criterion:" + c.id);
    for (const char* k : {"field:organization", "field:contact.name", "field:contact.email", "field:contact.phone", "field:value",
                          "field:expected_close"})
        keys.push_back(k);
    for (const std::string& k : st.exit_criteria)  // also those of another framework chosen earlier
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    for (const std::string& k : keys) {
        bool on = std::find(st.exit_criteria.begin(), st.exit_criteria.end(), k) != st.exit_criteria.end();
        if (ImGui::Checkbox((tr_text(exit_criterion_text(app.frameworks, k)) + "###" + k).c_str(), &on)) {
            Stage edited = st;
            if (on) edited.exit_criteria.push_back(k);
            else edited.exit_criteria.erase(std::find(edited.exit_criteria.begin(), edited.exit_criteria.end(), k));
            app_dispatch(app, host, UpdateStage{p.id, edited});
        }
        rects_record_last_item("stages:exit-option:" + k);
    }
    ImGui::Separator();
    bool follow = st.follow_up_next_day;
    if (ImGui::Checkbox(lbl("stages.follow_up", "follow-up").c_str(), &follow)) {
        Stage edited = st;
        edited.follow_up_next_day = follow;
        app_dispatch(app, host, UpdateStage{p.id, edited});
    }
    ImGui::EndPopup();
}

static void stage_row(App& app, Host& host, const Pipeline& p, size_t i) {
    Stage st = p.stages[i];
    ImGui::PushID(st.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    // Edits are dispatched when the field is left, so one rename is one undo step.
    std::string name = st.name;
    ui_input_text("##name", &name);
    rects_record_last_item("stages:name:" + std::to_string(i));
    if (ImGui::IsItemDeactivatedAfterEdit() && !name.empty() && name != st.name) {
        st.name = name;
        app_dispatch(app, host, UpdateStage{p.id, st});
    }
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    int prob = st.probability;
    ImGui::InputInt("##prob", &prob, 0);
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        st.probability = prob < 0 ? 0 : prob > 100 ? 100 : prob;
        app_dispatch(app, host, UpdateStage{p.id, st});
    }
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    int rot = st.rotting_days;
    ImGui::InputInt("##rot", &rot, 0);
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        st.rotting_days = rot < 0 ? 0 : rot;
        app_dispatch(app, host, UpdateStage{p.id, st});
    }
    ImGui::TableNextColumn();
    if (i > 0) {  // Unsorted is the intake: it stays first and cannot be deleted
        std::string label = trf("stages.exit_button", {st.exit_criteria.size()}) + "###exit";
        if (named_button(label.c_str(), "stages:exit:" + std::to_string(i))) ImGui::OpenPopup("exit-criteria");
        exit_criteria_popup(app, host, p, st);
        ImGui::SameLine();
        ImGui::BeginDisabled(i == 1);
        if (ImGui::ArrowButton("##up", ImGuiDir_Up)) app_dispatch(app, host, MoveStage{p.id, st.id, (int)i - 1});
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(i + 1 == p.stages.size());
        if (ImGui::ArrowButton("##down", ImGuiDir_Down)) app_dispatch(app, host, MoveStage{p.id, st.id, (int)i + 1});
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (named_button(lbl("stages.delete", "delete").c_str(), "stages:delete:" + std::to_string(i))) {
            app.delete_stage_index = (int)i;
            app.delete_stage_target = 0;
            ImGui::OpenPopup(lbl("stages.delete_title", "delete-stage").c_str());
        }
    }
    if (ImGui::BeginPopupModal(lbl("stages.delete_title", "delete-stage").c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ui_text(trf("stages.delete_question", {st.name}));
        std::vector<const Stage*> targets;
        for (const Stage& s : p.stages)
            if (s.id != st.id) targets.push_back(&s);
        if (app.delete_stage_target >= (int)targets.size()) app.delete_stage_target = 0;
        for (int k = 0; k < (int)targets.size(); ++k)
            ImGui::RadioButton((shown(targets[k]->name) + "##" + targets[k]->id).c_str(), &app.delete_stage_target, k);
        if (named_button(lbl("stages.delete_confirm", "delete-confirm").c_str(), "stages:delete-confirm")) {
            app_dispatch(app, host, DeleteStage{p.id, st.id, targets[app.delete_stage_target]->id});
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button(lbl("stages.cancel", "cancel").c_str())) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

static void pipeline_section(App& app, Host& host, const Pipeline& p) {
    std::string name = p.name;
    ImGui::SetNextItemWidth(260 * app.ui_scale);
    ui_input_text(lbl("stages.pipeline_name", "pipeline-name").c_str(), &name);
    if (ImGui::IsItemDeactivatedAfterEdit() && !name.empty() && name != p.name) app_dispatch(app, host, RenamePipeline{p.id, name});
    const Framework* fw = find_framework(app.frameworks, p.framework_id);
    ImGui::SetNextItemWidth(260 * app.ui_scale);
    if (ImGui::BeginCombo(lbl("stages.framework", "framework").c_str(), shown(fw ? fw->name : p.framework_id).c_str())) {
        for (const Framework& f : app.frameworks)
            if (ImGui::Selectable((shown(f.name) + "##" + f.id).c_str(), f.id == p.framework_id)) app_dispatch(app, host, SetPipelineFramework{p.id, f.id});
        ImGui::EndCombo();
    }
    ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("stages", 4, flags)) {
        ImGui::TableSetupColumn(tr("stages.column_stage"), ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn(tr("stages.column_win"), ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableSetupColumn(tr("stages.column_rots"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < p.stages.size(); ++i) stage_row(app, host, p, i);
        ImGui::EndTable();
    }
    ImGui::SetNextItemWidth(220 * app.ui_scale);
    ui_input_text_hint("##new-stage", tr("stages.new_stage_hint"), &app.new_stage_name);
    rects_record_last_item("stages:new-name");
    ImGui::SameLine();
    ImGui::BeginDisabled(app.new_stage_name.empty());
    if (named_button(lbl("stages.add_stage", "add-stage").c_str(), "stages:add")) {
        int prob = p.stages.empty() ? 0 : p.stages.back().probability;
        if (app_dispatch(app, host, AddStage{p.id, Stage{"", app.new_stage_name, prob, 14, {}, false}})) app.new_stage_name.clear();
    }
    ImGui::EndDisabled();
}

static void new_pipeline_section(App& app, Host& host) {
    ImGui::Separator();
    ui_text(tr("stages.new_pipeline"));
    if (app.templates.empty()) return;
    if (app.template_choice >= (int)app.templates.size()) app.template_choice = 0;
    ImGui::SetNextItemWidth(260 * app.ui_scale);
    if (ImGui::BeginCombo("##template", shown(app.templates[app.template_choice].name).c_str())) {
        for (int i = 0; i < (int)app.templates.size(); ++i)
            if (ImGui::Selectable((shown(app.templates[i].name) + "##" + std::to_string(i)).c_str(), i == app.template_choice))
                app.template_choice = i;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (named_button(lbl("stages.create_pipeline", "create-pipeline").c_str(), "stages:create-pipeline")) {
        const PipelineTemplate& t = app.templates[app.template_choice];
        if (app_dispatch(app, host, AddPipeline{t.name, t.stages})) app.pipeline_id = app.store.ws().pipelines.back().id;
    }
    ui_text_wrapped(app.templates[app.template_choice].description);  // data: assets/pipeline templates
}

void stage_editor(App& app, Host& host) {
    if (!app.stage_editor_open) return;
    const Pipeline* p = app.store.ws().find_pipeline(app.pipeline_id);
    if (!p) return;
    ImGui::SetNextWindowSize(ImVec2(720 * app.ui_scale, 500 * app.ui_scale), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(lbl("stages.window_title", "pipeline-stages").c_str(), &app.stage_editor_open)) {
        pipeline_section(app, host, *p);
        new_pipeline_section(app, host);
    }
    ImGui::End();
}

}  // namespace kariz
