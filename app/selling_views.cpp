// The selling method around the board (domain.md §1-3): the warning when a deal moves past unmet
// exit criteria, the follow-up suggested after a presentation, and the Needs attention, Nurture,
// My day and Settings windows.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>
#include "app.h"
#include "dates.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"

namespace kariz {

static void centre_next_window() {
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
}

// Flag texts come from core/flags.h: drawn whether they are plain strings or catalogue Texts.

void move_warning(App& app, Host& host) {
    std::string title = lbl("move.title", "move-warning");
    if (app.pending_move && !ImGui::IsPopupOpen(title.c_str())) ImGui::OpenPopup(title.c_str());
    centre_next_window();
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    PendingMove* m = app.pending_move.get();
    const Deal* d = m ? app.store.ws().find_deal(m->deal_id) : nullptr;
    if (!m || !d) {
        app.pending_move.reset();
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ui_text(trf("move.before_known", {d->title}));
    for (const ExitCheck& c : m->missing) ImGui::BulletText("%s", tr_text(c.label).c_str());
    ui_paragraph(Text("move.why"));
    ui_input_multiline("##justification", &m->justification, ImVec2(480 * app.ui_scale, ImGui::GetTextLineHeight() * 3));
    rects_record_last_item("move:justification");
    ImGui::BeginDisabled(m->justification.empty());
    if (named_button(lbl("move.anyway", "move-anyway").c_str(), "move:confirm")) {
        std::string id = m->deal_id, pipeline_id = m->pipeline_id, stage_id = m->stage_id;
        if (app_dispatch(app, host, MoveDeal{id, pipeline_id, stage_id, m->justification})) {
            if (app.draft.open && app.draft.deal_id == id) {  // asked by the editor's stage picker
                app.draft.pipeline_id = pipeline_id;
                app.draft.stage_id = stage_id;
            }
            const Pipeline* p = app.store.ws().find_pipeline(pipeline_id);
            const Stage* st = p ? find_stage(*p, stage_id) : nullptr;
            if (st && st->follow_up_next_day) app.follow_up_deal_id = id;
        }
        app.pending_move.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (named_button(lbl("selling.cancel", "cancel").c_str(), "move:cancel")) {
        app.pending_move.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// After a presentation the seller follows up the next day (domain.md §1, source 001).
static void follow_up_suggestion(App& app, Host& host) {
    // Waits for the deal editor to close: a pop-up opened here would close the editor's.
    if (app.draft.open) return;
    std::string title = lbl("followup.title", "follow-up");
    if (!app.follow_up_deal_id.empty() && !ImGui::IsPopupOpen(title.c_str())) ImGui::OpenPopup(title.c_str());
    centre_next_window();
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const Deal* d = app.store.ws().find_deal(app.follow_up_deal_id);
    if (d) {
        ui_text(trf("followup.deal", {d->title}));
        ui_paragraph(Text("followup.checklist"));
        if (named_button(lbl("followup.schedule", "schedule").c_str(), "followup:schedule")) {
            Time tomorrow = (host.now() / 86400 + 1) * 86400 + 10 * 3600;
            // The checklist becomes the activity's note, in the language the seller reads.
            std::string checklist = tr_plain(Text("followup.checklist"));
            app_dispatch(app, host, ScheduleNext{d->id, NextStep{ActivityKind::Call, tomorrow, checklist}});
            app.follow_up_deal_id.clear();
        }
        ImGui::SameLine();
    }
    if (named_button(lbl("followup.not_now", "not-now").c_str(), "followup:skip") || !d) app.follow_up_deal_id.clear();
    if (app.follow_up_deal_id.empty()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

// The catalogue key of a disqualification reason code (an unknown code reads as "Other", as in
// dq_reason_label).
static std::string dq_reason_key(const std::string& code) {
    for (int i = 0; i < kDqReasonCount; ++i)
        if (code == kDqReasons[i]) return std::string("nurture.reason.") + code;
    return "nurture.reason.other";
}

// The first n characters (not bytes) of UTF-8 text, so a preview never cuts a letter in half.
static std::string utf8_prefix(const std::string& s, size_t n) {
    size_t i = 0;
    for (size_t chars = 0; i < s.size() && chars < n; ++chars) {
        ++i;
        while (i < s.size() && ((unsigned char)s[i] & 0xC0) == 0x80) ++i;
    }
    return s.substr(0, i);
}

std::string goodbye_email(const App& app, const Deal& d) {
    return fill_goodbye_email(app.store.ws(), d, tr_plain(Text("selling.goodbye_template")));
}

static std::string pipeline_stage_name(const Workspace& ws, const Deal& d) {
    const Pipeline* p = ws.find_pipeline(d.pipeline_id);
    const Stage* s = p ? find_stage(*p, d.stage_id) : nullptr;
    return (p ? shown(p->name) : std::string("?")) + " / " + (s ? shown(s->name) : std::string("?"));
}

// The one-click remedy that goes with each rule.
static void flag_action(App& app, Host& host, const Deal& d, const Flag& f) {
    ImGui::PushID((int)f.kind);
    switch (f.kind) {
        case FlagKind::GoneDark:
            if (named_button(lbl("attention.disqualify_gone_dark", "disqualify").c_str(), "attention:gone-dark:" + d.id)) {
                host.copy_text(goodbye_email(app, d));
                int touches = unanswered_streak(d);
                app_dispatch(app, host, Disqualify{d.id, "gone_dark", tr_plain(Text::counted("attention.no_answer_note", touches))});
            }
            break;
        case FlagKind::Rotting:
            if (d.priority > 0 && named_button(lbl("attention.lower_priority", "lower").c_str(), "attention:lower:" + d.id))
                app_dispatch(app, host, SetPriority{d.id, d.priority - 1});
            break;
        case FlagKind::Overdue:
            if (named_button(lbl("attention.move_tomorrow", "tomorrow").c_str(), "attention:tomorrow:" + d.id)) {
                NextStep n = d.next;
                n.due = (host.now() / 86400 + 1) * 86400 + n.due % 86400;
                app_dispatch(app, host, ScheduleNext{d.id, n});
            }
            break;
        default: break;
    }
    ImGui::PopID();
}

// A list over every deal is rebuilt when the workspace changes or the clock moves to another
// minute, not on every frame: at 100,000 deals a scan per frame would stall the board.
struct ListCache {
    uint64_t revision = 0;
    Time minute = -1;
    uint64_t view_epoch = ~0ull;  // who-am-I or the seller filter changed (roles)
    bool stale(const App& app, Time now) {
        if (revision == app.store.revision() && minute == now / 60 && view_epoch == app.view_epoch) return false;
        view_epoch = app.view_epoch;
        revision = app.store.revision();
        minute = now / 60;
        return true;
    }
};

static void needs_attention(App& app, Host& host) {
    if (!app.attention_open) return;
    ImGui::SetNextWindowSize(ImVec2(760 * app.ui_scale, 460 * app.ui_scale), ImGuiCond_FirstUseEver);
    if (ImGui::Begin(lbl("attention.title", "attention").c_str(), &app.attention_open)) {
        const Workspace& ws = app.store.ws();
        Time now = host.now();
        // Copied out: the actions below change the deals while the list is drawn.
        static std::vector<std::pair<Deal, std::vector<Flag>>> rows;
        static ListCache cache;
        if (cache.stale(app, now)) {
            rows.clear();
            Viewer viewer = app_viewer(app);
            for (const Deal& d : ws.deals) {
                if (!deal_visible(viewer, d)) continue;  // a seller's list holds their own deals
                std::vector<Flag> flags = deal_flags(ws, app.frameworks, d, now);
                if (!flags.empty()) rows.push_back({d, flags});
                if (rows.size() >= 500) break;  // a list longer than this is not read anyway
            }
        }
        ui_text_disabled(trn("attention.flagged", (int64_t)rows.size()));
        if (ImGui::BeginTable("attention", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY)) {
            ImGui::TableSetupColumn(lbl("attention.col_deal", "deal").c_str(), ImGuiTableColumnFlags_WidthStretch, 2);
            ImGui::TableSetupColumn(lbl("attention.col_rule", "rule").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2);
            ImGui::TableHeadersRow();
            for (const auto& [d, flags] : rows) {
                ImGui::PushID(d.id.c_str());
                for (const Flag& f : flags) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(shown(d.title).c_str());
                    ImGui::TextDisabled("%s", pipeline_stage_name(ws, d).c_str());
                    deal_cost_line(app, d, now);
                    ImGui::TableNextColumn();
                    ImGui::TextWrapped("%s", flag_rule_text(f).c_str());
                    rects_record_last_item("attention:rule:" + d.id + ":" + std::to_string((int)f.kind));
                    ImGui::TextDisabled("%s", trf("attention.action", {tr_plain(f.action)}).c_str());
                    ImGui::TableNextColumn();
                    if (named_button(lbl("selling.open", "open").c_str(), "attention:open:" + d.id)) {
                        app.pipeline_id = d.pipeline_id;
                        deal_editor_open(app, d);
                    }
                    ImGui::SameLine();
                    flag_action(app, host, d, f);
                }
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

static void nurture(App& app, Host& host) {
    if (!app.nurture_open) return;
    ImGui::SetNextWindowSize(ImVec2(640 * app.ui_scale, 400 * app.ui_scale), ImGuiCond_FirstUseEver);
    if (ImGui::Begin(lbl("nurture.title", "nurture").c_str(), &app.nurture_open)) {
        ui_paragraph(Text("nurture.intro"));
        static std::vector<Deal> rows;
        static ListCache cache;
        if (cache.stale(app, host.now())) {
            rows.clear();
            Viewer viewer = app_viewer(app);
            for (const Deal& d : app.store.ws().deals)
                if (d.status == DealStatus::Disqualified && deal_visible(viewer, d)) rows.push_back(d);
        }
        if (rows.empty()) ui_text_disabled(tr("nurture.empty"));
        for (const Deal& d : rows) {
            ImGui::PushID(d.id.c_str());
            ImGui::Separator();
            ui_text(shown(d.title));
            std::string reason = tr_plain(Text(dq_reason_key(d.dq_reason)));
            ui_text_disabled(d.dq_note.empty() ? trf("nurture.line", {d.organization, reason, date_text(d.closed_at)})
                                               : trf("nurture.line_note", {d.organization, reason, d.dq_note, date_text(d.closed_at)}));
            if (named_button(lbl("nurture.restore", "restore").c_str(), "nurture:restore:" + d.id)) app_dispatch(app, host, RestoreDeal{d.id});
            ImGui::PopID();
        }
    }
    ImGui::End();
}

static void my_day(App& app, Host& host) {
    if (!app.my_day_open) return;
    ImGui::SetNextWindowSize(ImVec2(600 * app.ui_scale, 380 * app.ui_scale), ImGuiCond_FirstUseEver);
    if (ImGui::Begin(lbl("myday.title", "my-day").c_str(), &app.my_day_open)) {
        const Workspace& ws = app.store.ws();
        std::string today = format_date(host.now());
        static std::vector<Deal> due;
        static ListCache cache;
        if (cache.stale(app, host.now())) {
            due.clear();
            const User* me = app_current_user(app);
            for (const Deal& d : ws.deals)
                if (d.status == DealStatus::Open && d.next.due != 0 && format_date(d.next.due) <= today &&
                    (!me || d.owner_id == me->id))
                    due.push_back(d);
            std::sort(due.begin(), due.end(), [](const Deal& a, const Deal& b) { return a.next.due < b.next.due; });
        }
        ui_text_disabled(tr("myday.intro"));
        if (due.empty()) ui_text_disabled(tr("myday.empty"));
        for (const Deal& d : due) {
            ImGui::PushID(d.id.c_str());
            bool overdue = format_date(d.next.due) < today;
            std::string kind = tr_plain(Text(std::string("activity.kind.") + to_string(d.next.kind)));
            ImGui::TextColored(overdue ? ImVec4(0.8f, 0.15f, 0.1f, 1) : ImVec4(0.75f, 0.45f, 0, 1), "%s",
                               trf(overdue ? "myday.overdue" : "myday.today", {kind}).c_str());
            ImGui::SameLine();
            ImGui::TextUnformatted(shown(d.title).c_str());
            rects_record_last_item("myday:" + d.id);
            ImGui::SameLine();
            if (named_button(lbl("selling.open", "open").c_str(), "myday:open:" + d.id)) deal_editor_open(app, d);
            ImGui::PopID();
        }
    }
    ImGui::End();
}

static void settings(App& app, Host& host) {
    if (!app.settings_open) return;
    ImGui::SetNextWindowSize(ImVec2(640 * app.ui_scale, 520 * app.ui_scale), ImGuiCond_FirstUseEver);
    if (ImGui::Begin(lbl("settings.title", "settings").c_str(), &app.settings_open)) {
        rects_record("window:settings", ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowWidth(), ImGui::GetWindowHeight());
        // General, then the lead-scoring tabs (app/score_views.cpp).
        bool tabs = ImGui::BeginTabBar("settings-tabs");
        bool general = tabs && ImGui::BeginTabItem(lbl("settings.tab_general", "general").c_str());
        if (tabs) rects_record_last_item("settings:tab-general");
        if (general || !tabs) {
        // Edited on a copy; each field is saved as one undoable step when it is left.
        Settings s = app.store.ws().settings;
        bool changed = false;
        ui_input_text(lbl("settings.company_name", "company-name").c_str(), &s.company_name);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        ImGui::InputInt(lbl("settings.gone_dark_touches", "gone-dark").c_str(), &s.gone_dark_touches);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("settings:gone-dark");
        ui_text(tr("settings.dq_criteria"));
        ui_input_multiline("##dq", &s.dq_criteria, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("settings:dq-criteria");
        ui_text(tr("settings.goodbye"));
        if (s.goodbye_template.empty() && !ImGui::IsItemActive())
            ui_text_disabled(trf("settings.goodbye_built_in", {utf8_prefix(tr_plain(Text("selling.goodbye_template")), 60)}));
        ui_input_multiline("##goodbye", &s.goodbye_template, ImVec2(-1, ImGui::GetTextLineHeight() * 7));
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("settings:goodbye");
        if (changed) app_dispatch(app, host, SetSettings{s});
        team_settings(app, host);  // users and the owner rule (app/users_view.cpp)
        }
        if (general) ImGui::EndTabItem();
        if (tabs) {
            language_settings_tab(app, host);  // app/language_view.cpp
            scoring_settings_tabs(app, host);
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
}

void selling_views(App& app, Host& host) {
    if (!app.draft.open) move_warning(app, host);  // else the deal editor shows it over itself
    follow_up_suggestion(app, host);
    cost_calculator(app, host);
    needs_attention(app, host);
    nurture(app, host);
    my_day(app, host);
    settings(app, host);
}

}  // namespace kariz
