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
#include "reduce.h"

namespace kariz {

static const char* kKindNames[] = {"Call", "Email", "Meeting", "Message", "Note"};
static const int kKindCount = 5;
static const char* kPriorityNames[] = {"Low", "Normal", "High"};

static const ImVec4 kGreen(0.06f, 0.55f, 0.30f, 1);
static const ImVec4 kOrange(0.90f, 0.50f, 0.05f, 1);
static const ImVec4 kRed(0.85f, 0.20f, 0.10f, 1);

static const char* kind_name(ActivityKind k) {
    int i = (int)k;
    return i >= 0 && i < kKindCount ? kKindNames[i] : "Touch";
}

static int clamp_index(int i, int count) { return i < 0 ? 0 : i >= count ? count - 1 : i; }

// "2026-11-20 14:05" (UTC, as everything else in the workspace).
static std::string format_date_time(Time t) {
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", (int)(secs / 3600), (int)(secs % 3600 / 60));
    return format_date(t) + " " + hm;
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
    ImGui::TextUnformatted(title);
    ImGui::Separator();
}

static void disabled_wrapped(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text.c_str());
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
    ImGui::TextUnformatted(c.name.c_str());
    if (!c.questions.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        for (const std::string& q : c.questions) ImGui::TextWrapped("%s", q.c_str());
        ImGui::PopStyleColor();
    }

    ImGui::TableNextColumn();
    static const struct { const char* label; const char* rect; CriterionState state; } kChoices[] = {
        {"Unknown", "unknown", CriterionState::Unknown},
        {"Met", "met", CriterionState::Met},
        {"Not met", "not_met", CriterionState::NotMet},
    };
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (kChoices[i].state == CriterionState::Met) ImGui::PushStyleColor(ImGuiCol_CheckMark, kGreen);
        if (kChoices[i].state == CriterionState::NotMet) ImGui::PushStyleColor(ImGuiCol_CheckMark, kRed);
        bool clicked = ImGui::RadioButton(kChoices[i].label, state == kChoices[i].state);
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
    ImGui::InputTextWithHint("##note", "What you found out", &it->second);
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
        ImGui::TextDisabled("No qualification frameworks are loaded.");
        return;
    }
    const Framework* fw = deal_framework(app.frameworks, ws, deal);

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Framework");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(180 * app.ui_scale);
    if (ImGui::BeginCombo("##framework", fw ? fw->name.c_str() : "(none)")) {
        for (const Framework& f : app.frameworks) {
            bool selected = fw && fw->id == f.id;
            if (ImGui::Selectable(f.name.c_str(), selected) && !selected)
                app_dispatch(app, host, SetFramework{deal.id, f.id});
            rects_record_last_item("qual:framework-option:" + f.id);
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("qual:framework");
    if (!fw) {
        ImGui::TextDisabled("This deal's framework is not known; pick one.");
        return;
    }

    QualificationProgress progress = qualification_progress(*fw, deal);
    ImGui::SameLine();
    ImGui::Text("%s %d/%d met", fw->name.c_str(), progress.met, progress.total);
    if (progress.not_met > 0) {
        ImGui::SameLine(0, 0);
        ImGui::Text(", %d not met", progress.not_met);
    }
    ImGui::SameLine();
    if (progress.qualified()) ImGui::TextColored(kGreen, "Qualified");
    else ImGui::TextUnformatted("Not qualified yet");
    if (!fw->description.empty()) disabled_wrapped(fw->description);

    ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_PadOuterX;
    if (ImGui::BeginTable("qual-criteria", 3, flags)) {
        ImGui::TableSetupColumn("Criterion and discovery questions", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Answer", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Note", ImGuiTableColumnFlags_WidthStretch, 0.8f);
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
    if (ImGui::BeginCombo(id, kKindNames[kind])) {
        for (int i = 0; i < kKindCount; ++i) {
            if (ImGui::Selectable(kKindNames[i], i == kind)) {
                changed = i != kind;
                kind = i;
            }
            rects_record_last_item(std::string(rect) + "-option:" + kKindNames[i]);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item(rect);
    return changed;
}

static void log_touch(App& app, Host& host, const Deal& deal) {
    DealDraft& d = app.draft;
    float s = app.ui_scale;
    section("Log a touch");
    kind_combo("##act-kind", "act:kind", d.activity_kind, 110 * s);
    bool is_note = d.activity_kind == (int)ActivityKind::Note;
    if (!is_note) {
        ImGui::SameLine();
        if (ImGui::RadioButton("Outgoing", d.activity_outgoing)) d.activity_outgoing = true;
        rects_record_last_item("act:outgoing");
        ImGui::SameLine();
        if (ImGui::RadioButton("Incoming", !d.activity_outgoing)) d.activity_outgoing = false;
        rects_record_last_item("act:incoming");
        if (d.activity_outgoing) {
            ImGui::SameLine();
            ImGui::Checkbox("Answered", &d.activity_answered);
            rects_record_last_item("act:answered");
        }
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 80 * s);
    ImGui::InputTextWithHint("##act-note", "What happened", &d.activity_note);
    rects_record_last_item("act:note");
    ImGui::SameLine();
    if (named_button("Log", "act:log", -FLT_MIN)) {
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
        ImGui::TextDisabled("No unanswered touches.");
        return;
    }
    std::string text = std::to_string(streak) + (streak == 1 ? " touch" : " touches") + " in a row without an answer";
    if (gone_dark > 0 && streak >= gone_dark) {
        ImGui::TextColored(kRed, "%s: gone dark", text.c_str());
        ImGui::TextDisabled("Mark it cold and send the goodbye email (Disqualify tab).");
    } else if (gone_dark > 0 && streak >= gone_dark - 1) {
        ImGui::TextColored(kOrange, "%s", text.c_str());
    } else {
        ImGui::TextUnformatted(text.c_str());
    }
}

static void next_activity(App& app, Host& host, const Deal& deal) {
    DealDraft& d = app.draft;
    float s = app.ui_scale;
    static std::string error, error_deal;
    if (error_deal != deal.id) error.clear();
    section("Next activity");
    Time now = host.now();
    if (deal.next.due != 0) {
        std::string when = std::string(kind_name(deal.next.kind)) + " due " + format_date_time(deal.next.due);
        ImGui::AlignTextToFramePadding();
        std::string today = format_date(now), due_day = format_date(deal.next.due);
        if (due_day < today) ImGui::TextColored(kRed, "%s (overdue)", when.c_str());
        else if (due_day == today) ImGui::TextColored(kOrange, "%s (today)", when.c_str());
        else ImGui::TextUnformatted(when.c_str());
        if (!deal.next.note.empty()) {
            ImGui::SameLine();
            ImGui::TextUnformatted("—");
            ImGui::SameLine();
            ImGui::TextUnformatted(shown(deal.next.note).c_str());
        }
        ImGui::SameLine();
        if (named_button("Done", "act:next-done")) {
            NextStep next = deal.next;
            if (app_dispatch(app, host, LogActivity{deal.id, Activity{"", next.kind, true, false, now, next.note}}))
                app_dispatch(app, host, ScheduleNext{deal.id, NextStep{}});
        }
        ImGui::SameLine();
        if (named_button("Clear", "act:next-clear")) app_dispatch(app, host, ScheduleNext{deal.id, NextStep{}});
    } else {
        ImGui::TextDisabled("Nothing scheduled.");
    }

    kind_combo("##next-kind", "act:next-kind", d.next_kind, 110 * s);
    ImGui::SameLine();
    // Tomorrow unless the seller wrote a date (refilled when emptied, but not under their fingers).
    static bool date_active = false;
    if (d.next_date.empty() && !date_active) d.next_date = format_date(now + 86400);
    ImGui::SetNextItemWidth(105 * s);
    ImGui::InputTextWithHint("##next-date", "YYYY-MM-DD", &d.next_date);
    date_active = ImGui::IsItemActive();
    rects_record_last_item("act:next-date");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(60 * s);
    ImGui::InputTextWithHint("##next-time", "HH:MM", &d.next_time);
    rects_record_last_item("act:next-time");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 100 * s);
    ImGui::InputTextWithHint("##next-note", "Note", &d.next_note);
    rects_record_last_item("act:next-note");
    ImGui::SameLine();
    if (named_button("Schedule", "act:schedule", -FLT_MIN)) {
        int h = 0, m = 0;
        error_deal = deal.id;
        if (!is_valid_date(d.next_date)) {
            error = "Date: write it as YYYY-MM-DD, for example " + format_date(now + 86400);
        } else if (!parse_hh_mm(d.next_time, h, m)) {
            error = "Time: write it as HH:MM, for example 10:00";
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
    if (!error.empty() && error_deal == deal.id) ImGui::TextColored(kRed, "%s", error.c_str());
}

static void priority_row(App& app, Host& host, const Deal& deal) {
    ImGui::Spacing();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Priority");
    ImGui::SameLine();
    int p = clamp_index(deal.priority, 3);
    ImGui::SetNextItemWidth(110 * app.ui_scale);
    if (ImGui::BeginCombo("##priority", kPriorityNames[p])) {
        for (int i = 0; i < 3; ++i) {
            if (ImGui::Selectable(kPriorityNames[i], i == p) && i != deal.priority)
                app_dispatch(app, host, SetPriority{deal.id, i});
            rects_record_last_item(std::string("act:priority-option:") + kPriorityNames[i]);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("act:priority");
}

static void activity_list(App& app, const Deal& deal) {
    ImGui::Spacing();
    ImGui::Text("Activities (%zu)", deal.activities.size());
    float height = ImGui::GetTextLineHeightWithSpacing() * 8 + ImGui::GetStyle().WindowPadding.y * 2;
    ImGui::BeginChild("activity-list", ImVec2(0, height), true);
    (void)app;
    if (deal.activities.empty()) ImGui::TextDisabled("No touches logged yet.");
    for (auto it = deal.activities.rbegin(); it != deal.activities.rend(); ++it) {
        const Activity& a = *it;
        std::string line = format_date_time(a.at) + "  " + kind_name(a.kind);
        if (a.kind != ActivityKind::Note) {
            line += a.outgoing ? "  out" : "  in";
            if (a.outgoing) line += a.answered ? "  answered" : "  no answer";
        }
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

static void goodbye_email(App& app, Host& host, const Deal& deal) {
    const Workspace& ws = app.store.ws();
    static double copied_at = -100;
    static std::string copied_deal;
    section("Goodbye email");
    ImGui::TextDisabled("Sent when a lead has gone dark, to close the conversation politely.");
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
    ImGui::InputTextMultiline("##goodbye", &preview, ImVec2(-FLT_MIN, height), ImGuiInputTextFlags_ReadOnly);
    rects_record_last_item("dq:email");
    if (named_button("Copy", "dq:copy-email")) {
        host.copy_text(text);
        copied_at = ImGui::GetTime();
        copied_deal = deal.id;
    }
    ImGui::SameLine();
    bool no_email = deal.contact.email.empty();
    ImGui::BeginDisabled(no_email);
    if (named_button("Open in mail", "dq:mailto")) host.open_url(mailto_link(deal.contact.email, "Following up", text));
    ImGui::EndDisabled();
    if (no_email) {
        ImGui::SameLine();
        ImGui::TextDisabled("The contact has no email address.");
    }
    if (copied_deal == deal.id && ImGui::GetTime() - copied_at < 2.0) {
        ImGui::SameLine();
        ImGui::TextColored(kGreen, "Copied");
    }
}

void deal_disqualify_section(App& app, Host& host, const Deal& deal) {
    fit_popup_height(2);
    DealDraft& d = app.draft;
    const Workspace& ws = app.store.ws();
    float s = app.ui_scale;

    if (deal.status == DealStatus::Disqualified) {
        ImGui::AlignTextToFramePadding();
        ImGui::Text("Disqualified: %s", dq_reason_label(deal.dq_reason));
        if (!deal.dq_note.empty()) {
            ImGui::SameLine();
            ImGui::TextUnformatted("—");
            ImGui::SameLine();
            ImGui::TextUnformatted(shown(deal.dq_note).c_str());
        }
        ImGui::TextDisabled("It is on the Nurture list, off the board, and may qualify later.");
        if (named_button("Restore to the board", "dq:restore")) app_dispatch(app, host, RestoreDeal{deal.id});
    } else if (deal.status != DealStatus::Open) {
        ImGui::TextWrapped("This deal is %s. Reopen it (Details tab) before disqualifying it.",
                           deal.status == DealStatus::Won ? "won" : "lost");
    } else {
        section("The team's disqualification criteria");
        float height = ImGui::GetTextLineHeightWithSpacing() * 4 + ImGui::GetStyle().WindowPadding.y * 2;
        ImGui::BeginChild("dq-criteria", ImVec2(0, height), true);
        if (ws.settings.dq_criteria.empty()) disabled_wrapped("Your manager has not written the team's disqualification criteria yet.");
        else ImGui::TextUnformatted(wrapped_visual(ws.settings.dq_criteria, ImGui::GetContentRegionAvail().x).c_str());
        ImGui::EndChild();

        int streak = unanswered_streak(deal);
        if (ws.settings.gone_dark_touches > 0 && streak >= ws.settings.gone_dark_touches)
            ImGui::TextColored(kRed, "Gone dark: %d touches in a row without an answer.", streak);

        section("Disqualify this deal");
        d.dq_reason = clamp_index(d.dq_reason, kDqReasonCount);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Reason");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(200 * s);
        if (ImGui::BeginCombo("##dq-reason", dq_reason_label(kDqReasons[d.dq_reason]))) {
            for (int i = 0; i < kDqReasonCount; ++i) {
                if (ImGui::Selectable(dq_reason_label(kDqReasons[i]), i == d.dq_reason)) d.dq_reason = i;
                rects_record_last_item(std::string("dq:reason-option:") + kDqReasons[i]);
            }
            ImGui::EndCombo();
        }
        rects_record_last_item("dq:reason");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 110 * s);
        bool needs_note = std::string(kDqReasons[d.dq_reason]) == "other";
        ImGui::InputTextWithHint("##dq-note", needs_note ? "Why (required)" : "Why (optional)", &d.dq_note);
        rects_record_last_item("dq:note");
        ImGui::SameLine();
        bool blocked = needs_note && d.dq_note.empty();
        ImGui::BeginDisabled(blocked);
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(219, 68, 55, 255));
        if (named_button("Disqualify", "dq:confirm", -FLT_MIN)) {
            if (app_dispatch(app, host, Disqualify{deal.id, kDqReasons[d.dq_reason], d.dq_note})) d.open = false;
        }
        ImGui::PopStyleColor();
        ImGui::EndDisabled();
        if (blocked) ImGui::TextColored(kOrange, "With the reason \"Other\", write why the deal is disqualified.");
        ImGui::TextDisabled("The deal leaves the board for the Nurture list; nothing is deleted.");
    }
    goodbye_email(app, host, deal);
}

}  // namespace kariz
