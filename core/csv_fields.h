// What the columns of other CRMs' deal exports mean, and how their values are written:
// header recognition (Pipedrive, HubSpot, Odoo, Salesforce, Zoho, Kariz's own export, and a few
// Persian and Arabic headers), amounts in the usual number formats, dates, deal status words.
// Every parser here works on text and integers only: money never passes through a float.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "messages.h"
#include "model.h"

namespace kariz {

enum class CsvField {
    Ignore, Title, Value, Currency, Pipeline, Stage, Owner, Organization, Contact, Email, Phone,
    ExpectedClose, Created, Status, LostReason, Labels, Notes
};
constexpr int kCsvFieldCount = 17;
const char* csv_field_label(CsvField f);  // "Expected close date", shown in the mapping combo

// A header reduced to what matters for matching: lower case, Arabic letter variants folded,
// anything in parentheses dropped, only letters and digits kept ("Deal - Title" -> "dealtitle").
std::string csv_header_key(const std::string& header);
// The field a header names, or Ignore. Tries the whole key, then without a leading "deal",
// "opportunity" or "potential" ("Deal owner" -> "owner", "Opportunity Name" -> "name").
CsvField csv_recognise_header(const std::string& header);
// One field per column; when two columns name the same field ("Amount" and "Amount (converted)"),
// the first keeps it and the later ones are ignored.
std::vector<CsvField> csv_recognise_headers(const std::vector<std::string>& headers);

// Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII, the Arabic decimal and thousands
// separators (٫ ٬) to '.' and ','; everything else unchanged.
std::string csv_ascii_digits(const std::string& s);
std::string csv_trim(const std::string& s);  // ASCII and no-break spaces at both ends

// "1,234.50", "1.234,50", "1 234,50", "1'234.50", "$1,234", "€ 12.500", "12500 EUR", "١٢٣٫٥".
// A currency symbol or ISO code in the text is returned in `currency_in_text` ($ is USD).
// With one separator followed by exactly three digits, the separator groups thousands
// ("1,234" and "1.234" are 1234), except in three-decimal currencies (KWD "1.234" is 1.234).
// Fraction digits beyond the currency's are rounded half up. Negative amounts are refused.
bool csv_split_amount(const std::string& text, std::string& number, std::string& currency_in_text);
// On failure `error` says why; its {0} is the value as written (the caller may put the original text there).
bool csv_parse_number(const std::string& number, int exponent, int64_t& minor, Text& error);

enum class DateOrder { DayFirst, MonthFirst };
// "2026-03-01", "2026/03/01", "2026-03-01 14:00[:00]", "2026-03-01T14:00:00[.000](Z|+03:30)",
// "01/03/2026" and "1.3.26" (day or month first per `order`, unless one part is over 12),
// "1 Mar 2026", "Mar 1, 2026", "01-Mar-2026", with an optional "2:30 PM" time. UTC.
bool csv_parse_date(const std::string& text, DateOrder order, Time& out);
// 1: the text can only be day-first (13/02/2026), 2: only month-first (02/13/2026), 0: either.
int csv_date_order_hint(const std::string& text);

// open / won / lost / disqualified and the words other CRMs use ("Closed Won", "closedlost",
// "In progress", "deleted" is not accepted). Persian and Arabic words too.
bool csv_parse_status(const std::string& text, DealStatus& out);

// Matching names across files: case, spaces, punctuation and Arabic letter variants ignored.
std::string csv_match_key(const std::string& s);

}  // namespace kariz
