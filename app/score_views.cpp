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
#include "icp.h"
#include "item_rects.h"
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
    char text[16];
    std::snprintf(text, sizeof text, "%d %s", sc.score, to_string(sc.heat));
    ImVec2 sz = ImGui::CalcTextSize(text);
    float pad = 4 * app.ui_scale;
    ImVec2 a(right - sz.x - 2 * pad, y), b(right, y + sz.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, heat_colour(sc.heat), sz.y * 0.5f);
    dl->AddText(ImVec2(a.x + pad, y), IM_COL32(255, 255, 255, 255), text);
    rects_record("card-score:" + d.id, a.x, a.y, b.x - a.x, b.y - a.y);
    if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) {
        ImGui::BeginTooltip();
        ImGui::Text("Lead score %d (%s)", sc.score, to_string(sc.heat));
        for (const ScoreTerm& t : sc.terms) ImGui::Text("%4s  %s", signed_points(t.points).c_str(), t.text.c_str());
        ImGui::TextDisabled("Weights: Pipeline > Settings > Lead score");
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
        ImGui::TextWrapped("Funnel: %s", n.text.c_str());
        ImGui::PopStyleColor();
        rects_record_last_item(std::string("nudge:") + kNames[(int)n.kind]);
    }
}

// ---------------------------------------------------------------- the editor

static void fit_section(const char* title) {
    ImGui::Spacing();
    ImGui::TextUnformatted(title);
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

    fit_section("Organization (compared with the Ideal Customer Profile)");
    if (ImGui::BeginTable("org-facts", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Industry");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##industry", icp.industries.empty() ? "" : join_list(icp.industries).c_str(), &org.industry);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("fit:industry");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Region");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##region", icp.regions.empty() ? "" : join_list(icp.regions).c_str(), &org.region);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("fit:region");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Employees");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputScalar("##employees", ImGuiDataType_S64, &org.employees);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        rects_record_last_item("fit:employees");
        if (org.employees < 0) org.employees = 0;
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Revenue a year");
        std::string cur = org.revenue_currency.empty() ? deal.currency : org.revenue_currency;
        std::string revenue = money_input_text(org.revenue, cur);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        ImGui::InputTextWithHint("##revenue", "unknown", &revenue, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item("fit:revenue");
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (revenue.empty() || (parse_money(revenue, cur, minor) && minor >= 0)) {
                org.revenue = minor;
                changed = true;
            } else {
                app.action_error = "Revenue: write a number like 2500000";
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
    ImGui::TextUnformatted("Pain points");
    if (choices.empty()) ImGui::TextDisabled("The profile lists none yet (Pipeline > Settings > Ideal customer).");
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
        ImGui::TextDisabled("No Ideal Customer Profile yet: set one in Pipeline > Settings > Ideal customer.");
    } else {
        ImGui::Text("ICP fit: %d of %d parts (%d%%)", fit.fits, fit.total(), fit.percent());
        rects_record_last_item("fit:summary");
        for (const IcpCheck& c : fit.checks) {
            ImGui::TextColored(c.fits ? kGreen : c.known ? kRed : kGrey, "%s", c.fits ? "fits  " : c.known ? "misses" : "unknown");
            ImGui::SameLine();
            ImGui::TextUnformatted(c.text.c_str());
        }
    }

    fit_section("Lead score");
    const DealScore& sc = cached_score(app, deal, now);
    ImVec4 heat = ImGui::ColorConvertU32ToFloat4(heat_colour(sc.heat));
    ImGui::TextColored(heat, "%d of 100, %s", sc.score, to_string(sc.heat));
    rects_record_last_item("fit:score");
    if (ImGui::BeginTable("score-terms", 2, ImGuiTableFlags_SizingFixedFit)) {
        for (const ScoreTerm& t : sc.terms) {
            ImGui::TableNextColumn();
            ImGui::TextColored(t.points > 0 ? kGreen : t.points < 0 ? kRed : kGrey, "%s", signed_points(t.points).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.text.c_str());
        }
        ImGui::EndTable();
    }

    fit_section("Win probability (estimated after the first contact)");
    const Pipeline* p = ws.find_pipeline(deal.pipeline_id);
    const Stage* st = p ? find_stage(*p, deal.stage_id) : nullptr;
    int stage_probability = st ? st->probability : 0;
    bool own = wp >= 0;
    if (ImGui::Checkbox("Our estimate for this deal", &own)) {
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
        ImGui::TextDisabled("the stage's %d%%", stage_probability);
    }
    ImGui::TextDisabled("The column's weighted total uses it: value x win probability.");

    std::vector<Flag> flags = deal_flags(ws, app.frameworks, deal, now);
    if (!flags.empty()) {
        fit_section("Cost so far (flagged deal)");
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
    ImGui::TextDisabled("Taken %d days: about %s of selling time (%s a deal a day)", days,
                        format_money(deal_cost_so_far(f, d, now), f.currency, true).c_str(),
                        format_money(r.per_deal_day, f.currency, true).c_str());
    rects_record_last_item("cost-so-far:" + d.id);
}

// Toggles for the team's quality labels, on the draft's comma-separated labels text.
void quality_label_toggles(App& app) {
    const std::vector<QualityLabel>& defined = app.store.ws().settings.quality_labels;
    if (defined.empty()) return;
    DealDraft& d = app.draft;
    std::vector<std::string> labels = split_list(d.labels_text);
    ImGui::TextUnformatted("Quality");
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
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint(("##" + rect).c_str(), hint, &text);
    rects_record_last_item(rect);
    if (!ImGui::IsItemDeactivatedAfterEdit()) return false;
    items = split_list(text);
    return true;
}

static bool range_fields(const char* label, const std::string& rect, int64_t& lo, int64_t& hi) {
    bool changed = false;
    ImGui::TextUnformatted(label);
    float w = ImGui::GetContentRegionAvail().x * 0.3f;
    ImGui::SetNextItemWidth(w);
    ImGui::InputScalar(("from##" + rect).c_str(), ImGuiDataType_S64, &lo);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item(rect + ":min");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputScalar(("to (0: no limit)##" + rect).c_str(), ImGuiDataType_S64, &hi);
    changed |= ImGui::IsItemDeactivatedAfterEdit();
    rects_record_last_item(rect + ":max");
    return changed;
}

static bool money_range_fields(const std::string& rect, int64_t& lo, int64_t& hi, std::string& currency, std::string& error) {
    bool changed = false;
    ImGui::TextUnformatted("Revenue a year");
    float w = ImGui::GetContentRegionAvail().x * 0.3f;
    int64_t* v[2] = {&lo, &hi};
    const char* names[2] = {"from", "to (empty: no limit)"};
    for (int k = 0; k < 2; ++k) {
        std::string text = money_input_text(*v[k], currency);
        if (k) ImGui::SameLine();
        ImGui::SetNextItemWidth(w);
        ImGui::InputText((std::string(names[k]) + "##" + rect + std::to_string(k)).c_str(), &text, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item(rect + (k ? ":max" : ":min"));
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (text.empty() || (parse_money(text, currency, minor) && minor >= 0)) {
                *v[k] = minor;
                changed = true;
            } else {
                error = "Revenue: write a number like 2500000";
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
    ImGui::TextUnformatted(label);
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
        ImGui::TextDisabled("%s", param_label);
    } else if (param_label) {
        ImGui::TextDisabled("%s", param_label);
    }
    return changed;
}

void scoring_settings_tabs(App& app, Host& host) {
    Settings s = app.store.ws().settings;
    bool changed = false;
    std::string error;
    bool open = ImGui::BeginTabItem("Ideal customer");
    rects_record_last_item("settings:tab-icp");
    if (open) {
        ImGui::TextWrapped("The Ideal Customer Profile: leads are compared with it part by part. Empty parts are not compared.");
        Icp& i = s.icp;
        changed |= list_field("Industries (comma separated)", "icp:industries", i.industries, "Dental clinics, Healthcare");
        changed |= range_fields("Company size (employees)", "icp:employees", i.min_employees, i.max_employees);
        changed |= money_range_fields("icp:revenue", i.min_revenue, i.max_revenue, i.revenue_currency, error);
        changed |= list_field("Regions", "icp:regions", i.regions, "Gulf, Europe");
        changed |= list_field("Pain points (sellers pick them on the deal)", "icp:pain-points", i.pain_points, "Lost leads, No follow-up");
        ImGui::EndTabItem();
    }
    open = ImGui::BeginTabItem("Lead score");
    rects_record_last_item("settings:tab-score");
    if (open) {
        ScoreWeights& w = s.scoring;
        ImGui::TextWrapped("Each term adds its points to the lead score (0 to 100). A weight of 0 drops the term; "
                           "a negative weight takes points away.");
        if (ImGui::BeginTable("weights", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
            ImGui::TableSetupColumn("Term", ImGuiTableColumnFlags_WidthStretch, 3);
            ImGui::TableSetupColumn("Points", ImGuiTableColumnFlags_WidthStretch, 1);
            ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthStretch, 3);
            ImGui::TableHeadersRow();
            changed |= weight_row("ICP fit", "icp_fit", w.icp_fit, nullptr, "x share of the profile's parts that fit");
            changed |= weight_row("Qualification", "qualification", w.qualification, nullptr, "x share of criteria met");
            changed |= weight_row("Replies", "replies", w.replies, &w.replies_days, "days; full at 3 replies");
            changed |= weight_row("Silence", "silence", w.silence, &w.silence_days, "days without a reply");
            changed |= weight_row("Inbound lead", "inbound", w.inbound, nullptr, "the lead found us");
            changed |= weight_row("Value", "value", w.value, nullptr, "full from the value below, half from half");
            ImGui::EndTable();
        }
        std::string at = money_input_text(w.value_at, w.value_currency);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::InputText("##value-at", &at, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item("score-value-at");
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (parse_money(at, w.value_currency, minor) && minor >= 0) {
                w.value_at = minor;
                changed = true;
            } else {
                error = "Value: write a number like 10000";
            }
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        changed |= currency_combo("Value for full points##value-currency", w.value_currency);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
        ImGui::InputInt("Hot from", &w.hot_at, 0, 0);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
        ImGui::InputInt("Warm from (below: cold)", &w.warm_at, 0, 0);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
        if (named_button("Default weights", "score:defaults")) {
            w = ScoreWeights{};
            changed = true;
        }
        ImGui::EndTabItem();
    }
    open = ImGui::BeginTabItem("Quality labels");
    rects_record_last_item("settings:tab-labels");
    if (open) {
        ImGui::TextWrapped("Labels the team uses to rate lead quality, so everybody knows how much effort a deal deserves. "
                           "Put them on deals in the deal editor; cards show them in their colour.");
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
            ImGui::InputText("##name", &q.name);
            changed |= ImGui::IsItemDeactivatedAfterEdit();
            ImGui::SameLine();
            if (named_button("Delete", "label:delete:" + q.name)) {
                s.quality_labels.erase(s.quality_labels.begin() + (long)k);
                changed = true;
                ImGui::PopID();
                break;
            }
            ImGui::PopID();
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
        ImGui::InputTextWithHint("##new-label", "New label, e.g. Hot lead", &new_name);
        rects_record_last_item("label:new-name");
        ImGui::SameLine();
        if (named_button("Add label", "label:add") && !new_name.empty()) {
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

static bool figure(const char* label, const std::string& rect, int& v) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt(label, &v, 0, 0);
    rects_record_last_item(rect);
    return ImGui::IsItemDeactivatedAfterEdit();
}

static void result_row(const char* what, const std::string& amount, const std::string& how, const std::string& rect) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(what);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(amount.c_str());
    rects_record_last_item(rect);
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", how.c_str());
}

void cost_calculator(App& app, Host& host) {
    if (!app.cost_open) return;
    ImGui::SetNextWindowSize(ImVec2(700 * app.ui_scale, 470 * app.ui_scale), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Cost of bad deals", &app.cost_open)) {
        rects_record("window:cost", ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowWidth(), ImGui::GetWindowHeight());
        Settings s = app.store.ws().settings;
        CostFigures& f = s.cost;
        bool changed = false;
        ImGui::TextWrapped("Every hour spent on a deal that will not close is an hour not spent on one that will. "
                           "Your figures (source 000: a $1M quota is about 500 selling hours):");
        std::string quota = money_input_text(f.quota, f.currency);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::InputText("##quota", &quota, ImGuiInputTextFlags_CharsScientific);
        rects_record_last_item("cost:quota");
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            int64_t minor = 0;
            if (parse_money(quota, f.currency, minor) && minor >= 0) {
                f.quota = minor;
                changed = true;
            } else {
                app.action_error = "Quota: write a number like 1000000";
            }
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        changed |= currency_combo("Quota a year##cost-currency", f.currency);
        changed |= figure("Selling hours a year", "cost:hours", f.selling_hours);
        ImGui::SameLine();
        changed |= figure("Working days a year", "cost:days", f.working_days);
        changed |= figure("Deals open", "cost:deals", f.deals_open);
        changed |= figure("Day bad deals are dropped now", "cost:now", f.days_now);
        ImGui::SameLine();
        changed |= figure("Target day", "cost:target", f.days_target);
        if (named_button("The source's figures", "cost:defaults")) {
            f = CostFigures{};
            changed = true;
        }
        CostResult r = cost_of_bad_deals(f);
        ImGui::Separator();
        if (!r.valid) {
            ImGui::TextColored(kRed, "Hours, working days and deals open must be more than 0.");
        } else if (ImGui::BeginTable("cost", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
            auto m = [&](int64_t v) { return format_money(v, f.currency); };
            char how[160];
            std::snprintf(how, sizeof how, "quota / %d hours", f.selling_hours);
            result_row("A selling hour", m(r.per_hour), how, "cost:per-hour");
            std::snprintf(how, sizeof how, "quota / %d working days (%.1f selling hours a day)", f.working_days,
                          (double)f.selling_hours / f.working_days);
            result_row("A selling day", m(r.per_day), how, "cost:per-day");
            std::snprintf(how, sizeof how, "a day shared by %d open deals", f.deals_open);
            result_row("One deal's day", m(r.per_deal_day), how, "cost:per-deal-day");
            std::snprintf(how, sizeof how, "%d days (day %d instead of %d) x one deal's day", r.days_lost, f.days_target, f.days_now);
            result_row("Each bad deal kept too long", m(r.per_bad_deal), how, "cost:per-bad-deal");
            std::snprintf(how, sizeof how, "%d deals; = %d days x a selling day", f.deals_open, r.days_lost);
            result_row("At stake", m(r.at_stake), how, "cost:at-stake");
            ImGui::EndTable();
            ImGui::TextWrapped("That is %s of potential new sales if all %d open deals went bad and were dropped on day %d "
                               "instead of day %d. The source admits the maths is rough; it shows what the time is worth.",
                               format_money(r.at_stake, f.currency, true).c_str(), f.deals_open, f.days_now, f.days_target);
            ImGui::TextDisabled("Flagged deals show what they have cost so far in Needs attention and in the deal editor.");
        }
        if (changed) app_dispatch(app, host, SetSettings{s});
    }
    ImGui::End();
}

}  // namespace kariz
