// Pipelines and their stages: rename, add, reorder, probability and rotting days, delete (its
// deals move to a stage the user picks), and new pipelines from the templates in assets/.
#include <imgui.h>
#include <imgui_stdlib.h>
#include "app.h"
#include "item_rects.h"

namespace kariz {

static void stage_row(App& app, Host& host, const Pipeline& p, size_t i) {
    Stage st = p.stages[i];
    ImGui::PushID(st.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    // Edits are dispatched when the field is left, so one rename is one undo step.
    std::string name = st.name;
    ImGui::InputText("##name", &name);
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
        ImGui::BeginDisabled(i == 1);
        if (ImGui::ArrowButton("##up", ImGuiDir_Up)) app_dispatch(app, host, MoveStage{p.id, st.id, (int)i - 1});
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(i + 1 == p.stages.size());
        if (ImGui::ArrowButton("##down", ImGuiDir_Down)) app_dispatch(app, host, MoveStage{p.id, st.id, (int)i + 1});
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (named_button("Delete", "stages:delete:" + std::to_string(i))) {
            app.delete_stage_index = (int)i;
            app.delete_stage_target = 0;
            ImGui::OpenPopup("Delete stage");
        }
    }
    if (ImGui::BeginPopupModal("Delete stage", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Delete \"%s\"? Its deals are kept and move to:", st.name.c_str());
        std::vector<const Stage*> targets;
        for (const Stage& s : p.stages)
            if (s.id != st.id) targets.push_back(&s);
        if (app.delete_stage_target >= (int)targets.size()) app.delete_stage_target = 0;
        for (int k = 0; k < (int)targets.size(); ++k) ImGui::RadioButton(targets[k]->name.c_str(), &app.delete_stage_target, k);
        if (named_button("Delete and move deals", "stages:delete-confirm")) {
            app_dispatch(app, host, DeleteStage{p.id, st.id, targets[app.delete_stage_target]->id});
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

static void pipeline_section(App& app, Host& host, const Pipeline& p) {
    std::string name = p.name;
    ImGui::SetNextItemWidth(260 * app.ui_scale);
    ImGui::InputText("Pipeline name", &name);
    if (ImGui::IsItemDeactivatedAfterEdit() && !name.empty() && name != p.name) app_dispatch(app, host, RenamePipeline{p.id, name});
    ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("stages", 4, flags)) {
        ImGui::TableSetupColumn("Stage", ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn("Win %", ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableSetupColumn("Rots after (days)", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < p.stages.size(); ++i) stage_row(app, host, p, i);
        ImGui::EndTable();
    }
    ImGui::SetNextItemWidth(220 * app.ui_scale);
    ImGui::InputTextWithHint("##new-stage", "New stage name", &app.new_stage_name);
    rects_record_last_item("stages:new-name");
    ImGui::SameLine();
    ImGui::BeginDisabled(app.new_stage_name.empty());
    if (named_button("Add stage", "stages:add")) {
        int prob = p.stages.empty() ? 0 : p.stages.back().probability;
        if (app_dispatch(app, host, AddStage{p.id, Stage{"", app.new_stage_name, prob, 14, {}, false}})) app.new_stage_name.clear();
    }
    ImGui::EndDisabled();
}

static void new_pipeline_section(App& app, Host& host) {
    ImGui::Separator();
    ImGui::TextUnformatted("New pipeline from a template");
    if (app.templates.empty()) return;
    if (app.template_choice >= (int)app.templates.size()) app.template_choice = 0;
    ImGui::SetNextItemWidth(260 * app.ui_scale);
    if (ImGui::BeginCombo("##template", app.templates[app.template_choice].name.c_str())) {
        for (int i = 0; i < (int)app.templates.size(); ++i)
            if (ImGui::Selectable(app.templates[i].name.c_str(), i == app.template_choice)) app.template_choice = i;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (named_button("Create pipeline", "stages:create-pipeline")) {
        const PipelineTemplate& t = app.templates[app.template_choice];
        if (app_dispatch(app, host, AddPipeline{t.name, t.stages})) app.pipeline_id = app.store.ws().pipelines.back().id;
    }
    ImGui::TextWrapped("%s", app.templates[app.template_choice].description.c_str());
}

void stage_editor(App& app, Host& host) {
    if (!app.stage_editor_open) return;
    const Pipeline* p = app.store.ws().find_pipeline(app.pipeline_id);
    if (!p) return;
    ImGui::SetNextWindowSize(ImVec2(640 * app.ui_scale, 480 * app.ui_scale), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Pipeline stages", &app.stage_editor_open)) {
        pipeline_section(app, host, *p);
        new_pipeline_section(app, host);
    }
    ImGui::End();
}

}  // namespace kariz
