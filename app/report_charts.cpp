// The picture of each report, drawn with ImDrawList from the computed Reports (never from the
// deals): horizontal bars, a centred funnel, and stacked month columns for the forecast.
#include "report_charts.h"
#include <imgui.h>
#include <algorithm>
#include <cstdio>
#include "app.h"
#include "dates.h"
#include "i18n.h"

namespace kariz {

namespace {

const ImU32 kBlue = IM_COL32(66, 133, 244, 255), kGreen = IM_COL32(52, 168, 83, 255), kRed = IM_COL32(219, 68, 55, 255),
            kGrey = IM_COL32(200, 204, 210, 255), kPale = IM_COL32(66, 133, 244, 70), kText = IM_COL32(40, 40, 40, 255);

struct Bar {
    std::string label;       // ready to draw (shown() for names, tr() for words)
    double value = 0;        // length, in units of the chart's maximum
    double second = 0;       // a second segment after the first (stacked), 0 for none
    std::string text;        // the number written after the bar
    ImU32 colour = kBlue, second_colour = kRed;
};

// One row per bar: label, bar, number. `max` is the value of a full-length bar.
void hbars(const std::vector<Bar>& bars, double max, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float width = ImGui::GetContentRegionAvail().x, label_w = 150 * scale, text_w = 130 * scale;
    const float row_h = ImGui::GetTextLineHeight() + 8 * scale, bar_w = std::max(40.0f, width - label_w - text_w);
    for (const Bar& b : bars) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::PushClipRect(p, ImVec2(p.x + label_w - 6 * scale, p.y + row_h), true);
        dl->AddText(ImVec2(p.x, p.y + 4 * scale), kText, b.label.c_str());
        ImGui::PopClipRect();
        float x0 = p.x + label_w, y0 = p.y + 3 * scale, y1 = p.y + row_h - 3 * scale;
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + bar_w, y1), IM_COL32(240, 242, 245, 255));
        float w1 = max > 0 ? (float)(b.value / max) * bar_w : 0, w2 = max > 0 ? (float)(b.second / max) * bar_w : 0;
        if (w1 > 0) dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + w1, y1), b.colour);
        if (w2 > 0) dl->AddRectFilled(ImVec2(x0 + w1, y0), ImVec2(x0 + w1 + w2, y1), b.second_colour);
        dl->AddText(ImVec2(x0 + bar_w + 6 * scale, p.y + 4 * scale), kText, b.text.c_str());
        ImGui::Dummy(ImVec2(width, row_h));
    }
}

double max_of(const std::vector<Bar>& bars) {
    double m = 0;
    for (const Bar& b : bars) m = std::max(m, b.value + b.second);
    return m;
}

// One number for a money total: converted when rates are set, else the default currency only.
double scalar(const Settings& s, const MoneyByCurrency& m) {
    if (!s.exchange_rates.empty()) return (double)convert_total(s, m).total;
    auto it = m.find(s.default_currency);
    return it == m.end() ? 0.0 : (double)it->second;
}

std::string pct(int64_t part, int64_t whole) {
    std::string t = percent_text(part, whole);
    return t.empty() ? "—" : digits(t) + "%";
}

// A seller's name; a deal without an owner is counted under words.
std::string seller(const std::string& owner_id, const std::string& name) {
    return owner_id.empty() ? tr("reports.no_owner") : shown(name);
}

void legend(std::initializer_list<std::pair<ImU32, const char*>> items, float scale) {  // names ready to draw
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& [colour, name] : items) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        float h = ImGui::GetTextLineHeight();
        dl->AddRectFilled(ImVec2(p.x, p.y + 2 * scale), ImVec2(p.x + h - 4 * scale, p.y + h - 2 * scale), colour);
        ImGui::Dummy(ImVec2(h, h));
        ImGui::SameLine();
        ImGui::TextUnformatted(name);
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

void funnel(const Reports& r, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& rows = r.funnel.rows;
    const float width = ImGui::GetContentRegionAvail().x, row_h = ImGui::GetTextLineHeight() * 2 + 6 * scale;
    int top = 1;
    for (const FunnelRow& x : rows) top = std::max(top, x.reached);
    for (size_t i = 0; i < rows.size(); ++i) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        float w = std::max(4.0f, width * 0.9f * (float)rows[i].reached / (float)top), cx = p.x + width * 0.5f;
        bool weakest = (int)i == r.funnel.weakest, won = i + 1 == rows.size();
        dl->AddRectFilled(ImVec2(cx - w / 2, p.y + 2 * scale), ImVec2(cx + w / 2, p.y + row_h - 2 * scale),
                          won ? kGreen : weakest ? kRed : kBlue, 3 * scale);
        std::string line;  // the last row is "Won" (reports.cpp), said in the language
        if (won) line = trf("reports.funnel_won_bar", {rows[i].reached});
        else
            line = trf(weakest ? "reports.funnel_bar_lame" : "reports.funnel_bar",
                       {rows[i].name, rows[i].reached, pct(rows[i + 1].reached, rows[i].reached), pct(rows[i].lost, rows[i].reached)});
        // Inside the bar when it fits, else beside it: text across a bar's edge cannot be read.
        ImVec2 ts = ImGui::CalcTextSize(line.c_str());
        bool inside = ts.x < w - 8 * scale;
        float tx = inside ? cx - ts.x / 2 : std::min(cx + w / 2 + 6 * scale, p.x + width - ts.x);
        dl->AddText(ImVec2(tx, p.y + (row_h - ts.y) / 2), inside ? IM_COL32_WHITE : kText, line.c_str());
        ImGui::Dummy(ImVec2(width, row_h));
    }
}

void forecast(const Reports& r, const Settings& s, float scale) {
    const Forecast& f = r.forecast;
    bool converted = !s.exchange_rates.empty();
    ui_text_disabled(trf(converted ? "reports.bars_converted" : "reports.bars_one_currency", {s.default_currency}));
    legend({{kGreen, tr("reports.legend_won")}, {kBlue, tr("reports.legend_weighted")}, {kPale, tr("reports.legend_best_case")}}, scale);
    double top = 0;
    for (const ForecastMonth& m : f.months) top = std::max(top, scalar(s, m.won) + std::max(scalar(s, m.best_case), scalar(s, m.weighted)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float width = ImGui::GetContentRegionAvail().x, height = 220 * scale, label_h = ImGui::GetTextLineHeight() + 4 * scale;
    ImVec2 p = ImGui::GetCursorScreenPos();
    size_t n = std::max<size_t>(1, f.months.size());
    float slot = width / (float)n, bar = std::max(4.0f, slot * 0.7f), base = p.y + height;
    dl->AddLine(ImVec2(p.x, base), ImVec2(p.x + width, base), kGrey);
    for (size_t i = 0; i < f.months.size(); ++i) {
        const ForecastMonth& m = f.months[i];
        float x = p.x + slot * (float)i + (slot - bar) / 2;
        auto h = [&](double v) { return top > 0 ? (float)(v / top) * (height - 4 * scale) : 0.0f; };
        float won = h(scalar(s, m.won)), best = h(scalar(s, m.best_case)), weighted = h(scalar(s, m.weighted));
        if (won > 0) dl->AddRectFilled(ImVec2(x, base - won), ImVec2(x + bar, base), kGreen);
        if (best > 0) dl->AddRectFilled(ImVec2(x, base - won - best), ImVec2(x + bar, base - won), kPale);
        if (weighted > 0) dl->AddRectFilled(ImVec2(x, base - won - weighted), ImVec2(x + bar, base - won), kBlue);
        // Month under each bar, the year under the first bar and each January.
        std::string label = m.month.empty() ? std::string(tr("reports.no_date")) : digits(m.month.substr(5, 2));
        ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        if (ts.x <= slot || i % 2 == 0) dl->AddText(ImVec2(x + bar / 2 - ts.x / 2, base + 2 * scale), kText, label.c_str());
        if (!m.month.empty() && (i == 0 || m.month.substr(5, 2) == "01"))
            dl->AddText(ImVec2(x, base + label_h), kText, digits(m.month.substr(0, 4)).c_str());
    }
    ImGui::Dummy(ImVec2(width, height + label_h * 2));
    if (!f.quotas.empty()) {
        ImGui::Separator();
        ui_text(tr("reports.quota_chart"));
        std::vector<Bar> bars;
        for (const QuotaRow& q : f.quotas) {
            double won = (double)std::min(q.won, q.target);
            bars.push_back(Bar{shown(q.name), won, (double)std::max<int64_t>(0, q.target - q.won),
                               money_text(q.won, q.currency, true) + " / " + money_text(q.target, q.currency, true),
                               kGreen, kGrey});
        }
        double top_q = 0;
        for (const QuotaRow& q : f.quotas) top_q = std::max(top_q, (double)std::max(q.won, q.target));
        hbars(bars, top_q, scale);
    }
}

}  // namespace

void draw_report_picture(const Reports& r, ReportKind k, const Workspace& ws, float scale) {
    const Settings& s = ws.settings;
    std::vector<Bar> bars;
    switch (k) {
    case ReportKind::Stages:
        for (const StageRow& row : r.stages)
            bars.push_back(Bar{shown(row.name), (double)row.count, 0, trn("reports.bar_deals", row.count), kBlue, kRed});
        hbars(bars, max_of(bars), scale);
        for (const StageRow& row : r.stages)
            if (row.count) ImGui::TextDisabled("%s: %s", shown(row.name).c_str(), digits(money_line(row.value, 3, true)).c_str());
        break;
    case ReportKind::Funnel:
        funnel(r, scale);
        break;
    case ReportKind::Time:
        legend({{kBlue, tr("reports.legend_average_days")}}, scale);
        for (const TimeRow& row : r.time.rows)
            bars.push_back(Bar{shown(row.name), (double)row.stay.average, 0,
                               row.stay.count ? trf("reports.bar_days_median", {digits(days_text(row.stay.average)), digits(days_text(row.stay.median))})
                                              : "—",
                               kBlue, kRed});
        bars.push_back(Bar{tr("reports.bar_created_to_won"), (double)r.time.velocity.average, 0,
                           r.time.velocity.count ? trf("reports.bar_days", {digits(days_text(r.time.velocity.average))}) : "—", kGreen, kRed});
        hbars(bars, max_of(bars), scale);
        break;
    case ReportKind::WinRate: {
        legend({{kGreen, tr("reports.legend_won")}, {kRed, tr("reports.legend_lost")}}, scale);
        auto add = [&](const SellerWins& w, const std::string& label) {
            double total = w.won + w.lost;
            bars.push_back(Bar{label, total ? w.won / total : 0, total ? w.lost / total : 0, pct(w.won, w.won + w.lost), kGreen, kRed});
        };
        for (const SellerWins& w : r.win_rate.sellers)
            if (w.won + w.lost > 0) add(w, seller(w.owner_id, w.name));
        add(r.win_rate.total, tr("reports.all_row"));
        hbars(bars, 1.0, scale);
        std::vector<Bar> reasons;
        for (const ReasonRow& x : r.win_rate.lost_reasons)
            reasons.push_back(Bar{shown(x.reason), (double)x.count, 0, trn("reports.bar_lost", x.count), kRed, kRed});
        for (const ReasonRow& x : r.win_rate.dq_reasons)
            reasons.push_back(Bar{shown(x.reason), (double)x.count, 0, trn("reports.bar_disqualified", x.count), kGrey, kRed});
        if (!reasons.empty()) {
            ImGui::Separator();
            ui_text(tr("reports.reasons_heading"));
            hbars(reasons, max_of(reasons), scale);
        }
        break;
    }
    case ReportKind::Forecast:
        forecast(r, s, scale);
        break;
    case ReportKind::Knowledge: {
        legend({{kGreen, tr("reports.legend_known")}, {kRed, tr("reports.legend_not_known")}}, scale);
        std::string stage;
        for (const KnowledgeRow& row : r.knowledge.rows) {
            if (row.stage_name != stage) {
                if (!bars.empty()) hbars(bars, 1.0, scale), bars.clear();
                stage = row.stage_name;
                ui_text(trf("reports.by_stage", {stage}));
            }
            int met = row.met_won + row.met_lost, unmet = row.unmet_won + row.unmet_lost;
            bars.push_back(Bar{trf("reports.bar_known", {row.label}), ratio(row.met_won, met), 0,
                               trf("reports.bar_pct_of", {pct(row.met_won, met), met}), kGreen, kRed});
            bars.push_back(Bar{trf("reports.bar_not_known", {row.label}), ratio(row.unmet_won, unmet), 0,
                               trf("reports.bar_pct_of", {pct(row.unmet_won, unmet), unmet}), kRed, kRed});
        }
        if (!bars.empty()) hbars(bars, 1.0, scale);
        if (r.knowledge.rows.empty()) ui_text_disabled(tr("reports.knowledge_empty"));
        break;
    }
    case ReportKind::Touches:
        legend({{kBlue, tr("reports.legend_response_rate")}}, scale);
        for (const TouchRow& t : r.touches) {
            static const char* names[] = {"reports.bar_calls", "reports.bar_emails", "reports.bar_meetings", "reports.bar_messages"};
            bars.push_back(Bar{tr(names[(int)t.kind]), ratio(t.answered, t.outgoing), 0,
                               trf("reports.bar_pct_of", {pct(t.answered, t.outgoing), t.outgoing}), kBlue, kRed});
        }
        hbars(bars, 1.0, scale);
        break;
    case ReportKind::Leaderboard: {
        bool money = !s.exchange_rates.empty();
        legend({{kGreen, tr(money ? "reports.legend_won_value" : "reports.legend_deals_won")}}, scale);
        for (const LeaderRow& l : r.leaders)
            bars.push_back(Bar{seller(l.owner_id, l.name), money ? (double)convert_total(s, l.won_value).total : (double)l.won, 0,
                               money ? money_text(convert_total(s, l.won_value).total, s.default_currency, true)
                                     : trf("reports.bar_won_rate", {l.won, pct(l.won, l.won + l.lost)}),
                               kGreen, kRed});
        hbars(bars, max_of(bars), scale);
        break;
    }
    }
}

}  // namespace kariz
