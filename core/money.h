// Money is integer minor units plus an ISO 4217 code; never a float.
#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace kariz {

// Digits after the decimal point for a currency (JPY 0, KWD 3, most 2).
int currency_exponent(const std::string& code);
bool is_currency_code(const std::string& code);  // three upper-case ASCII letters

// "12,500.00 EUR"; whole units only when `whole` (for compact card text).
std::string format_money(int64_t minor, const std::string& currency, bool whole = false);

// Parses "1234.5", "1,234.50" or "1234" in the currency's units into minor units.
bool parse_money(const std::string& text, const std::string& currency, int64_t& minor_out);

// Sum per currency; std::map keeps currencies in a stable order for display.
using MoneyByCurrency = std::map<std::string, int64_t>;

}  // namespace kariz
