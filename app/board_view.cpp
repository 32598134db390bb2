// The kanban board: one column per stage, cards newest-in-stage first, drag a card to move it.
// Only visible cards are drawn (ImGuiListClipper over fixed-height cards), so 100k deals scroll.
#include <imgui.h>
#include <imgui_internal.h>
#include <algorithm>
#include "app.h"
#include "bidi.h"
#include "dates.h"
#include "i18n.h"
#include "item_rects.h"

namespace kariz {

static const char* kDealPayload = "KARIZ_DEAL";

static void refresh_board(App& app) {
    // Roles: a seller's board holds only their deals, a manager's the sellers they picked; built
    // here once per change, so search and every frame after it work on the visible cards only.
    BoardQuery q{app.pipeline_id, "", app.status_filter, "", visible_owners(app_viewer(app)), app.card_order, ui_language()};
    bool columns_stale = q != app.board_query || app.board_revision != app.store.revision();
    if (columns_stale) {
        // A drop, an edit, an undo or another tab's change moves only the cards of the deals it
        // touched (a full build and search index cost 50 ms and more at 100,000 deals); a new
        // query, a load or a large change builds the columns again.
        std::vector<std::string> touched;
        size_t removed = 0;
        bool updated = q == app.board_query && app.store.deals_touched_since(app.board_revision, touched, removed) &&
                       update_columns(app.store.ws(), q, touched, removed, app.board_all);
        if (!updated) app.board_all = build_columns(app.store.ws(), q);
        app.board_query = q;
        app.board_revision = app.store.revision();
        selection_prune(app);
    }
    if (columns_stale || app.board_search != app.search) {
        filter_columns(app.store.ws(), app.board_all, app.search, app.board);
        app.board_search = app.search;
    }
}

// One line of text in [pos.x, max_x]. Right-to-left paragraphs, and lines that fit in a
// right-to-left interface, are right-aligned and, when too long, cut on the left, so their beginning (at the
// right) stays readable. `text` is already shaped (shown(), tr()).
static void text_ellipsis(ImDrawList* dl, ImVec2 pos, float max_x, ImU32 colour, const std::string& text, bool rtl) {
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    // A left-to-right line in a right-to-left interface is right-aligned only when it fits: cut,
    // it would lose its beginning.
    if (rtl || (ui_rtl() && w <= max_x - pos.x)) {
        dl->PushClipRect(pos, ImVec2(max_x, pos.y + ImGui::GetFontSize() + 2), true);
        dl->AddText(ImVec2(max_x - w, pos.y), colour, text.c_str());
        dl->PopClipRect();
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImVec2 end(max_x, pos.y + ImGui::GetFontSize());
    ImGui::RenderTextEllipsis(dl, pos, end, max_x, max_x, text.c_str(), text.c_str() + text.size(), nullptr);
    ImGui::PopStyleColor();
}

// Small coloured badge with a letter; its tooltip says the rule and the prescribed action.
static float badge(ImDrawList* dl, float right, float y, ImU32 colour, const char* letter, const std::string& tip,
                   const std::string& rect_name) {
    float h = ImGui::GetFontSize(), w = h + 2;
    ImVec2 a(right - w, y), b(right, y + h);
    rects_record(rect_name, a.x, a.y, w, h);
    dl->AddRectFilled(a, b, colour, 3);
    ImVec2 sz = ImGui::CalcTextSize(letter);
    dl->AddText(ImVec2(a.x + (w - sz.x) * 0.5f, a.y + (h - sz.y) * 0.5f), IM_COL32(255, 255, 255, 255), letter);
    if (!tip.empty() && ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) ImGui::SetTooltip("%s", tip.c_str());
    return right - w - 3;
}

// A flag's rule and the action it prescribes, for the badge's tooltip.
static std::string flag_tooltip(const Flag& f) { return flag_rule_text(f) + "\n→ " + tr_text(f.action); }

static ImU32 mix(ImU32 a, ImU32 b, float t) {
    auto ch = [&](int shift) { return (int)(((a >> shift) & 255) * (1 - t) + ((b >> shift) & 255) * t) << shift; };
    return (ImU32)(ch(0) | ch(8) | ch(16) | (255u << 24));
}

static void draw_card(App& app, Host& host, const Deal& d, float width, float height) {
    ImGui::PushID(d.id.c_str());
    // Pressed on release; a release after dragging past the threshold was a drag, not a click.
    bool clicked = ImGui::InvisibleButton("card", ImVec2(width, height)) && !ImGui::IsMouseDragPastThreshold(ImGuiMouseButton_Left);
    rects_record_last_item("card:" + d.id);
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float s = app.ui_scale, pad = 8 * s, line = ImGui::GetTextLineHeightWithSpacing();
    const Workspace& ws = app.store.ws();
    Time now = host.now();
    std::vector<Flag> flags = deal_flags(ws, app.frameworks, d, now);
    ImU32 bg = hovered ? IM_COL32(255, 255, 255, 255) : IM_COL32(250, 251, 253, 255);
    // Rotting cards are tinted by how far past the stage's normal time they are (full at 2x).
    for (const Flag& f : flags)
        if (f.kind == FlagKind::Rotting) {
            const Pipeline* p = ws.find_pipeline(d.pipeline_id);
            const Stage* st = p ? find_stage(*p, d.stage_id) : nullptr;
            float t = st && st->rotting_days ? (float)f.days_over / (float)st->rotting_days : 1.0f;
            bg = mix(bg, IM_COL32(255, 196, 120, 255), 0.25f + 0.5f * (t > 1 ? 1 : t));
        }
    dl->AddRectFilled(a, b, bg, 6 * s);
    dl->AddRect(a, b, hovered ? IM_COL32(66, 133, 244, 255) : IM_COL32(210, 215, 225, 255), 6 * s);
    if (card_selected(app, d.id)) {  // multi-select (app/bulk_bar.cpp)
        dl->AddRectFilled(a, b, IM_COL32(26, 115, 232, 28), 6 * s);
        dl->AddRect(a, b, IM_COL32(26, 115, 232, 255), 6 * s, 0, 3 * s);
    }
    if (d.status != DealStatus::Open) {
        ImU32 band = d.status == DealStatus::Won ? IM_COL32(15, 157, 88, 255) : IM_COL32(219, 68, 55, 255);
        dl->AddRectFilled(a, ImVec2(a.x + 4 * s, b.y), band, 6 * s, ImDrawFlags_RoundCornersLeft);
    }
    float x = a.x + pad, right = b.x - pad, y = a.y + pad * 0.75f;
    // Lead score at the right of the title, quality labels at the right of the organization.
    float title_right = card_score_pill(app, d, now, right, y);
    float org_right = card_quality_labels(app, d, right, y + line);
    text_ellipsis(dl, ImVec2(x, y), title_right, IM_COL32(25, 30, 40, 255), shown(d.title), is_rtl_paragraph(d.title));
    const std::string& org = d.organization.empty() ? std::string("—") : d.organization;
    text_ellipsis(dl, ImVec2(x, y + line), org_right, IM_COL32(95, 100, 115, 255), shown(org), is_rtl_paragraph(org));
    // Owner initials in a coloured disc at the right of the value line.
    float r = line * 0.5f;
    ImVec2 centre(right - r, y + line * 2 + r * 0.9f);
    const User* owner = app.store.ws().find_user(d.owner_id);
    dl->AddCircleFilled(centre, r, owner ? user_chip_colour(*owner) : IM_COL32(160, 160, 170, 255));
    const std::string& initials = owner ? shown(owner->initials) : std::string("?");  // Arabic/Persian initials joined too
    ImVec2 isz = ImGui::CalcTextSize(initials.c_str());
    dl->AddText(ImVec2(centre.x - isz.x * 0.5f, centre.y - isz.y * 0.5f), IM_COL32(255, 255, 255, 255), initials.c_str());
    text_ellipsis(dl, ImVec2(x, y + line * 2), right - 2 * r - pad, IM_COL32(20, 110, 60, 255), money_text(d.value, d.currency, true), false);
    // Last line: age or next activity at the left; qualification and flag badges at the right.
    float badge_x = right;
    for (auto it = flags.rbegin(); it != flags.rend(); ++it) {
        // One letter per flag kind, in the interface language (the tooltip says the rule in full).
        const char* letters[] = {tr("board.flag_letter_dark"), tr("board.flag_letter_rotting"), "?", "!"};
        static const ImU32 colours[] = {IM_COL32(90, 90, 110, 255), IM_COL32(230, 120, 20, 255), IM_COL32(150, 90, 200, 255),
                                        IM_COL32(219, 68, 55, 255)};
        badge_x = badge(dl, badge_x, y + line * 3, colours[(int)it->kind], letters[(int)it->kind], flag_tooltip(*it),
                        "card-flag:" + d.id + ":" + std::to_string((int)it->kind));
    }
    if (const Framework* fw = deal_framework(app.frameworks, ws, d)) {
        QualificationProgress q = qualification_progress(*fw, d);
        std::string label = fw->name + " " + digits(std::to_string(q.met) + "/" + std::to_string(q.total));
        ImVec2 sz = ImGui::CalcTextSize(label.c_str());
        badge_x -= sz.x;
        dl->AddText(ImVec2(badge_x, y + line * 3), q.qualified() ? IM_COL32(15, 140, 80, 255) : IM_COL32(110, 115, 130, 255), label.c_str());
        rects_record("card-qual:" + d.id, badge_x, y + line * 3, sz.x, sz.y);
        badge_x -= 6 * s;
    }
    int days = days_between(d.stage_entered_at, now);
    std::string age;
    ImU32 age_colour = IM_COL32(120, 125, 140, 255);
    if (d.status != DealStatus::Open) {
        age = d.status == DealStatus::Won ? tr("board.card_won")
              : d.status == DealStatus::Lost ? trf("board.card_lost", {d.lost_reason})
                                             : tr("board.card_disqualified");
    } else if (d.next.due != 0 && format_date(d.next.due) <= format_date(now)) {
        bool today = format_date(d.next.due) == format_date(now);
        age = trf(today ? "board.card_due_today" : "board.card_overdue", {tr_plain(Text(std::string("activity.kind.") + to_string(d.next.kind)))});
        age_colour = today ? IM_COL32(200, 120, 0, 255) : IM_COL32(200, 40, 30, 255);
    } else {
        age = trn("board.card_days_in_stage", days);
    }
    text_ellipsis(dl, ImVec2(x, y + line * 3), badge_x, age_colour, age, false);

    if (ImGui::BeginDragDropSource(ImGuiDragDropFlags_None)) {
        ImGui::SetDragDropPayload(kDealPayload, d.id.c_str(), d.id.size() + 1);
        ImGui::Text("%s", shown(d.title).c_str());
        ImGui::TextDisabled("%s", money_text(d.value, d.currency, true).c_str());
        ImGui::EndDragDropSource();
    } else if (clicked && !selection_click(app, d)) {
        deal_editor_open(app, d);
    }
    ImGui::PopID();
}

static void column_header(const Stage& stage, const Column& col) {
    // Name and probability on one line: in a right-to-left interface the pair is one sentence.
    ui_text(trf("board.column_title", {stage.name, stage.probability}));
    bool filtered = col.cards.size() != (size_t)col.totals.count;
    if (filtered)
        ui_text_disabled(trf("board.column_deals_shown", {col.totals.count, col.cards.size()}));
    else
        ui_text_disabled(trn("board.column_deals", col.totals.count));
    ui_text(money_line(col.totals.value, 2, true));
    ui_text_disabled(trf("board.column_weighted", {money_line(col.totals.weighted, 2, true)}));
    if (ImGui::IsItemHovered() && col.totals.value.size() > 1) {
        ImGui::BeginTooltip();
        for (const auto& [currency, amount] : col.totals.value)
            ui_text(trf("board.column_currency_line", {money_text(amount, currency), money_text(col.totals.weighted.at(currency), currency)}));
        ImGui::EndTooltip();
    }
}

void request_move(App& app, Host& host, const Deal& deal, const std::string& pipeline_id, const std::string& stage_id) {
    std::vector<ExitCheck> missing;
    if (pipeline_id == deal.pipeline_id) missing = unmet_when_moving(app.store.ws(), app.frameworks, deal, stage_id);
    if (!missing.empty()) {  // warn, never block: the seller may go on with a written reason
        app.pending_move = std::make_unique<PendingMove>(PendingMove{deal.id, pipeline_id, stage_id, missing, ""});
        return;
    }
    std::string id = deal.id;
    if (app_dispatch(app, host, MoveDeal{id, pipeline_id, stage_id, ""})) {
        const Pipeline* p = app.store.ws().find_pipeline(pipeline_id);
        const Stage* st = p ? find_stage(*p, stage_id) : nullptr;
        if (st && st->follow_up_next_day) app.follow_up_deal_id = id;
    }
}

static void accept_drop(App& app, Host& host, const Stage& stage, ImRect rect) {
    if (!ImGui::BeginDragDropTargetCustom(rect, ImGui::GetID(stage.id.c_str()))) return;
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kDealPayload)) {
        if (const Deal* d = app.store.ws().find_deal((const char*)p->Data)) {
            Deal copy = *d;  // request_move may dispatch, which can move deals in memory
            if (copy.stage_id != stage.id) request_move(app, host, copy, app.pipeline_id, stage.id);
        }
    }
    ImGui::EndDragDropTarget();
}

// Nothing moved, pressed or typed this frame.
static bool frame_without_input() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || io.MouseWheelH != 0) return false;
    if (!io.InputQueueCharacters.empty() || ImGui::IsAnyItemActive()) return false;
    for (bool down : io.MouseDown)
        if (down) return false;
    return true;
}

void board_view(App& app, Host& host) {
    refresh_board(app);
    // Frames without input build the search index a part at a time, so the first keystroke after
    // a load or a full rebuild only filters (building it then took 81 ms at 100,000 deals in the
    // browser). 2,000 deals cost ~1.5 ms there; frames that scroll or drag are left alone.
    if (!app.board_all.search_indexed && frame_without_input()) index_search_step(app.store.ws(), app.board_all, 2000);
    const Workspace& ws = app.store.ws();
    const Pipeline* p = ws.find_pipeline(app.pipeline_id);
    if (!p) return;
    const float s = app.ui_scale;
    const float col_w = 272 * s, card_h = ImGui::GetTextLineHeightWithSpacing() * 4 + 10 * s;
    funnel_nudges_bar(app);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(236, 239, 244, 255));
    ImGui::BeginChild("board", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    float col_h = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ScrollbarSize;
    const size_t n_columns = std::min(p->stages.size(), app.board.columns.size());
    // In Arabic and Persian the pipeline reads from right to left: Unsorted is the rightmost
    // column and the last stage the leftmost, so the board opens scrolled to its right end.
    for (size_t k = 0; k < n_columns; ++k) {
        const size_t i = ui_rtl() ? n_columns - 1 - k : k;
        const Stage& stage = p->stages[i];
        const Column& col = app.board.columns[i];
        if (k) ImGui::SameLine();
        ImGui::PushID(stage.id.c_str());
        ImGui::BeginGroup();
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(244, 246, 250, 255));
        ImGui::BeginChild("column", ImVec2(col_w, col_h), true, ImGuiWindowFlags_NoScrollbar);
        column_header(stage, col);
        ImGui::Separator();
        ImGui::BeginChild("cards", ImVec2(0, 0), false);
        float card_w = ImGui::GetContentRegionAvail().x;
        if (col.cards.empty()) ui_text_disabled(tr(col.totals.count ? "board.no_match" : "board.drop_here"));
        ImGuiListClipper clipper;
        clipper.Begin((int)col.cards.size(), card_h + ImGui::GetStyle().ItemSpacing.y);
        while (clipper.Step())
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row)
                draw_card(app, host, ws.deals[col.cards[row]], card_w, card_h);
        ImGui::EndChild();
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::EndGroup();
        rects_record_last_item("column:" + stage.id);
        accept_drop(app, host, stage, ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
        ImGui::PopID();
    }
    // In Arabic and Persian the pipeline reads from right to left: Unsorted is the rightmost column,
    // so a board wider than the window opens scrolled to its right end (once per pipeline shown;
    // the width is known from the second frame on).
    const std::string rtl_key = ui_rtl() ? app.pipeline_id + "/" + std::to_string(n_columns) : "";
    if (app.board_rtl_scrolled != rtl_key) {
        ImGui::SetScrollX(rtl_key.empty() ? 0.0f : ImGui::GetScrollMaxX());
        if (rtl_key.empty() || ImGui::GetScrollMaxX() > 0) app.board_rtl_scrolled = rtl_key;
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace kariz
