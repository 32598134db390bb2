// CSV import and export. Import: the file's columns with the field each one fills (recognised
// from the header, changeable), a preview of the first rows as they will be read, the target
// pipeline, default currency and date order; then the file is read a slice per frame under a
// progress bar (a 10 MB file never freezes the page); then a summary with the rows that cannot
// be read, by line number and reason, and "Import N deals" as one undoable step.
// Export: what the board shows or every deal, through the host's download.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include "app.h"
#include "dates.h"
#include "i18n.h"
#include "item_rects.h"
#include "text_field.h"
#include "money.h"

namespace kariz {

namespace {

constexpr size_t kPreviewRows = 8;
constexpr size_t kRecordsPerSlice = 250;
constexpr size_t kMaxRecordsPerFrame = 500;  // 30,000 rows a second at 60 fps: a 10 MB file in ~3 s
constexpr double kFrameBudgetMs = 8.0;

double now_ms() {
    using namespace std::chrono;
    return (double)duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count() / 1000.0;
}

// A count grouped in thousands with the language's digits ("12,500"), for use as a message argument.
std::string thousands(size_t n) { return num((int64_t)n); }

// Logical text (not shaped): an argument inside another message.
std::string words(const char* key) { return tr_plain(Text(key)); }

std::string size_text(size_t bytes) {
    char buf[32];
    if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.0f", (double)bytes / 1024.0);
    else std::snprintf(buf, sizeof buf, "%.1f", (double)bytes / (1024.0 * 1024.0));
    return tr_plain(Text(bytes < 1024 * 1024 ? "import.size_kb" : "import.size_mb", {digits(buf)}));
}

const char* status_key(DealStatus s) {
    switch (s) {
        case DealStatus::Open: return "import.status_open";
        case DealStatus::Won: return "import.status_won";
        case DealStatus::Lost: return "import.status_lost";
        case DealStatus::Disqualified: return "import.status_disqualified";
    }
    return "import.status_open";
}

// Cuts to at most `n` bytes on a character boundary and keeps it on one line.
std::string short_text(const std::string& s, size_t n) {
    std::string t = s.size() > n ? s.substr(0, n) : s;
    while (!t.empty() && ((unsigned char)t.back() & 0xC0) == 0x80) t.pop_back();
    if (!t.empty() && (unsigned char)t.back() >= 0xC0) t.pop_back();
    for (char& c : t)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return s.size() > n ? t + "…" : t;
}

// Rows with no matching owner belong to whoever uses this device ("I am"), else the first user.
const User* fallback_owner(const App& app) {
    const Workspace& ws = app.store.ws();
    if (const User* me = ws.find_user(app.me_id)) return me;
    return ws.users.empty() ? nullptr : &ws.users.front();
}

CsvImportOptions options_of(const App& app, const CsvImportState& st) {
    const User* owner = fallback_owner(app);
    std::string currency = is_currency_code(st.currency) ? st.currency : app.store.ws().settings.default_currency;
    return CsvImportOptions{st.pipeline_id, currency, (DateOrder)st.date_order, owner ? owner->id : ""};
}

bool has_title_column(const CsvImportState& st) {
    for (CsvField f : st.import.mapping)
        if (f == CsvField::Title) return true;
    return false;
}

void refresh_preview(App& app, Host& host, CsvImportState& st) {
    // The language is part of the key: the reasons are kept in words.
    std::string key = st.pipeline_id + "|" + st.currency + "|" + std::to_string(st.date_order) + "|" +
                      std::to_string(app.store.revision()) + "|" + language_code(ui_language()) + "|";
    for (CsvField f : st.import.mapping) key += std::to_string((int)f) + ",";
    if (key == st.preview_key) return;
    st.preview_key = key;
    st.preview_deals.clear();
    st.preview_errors.clear();
    CsvDealMapper mapper(app.store.ws(), st.import.mapping, st.import.header.size(), options_of(app, st), host.now());
    for (size_t i = 0; i < st.import.preview.size() && i < kPreviewRows; ++i) {
        Deal d;
        Text reason;
        if (!mapper.map(st.import.preview[i], d, reason)) d = Deal{};
        st.preview_deals.push_back(d);
        st.preview_errors.push_back(reason.empty() ? std::string() : tr_plain(reason));
    }
}

std::string stage_name(const Workspace& ws, const Deal& d) {
    const Pipeline* p = ws.find_pipeline(d.pipeline_id);
    const Stage* s = p ? find_stage(*p, d.stage_id) : nullptr;
    return s ? s->name : "";
}

void options_row(App& app, CsvImportState& st) {
    const Workspace& ws = app.store.ws();
    float s = app.ui_scale;
    const Pipeline* target = ws.find_pipeline(st.pipeline_id);
    ImGui::TextUnformatted(tr("import.into_pipeline"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200 * s);
    if (ImGui::BeginCombo("##csv-pipeline", target ? shown(target->name).c_str() : "?")) {
        for (const Pipeline& p : ws.pipelines)
            if (ImGui::Selectable(shown(p.name).c_str(), p.id == st.pipeline_id)) st.pipeline_id = p.id;
        ImGui::EndCombo();
    }
    rects_record_last_item("csv:pipeline");
    ImGui::SameLine(0, 20 * s);
    ImGui::TextUnformatted(tr("import.default_currency"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(60 * s);
    ui_input_text("##csv-currency", &st.currency, ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_CharsNoBlank);
    rects_record_last_item("csv:currency");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("import.default_currency_tip"));
    ImGui::SameLine(0, 20 * s);
    ImGui::TextUnformatted(tr("import.dates"));
    ImGui::SameLine();
    const char* orders[] = {tr("import.day_first"), tr("import.month_first")};
    ImGui::SetNextItemWidth(200 * s);
    ImGui::Combo("##csv-date-order", &st.date_order, orders, 2);
    rects_record_last_item("csv:date-order");
}

void columns_table(App& app, CsvImportState& st, float height) {
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##csv-columns", 3, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(lbl("import.col_file_column", "column").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(lbl("import.col_kariz_field", "field").c_str(), ImGuiTableColumnFlags_WidthFixed, 200 * app.ui_scale);
    ImGui::TableSetupColumn(lbl("import.col_first_values", "values").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;  // a file may have hundreds of columns; rows are one combo high
    clipper.Begin((int)st.import.header.size(), ImGui::GetFrameHeightWithSpacing());
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::PushID(i);
            ImGui::TableNextRow(0, ImGui::GetFrameHeightWithSpacing());
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(shown(short_text(st.import.header[(size_t)i], 60)).c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            CsvField& f = st.import.mapping[(size_t)i];
            if (ImGui::BeginCombo("##field", tr(csv_field_key(f)))) {
                for (int k = 0; k < kCsvFieldCount; ++k) {
                    if (ImGui::Selectable(tr(csv_field_key((CsvField)k)), (int)f == k)) {
                        // One column per field: the column that had it before lets it go.
                        for (CsvField& other : st.import.mapping)
                            if (k != 0 && (int)other == k) other = CsvField::Ignore;
                        f = (CsvField)k;
                    }
                    rects_record_last_item("csv:field:" + std::to_string(k));
                }
                ImGui::EndCombo();
            }
            rects_record_last_item("csv:map:" + std::to_string(i));
            ImGui::TableNextColumn();
            std::string samples;
            for (size_t r = 0, n = 0; r < st.import.preview.size() && n < 3; ++r) {
                const CsvRecord& rec = st.import.preview[r];
                if ((size_t)i >= rec.fields.size() || rec.fields[(size_t)i].empty()) continue;
                // Each value shaped on its own: a right-to-left value must not reorder its neighbours.
                samples += (n++ ? "  ·  " : "") + shown(short_text(rec.fields[(size_t)i], 40));
            }
            ImGui::AlignTextToFramePadding();
            ImGui::TextDisabled("%s", samples.c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void preview_table(App& app, CsvImportState& st, float height) {
    const Workspace& ws = app.store.ws();
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##csv-preview", 7, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(lbl("import.col_line", "line").c_str(), ImGuiTableColumnFlags_WidthFixed, 40 * app.ui_scale);
    ImGui::TableSetupColumn(lbl("import.col_title", "title").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(lbl("import.col_value", "value").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(lbl("import.col_stage", "stage").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(lbl("import.col_owner", "owner").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(lbl("import.col_status", "status").c_str(), ImGuiTableColumnFlags_WidthFixed, 60 * app.ui_scale);
    ImGui::TableSetupColumn(lbl("import.col_close_date", "close").c_str(), ImGuiTableColumnFlags_WidthFixed, 90 * app.ui_scale);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < st.preview_deals.size(); ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(num(st.import.preview[i].line).c_str());
        ImGui::TableNextColumn();
        if (!st.preview_errors[i].empty()) {
            ImGui::TextColored(ImVec4(0.85f, 0.3f, 0.1f, 1), "%s", trf("import.preview_skipped", {st.preview_errors[i]}).c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shown(st.preview_errors[i]).c_str());  // the column cuts it
            continue;
        }
        const Deal& d = st.preview_deals[i];
        const User* owner = ws.find_user(d.owner_id);
        ImGui::TextUnformatted(shown(short_text(d.title, 80)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(money_text(d.value, d.currency).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(shown(stage_name(ws, d)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(owner ? shown(owner->name).c_str() : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(status_key(d.status)));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.expected_close.empty() ? "" : date_text(d.expected_close).c_str());
    }
    ImGui::EndTable();
}

void start_reading(App& app, Host& host, CsvImportState& st) {
    st.import.start(app.store.ws(), options_of(app, st), host.now());
    st.step = CsvStep::Reading;
}

// A slice of the file per frame: at most kMaxRecordsPerFrame rows and about 8 ms.
void read_slice(App& app, CsvImportState& st) {
    double t0 = now_ms();
    bool finished = false;
    for (size_t n = 0; n < kMaxRecordsPerFrame && !finished && now_ms() - t0 < kFrameBudgetMs; n += kRecordsPerSlice)
        finished = st.import.step(kRecordsPerSlice, 1 << 20);
    if (!finished) return;
    st.unsorted = st.closed = 0;
    const Workspace& ws = app.store.ws();
    for (const Deal& d : st.import.accepted) {
        const Pipeline* p = ws.find_pipeline(d.pipeline_id);
        if (p && !p->stages.empty() && p->stages.front().id == d.stage_id) ++st.unsorted;
        if (d.status != DealStatus::Open) ++st.closed;
    }
    st.step = CsvStep::Summary;
}

void mapping_step(App& app, Host& host, CsvImportState& st) {
    float line = ImGui::GetTextLineHeightWithSpacing();
    const char* delim = st.import.delimiter() == ';' ? "import.semicolons" : st.import.delimiter() == '\t' ? "import.tabs" : "import.commas";
    ui_text(trf(st.import.had_bom() ? "import.file_info_bom" : "import.file_info", {st.file_name, size_text(st.import.bytes_total()), words(delim)}));
    options_row(app, st);
    ImGui::Spacing();
    ui_text_disabled(tr("import.columns_hint"));
    float avail = ImGui::GetContentRegionAvail().y;
    float preview_h = line * (float)(kPreviewRows + 1) + 8;
    columns_table(app, st, std::max(line * 4, avail - preview_h - line * 4));
    refresh_preview(app, host, st);
    ui_text_disabled(tr("import.preview_hint"));
    preview_table(app, st, preview_h);
    bool title = has_title_column(st), currency_ok = is_currency_code(st.currency);
    if (!title) ImGui::TextColored(ImVec4(0.85f, 0.3f, 0.1f, 1), "%s", tr("import.need_title_column"));
    else if (!currency_ok) ImGui::TextColored(ImVec4(0.85f, 0.3f, 0.1f, 1), "%s", tr("import.need_currency"));
    else ImGui::TextUnformatted("");
    ImGui::BeginDisabled(!title || !currency_ok);
    if (named_button(tr("import.read_file"), "csv:read")) start_reading(app, host, st);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (named_button(tr("import.cancel"), "csv:cancel")) app.csv_import.reset();
}

void reading_step(App& app, CsvImportState& st) {
    read_slice(app, st);
    ui_text(trf("import.reading", {st.file_name}));
    std::string overlay = trf("import.progress", {(int)(st.import.fraction() * 100), thousands(st.import.rows_read)});
    ImGui::ProgressBar(st.import.fraction(), ImVec2(-1, 0), overlay.c_str());
    rects_record_last_item("csv:progress");
    ui_text(trf("import.read_so_far", {thousands(st.import.accepted.size()), thousands(st.import.skipped.size())}));
    if (named_button(tr("import.cancel"), "csv:cancel")) app.csv_import.reset();
}

void summary_step(App& app, Host& host, CsvImportState& st) {
    const Workspace& ws = app.store.ws();
    const Pipeline* target = ws.find_pipeline(st.pipeline_id);
    const User* owner = fallback_owner(app);
    size_t n = st.import.accepted.size(), m = st.import.skipped.size();
    ui_text(trf("import.ready", {thousands(n), target ? target->name : std::string("?")}));
    rects_record_last_item("csv:summary");
    if (st.unsorted) ImGui::BulletText("%s", trf("import.to_unsorted", {thousands(st.unsorted)}).c_str());
    if (st.closed) ImGui::BulletText("%s", trf("import.closed_rows", {thousands(st.closed)}).c_str());
    if (owner) ImGui::BulletText("%s", trf("import.owner_fallback", {owner->name}).c_str());
    if (m) {
        ImGui::TextColored(ImVec4(0.85f, 0.4f, 0.1f, 1), "%s", trf("import.cannot_read", {thousands(m)}).c_str());
        float row_h = ImGui::GetTextLineHeightWithSpacing();
        float h = std::min(row_h * (float)m + ImGui::GetStyle().WindowPadding.y * 2 + 2, std::max(row_h * 3, ImGui::GetContentRegionAvail().y - row_h * 3));
        ImGui::BeginChild("##csv-skipped", ImVec2(0, h), true);
        ImGuiListClipper clipper;  // fixed-height rows: a file with 100,000 bad rows still scrolls
        clipper.Begin((int)m, row_h);
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const CsvSkippedRow& r = st.import.skipped[(size_t)i];
                ImGui::TextUnformatted(trf("import.line", {r.line}).c_str());
                ImGui::SameLine(80 * app.ui_scale);
                ImGui::TextUnformatted(shown(short_text(tr_plain(r.reason), 160)).c_str());
            }
        ImGui::EndChild();
        rects_record_last_item("csv:skipped-list");
    } else {
        ui_text(tr("import.all_read"));
    }
    std::string label = trf("import.import_n", {thousands(n)});
    ImGui::BeginDisabled(n == 0);
    if (named_button(label.c_str(), "csv:import")) {
        auto deals = std::make_shared<const std::vector<Deal>>(std::move(st.import.accepted));
        std::string undo_label = tr_plain(Text("import.csv_undo", {thousands(n), short_text(st.file_name, 60)}));
        std::string pipeline = st.pipeline_id;
        if (app_dispatch(app, host, ImportDeals{undo_label, deals})) app.pipeline_id = pipeline;
        app.csv_import.reset();
        return;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (named_button(tr("import.back_to_columns"), "csv:back")) st.step = CsvStep::Mapping;
    ImGui::SameLine();
    if (named_button(tr("import.cancel"), "csv:cancel")) app.csv_import.reset();
}

void import_window(App& app, Host& host) {
    if (!app.csv_import) return;
    const std::string title = lbl("import.csv_window", "import-csv");
    if (!ImGui::IsPopupOpen(title.c_str())) ImGui::OpenPopup(title.c_str());
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float s = app.ui_scale;
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(980 * s, vp->Size.x - 24 * s), std::min(660 * s, vp->Size.y - 24 * s)), ImGuiCond_Always);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) return;
    CsvImportState& st = *app.csv_import;
    if (!app.store.ws().find_pipeline(st.pipeline_id)) st.pipeline_id = app.pipeline_id;
    if (st.step == CsvStep::Mapping) mapping_step(app, host, st);
    else if (st.step == CsvStep::Reading) reading_step(app, st);
    else summary_step(app, host, st);
    if (!app.csv_import) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

std::string file_stamp(Host& host) {
    Time local = host.now() + (Time)host.utc_offset_minutes() * 60;
    std::string d = format_date(local);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%s%s-%02d%02d", d.substr(0, 4).c_str(), d.substr(5, 2).c_str(), d.substr(8, 2).c_str(),
                  (int)(local / 3600 % 24), (int)(local / 60 % 60));
    return buf;
}

}  // namespace

std::vector<uint32_t> board_deal_positions(const App& app) {
    // The same query as the board's own, so a seller exports only what their board shows.
    const Workspace& ws = app.store.ws();
    BoardQuery q = app.board_query;
    q.pipeline_id = app.pipeline_id;
    q.search = "";
    q.status = app.status_filter;
    Board all = build_columns(ws, q), shown_board;
    filter_columns(ws, all, app.search, shown_board);
    std::vector<uint32_t> out;
    for (const Column& c : shown_board.columns) out.insert(out.end(), c.cards.begin(), c.cards.end());
    return out;
}

void app_offer_csv(App& app, Host& host, const std::string& file_name, std::string bytes) {
    (void)host;
    auto st = std::make_unique<CsvImportState>();
    Text error;
    if (!st->import.open(std::move(bytes), error)) {
        app.import_error = file_name + ": " + tr_plain(error);
        return;
    }
    const Workspace& ws = app.store.ws();
    st->file_name = file_name;
    st->pipeline_id = ws.find_pipeline(app.pipeline_id) ? app.pipeline_id : ws.pipelines.empty() ? "" : ws.pipelines.front().id;
    st->currency = ws.settings.default_currency;
    st->date_order = (int)st->import.guess_date_order();
    if (st->pipeline_id.empty()) {
        app.import_error = file_name + ": " + tr_plain(Text("import.csv_no_pipeline"));
        return;
    }
    app.csv_import = std::move(st);
}

// The "CSV" menu of the menu bar: import (the shell opens the file picker on pointerup over the
// item, as for Import JSON: a browser opens pickers only inside a user gesture) and the exports.
void csv_menu(App& app, Host& host) {
    bool open = ImGui::BeginMenu(lbl("import.csv_menu", "csv-menu").c_str());
    rects_record_last_item("menu:csv");
    if (!open) return;
    ImGui::MenuItem(tr("import.csv_import_item"));
    rects_record_last_item("button:import-csv");
    ImGui::TextDisabled("  %s", tr("import.csv_sources"));
    ImGui::Separator();
    std::string board = trf("import.csv_export_board", {thousands(app.board.matching)});
    if (ImGui::MenuItem(board.c_str()))
        host.download("kariz-board-" + file_stamp(host) + ".csv", deals_to_csv(app.store.ws(), board_deal_positions(app)));
    rects_record_last_item("button:export-csv-board");
    std::string all = trf("import.csv_export_all", {thousands(app.store.ws().deals.size())});
    if (ImGui::MenuItem(all.c_str())) {
        std::vector<uint32_t> positions(app.store.ws().deals.size());
        for (size_t i = 0; i < positions.size(); ++i) positions[i] = (uint32_t)i;
        host.download("kariz-deals-" + file_stamp(host) + ".csv", deals_to_csv(app.store.ws(), positions));
    }
    rects_record_last_item("button:export-csv-all");
    ImGui::EndMenu();
}

void csv_views(App& app, Host& host) { import_window(app, host); }

}  // namespace kariz
