// Settings → Language: the interface language and, for Persian, the calendar dates are shown in.
// Both are choices of this device (kept by the shell through Host), like who uses the board: two
// people sharing a snapshot may read it in different languages.
#include <imgui.h>
#include "app.h"
#include "i18n.h"
#include "item_rects.h"

namespace kariz {

// Template and framework ids as catalogue keys: "leaky-pipeline" -> "leaky_pipeline".
static std::string key_part(std::string id) {
    for (char& c : id)
        if (c == '-') c = '_';
    return id;
}

void localize_assets(App& app) {
    app.templates = app.templates_source;
    for (PipelineTemplate& t : app.templates) {
        const std::string k = "template." + key_part(t.id);
        i18n_find(k + ".name", t.name);
        i18n_find(k + ".description", t.description);
        for (size_t i = 0; i < t.stages.size(); ++i) i18n_find(k + ".stage." + std::to_string(i + 1), t.stages[i].name);
    }
    app.frameworks = app.frameworks_source;  // ids stay: deals refer to them
    for (Framework& f : app.frameworks) {
        const std::string k = "framework." + key_part(f.id);
        i18n_find(k + ".description", f.description);
        for (Criterion& c : f.criteria) {
            const std::string ck = k + "." + key_part(c.id);
            i18n_find(ck + ".name", c.name);
            for (size_t i = 0; i < c.questions.size(); ++i) i18n_find(ck + ".q" + std::to_string(i + 1), c.questions[i]);
        }
    }
}

void app_set_language(App& app, Host& host, Language lang, bool solar_hijri) {
    std::string error;
    if (!i18n_set_language(lang, error)) app.action_error = error;
    i18n_set_solar_hijri(solar_hijri);
    localize_assets(app);
    app.view_epoch++;  // lists that cache drawn text rebuild
    host.remember_interface_language(language_code(lang), solar_hijri);
}

void language_settings_tab(App& app, Host& host) {
    bool open = ImGui::BeginTabItem(lbl("settings.tab_language", "language").c_str());
    rects_record_last_item("settings:tab-language");
    if (!open) return;
    ui_text(tr("language.choose"));
    Language current = ui_language();
    for (int i = 0; i < kLanguageCount; ++i) {
        Language l = (Language)i;
        std::string label = language_name(l) + "##lang-" + language_code(l);
        ui_align_for(ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
        if (ImGui::RadioButton(label.c_str(), current == l) && current != l)
            app_set_language(app, host, l, i18n_solar_hijri_chosen());
        rects_record_last_item(std::string("language:") + language_code(l));
    }
    ImGui::Spacing();
    bool hijri = ui_solar_hijri();
    ImGui::BeginDisabled(ui_language() != Language::Persian);
    std::string cal = lbl("language.solar_hijri", "solar-hijri");
    ui_align_for(ImGui::CalcTextSize(cal.c_str(), nullptr, true).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
    if (ImGui::Checkbox(cal.c_str(), &hijri)) app_set_language(app, host, ui_language(), hijri);
    rects_record_last_item("language:solar-hijri");
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::Separator();
    // What the choice looks like, with the board's own kinds of numbers.
    ui_text_disabled(tr("language.example"));
    ui_text(trf("language.example_line", {date_text(host.now()), money_text(123456789, "IRR", true), num(1234567)}));
    ImGui::EndTabItem();
}

}  // namespace kariz
