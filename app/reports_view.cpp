// The Reports window (manager only): pipeline, seller, period and "stages at" pickers, one tab per
// report with its picture and its numbers side by side, Export CSV per report, and a tab for the
// sellers' quotas and the exchange rates. Reports are computed once when the window opens or the
// parameters, the store revision or the day change, never per frame.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>
#include <cstdio>
#include "app.h"
#include "dates.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"
#include "report_charts.h"

namespace kariz {

namespace {

enum Period { ThisMonth, Last3Months, Last12Months, ThisYear, AllTime, PeriodCount };
const char* kPeriodKeys[] = {"reports.period_this_month", "reports.period_last_3_months", "reports.period_last_12_months",
                             "reports.period_this_year", "reports.period_all_time"};

struct ReportsState {
    std::string pipeline_id, owner_id;
    int period = Last12Months;
    std::string as_of_text;  // "YYYY-MM-DD"; empty: today
    int tab = 0;             // ReportKind, or kReportKindCount for the settings tab
    // The cache: inputs it was computed from, and what it holds.
    uint64_t revision = 0;
    std::string key;
    Reports reports;
    std::vector<ReportTable> tables;
    bool shown = false;      // the window was drawn in the last frame
    // Settings tab edit buffers, by user id / row.
    std::map<std::string, std::pair<std::string, std::string>> quota_text;  // user -> (amount, currency)
    std::map<std::string, std::string> quota_synced;  // user -> the stored "amount|currency" the fields show
    std::string new_rate_currency, new_rate_text;
    Text settings_error;
};

ReportsState& state() {
    static ReportsState s;
    return s;
}

void period_range(const Workspace& ws, const std::string& pipeline_id, int period, Time now, Time& from, Time& to) {
    Time month = month_start(now);
    to = add_months(month, 1);
    switch (period) {
    case ThisMonth: from = month; break;
    case Last3Months: from = add_months(month, -2); break;
    case Last12Months: from = add_months(month, -11); break;
    case ThisYear: {
        std::string d = format_date(now);
        from = days_from_civil(std::atoi(d.substr(0, 4).c_str()), 1, 1) * 86400;
        to = days_from_civil(std::atoi(d.substr(0, 4).c_str()) + 1, 1, 1) * 86400;
        break;
    }
    default: {  // all time: from the month of the pipeline's first deal
        from = month;
        for (const Deal& d : ws.deals)
            if (d.pipeline_id == pipeline_id && d.created_at < from) from = d.created_at;
        from = month_start(from);
    }
    }
}

// "0.92" -> 920000 parts per million (at most six decimals).
bool parse_rate(const std::string& text, int64_t& out) {
    int64_t whole = 0, frac = 0;
    int digits = 0, frac_digits = 0;
    bool dot = false;
    for (char c : text) {
        if (c == '.' && !dot) { dot = true; continue; }
        if (c < '0' || c > '9') return false;
        if (dot) {
            if (++frac_digits > 6) return false;
            frac = frac * 10 + (c - '0');
        } else {
            if (++digits > 9) return false;
            whole = whole * 10 + (c - '0');
        }
    }
    if (digits + frac_digits == 0) return false;
    for (int k = frac_digits; k < 6; ++k) frac *= 10;
    out = whole * 1000000 + frac;
    return out > 0;
}

std::string rate_text(int64_t per_million) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", (long long)(per_million / 1000000), (long long)(per_million % 1000000));
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

void refresh(App& app, ReportsState& st, Time now) {
    const Workspace& ws = app.store.ws();
    Time from = 0, to = 0, as_of = 0;
    period_range(ws, st.pipeline_id, st.period, now, from, to);
    if (is_valid_date(st.as_of_text)) parse_iso_time(st.as_of_text + "T23:59:59Z", as_of);
    std::string key = st.pipeline_id + "|" + st.owner_id + "|" + std::to_string(from) + "|" + std::to_string(to) + "|" +
                      std::to_string(as_of) + "|" + format_date(now);
    if (st.revision == app.store.revision() && key == st.key) return;
    st.revision = app.store.revision();
    st.key = key;
    st.reports = compute_reports(ws, app.frameworks, ReportParams{st.pipeline_id, st.owner_id, from, to, as_of}, now);
    st.tables.clear();
    for (int k = 0; k < kReportKindCount; ++k) st.tables.push_back(report_table(st.reports, (ReportKind)k, ws));
}

void pickers(App& app, ReportsState& st) {
    const Workspace& ws = app.store.ws();
    float s = app.ui_scale;
    const Pipeline* p = ws.find_pipeline(st.pipeline_id);
    ImGui::SetNextItemWidth(180 * s);
    if (ImGui::BeginCombo("##report-pipeline", p ? shown(p->name).c_str() : tr("reports.pipeline"))) {
        for (const Pipeline& x : ws.pipelines) {
            if (ImGui::Selectable(shown(x.name).c_str(), x.id == st.pipeline_id)) st.pipeline_id = x.id;
            rects_record_last_item("reports:pipeline-option:" + x.id);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("reports:pipeline");
    ImGui::SameLine();
    const User* owner = ws.find_user(st.owner_id);
    ImGui::SetNextItemWidth(180 * s);
    if (ImGui::BeginCombo("##report-seller", owner ? shown(owner->name).c_str() : tr("reports.all_sellers"))) {
        if (ImGui::Selectable(tr("reports.all_sellers"), st.owner_id.empty())) st.owner_id.clear();
        rects_record_last_item("reports:seller-option:all");
        for (const User& u : ws.users) {
            if (ImGui::Selectable(shown(u.name).c_str(), u.id == st.owner_id)) st.owner_id = u.id;
            rects_record_last_item("reports:seller-option:" + u.id);
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("reports:seller");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150 * s);
    if (ImGui::BeginCombo("##report-period", tr(kPeriodKeys[st.period]))) {
        for (int i = 0; i < PeriodCount; ++i) {
            if (ImGui::Selectable(tr(kPeriodKeys[i]), i == st.period)) st.period = i;
            rects_record_last_item(std::string("reports:period-option:") + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    rects_record_last_item("reports:period");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(130 * s);
    ui_input_text_hint("##report-as-of", tr("reports.as_of_hint"), &st.as_of_text);
    rects_record_last_item("reports:as-of");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("reports.as_of_tip"));
    if (!st.as_of_text.empty() && !is_valid_date(st.as_of_text)) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.85f, 0.3f, 0.1f, 1), "%s", tr("reports.as_of_invalid"));
    }
}

void export_csv(Host& host, ReportsState& st, int k) {
    std::string date = format_date(host.now());
    date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
    host.download(std::string("kariz-") + report_slug((ReportKind)k) + "-" + date + ".csv", csv_text(st.tables[(size_t)k]));
}

// A cell as the screen shows it: its words in the language, a name as written, a number with the
// language's digits.
std::string cell_text(const ReportTable& t, size_t r, size_t c) {
    if (r < t.words.size() && c < t.words[r].size() && !t.words[r][c].empty()) return tr_text(t.words[r][c]);
    const std::string& cell = t.rows[r][c];
    return c < t.name_columns ? shown(cell) : digits(cell);
}

void numbers(const ReportTable& t, float height) {
    int cols = (int)std::min<size_t>(t.header.size(), 60);
    if (cols == 0) return;
    ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("##numbers", cols, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        // Translated names, the English one as the column's id (the same column in every language).
        for (int c = 0; c < cols; ++c) {
            std::string name = (size_t)c < t.header_text.size() ? tr_text(t.header_text[(size_t)c]) : t.header[(size_t)c];
            ImGui::TableSetupColumn((name + "###" + t.header[(size_t)c]).c_str());
        }
        ImGui::TableHeadersRow();
        for (size_t r = 0; r < t.rows.size(); ++r) {
            ImGui::TableNextRow();
            for (int c = 0; c < cols && c < (int)t.rows[r].size(); ++c) {
                ImGui::TableSetColumnIndex(c);
                ImGui::TextUnformatted(cell_text(t, r, (size_t)c).c_str());
            }
        }
        ImGui::EndTable();
    }
}

void report_tab(App& app, Host& host, ReportsState& st, int k) {
    const ReportTable& t = st.tables[(size_t)k];
    if (named_button(tr("reports.export_csv"), std::string("reports:export:") + report_slug((ReportKind)k))) export_csv(host, st, k);
    for (const Text& note : t.notes) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr_text(note).c_str());
    }
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float picture_w = std::max(260.0f * app.ui_scale, avail.x * 0.42f);
    ImGui::BeginChild("##picture", ImVec2(picture_w, avail.y), true);
    draw_report_picture(st.reports, (ReportKind)k, app.store.ws(), app.ui_scale);
    ImGui::EndChild();
    rects_record_last_item(std::string("reports:picture:") + report_slug((ReportKind)k));
    ImGui::SameLine();
    ImGui::BeginChild("##numbers-box", ImVec2(0, avail.y), false);
    numbers(t, ImGui::GetContentRegionAvail().y);
    ImGui::EndChild();
    rects_record_last_item(std::string("reports:numbers:") + report_slug((ReportKind)k));
}

void settings_tab(App& app, Host& host, ReportsState& st) {
    const Workspace& ws = app.store.ws();
    ui_text(tr("reports.quota_heading"));
    for (const User& u : ws.users) {
        ImGui::PushID(u.id.c_str());
        // The fields follow the stored quota when it changes (undo, import), never while typed in.
        auto& buf = st.quota_text[u.id];
        std::string cur = u.quota_currency.empty() ? ws.settings.default_currency : u.quota_currency;
        std::string stored = u.monthly_quota ? plain_amount(u.monthly_quota, cur) : "";
        std::string& synced = st.quota_synced[u.id];
        if (synced != stored + "|" + cur) {
            synced = stored + "|" + cur;
            buf = {stored, cur};
        }
        ImGui::SetNextItemWidth(140 * app.ui_scale);
        ui_input_text_hint("##quota", tr("reports.no_quota"), &buf.first);
        rects_record_last_item("reports:quota:" + u.id);
        bool done = ImGui::IsItemDeactivatedAfterEdit();
        ImGui::SameLine();
        ImGui::SetNextItemWidth(60 * app.ui_scale);
        ui_input_text("##cur", &buf.second, ImGuiInputTextFlags_CharsUppercase);
        rects_record_last_item("reports:quota-currency:" + u.id);
        done |= ImGui::IsItemDeactivatedAfterEdit();
        ImGui::SameLine();
        ImGui::TextUnformatted(shown(u.name).c_str());
        if (done) {
            int64_t minor = 0;
            if (buf.first.empty()) minor = 0;
            else if (!is_currency_code(buf.second) || !parse_money(buf.first, buf.second, minor) || minor < 0) {
                st.settings_error = Text("reports.quota_invalid", {u.name});
                ImGui::PopID();
                continue;
            }
            st.settings_error = Text();
            app_dispatch(app, host, SetQuota{u.id, minor, buf.second == ws.settings.default_currency ? "" : buf.second});
        }
        ImGui::PopID();
    }
    ImGui::Separator();
    ui_text(trf("reports.rates_heading", {ws.settings.default_currency}));
    std::vector<ExchangeRate> rates = ws.settings.exchange_rates;
    for (size_t i = 0; i < rates.size(); ++i) {
        ImGui::PushID((int)i);
        ImGui::TextUnformatted(
            (digits("1") + " " + rates[i].currency + " = " + digits(rate_text(rates[i].per_million)) + " " + ws.settings.default_currency).c_str());
        ImGui::SameLine();
        if (named_button(tr("reports.remove_rate"), "reports:rate-remove:" + rates[i].currency)) {
            rates.erase(rates.begin() + (long)i);
            app_dispatch(app, host, SetExchangeRates{rates});
            ImGui::PopID();
            break;
        }
        ImGui::PopID();
    }
    ImGui::TextUnformatted(digits("1").c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(60 * app.ui_scale);
    ui_input_text_hint("##rate-cur", "USD", &st.new_rate_currency, ImGuiInputTextFlags_CharsUppercase);
    rects_record_last_item("reports:rate-currency");
    ImGui::SameLine();
    ImGui::Text("=");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * app.ui_scale);
    ui_input_text_hint("##rate", "0.92", &st.new_rate_text);
    rects_record_last_item("reports:rate-value");
    ImGui::SameLine();
    ImGui::Text("%s", ws.settings.default_currency.c_str());
    ImGui::SameLine();
    if (named_button(tr("reports.set_rate"), "reports:rate-add")) {
        int64_t ppm = 0;
        if (!is_currency_code(st.new_rate_currency) || st.new_rate_currency == ws.settings.default_currency || !parse_rate(st.new_rate_text, ppm)) {
            st.settings_error = Text("reports.rate_invalid");
        } else {
            bool replaced = false;
            for (ExchangeRate& r : rates)
                if (r.currency == st.new_rate_currency) r.per_million = ppm, replaced = true;
            if (!replaced) rates.push_back(ExchangeRate{st.new_rate_currency, ppm});
            if (app_dispatch(app, host, SetExchangeRates{rates})) {
                st.settings_error = Text();
                st.new_rate_currency.clear();
                st.new_rate_text.clear();
            }
        }
    }
    if (!st.settings_error.empty()) ui_text_coloured(IM_COL32(217, 64, 26, 255), tr_text(st.settings_error));
}

}  // namespace

bool reports_allowed(const App& app) {
    const User* me = app_current_user(app);  // who uses this device (app/users_view.cpp)
    return !me || me->role == Role::Manager;  // nobody chosen yet: a single user runs the team
}

const ReportTable* reports_shown(std::string& slug) {
    ReportsState& st = state();
    if (!st.shown || st.tab >= kReportKindCount || st.tables.empty()) return nullptr;
    slug = report_slug((ReportKind)st.tab);
    return &st.tables[(size_t)st.tab];
}

void reports_view(App& app, Host& host) {
    ReportsState& st = state();
    st.shown = false;
    if (!app.reports_open) return;
    const Workspace& ws = app.store.ws();
    if (!reports_allowed(app)) {
        app.reports_open = false;
        return;
    }
    if (!ws.find_pipeline(st.pipeline_id)) st.pipeline_id = app.pipeline_id;
    if (!st.owner_id.empty() && !ws.find_user(st.owner_id)) st.owner_id.clear();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.03f, vp->Pos.y + vp->Size.y * 0.06f), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.94f, vp->Size.y * 0.9f), ImGuiCond_Appearing);
    if (ImGui::Begin(lbl("reports.window", "Reports").c_str(), &app.reports_open, ImGuiWindowFlags_NoCollapse)) {
        st.shown = true;
        pickers(app, st);
        refresh(app, st, host.now());
        if (ImGui::BeginTabBar("##report-tabs")) {
            for (int k = 0; k <= kReportKindCount; ++k) {
                // The English title stays the tab's id: the chosen tab survives a change of language.
                std::string tab = k < kReportKindCount ? lbl(report_title_text((ReportKind)k).key.c_str(), report_title((ReportKind)k))
                                                       : lbl("reports.tab_settings", "Quotas & rates");
                bool open = ImGui::BeginTabItem(tab.c_str());
                rects_record_last_item(std::string("reports:tab:") + (k < kReportKindCount ? report_slug((ReportKind)k) : "settings"));
                if (!open) continue;
                st.tab = k;
                if (k < kReportKindCount) report_tab(app, host, st, k);
                else settings_tab(app, host, st);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
}

}  // namespace kariz
