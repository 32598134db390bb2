// Each report as a table of text: the numbers the Reports window shows beside its picture and the
// CSV file "Export CSV" downloads are the same cells. Money columns are one per currency (plain
// decimals in major units, "12500.00"), plus a converted column when exchange rates are set.
#pragma once
#include <string>
#include <vector>
#include "messages.h"
#include "reports.h"

namespace kariz {

enum class ReportKind { Stages, Funnel, Time, WinRate, Forecast, Knowledge, Touches, Leaderboard };
constexpr int kReportKindCount = 8;
const char* report_title(ReportKind k);  // "Deals per stage" (English, as the test interface names it)
Text report_title_text(ReportKind k);    // the tab's title for the screen
const char* report_slug(ReportKind k);   // "stages", for file and item names

// `header` and `rows` are the CSV file's cells (a file format: English column names) and what the
// test interface reports. The screen draws the same table in the chosen language: `header_text`
// names the columns, and a cell with words ("All", "Lost: Price") has them in `words`.
struct ReportTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<Text> header_text;           // one per column of `header`
    std::vector<std::vector<Text>> words;    // one per cell of `rows`; empty: draw the cell as it is
    size_t name_columns = 1;                 // leading columns of names (user text); the rest are numbers
    std::vector<Text> notes;                 // what the figures mean, conversions, approximations
};

ReportTable report_table(const Reports& r, ReportKind k, const Workspace& ws);

// RFC 4180: CRLF line ends; fields with a comma, quote, CR or LF are quoted and quotes doubled.
std::string csv_field(const std::string& s);
std::string csv_text(const ReportTable& t);

// "12500.00" (no grouping, no currency): for tables and CSV.
std::string plain_amount(int64_t minor, const std::string& currency);
std::string percent_text(int64_t part, int64_t whole);  // "66.7" (one decimal), "" when whole is 0
std::string days_text(int64_t seconds);                 // "3.5" days, one decimal

}  // namespace kariz
