// Lead scoring on the board (domain.md §2-3): the score pill and quality labels on the cards, the
// funnel nudges above the columns, the deal editor's Fit & score tab (organization facts against
// the Ideal Customer Profile, the score explained term by term, the win-probability estimate,
// what a flagged deal has cost so far), the Settings tabs for the profile, the weights and the
// quality labels, and the cost-of-bad-deals calculator.
// Fields are edited on a copy of the stored value and dispatched when the field is left, so each
// edit is one undo step, as in the Settings window.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <cstdio>
#include "app.h"
#include "cost.h"
#include "dates.h"
#include "i18n.h"
#include "icp.h"
#include "item_rects.h"
#include "text_field.h"
#include "snapshot_selling.h"

namespace kariz {

static const ImVec4 kGreen(0.06f, 0.55f, 0.30f, 1);
static const ImVec4 kRed(0.85f, 0.20f, 0.10f, 1);
static const ImVec4 kGrey(0.45f, 0.47f, 0.52f, 1);
static const char* kMoneyCurrencies[] = {"EUR", "USD", "GBP", "AED", "SAR", "IRR", "TRY", "EGP", "QAR", "KWD", "JPY", "CHF", "RUB"};

static ImU32 heat_colour(ScoreHeat h) {
    switch (h) {
        case ScoreHeat::Hot: return IM_COL32(219, 68, 55, 255);
        case ScoreHeat::Warm: return IM_COL32(236, 145, 20, 255);
        default: return IM_COL32(66, 133, 244, 255);
    }
}

// The heat in words: to_string(ScoreHeat) is an id ("hot"), the catalogue says it.
static std::string heat_words(ScoreHeat h) { return tr_plain(Text(std::string("score.heat.") + to_string(h))); }

// "+30" as a number argument, so its digits follow the language.
static TextArg points_arg(int points) {
    TextArg a(signed_points(points));
    a.number = true;
    return a;
}

static ImU32 rgb_colour(uint32_t rgb) { return IM_COL32((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, 255); }

// Text in money fields: "12500.50" (no separators, so it parses back as typed).

static bool currency_combo(const char* id, std::string& currency) {
    bool changed = false;
    if (ImGui::BeginCombo(id, currency.c_str())) {
        for (const char* c : kMoneyCurrencies)
            if (ImGui::Selectable(c, currency == c)) {
                changed = currency != c;
                currency = c;
            }
        ImGui::EndCombo();
    }
    return changed;
}

// ---------------------------------------------------------------- the card

const DealScore& cached_score(App& app, const Deal& d, Time now) {
    ScoreCache& c = app.scores;
    // Scores depend on the workspace and, through replies and silence, on the clock.
    if (c.revision != app.store.revision() || c.minute != now / 60 || c.by_id.size() > 20000) {
        c.by_id.clear();
        c.revision = app.store.revision();
        c.minute = now / 60;
    }
    auto it = c.by_id.find(d.id);
    if (it == c.by_id.end()) it = c.by_id.emplace(d.id, score_deal(app.store.ws(), app.frameworks, d, now)).first;
    return it->second;
}

float card_score_pill(App& app, const Deal& d, Time now, float right, float y) {
    if (d.status != DealStatus::Open) return right;
    const DealScore& sc = cached_score(app, d, now);
    std::string pill = trf("score.pill", {sc.score, heat_words(sc.heat)});
    const char* text = pill.c_str();
    ImVec2 sz = ImGui::CalcTextSize(text);
    float pad = 4 * app.ui_scale;
    ImVec2 a(right - sz.x - 2 * pad, y), b(right, y + sz.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, heat_colour(sc.heat), sz.y * 0.5f);
    dl->AddText(ImVec2(a.x + pad, y), IM_COL32(255, 255, 255, 255), text);
    rects_record("card-score:" + d.id, a.x, a.y, b.x - a.x, b.y - a.y);
    if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) {
        ImGui::BeginTooltip();
        ui_text(trf("score.tooltip_title", {sc.score, heat_words(sc.heat)}));
        for (const ScoreTerm& t : sc.terms) {
            TextArg pts = points_arg(t.points);
            if (pts.value.size() < 4) pts.value.insert(0, 4 - pts.value.size(), ' ');  // a column of points
            ui_text(trf("score.term_line", {pts, tr_plain(t.text)}));
        }
        ui_text_disabled(tr("score.tooltip_weights"));
        ImGui::EndTooltip();
    }
    return a.x - pad;
}

float card_quality_labels(App& app, const Deal& d, float right, float y) {
    const std::vector<QualityLabel>& defined = app.store.ws().settings.quality_labels;
    if (defined.empty() || d.labels.empty()) return right;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float pad = 4 * app.ui_scale, min_x = right - 150 * app.ui_scale;
    for (const QualityLabel& q : defined) {
        bool has = false;
        for (const std::string& l : d.labels) has = has || same_text(l, q.name);
        if (!has) continue;
        const std::string& text = shown(q.name);
        ImVec2 sz = ImGui::CalcTextSize(text.c_str());
        if (right - sz.x - 2 * pad < min_x) break;  // keep room for the organization
        ImVec2 a(right - sz.x - 2 * pad, y), b(right, y + sz.y);
        dl->AddRectFilled(a, b, rgb_colour(q.colour), 3 * app.ui_scale);
        dl->AddText(ImVec2(a.x + pad, y), IM_COL32(255, 255, 255, 255), text.c_str());
        rects_record("card-label:" + d.id + ":" + q.name, a.x, a.y, b.x - a.x, b.y - a.y);
        right = a.x - pad;
    }
    return right;
}

// ---------------------------------------------------------------- funnel nudges

void funnel_nudges_bar(App& app) {
    const Workspace& ws = app.store.ws();
    const Pipeline* p = ws.find_pipeline(app.pipeline_id);
    if (!p) return;
    // One scan of the deals per change (or pipeline switch), never per frame.
    if (app.nudges_revision != app.store.revision() || app.nudges_pipeline != p->id) {
        app.nudges = funnel_nudges(*p, open_deals_per_stage(ws, *p));
        app.nudges_revision = app.store.revision();
        app.nudges_pipeline = p->id;
    }
    static const char* kNames[] = {"all-closed", "late-empty", "top-dry"};
    for (const Nudge& n : app.nudges) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.55f, 0.30f, 0.0f, 1));
        ImGui::BeginGroup();  // one rect for all the wrapped lines
        ui_paragraph(Text("nudge.line", {tr_plain(n.text)}));
        ImGui::EndGroup();
        ImGui::PopStyleColor();
        rects_record_last_item(std::string("nudge:") + kNames[(int)n.kind]);
    }
}

// ---------------------------------------------------------------- the editor

static void fit_section(const char* title) {
    ImGui::Spacing();
    ui_text(title);
    ImGui::Separator();
}

// Dispatches the deal's facts and estimate when they differ from what is stored.
static void save_fit(App& app, Host& host, const Deal& deal, const OrgFacts& org, int win_probability) {
    if (org != deal.org || win_probability != deal.win_probability)
        app_dispatch(app, host, SetDealFit{deal.id, org, win_probability});
}

void deal_fit_tab(App& app, Host& host, const Deal& deal) {
    const Workspace& ws = app.store.ws();
    const Icp& icp = ws.settings.icp;
    Time now = host.now();
    OrgFacts org = deal.org;
    int wp = deal.win_probability;
    bool changed = false;
    float half = ImGui::GetContentRegionAvail().x * 0.5f - 8 * app.ui_scale;

    fit_section(tr("fit.section_organization"));
    if (ImGui::BeginTable("org-facts", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        ui_text(tr("fit.industry"));
        ImGui::SetNextItemWidth(-1);
        ui_input_text_hint("##industry", icp.industries.empty() ? "" : join_list(icp.industries).c_str(), &org.industry);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("fit:industry");
        ImGui::TableNextColumn();
        ui_text(tr("fit.region"));
        ImGui::SetNextItemWidth(-1);
        ui_input_text_hint("##region", icp.regions.empty() ? "" : join_list(icp.regions).c_str(), &org.region);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("fit:region");
        ImGui::TableNextColumn();
        ui_text(tr("fit.employees"));
        ImGui::SetNextItemWidth(-1);
        ImGui::InputScalar("##employees", ImGuiDataType_S64, &org.employees);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("fit:employees");
        if (org.employees < 0) org.employees = 0;
        ImGui::TableNextColumn();
        ui_text(tr("fit.revenue"));
        std::string cur = org.revenue_currency.empty() ? deal.currency : org.revenue_currency;
        std::string revenue = money_input_text(org.revenue, cur);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        ui_input_text_hint("##revenue", tr("fit.revenue_unknown"), &revenue, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item("fit:revenue");
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (revenue.empty() || (parse_money(revenue, cur, minor) && minor >= 0)) {
                org.revenue = minor;
                changed = true;
            } else {
                app.action_error = tr_plain(Text("fit.revenue_invalid"));
            }
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-1);
        if (currency_combo("##revenue-currency", cur)) {
            org.revenue_currency = cur;
            changed = true;
        }
        ImGui::EndTable();
    }
    // Pain points are picked from the profile's list (and any the deal had before the list changed).
    std::vector<std::string> choices = icp.pain_points;
    for (const std::string& p : org.pain_points) {
        bool listed = false;
        for (const std::string& c : choices) listed = listed || same_text(c, p);
        if (!listed) choices.push_back(p);
    }
    ui_text(tr("fit.pain_points"));
    if (choices.empty()) ui_text_disabled(tr("fit.pain_points_none"));
    for (size_t i = 0; i < choices.size(); ++i) {
        bool on = false;
        size_t at = 0;
        for (size_t k = 0; k < org.pain_points.size(); ++k)
            if (same_text(org.pain_points[k], choices[i])) on = true, at = k;
        bool was = on;
        if (i) ImGui::SameLine();
        ImGui::Checkbox((shown(choices[i]) + "##pain" + std::to_string(i)).c_str(), &on);
        rects_record_last_item("fit:pain:" + choices[i]);
        if (on != was) {
            if (on) org.pain_points.push_back(choices[i]);
            else org.pain_points.erase(org.pain_points.begin() + (long)at);
            changed = true;
        }
    }

    IcpFit fit = icp_fit(icp, deal);
    if (!fit.defined()) {
        ui_text_disabled(tr("fit.no_icp"));
    } else {
        ui_text(trf("fit.summary", {fit.fits, fit.total(), fit.percent()}));
        rects_record_last_item("fit:summary");
        for (const IcpCheck& c : fit.checks) {
            ImGui::PushStyleColor(ImGuiCol_Text, c.fits ? kGreen : c.known ? kRed : kGrey);
            ImGui::TextUnformatted(tr(c.fits ? "fit.check_fits" : c.known ? "fit.check_misses" : "fit.check_unknown"));
            ImGui::PopStyleColor();
            ImGui::SameLine();
            ImGui::TextUnformatted(tr_text(c.text).c_str());
        }
    }

    fit_section(tr("fit.section_score"));
    const DealScore& sc = cached_score(app, deal, now);
    ImVec4 heat = ImGui::ColorConvertU32ToFloat4(heat_colour(sc.heat));
    ui_text_coloured(ImGui::ColorConvertFloat4ToU32(heat), trf("fit.score", {sc.score, heat_words(sc.heat)}));
    rects_record_last_item("fit:score");
    if (ImGui::BeginTable("score-terms", 2, ImGuiTableFlags_SizingFixedFit)) {
        for (const ScoreTerm& t : sc.terms) {
            ImGui::TableNextColumn();
            ImGui::TextColored(t.points > 0 ? kGreen : t.points < 0 ? kRed : kGrey, "%s", digits(signed_points(t.points)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tr_text(t.text).c_str());
        }
        ImGui::EndTable();
    }

    fit_section(tr("fit.section_win"));
    const Pipeline* p = ws.find_pipeline(deal.pipeline_id);
    const Stage* st = p ? find_stage(*p, deal.stage_id) : nullptr;
    int stage_probability = st ? st->probability : 0;
    bool own = wp >= 0;
    if (ImGui::Checkbox(lbl("fit.own_estimate", "own-estimate").c_str(), &own)) {
        wp = own ? stage_probability : -1;
        changed = true;
    }
    rects_record_last_item("fit:own-estimate");
    ImGui::SameLine();
    if (own) {
        ImGui::SetNextItemWidth(half * 0.6f);
        ImGui::InputInt("%##win", &wp, 5, 10);
        rects_record_last_item("fit:win-probability");
        wp = wp < 0 ? 0 : wp > 100 ? 100 : wp;
        changed |= ImGui::IsItemDeactivatedAfterEdit() || (ImGui::IsItemEdited() && !ImGui::IsItemActive());
    } else {
        ImGui::TextDisabled("%s", trf("fit.stage_probability", {stage_probability}).c_str());
    }
    ui_text_disabled(tr("fit.weighted_note"));

    std::vector<Flag> flags = deal_flags(ws, app.frameworks, deal, now);
    if (!flags.empty()) {
        fit_section(tr("fit.section_cost"));
        deal_cost_line(app, deal, now);
    }
    if (changed) save_fit(app, host, deal, org, wp);
    if (ImGui::GetScrollMaxY() > 0) ImGui::SetWindowSize(ImVec2(ImGui::GetWindowWidth(), 0));
}

void deal_cost_line(App& app, const Deal& d, Time now) {
    const CostFigures& f = app.store.ws().settings.cost;
    CostResult r = cost_of_bad_deals(f);
    if (!r.valid) return;
    int days = deal_days_taken(d, now);
    ui_text_disabled(trn("cost.taken", days, {money_text(deal_cost_so_far(f, d, now), f.currency, true),
                                              money_text(r.per_deal_day, f.currency, true)}));
    rects_record_last_item("cost-so-far:" + d.id);
}

// Toggles for the team's quality labels, on the draft's comma-separated labels text.
void quality_label_toggles(App& app) {
    const std::vector<QualityLabel>& defined = app.store.ws().settings.quality_labels;
    if (defined.empty()) return;
    DealDraft& d = app.draft;
    std::vector<std::string> labels = split_list(d.labels_text);
    ImGui::TextUnformatted(tr("labels.quality"));
    for (const QualityLabel& q : defined) {
        size_t at = labels.size();
        for (size_t k = 0; k < labels.size(); ++k)
            if (same_text(labels[k], q.name)) at = k;
        bool on = at < labels.size();
        ImGui::SameLine();
        ImVec4 c = ImGui::ColorConvertU32ToFloat4(rgb_colour(q.colour));
        ImVec4 off(0.86f, 0.87f, 0.90f, 1);
        ImGui::PushStyleColor(ImGuiCol_Button, on ? c : off);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, c);
        ImGui::PushStyleColor(ImGuiCol_Text, on ? ImVec4(1, 1, 1, 1) : ImVec4(0.2f, 0.2f, 0.25f, 1));
        if (named_button((shown(q.name) + "##quality").c_str(), "editor:quality:" + q.name)) {
            if (on) labels.erase(labels.begin() + (long)at);
            else labels.push_back(q.name);
            d.labels_text = join_list(labels);
        }
        ImGui::PopStyleColor(3);
    }
}

// ---------------------------------------------------------------- settings

static bool list_field(const char* label, const std::string& rect, std::vector<std::string>& items, const char* hint) {
    std::string text = join_list(items);
    ui_text(label);
    ImGui::SetNextItemWidth(-1);
    ui_input_text_hint(("##" + rect).c_str(), hint, &text);
    rects_record_last_item(rect);
    if (!ImGui::IsItemDeactivatedAfterEdit()) return false;
    items = split_list(text);
    return true;
}

static bool range_fields(const char* label, const std::string& rect, int64_t& lo, int64_t& hi) {
    bool changed = false;
    ui_text(label);
    float w = ImGui::GetContentRegionAvail().x * 0.3f;
    ImGui::SetNextItemWidth(w);
    ImGui::InputScalar(lbl("icp.range_from", rect.c_str()).c_str(), ImGuiDataType_S64, &lo);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item(rect + ":min");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputScalar(lbl("icp.range_to_zero", (rect + ":to").c_str()).c_str(), ImGuiDataType_S64, &hi);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item(rect + ":max");
    return changed;
}

static bool money_range_fields(const std::string& rect, int64_t& lo, int64_t& hi, std::string& currency, std::string& error) {
    bool changed = false;
    ui_text(tr("icp.revenue"));
    float w = ImGui::GetContentRegionAvail().x * 0.3f;
    int64_t* v[2] = {&lo, &hi};
    const char* names[2] = {"icp.range_from", "icp.range_to_empty"};
    for (int k = 0; k < 2; ++k) {
        std::string text = money_input_text(*v[k], currency);
        if (k) ImGui::SameLine();
        ImGui::SetNextItemWidth(w);
        ui_input_text(lbl(names[k], (rect + std::to_string(k)).c_str()).c_str(), &text, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item(rect + (k ? ":max" : ":min"));
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (text.empty() || (parse_money(text, currency, minor) && minor >= 0)) {
                *v[k] = minor;
                changed = true;
            } else {
                error = tr_plain(Text("fit.revenue_invalid"));
            }
        }
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80 * ImGui::GetFontSize() / 15);
    changed |= currency_combo(("##" + rect + "-currency").c_str(), currency);
    return changed;
}

static bool weight_row(const char* label, const std::string& rect, int& weight, int* param, const char* param_label) {
    bool changed = false;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr(label));
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputInt(("##w-" + rect).c_str(), &weight, 0, 0);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item("score-weight:" + rect);
    ImGui::TableNextColumn();
    if (param) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
        ImGui::InputInt(("##p-" + rect).c_str(), param, 0, 0);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("score-param:" + rect);
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(param_label));
    } else if (param_label) {
        ImGui::TextDisabled("%s", tr(param_label));
    }
    return changed;
}

void scoring_settings_tabs(App& app, Host& host) {
    Settings s = app.store.ws().settings;
    bool changed = false;
    std::string error;
    bool open = ImGui::BeginTabItem(lbl("settings.tab_icp", "icp").c_str());
    rects_record_last_item("settings:tab-icp");
    if (open) {
        ui_paragraph(Text("icp.intro"));
        Icp& i = s.icp;
        changed |= list_field(tr("icp.industries"), "icp:industries", i.industries, tr("icp.industries_hint"));
        changed |= range_fields(tr("icp.size"), "icp:employees", i.min_employees, i.max_employees);
        changed |= money_range_fields("icp:revenue", i.min_revenue, i.max_revenue, i.revenue_currency, error);
        changed |= list_field(tr("icp.regions"), "icp:regions", i.regions, tr("icp.regions_hint"));
        changed |= list_field(tr("icp.pain_points"), "icp:pain-points", i.pain_points, tr("icp.pain_points_hint"));
        ImGui::EndTabItem();
    }
    open = ImGui::BeginTabItem(lbl("settings.tab_score", "score").c_str());
    rects_record_last_item("settings:tab-score");
    if (open) {
        ScoreWeights& w = s.scoring;
        ui_paragraph(Text("score.weights_intro"));
        if (ImGui::BeginTable("weights", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
            ImGui::TableSetupColumn(lbl("score.col_term", "term").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
            ImGui::TableSetupColumn(lbl("score.col_points", "points").c_str(), ImGuiTableColumnFlags_WidthStretch, 1);
            ImGui::TableSetupColumn(lbl("score.col_rule", "rule").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
            ImGui::TableHeadersRow();
            changed |= weight_row("score.term_icp_fit", "icp_fit", w.icp_fit, nullptr, "score.rule_icp_fit");
            changed |= weight_row("score.term_qualification", "qualification", w.qualification, nullptr, "score.rule_qualification");
            changed |= weight_row("score.term_replies", "replies", w.replies, &w.replies_days, "score.rule_replies");
            changed |= weight_row("score.term_silence", "silence", w.silence, &w.silence_days, "score.rule_silence");
            changed |= weight_row("score.term_inbound", "inbound", w.inbound, nullptr, "score.rule_inbound");
            changed |= weight_row("score.term_value", "value", w.value, nullptr, "score.rule_value");
            ImGui::EndTable();
        }
        std::string at = money_input_text(w.value_at, w.value_currency);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ui_input_text("##value-at", &at, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item("score-value-at");
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (parse_money(at, w.value_currency, minor) && minor >= 0) {
                w.value_at = minor;
                changed = true;
            } else {
                error = tr_plain(Text("score.value_invalid"));
            }
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        changed |= currency_combo(lbl("score.value_for_full", "value-currency").c_str(), w.value_currency);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
        ImGui::InputInt(lbl("score.hot_from", "hot-from").c_str(), &w.hot_at, 0, 0);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
        ImGui::InputInt(lbl("score.warm_from", "warm-from").c_str(), &w.warm_at, 0, 0);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        if (named_button(lbl("score.default_weights", "default-weights").c_str(), "score:defaults")) {
            w = ScoreWeights{};
            changed = true;
        }
        ImGui::EndTabItem();
    }
    open = ImGui::BeginTabItem(lbl("settings.tab_labels", "labels").c_str());
    rects_record_last_item("settings:tab-labels");
    if (open) {
        ui_paragraph(Text("labels.intro"));
        static std::string new_name;
        for (size_t k = 0; k < s.quality_labels.size(); ++k) {
            QualityLabel& q = s.quality_labels[k];
            ImGui::PushID((int)k);
            float rgb[3] = {((q.colour >> 16) & 255) / 255.0f, ((q.colour >> 8) & 255) / 255.0f, (q.colour & 255) / 255.0f};
            if (ImGui::ColorEdit3("##colour", rgb, ImGuiColorEditFlags_NoInputs)) {
                auto ch = [](float f) { return (uint32_t)(f * 255.0f + 0.5f); };
                q.colour = ch(rgb[0]) << 16 | ch(rgb[1]) << 8 | ch(rgb[2]);
                changed = true;
            }
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
            ui_input_text("##name", &q.name);
            changed |= ImGui::IsItemDeactivatedAfterEdit();
            ImGui::SameLine();
            if (named_button(lbl("labels.delete", "delete").c_str(), "label:delete:" + q.name)) {
                s.quality_labels.erase(s.quality_labels.begin() + (long)k);
                changed = true;
                ImGui::PopID();
                break;
            }
            ImGui::PopID();
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
        ui_input_text_hint("##new-label", tr("labels.new_hint"), &new_name);
        rects_record_last_item("label:new-name");
        ImGui::SameLine();
        if (named_button(lbl("labels.add", "add-label").c_str(), "label:add") && !new_name.empty()) {
            // A palette that reads well in white text; the user can change it.
            static const uint32_t palette[] = {0xD32F2F, 0x1565C0, 0x2E7D32, 0xEF6C00, 0x6A1B9A, 0x00838F};
            s.quality_labels.push_back(QualityLabel{new_name, palette[s.quality_labels.size() % 6]});
            new_name.clear();
            changed = true;
        }
        ImGui::EndTabItem();
    }
    if (!error.empty()) app.action_error = error;
    if (changed) app_dispatch(app, host, SetSettings{s});
}

// ---------------------------------------------------------------- cost of bad deals

static bool figure(const char* key, const std::string& rect, int& v) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt(lbl(key, rect.c_str()).c_str(), &v, 0, 0);
    rects_record_last_item(rect);
    return ImGui::IsItemDeactivatedAfterEdit();
}

static void result_row(const char* what, const std::string& amount, const std::string& how, const std::string& rect) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr(what));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(amount.c_str());
    rects_record_last_item(rect);
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", how.c_str());
}

void cost_calculator(App& app, Host& host) {
    if (!app.cost_open) return;
    ImGui::SetNextWindowSize(ImVec2(700 * app.ui_scale, 470 * app.ui_scale), ImGuiCond_FirstUseEver);
    if (ImGui::Begin(lbl("cost.title", "cost").c_str(), &app.cost_open)) {
        rects_record("window:cost", ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowWidth(), ImGui::GetWindowHeight());
        Settings s = app.store.ws().settings;
        CostFigures& f = s.cost;
        bool changed = false;
        ui_paragraph(Text("cost.intro"));
        std::string quota = money_input_text(f.quota, f.currency);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ui_input_text("##quota", &quota, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item("cost:quota");
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (parse_money(quota, f.currency, minor) && minor >= 0) {
                f.quota = minor;
                changed = true;
            } else {
                app.action_error = tr_plain(Text("cost.quota_invalid"));
            }
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        changed |= currency_combo(lbl("cost.quota", "cost-currency").c_str(), f.currency);
        changed |= figure("cost.selling_hours", "cost:hours", f.selling_hours);
        ImGui::SameLine();
        changed |= figure("cost.working_days", "cost:days", f.working_days);
        changed |= figure("cost.deals_open", "cost:deals", f.deals_open);
        changed |= figure("cost.days_now", "cost:now", f.days_now);
        ImGui::SameLine();
        changed |= figure("cost.days_target", "cost:target", f.days_target);
        if (named_button(lbl("cost.defaults", "defaults").c_str(), "cost:defaults")) {
            f = CostFigures{};
            changed = true;
        }
        CostResult r = cost_of_bad_deals(f);
        ImGui::Separator();
        if (!r.valid) {
            ui_text_coloured(ImGui::ColorConvertFloat4ToU32(kRed), tr("cost.invalid"));
        } else if (ImGui::BeginTable("cost", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
            auto m = [&](int64_t v) { return money_text(v, f.currency); };
            char per_day[32];  // "2.0": selling hours a day, one decimal
            std::snprintf(per_day, sizeof per_day, "%.1f", (double)f.selling_hours / f.working_days);
            result_row("cost.per_hour", m(r.per_hour), trf("cost.per_hour_how", {f.selling_hours}), "cost:per-hour");
            result_row("cost.per_day", m(r.per_day), trf("cost.per_day_how", {f.working_days, digits(per_day)}), "cost:per-day");
            result_row("cost.per_deal_day", m(r.per_deal_day), trf("cost.per_deal_day_how", {f.deals_open}), "cost:per-deal-day");
            result_row("cost.per_bad_deal", m(r.per_bad_deal), trf("cost.per_bad_deal_how", {r.days_lost, f.days_target, f.days_now}),
                       "cost:per-bad-deal");
            result_row("cost.at_stake", m(r.at_stake), trf("cost.at_stake_how", {f.deals_open, r.days_lost}), "cost:at-stake");
            ImGui::EndTable();
            ui_paragraph(Text("cost.summary", {TextArg(money_text(r.at_stake, f.currency, true)), f.deals_open, f.days_now, f.days_target}));
            ui_text_disabled(tr("cost.flagged_note"));
        }
        if (changed) app_dispatch(app, host, SetSettings{s});
    }
    ImGui::End();
}

}  // namespace kariz
