// Each report as a table of text: the numbers the Reports window shows beside its picture and the
// CSV file "Export CSV" downloads are the same cells. Money columns are one per currency (plain
// decimals in major units, "12500.00"), plus a converted column when exchange rates are set.
#pragma once
#include <string>
#include <vector>
#include "reports.h"

namespace kariz {

enum class ReportKind { Stages, Funnel, Time, WinRate, Forecast, Knowledge, Touches, Leaderboard };
constexpr int kReportKindCount = 8;
const char* report_title(ReportKind k);  // "Deals per stage"
const char* report_slug(ReportKind k);   // "stages", for file and item names

struct ReportTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> notes;  // what the figures mean, conversions, approximations
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
