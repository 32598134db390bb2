// The deal editor pop-up: every field, the stage, Won / Lost / Reopen / Delete, and the history.
#include <imgui.h>
#include <imgui_stdlib.h>
#include "app.h"
#include "dates.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"

namespace kariz {

// The pop-up's id stays "deal-editor" in every language (its title comes from the catalogue).
static std::string popup_name() { return lbl("deal.popup", "deal-editor"); }
static const char* kCurrencies[] = {"EUR", "USD", "GBP", "AED", "SAR", "IRR", "TRY", "EGP", "QAR", "KWD", "JPY", "CHF", "RUB"};

static std::string join_labels(const std::vector<std::string>& labels) {
    std::string s;
    for (const std::string& l : labels) s += (s.empty() ? "" : ", ") + l;
    return s;
}

static std::vector<std::string> split_labels(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string l = text.substr(start, comma - start);
        size_t a = l.find_first_not_of(' '), b = l.find_last_not_of(' ');
        if (a != std::string::npos) {
            l = l.substr(a, b - a + 1);
            bool seen = false;
            for (const std::string& x : out) seen = seen || x == l;
            if (!seen) out.push_back(l);
        }
        start = comma + 1;
    }
    return out;
}

// An amount as the user types it: "1234.50", no grouping, no currency code.
std::string money_input_text(int64_t minor, const std::string& currency) {
    std::string s = format_money(minor, currency);
    s = s.substr(0, s.rfind(' '));
    std::string out;
    for (char c : s)
        if (c != ',') out += c;
    return out;
}

void deal_editor_open_new(App& app, Host& host) {
    (void)host;
    const Workspace& ws = app.store.ws();
    DealDraft d;
    d.open = d.just_opened = true;
    d.fields.currency = ws.settings.default_currency;
    const User* me = app_current_user(app);  // new deals belong to whoever uses the board
    d.fields.owner_id = me ? me->id : "";
    d.pipeline_id = app.pipeline_id;
    const Pipeline* p = ws.find_pipeline(app.pipeline_id);
    // New deals start in the first real stage; Unsorted is for deals that arrive on their own.
    if (p) d.stage_id = p->stages.size() > 1 ? p->stages[1].id : p->stages[0].id;
    d.value_text = "0";
    app.draft = d;
}

void deal_editor_open(App& app, const Deal& deal) {
    DealDraft d;
    d.open = d.just_opened = true;
    d.deal_id = deal.id;
    d.fields = DealFields{deal.title, deal.organization, deal.contact, deal.value, deal.currency, deal.owner_id,
                          deal.source, deal.labels, deal.expected_close, deal.notes};
    d.value_text = money_input_text(deal.value, deal.currency);
    d.labels_text = join_labels(deal.labels);
    d.pipeline_id = deal.pipeline_id;
    d.stage_id = deal.stage_id;
    app.draft = d;
}

static bool save_draft(App& app, Host& host) {
    DealDraft& d = app.draft;
    if (!parse_money(d.value_text, d.fields.currency, d.fields.value) || d.fields.value < 0) {
        d.error = tr("deal.value_error");
        return false;
    }
    d.fields.labels = split_labels(d.labels_text);
    Text why;
    if (!validate_fields(d.fields, why)) {
        d.error = tr_text(why);
        return false;
    }
    bool ok;
    if (d.deal_id.empty()) {
        ok = app.store.dispatch(CreateDeal{d.fields, d.pipeline_id, d.stage_id}, host.now(), nullptr, &why);
    } else {
        ok = app.store.dispatch(UpdateDeal{d.deal_id, d.fields, d.pipeline_id, d.stage_id}, host.now(), nullptr, &why);
    }
    if (!ok) d.error = tr_text(why);
    return ok;
}

static void field(const char* label, const char* rect, std::string* value, const char* hint = "") {
    ui_text(label);  // a label on its own line: right-aligned in a right-to-left layout
    ImGui::SetNextItemWidth(-1);
    ui_input_text_hint((std::string("##") + rect).c_str(), hint, value);
    rects_record_last_item(std::string("editor:") + rect);
}

static void owner_field(App& app) {
    DealDraft& d = app.draft;
    const Workspace& ws = app.store.ws();
    const User* owner = ws.find_user(d.fields.owner_id);
    ui_text(tr("deal.owner"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##owner", owner ? shown(owner->name).c_str() : tr("deal.nobody"))) {
        for (const User& u : ws.users)
            if (ImGui::Selectable((shown(u.name) + "##" + u.id).c_str(), u.id == d.fields.owner_id)) d.fields.owner_id = u.id;
        ImGui::EndCombo();
    }
}

// Picking a later stage warns about unmet exit criteria as a drag does (request_move); the
// justified move happens at once, the other fields still wait for Save.
static void pick_stage(App& app, const std::string& stage_id) {
    DealDraft& d = app.draft;
    const Deal* deal = d.deal_id.empty() ? nullptr : app.store.ws().find_deal(d.deal_id);
    if (deal && d.pipeline_id == deal->pipeline_id && stage_id != deal->stage_id) {
        std::vector<ExitCheck> missing = unmet_when_moving(app.store.ws(), app.frameworks, *deal, stage_id);
        if (!missing.empty()) {
            app.pending_move = std::make_unique<PendingMove>(PendingMove{deal->id, d.pipeline_id, stage_id, missing, ""});
            return;
        }
    }
    d.stage_id = stage_id;
}

static void stage_field(App& app) {
    DealDraft& d = app.draft;
    const Workspace& ws = app.store.ws();
    const Pipeline* p = ws.find_pipeline(d.pipeline_id);
    ui_text(tr("deal.pipeline_and_stage"));
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    if (ImGui::BeginCombo("##pipeline", p ? shown(p->name).c_str() : "")) {
        for (const Pipeline& q : ws.pipelines)
            if (ImGui::Selectable((shown(q.name) + "##" + q.id).c_str(), q.id == d.pipeline_id)) {
                d.pipeline_id = q.id;
                d.stage_id = q.stages.front().id;
            }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    const Stage* st = p ? find_stage(*p, d.stage_id) : nullptr;
    if (ImGui::BeginCombo("##stage", st ? shown(st->name).c_str() : "")) {
        if (p)
            for (const Stage& s : p->stages) {
                if (ImGui::Selectable((shown(s.name) + "##" + s.id).c_str(), s.id == d.stage_id)) pick_stage(app, s.id);
                rects_record_last_item("editor:stage-option:" + s.name);
            }
        ImGui::EndCombo();
    }
    rects_record_last_item("editor:stage");
}

static void value_row(App& app) {
    DealDraft& d = app.draft;
    ui_text(tr("deal.value"));
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    ui_input_text("##value", &d.value_text, ImGuiInputTextFlags_CharsScientific);
    rects_record_last_item("editor:value");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##currency", d.fields.currency.c_str())) {
        for (const char* c : kCurrencies)
            if (ImGui::Selectable(c, d.fields.currency == c)) d.fields.currency = c;
        ImGui::EndCombo();
    }
}

static void history(App& app, const Deal& deal, Host& host) {
    if (!ImGui::CollapsingHeader(lbl("deal.stage_history", "stage-history").c_str())) return;
    for (const StageVisit& v : deal.history) {
        std::string stage_name = v.stage_id;
        for (const Pipeline& p : app.store.ws().pipelines)
            if (const Stage* s = find_stage(p, v.stage_id)) stage_name = p.name + " / " + s->name;
        Time left = v.left ? v.left : host.now();
        std::string to = v.left ? date_text(v.left) : tr_plain(Text("deal.history_now"));
        ImGui::BulletText("%s", trn("deal.history_line", days_between(v.entered, left), {stage_name, date_text(v.entered), to}).c_str());
    }
}

static void outcome_buttons(App& app, Host& host, const Deal& deal) {
    DealDraft& d = app.draft;
    ImGui::Separator();
    if (deal.status == DealStatus::Open) {
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(15, 157, 88, 255));
        if (named_button(lbl("deal.won", "won").c_str(), "editor:won")) {
            if (app_dispatch(app, host, MarkWon{deal.id})) d.open = false;
        }
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::SetNextItemWidth(200 * app.ui_scale);
        ui_input_text_hint("##lost-reason", tr("deal.lost_reason_hint"), &d.lost_reason);
        rects_record_last_item("editor:lost-reason");
        ImGui::SameLine();
        ImGui::BeginDisabled(d.lost_reason.empty());
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(219, 68, 55, 255));
        if (named_button(lbl("deal.lost", "lost").c_str(), "editor:lost")) {
            if (app_dispatch(app, host, MarkLost{deal.id, d.lost_reason})) d.open = false;
        }
        ImGui::PopStyleColor();
        ImGui::EndDisabled();
    } else {
        ImGui::TextUnformatted(deal.status == DealStatus::Won ? tr("deal.is_won") : trf("deal.lost_with_reason", {deal.lost_reason}).c_str());
        ImGui::SameLine();
        if (named_button(lbl("deal.reopen", "reopen").c_str(), "editor:reopen")) {
            if (app_dispatch(app, host, ReopenDeal{deal.id})) d.open = false;
        }
    }
    ImGui::SameLine();
    if (named_button(lbl("deal.delete", "delete").c_str(), "editor:delete")) {
        if (app_dispatch(app, host, DeleteDeal{deal.id})) d.open = false;
    }
}

static void details_tab(App& app, Host& host, const Deal* existing) {
    DealDraft& d = app.draft;
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    field(tr("deal.title"), "title", &d.fields.title, tr("deal.title_hint"));
    // Two columns keep the whole form on a laptop screen without scrolling.
    if (ImGui::BeginTable("deal-fields", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        field(tr("deal.organization"), "organization", &d.fields.organization);
        ImGui::TableNextColumn();
        value_row(app);
        ImGui::TableNextColumn();
        owner_field(app);
        ImGui::TableNextColumn();
        stage_field(app);
        ImGui::TableNextColumn();
        field(tr("deal.contact_person"), "contact-name", &d.fields.contact.name);
        ImGui::TableNextColumn();
        field(tr("deal.email"), "contact-email", &d.fields.contact.email);
        ImGui::TableNextColumn();
        field(tr("deal.phone"), "contact-phone", &d.fields.contact.phone);
        ImGui::TableNextColumn();
        field(tr("deal.expected_close"), "expected-close", &d.fields.expected_close, "2026-12-31");
        ImGui::TableNextColumn();
        field(tr("deal.labels"), "labels", &d.labels_text, tr("deal.labels_hint"));
        ImGui::TableNextColumn();
        ui_text(tr("deal.source"));
        int source = (int)d.fields.source;
        ImGui::RadioButton(lbl("deal.inbound", "inbound").c_str(), &source, 0);
        ImGui::SameLine();
        ImGui::RadioButton(lbl("deal.outbound", "outbound").c_str(), &source, 1);
        d.fields.source = (DealSource)source;
        ImGui::EndTable();
    }
    quality_label_toggles(app);
    ui_text(tr("deal.notes"));
    ui_input_multiline("##notes", &d.fields.notes, ImVec2(-1, ImGui::GetTextLineHeight() * 3.5f));
    rects_record_last_item("editor:notes");
    if (!d.error.empty()) ui_text_coloured(IM_COL32(217, 51, 26, 255), d.error);  // already in words, shaped
    if (named_button(lbl("deal.save", "save").c_str(), "editor:save")) {
        if (save_draft(app, host)) d.open = false;
    }
    ImGui::SameLine();
    if (named_button(lbl("deal.cancel", "cancel").c_str(), "editor:cancel")) d.open = false;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows))
        d.open = false;
    if (existing) {
        outcome_buttons(app, host, *existing);
        // The buttons may have deleted or changed the deal: look it up again.
        if (const Deal* still = app.store.ws().find_deal(d.deal_id)) history(app, *still, host);
    }
}

void deal_editor(App& app, Host& host) {
    DealDraft& d = app.draft;
    if (d.just_opened) {
        ImGui::OpenPopup(popup_name().c_str());
        d.just_opened = false;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(720 * app.ui_scale, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->Size.x * 0.95f, vp->Size.y * 0.92f));
    bool keep_open = true;
    if (!ImGui::BeginPopupModal(popup_name().c_str(), &keep_open)) return;
    const Deal* existing = d.deal_id.empty() ? nullptr : app.store.ws().find_deal(d.deal_id);
    if (!keep_open || !d.open || (!d.deal_id.empty() && !existing)) {
        d.open = false;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ui_text(tr(existing ? "deal.edit_title" : "deal.new_title"));
    // A new deal gets its details first; the selling-method tabs need a deal to attach to.
    if (!existing || !ImGui::BeginTabBar("deal-tabs")) {
        details_tab(app, host, existing);
    } else {
        // The tab's rectangle is recorded before its contents replace the "last item".
        bool open = ImGui::BeginTabItem(lbl("deal.tab_details", "details").c_str());
        rects_record_last_item("editor:tab-details");
        if (open) {
            details_tab(app, host, existing);
            ImGui::EndTabItem();
        }
        // Each tab may change the deal, so each looks it up afresh.
        auto current = [&]() { return app.store.ws().find_deal(d.deal_id); };
        open = ImGui::BeginTabItem(lbl("deal.tab_qualification", "qualification").c_str());
        rects_record_last_item("editor:tab-qualification");
        if (open) {
            if (const Deal* deal = current()) deal_qualification_tab(app, host, *deal);
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem(lbl("deal.tab_activities", "activities").c_str());
        rects_record_last_item("editor:tab-activities");
        if (open) {
            if (const Deal* deal = current()) deal_activities_tab(app, host, *deal);
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem(lbl("deal.tab_fit", "fit").c_str());
        rects_record_last_item("editor:tab-fit");
        if (open) {
            if (const Deal* deal = current()) deal_fit_tab(app, host, *deal);
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem(lbl("deal.tab_disqualify", "disqualify").c_str());
        rects_record_last_item("editor:tab-disqualify");
        if (open) {
            if (const Deal* deal = current()) deal_disqualify_section(app, host, *deal);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (app.pending_move) move_warning(app, host);  // from the stage picker: a pop-up over the editor
    if (!d.open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace kariz
