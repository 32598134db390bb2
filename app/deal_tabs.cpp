// The deal editor's selling-method tabs (domain.md §2-3): qualification against a framework,
// touches and the next activity, priority, disqualification and the goodbye email.
// Every change is one action through app_dispatch, so each is one undo step; the Deal is never
// touched here.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <cfloat>
#include <cstdio>
#include <unordered_map>
#include "app.h"
#include "i18n.h"
#include "dates.h"
#include "item_rects.h"
#include "text_field.h"
#include "reduce.h"

namespace kariz {

// Rect names for the tests stay in English; the words come from the catalogue.
static const char* kKindIds[] = {"Call", "Email", "Meeting", "Message", "Note"};
static const char* kKindKeys[] = {"activity.kind.call", "activity.kind.email", "activity.kind.meeting", "activity.kind.message",
                                  "activity.kind.note"};
static const int kKindCount = 5;
static const char* kPriorityIds[] = {"Low", "Normal", "High"};
static const char* kPriorityKeys[] = {"deal.priority.low", "deal.priority.normal", "deal.priority.high"};

static const ImVec4 kGreen(0.06f, 0.55f, 0.30f, 1);
static const ImVec4 kOrange(0.90f, 0.50f, 0.05f, 1);
static const ImVec4 kRed(0.85f, 0.20f, 0.10f, 1);

static const char* kind_key(ActivityKind k) {
    int i = (int)k;
    return i >= 0 && i < kKindCount ? kKindKeys[i] : "activity.kind.touch";
}

// Logical (unshaped) words, to go into a longer message as an argument.
static std::string kind_plain(ActivityKind k) { return tr_plain(Text(kind_key(k))); }

static ImU32 colour(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(c); }

static int clamp_index(int i, int count) { return i < 0 ? 0 : i >= count ? count - 1 : i; }

// "2026-11-20 14:05" (UTC, as everything else in the workspace).
static std::string format_date_time(Time t) {
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", (int)(secs / 3600), (int)(secs % 3600 / 60));
    return format_date(t) + " " + hm;
}

// The same for people: the date in the chosen calendar, the time in the language's digits.
static std::string date_time_text(Time t) {
    std::string ascii = format_date_time(t);
    return date_text(t) + " " + digits(ascii.substr(ascii.size() - 5));
}

// "HH:MM" or "H:MM", 00:00 to 23:59.
static bool parse_hh_mm(const std::string& s, int& h, int& m) {
    size_t colon = s.find(':');
    if (colon == std::string::npos || colon < 1 || colon > 2 || s.size() != colon + 3) return false;
    for (size_t i = 0; i < s.size(); ++i)
        if (i != colon && (s[i] < '0' || s[i] > '9')) return false;
    h = std::stoi(s.substr(0, colon));
    m = std::stoi(s.substr(colon + 1));
    return h < 24 && m < 60;
}

// The editor pop-up sizes itself to the Details tab when it appears. A tab that needs more height
// asks the pop-up to fit its height to the content again (its size constraints still apply), when
// the tab is first shown and whenever its content would otherwise scroll; and moves the pop-up up
// when it grew past the bottom of the screen.
static void fit_popup_height(int tab) {
    static int last_frame[3] = {-10, -10, -10};
    int frame = ImGui::GetFrameCount();
    bool appearing = frame - last_frame[tab] > 1;
    last_frame[tab] = frame;
    if (appearing || ImGui::GetScrollMaxY() > 0) ImGui::SetWindowSize(ImVec2(ImGui::GetWindowWidth(), 0));
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    float margin = 8 * ImGui::GetFontSize() / 15;
    float bottom = vp->Pos.y + vp->Size.y - margin;
    if (pos.y + size.y > bottom) {
        float y = bottom - size.y;
        ImGui::SetWindowPos(ImVec2(pos.x, y < vp->Pos.y + margin ? vp->Pos.y + margin : y));
    }
}

static void section(const char* title) {
    ImGui::Spacing();
    ui_text(title);
    ImGui::Separator();
}

// Data (a framework's description) or a sentence of the interface, wrapped and greyed.
static void disabled_wrapped(const std::string& logical) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ui_text_wrapped(logical);
    ImGui::PopStyleColor();
}

static void disabled_paragraph(const Text& t) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ui_paragraph(t);
    ImGui::PopStyleColor();
}

// ---- Qualification --------------------------------------------------------------------------

static std::string criterion_note(const Deal& d, const std::string& criterion_id) {
    for (const CriterionAnswer& a : d.criteria)
        if (a.id == criterion_id) return a.note;
    return "";
}

// The note being typed into a criterion's field. ImGui writes the typed text into the string on
// every frame the field is active; it lives here until the field lets go, then the note is
// dispatched and the field shows the stored note again (so undo and redo show through).
static std::unordered_map<std::string, std::string> g_note_edits;

static void criterion_row(App& app, Host& host, const Deal& deal, const Criterion& c) {
    ImGui::PushID(c.id.c_str());
    CriterionState state = criterion_state(deal, c.id);
    std::string note = criterion_note(deal, c.id);

    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(shown(c.name).c_str());
    for (const std::string& q : c.questions) disabled_wrapped(q);  // data: assets/frameworks.json

    ImGui::TableNextColumn();
    static const struct { const char* key; const char* rect; CriterionState state; } kChoices[] = {
        {"deal.qual.unknown", "unknown", CriterionState::Unknown},
        {"deal.qual.met", "met", CriterionState::Met},
        {"deal.qual.not_met", "not_met", CriterionState::NotMet},
    };
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (kChoices[i].state == CriterionState::Met) ImGui::PushStyleColor(ImGuiCol_CheckMark, kGreen);
        if (kChoices[i].state == CriterionState::NotMet) ImGui::PushStyleColor(ImGuiCol_CheckMark, kRed);
        bool clicked = ImGui::RadioButton(lbl(kChoices[i].key, kChoices[i].rect).c_str(), state == kChoices[i].state);
        if (kChoices[i].state != CriterionState::Unknown) ImGui::PopStyleColor();
        rects_record_last_item("qual:" + c.id + ":" + kChoices[i].rect);
        if (clicked && state != kChoices[i].state)
            app_dispatch(app, host, SetCriterion{deal.id, CriterionAnswer{c.id, kChoices[i].state, note}});
    }

    ImGui::TableNextColumn();
    const std::string key = deal.id + "|" + c.id;
    auto it = g_note_edits.find(key);
    if (it == g_note_edits.end()) it = g_note_edits.emplace(key, note).first;
    ImGui::SetNextItemWidth(-FLT_MIN);
    ui_input_text_hint("##note", tr("deal.qual.note_hint"), &it->second);
    rects_record_last_item("qual:" + c.id + ":note");
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        std::string typed = it->second;
        g_note_edits.erase(it);
        if (typed != note) {
            // The state as stored now: a radio of this row may have been clicked in this frame.
            const Deal* now = app.store.ws().find_deal(deal.id);
            CriterionState current = now ? criterion_state(*now, c.id) : state;
            app_dispatch(app, host, SetCriterion{deal.id, CriterionAnswer{c.id, current, typed}});
        }
    } else if (!ImGui::IsItemActive()) {
        g_note_edits.erase(it);
    }
    ImGui::PopID();
}

void deal_qualification_tab(App& app, Host& host, const Deal& deal) {
    fit_popup_height(0);
    const Workspace& ws = app.store.ws();
    if (app.frameworks.empty()) {
        ui_text_disabled(tr("deal.qual.no_frameworks"));
        return;
    }
    const Framework* fw = deal_framework(app.frameworks, ws, deal);

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("deal.qual.framework"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(180 * app.ui_scale);
    if (ImGui::BeginCombo("##framework", fw ? shown(fw->name).c_str() : tr("deal.qual.no_framework"))) {
        for (const Framework& f : app.frameworks) {
            bool selected = fw && fw->id == f.id;
            if (ImGui::Selectable((shown(f.name) + "##" + f.id).c_str(), selected) && !selected)
                app_dispatch(app, host, SetFramework{deal.id, f.id});
            rects_record_last_item("qual:framework-option:" + f.id);
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("qual:framework");
    if (!fw) {
        ui_text_disabled(tr("deal.qual.framework_unknown"));
        return;
    }

    QualificationProgress progress = qualification_progress(*fw, deal);
    ImGui::SameLine();
    std::string counts = progress.not_met > 0
                             ? trf("deal.qual.progress_not_met", {fw->name, progress.met, progress.total, progress.not_met})
                             : trf("deal.qual.progress", {fw->name, progress.met, progress.total});
    ImGui::TextUnformatted(counts.c_str());
    ImGui::SameLine();
    if (progress.qualified()) ImGui::TextColored(kGreen, "%s", tr("deal.qual.qualified"));
    else ImGui::TextUnformatted(tr("deal.qual.not_qualified"));
    if (!fw->description.empty()) disabled_wrapped(fw->description);

    ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_PadOuterX;
    if (ImGui::BeginTable("qual-criteria", 3, flags)) {
        ImGui::TableSetupColumn(tr("deal.qual.column_criterion"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(tr("deal.qual.column_answer"), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(tr("deal.qual.column_note"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableHeadersRow();
        for (const Criterion& c : fw->criteria) {
            // Each row reads the deal afresh: the row above may have just changed it.
            const Deal* current = app.store.ws().find_deal(deal.id);
            if (!current) break;
            criterion_row(app, host, *current, c);
        }
        ImGui::EndTable();
    }
}

// ---- Activities -----------------------------------------------------------------------------

static bool kind_combo(const char* id, const char* rect, int& kind, float width) {
    kind = clamp_index(kind, kKindCount);
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, tr(kKindKeys[kind]))) {
        for (int i = 0; i < kKindCount; ++i) {
            if (ImGui::Selectable(lbl(kKindKeys[i], kKindIds[i]).c_str(), i == kind)) {
                changed = i != kind;
                kind = i;
            }
            rects_record_last_item(std::string(rect) + "-option:" + kKindIds[i]);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item(rect);
    return changed;
}

static void log_touch(App& app, Host& host, const Deal& deal) {
    DealDraft& d = app.draft;
    float s = app.ui_scale;
    section(tr("deal.act.log_touch"));
    kind_combo("##act-kind", "act:kind", d.activity_kind, 110 * s);
    bool is_note = d.activity_kind == (int)ActivityKind::Note;
    if (!is_note) {
        ImGui::SameLine();
        if (ImGui::RadioButton(lbl("deal.act.outgoing", "outgoing").c_str(), d.activity_outgoing)) d.activity_outgoing = true;
        rects_record_last_item("act:outgoing");
        ImGui::SameLine();
        if (ImGui::RadioButton(lbl("deal.act.incoming", "incoming").c_str(), !d.activity_outgoing)) d.activity_outgoing = false;
        rects_record_last_item("act:incoming");
        if (d.activity_outgoing) {
            ImGui::SameLine();
            ImGui::Checkbox(lbl("deal.act.answered", "answered").c_str(), &d.activity_answered);
            rects_record_last_item("act:answered");
        }
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 80 * s);
    ui_input_text_hint("##act-note", tr("deal.act.note_hint"), &d.activity_note);
    rects_record_last_item("act:note");
    ImGui::SameLine();
    if (named_button(lbl("deal.act.log", "log").c_str(), "act:log", -FLT_MIN)) {
        ActivityKind kind = (ActivityKind)clamp_index(d.activity_kind, kKindCount);
        bool outgoing = is_note || d.activity_outgoing;
        bool answered = !is_note && outgoing && d.activity_answered;
        if (app_dispatch(app, host, LogActivity{deal.id, Activity{"", kind, outgoing, answered, host.now(), d.activity_note}}))
            d.activity_note.clear();
    }
}

static void streak_line(App& app, const Deal& deal) {
    int gone_dark = app.store.ws().settings.gone_dark_touches;
    int streak = unanswered_streak(deal);
    if (streak == 0) {
        ui_text_disabled(tr("deal.act.no_unanswered"));
        return;
    }
    if (gone_dark > 0 && streak >= gone_dark) {
        ui_text_coloured(colour(kRed), trn("deal.act.streak_gone_dark", streak));
        ui_text_disabled(tr("deal.act.streak_gone_dark_hint"));
    } else if (gone_dark > 0 && streak >= gone_dark - 1) {
        ui_text_coloured(colour(kOrange), trn("deal.act.streak", streak));
    } else {
        ui_text(trn("deal.act.streak", streak));
    }
}

static void next_activity(App& app, Host& host, const Deal& deal) {
    DealDraft& d = app.draft;
    float s = app.ui_scale;
    static std::string error, error_deal;
    if (error_deal != deal.id) error.clear();
    section(tr("deal.act.next_activity"));
    Time now = host.now();
    if (deal.next.due != 0) {
        std::vector<TextArg> when = {kind_plain(deal.next.kind), date_time_text(deal.next.due)};
        ImGui::AlignTextToFramePadding();
        std::string today = format_date(now), due_day = format_date(deal.next.due);
        if (due_day < today) ImGui::TextColored(kRed, "%s", trf("deal.act.due_overdue", when).c_str());
        else if (due_day == today) ImGui::TextColored(kOrange, "%s", trf("deal.act.due_today", when).c_str());
        else ImGui::TextUnformatted(trf("deal.act.due", when).c_str());
        if (!deal.next.note.empty()) {
            ImGui::SameLine();
            ImGui::TextUnformatted("—");
            ImGui::SameLine();
            ImGui::TextUnformatted(shown(deal.next.note).c_str());
        }
        ImGui::SameLine();
        if (named_button(lbl("deal.act.done", "next-done").c_str(), "act:next-done")) {
            NextStep next = deal.next;
            if (app_dispatch(app, host, LogActivity{deal.id, Activity{"", next.kind, true, false, now, next.note}}))
                app_dispatch(app, host, ScheduleNext{deal.id, NextStep{}});
        }
        ImGui::SameLine();
        if (named_button(lbl("deal.act.clear", "next-clear").c_str(), "act:next-clear")) app_dispatch(app, host, ScheduleNext{deal.id, NextStep{}});
    } else {
        ui_text_disabled(tr("deal.act.nothing_scheduled"));
    }

    kind_combo("##next-kind", "act:next-kind", d.next_kind, 110 * s);
    ImGui::SameLine();
    // Tomorrow unless the seller wrote a date (refilled when emptied, but not under their fingers).
    static bool date_active = false;
    if (d.next_date.empty() && !date_active) d.next_date = format_date(now + 86400);
    ImGui::SetNextItemWidth(105 * s);
    ui_input_text_hint("##next-date", tr("deal.act.date_hint"), &d.next_date);
    date_active = ImGui::IsItemActive();
    rects_record_last_item("act:next-date");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(60 * s);
    ui_input_text_hint("##next-time", tr("deal.act.time_hint"), &d.next_time);
    rects_record_last_item("act:next-time");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 100 * s);
    ui_input_text_hint("##next-note", tr("deal.act.next_note_hint"), &d.next_note);
    rects_record_last_item("act:next-note");
    ImGui::SameLine();
    if (named_button(lbl("deal.act.schedule", "schedule").c_str(), "act:schedule", -FLT_MIN)) {
        int h = 0, m = 0;
        error_deal = deal.id;
        if (!is_valid_date(d.next_date)) {
            error = trf("deal.act.date_error", {format_date(now + 86400)});
        } else if (!parse_hh_mm(d.next_time, h, m)) {
            error = tr("deal.act.time_error");
        } else {
            int y = std::stoi(d.next_date.substr(0, 4));
            unsigned mo = (unsigned)std::stoi(d.next_date.substr(5, 2)), day = (unsigned)std::stoi(d.next_date.substr(8, 2));
            Time due = days_from_civil(y, mo, day) * 86400 + h * 3600 + m * 60;
            ActivityKind kind = (ActivityKind)clamp_index(d.next_kind, kKindCount);
            if (app_dispatch(app, host, ScheduleNext{deal.id, NextStep{kind, due, d.next_note}})) {
                error.clear();
                d.next_note.clear();
            }
        }
    }
    if (!error.empty() && error_deal == deal.id) ui_text_coloured(colour(kRed), error);
}

static void priority_row(App& app, Host& host, const Deal& deal) {
    ImGui::Spacing();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("deal.priority"));
    ImGui::SameLine();
    int p = clamp_index(deal.priority, 3);
    ImGui::SetNextItemWidth(110 * app.ui_scale);
    if (ImGui::BeginCombo("##priority", tr(kPriorityKeys[p]))) {
        for (int i = 0; i < 3; ++i) {
            if (ImGui::Selectable(lbl(kPriorityKeys[i], kPriorityIds[i]).c_str(), i == p) && i != deal.priority)
                app_dispatch(app, host, SetPriority{deal.id, i});
            rects_record_last_item(std::string("act:priority-option:") + kPriorityIds[i]);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("act:priority");
}

static void activity_list(App& app, const Deal& deal) {
    ImGui::Spacing();
    ui_text(trf("deal.act.list_title", {deal.activities.size()}));
    float height = ImGui::GetTextLineHeightWithSpacing() * 8 + ImGui::GetStyle().WindowPadding.y * 2;
    ImGui::BeginChild("activity-list", ImVec2(0, height), true);
    (void)app;
    if (deal.activities.empty()) ui_text_disabled(tr("deal.act.none_logged"));
    for (auto it = deal.activities.rbegin(); it != deal.activities.rend(); ++it) {
        const Activity& a = *it;
        const char* key = a.kind == ActivityKind::Note ? "deal.act.line_note"
                          : !a.outgoing                ? "deal.act.line_in"
                          : a.answered                 ? "deal.act.line_out_answered"
                                                       : "deal.act.line_out_no_answer";
        std::string line = trf(key, {date_time_text(a.at), kind_plain(a.kind)});
        if (a.outgoing && !a.answered && a.kind != ActivityKind::Note) ImGui::TextColored(kOrange, "%s", line.c_str());
        else ImGui::TextUnformatted(line.c_str());
        if (!a.note.empty()) {
            ImGui::SameLine();
            ImGui::TextUnformatted("—");
            ImGui::SameLine();
            ImGui::TextUnformatted(shown(a.note).c_str());
        }
    }
    ImGui::EndChild();
}

void deal_activities_tab(App& app, Host& host, const Deal& deal) {
    fit_popup_height(1);
    log_touch(app, host, deal);
    // The buttons above may have changed the deal: read it again.
    const Deal* d = app.store.ws().find_deal(deal.id);
    if (!d) return;
    streak_line(app, *d);
    next_activity(app, host, *d);
    if (!(d = app.store.ws().find_deal(deal.id))) return;
    priority_row(app, host, *d);
    if (!(d = app.store.ws().find_deal(deal.id))) return;
    activity_list(app, *d);
}

// ---- Disqualification -----------------------------------------------------------------------

// "no_budget" -> deal.dq_reason.no_budget; an unknown code reads as "Other", as dq_reason_label.
static std::string dq_reason_key(const std::string& code) {
    for (int i = 0; i < kDqReasonCount; ++i)
        if (code == kDqReasons[i]) return std::string("deal.dq_reason.") + code;
    return "deal.dq_reason.other";
}

static std::string dq_reason_plain(const std::string& code) { return tr_plain(Text(dq_reason_key(code))); }

static void goodbye_email(App& app, Host& host, const Deal& deal) {
    const Workspace& ws = app.store.ws();
    static double copied_at = -100;
    static std::string copied_deal;
    section(tr("deal.dq.goodbye_email"));
    ui_text_disabled(tr("deal.dq.goodbye_hint"));
    std::string text = fill_goodbye_email(ws, deal);
    // What a person reads: wrapped to the box and shaped. Copy and mail send `text` itself.
    static std::string cached_text, cached_preview;
    static float cached_width = 0;
    float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ScrollbarSize;
    if (text != cached_text || width != cached_width) {
        cached_text = text;
        cached_width = width;
        cached_preview = wrapped_visual(text, width);
    }
    std::string preview = cached_preview;  // read-only: ImGui never writes into it
    int lines = 1;
    for (char c : preview) lines += c == '\n';
    float height = ImGui::GetTextLineHeight() * (float)(lines < 12 ? lines : 12) + ImGui::GetStyle().FramePadding.y * 2 + 2;
    ui_input_multiline("##goodbye", &preview, ImVec2(-FLT_MIN, height), ImGuiInputTextFlags_ReadOnly);
    rects_record_last_item("dq:email");
    if (named_button(lbl("deal.dq.copy", "copy-email").c_str(), "dq:copy-email")) {
        host.copy_text(text);
        copied_at = ImGui::GetTime();
        copied_deal = deal.id;
    }
    ImGui::SameLine();
    bool no_email = deal.contact.email.empty();
    ImGui::BeginDisabled(no_email);
    if (named_button(lbl("deal.dq.open_in_mail", "mailto").c_str(), "dq:mailto"))
        host.open_url(mailto_link(deal.contact.email, tr_plain(Text("deal.dq.email_subject")), text));
    ImGui::EndDisabled();
    if (no_email) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("deal.dq.no_email"));
    }
    if (copied_deal == deal.id && ImGui::GetTime() - copied_at < 2.0) {
        ImGui::SameLine();
        ImGui::TextColored(kGreen, "%s", tr("deal.dq.copied"));
    }
}

void deal_disqualify_section(App& app, Host& host, const Deal& deal) {
    fit_popup_height(2);
    DealDraft& d = app.draft;
    const Workspace& ws = app.store.ws();
    float s = app.ui_scale;

    if (deal.status == DealStatus::Disqualified) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(trf("deal.dq.disqualified", {dq_reason_plain(deal.dq_reason)}).c_str());
        if (!deal.dq_note.empty()) {
            ImGui::SameLine();
            ImGui::TextUnformatted("—");
            ImGui::SameLine();
            ImGui::TextUnformatted(shown(deal.dq_note).c_str());
        }
        ui_text_disabled(tr("deal.dq.on_nurture"));
        if (named_button(lbl("deal.dq.restore", "restore").c_str(), "dq:restore")) app_dispatch(app, host, RestoreDeal{deal.id});
    } else if (deal.status != DealStatus::Open) {
        ui_paragraph(Text(deal.status == DealStatus::Won ? "deal.dq.reopen_first_won" : "deal.dq.reopen_first_lost"));
    } else {
        section(tr("deal.dq.team_criteria"));
        float height = ImGui::GetTextLineHeightWithSpacing() * 4 + ImGui::GetStyle().WindowPadding.y * 2;
        ImGui::BeginChild("dq-criteria", ImVec2(0, height), true);
        if (ws.settings.dq_criteria.empty()) disabled_paragraph(Text("deal.dq.no_team_criteria"));
        else ImGui::TextUnformatted(wrapped_visual(ws.settings.dq_criteria, ImGui::GetContentRegionAvail().x).c_str());
        ImGui::EndChild();

        int streak = unanswered_streak(deal);
        if (ws.settings.gone_dark_touches > 0 && streak >= ws.settings.gone_dark_touches)
            ui_text_coloured(colour(kRed), trn("deal.dq.gone_dark", streak));

        section(tr("deal.dq.disqualify_this"));
        d.dq_reason = clamp_index(d.dq_reason, kDqReasonCount);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("deal.dq.reason"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(200 * s);
        if (ImGui::BeginCombo("##dq-reason", tr(dq_reason_key(kDqReasons[d.dq_reason]).c_str()))) {
            for (int i = 0; i < kDqReasonCount; ++i) {
                if (ImGui::Selectable(lbl(dq_reason_key(kDqReasons[i]).c_str(), kDqReasons[i]).c_str(), i == d.dq_reason)) d.dq_reason = i;
                rects_record_last_item(std::string("dq:reason-option:") + kDqReasons[i]);
            }
            ImGui::EndCombo();
        }
        rects_record_last_item("dq:reason");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 110 * s);
        bool needs_note = std::string(kDqReasons[d.dq_reason]) == "other";
        ui_input_text_hint("##dq-note", tr(needs_note ? "deal.dq.why_required" : "deal.dq.why_optional"), &d.dq_note);
        rects_record_last_item("dq:note");
        ImGui::SameLine();
        bool blocked = needs_note && d.dq_note.empty();
        ImGui::BeginDisabled(blocked);
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(219, 68, 55, 255));
        if (named_button(lbl("deal.dq.disqualify", "confirm").c_str(), "dq:confirm", -FLT_MIN)) {
            if (app_dispatch(app, host, Disqualify{deal.id, kDqReasons[d.dq_reason], d.dq_note})) d.open = false;
        }
        ImGui::PopStyleColor();
        ImGui::EndDisabled();
        if (blocked) ui_text_coloured(colour(kOrange), tr("deal.dq.other_needs_note"));
        ui_text_disabled(tr("deal.dq.leaves_board"));
    }
    goodbye_email(app, host, deal);
}

// ---- Flags ----------------------------------------------------------------------------------

std::string flag_rule_text(const Flag& f) {
    if (f.items.empty()) return tr_text(f.rule);
    // The list of what is not known yet is the rule's last argument, in the language's words and
    // with its list separator ("، " in Arabic and Persian).
    std::string list;
    for (const Text& item : f.items) list += (list.empty() ? "" : tr_plain(Text("flag.list_separator"))) + tr_plain(item);
    Text rule = f.rule;
    rule.args.push_back(list);
    return tr_text(rule);
}

}  // namespace kariz
