// Amounts and dates as other CRMs and spreadsheets write them (declared in core/csv_fields.h).
// Integers and text only: an amount never passes through a float.
#include <cstring>
#include "csv_fields.h"
#include "dates.h"

namespace kariz {

namespace {

struct Symbol { const char* text; const char* code; };
// Longest first so "US$" wins over "$". "$" alone is read as USD, the most common meaning in
// exports; a Currency column, when there is one, always wins over a symbol.
const Symbol kSymbols[] = {{"US$", "USD"}, {"R$", "BRL"}, {"C$", "CAD"}, {"A$", "AUD"}, {"$", "USD"}, {"€", "EUR"},
                           {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}, {"₺", "TRY"}, {"₽", "RUB"}, {"₩", "KRW"},
                           {"ریال", "IRR"}, {"د.إ", "AED"}, {"ر.س", "SAR"}};

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string upper3(const std::string& s) {
    std::string o = s;
    for (char& c : o)
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
    return o;
}

// Active ISO 4217 codes: letters next to an amount are a currency only when they are one of
// these ("12 EUR"), so "12abc" is not read as 12 of currency ABC.
bool is_known_currency(const std::string& code) {
    static const char* kCodes =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF "
        "CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG "
        "HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA "
        "MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD "
        "RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX "
        "USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";
    if (code.size() != 3) return false;
    for (size_t i = 0, n = std::strlen(kCodes); i + 3 <= n; i += 4)
        if (code.compare(0, 3, kCodes + i, 3) == 0) return true;
    return false;
}

// Takes a currency symbol or a three-letter code off the front or the back of `t`.
bool take_currency(std::string& t, std::string& code) {
    for (const Symbol& s : kSymbols) {
        size_t n = std::strlen(s.text);
        if (t.size() >= n && t.compare(0, n, s.text) == 0) { code = s.code; t = csv_trim(t.substr(n)); return true; }
        if (t.size() >= n && t.compare(t.size() - n, n, s.text) == 0) { code = s.code; t = csv_trim(t.substr(0, t.size() - n)); return true; }
    }
    size_t lead = 0;
    while (lead < t.size() && is_ascii_letter(t[lead])) ++lead;
    if (lead == 3 && is_known_currency(upper3(t.substr(0, 3)))) { code = upper3(t.substr(0, 3)); t = csv_trim(t.substr(3)); return true; }
    size_t trail = 0;
    while (trail < t.size() && is_ascii_letter(t[t.size() - 1 - trail])) ++trail;
    if (trail == 3 && is_known_currency(upper3(t.substr(t.size() - 3)))) { code = upper3(t.substr(t.size() - 3)); t = csv_trim(t.substr(0, t.size() - 3)); return true; }
    return false;
}

}  // namespace

bool csv_split_amount(const std::string& text, std::string& number, std::string& currency_in_text) {
    std::string t = csv_trim(csv_ascii_digits(text));
    currency_in_text.clear();
    std::string code;
    if (take_currency(t, code)) currency_in_text = code;
    // "USD $1,234": a code and a symbol both; they must agree or the symbol is only decoration.
    std::string second;
    if (!currency_in_text.empty() && take_currency(t, second) && second != currency_in_text && second != "USD") return false;
    number = t;
    return true;
}

bool csv_parse_number(const std::string& number, int exponent, int64_t& minor, Text& error) {
    const std::string as_written = "\"" + number + "\"";
    std::string s;  // digits and separators only: spaces and apostrophes group thousands
    for (size_t i = 0; i < number.size(); ++i) {
        unsigned char c = (unsigned char)number[i];
        if (c == ' ' || c == '\'') continue;
        if (c == 0xC2 && i + 1 < number.size() && (unsigned char)number[i + 1] == 0xA0) { ++i; continue; }  // no-break space
        if (c == 0xE2 && i + 2 < number.size() && (unsigned char)number[i + 1] == 0x80 &&
            ((unsigned char)number[i + 2] == 0xAF || (unsigned char)number[i + 2] == 0x89 || (unsigned char)number[i + 2] == 0x99)) {
            i += 2;  // narrow no-break space, thin space, right single quote (Swiss grouping)
            continue;
        }
        if (c == '-' || c == '(') { error = Text("import.value_negative", {as_written}); return false; }
        if (c == '+' && s.empty()) continue;
        if (!is_digit((char)c) && c != '.' && c != ',') { error = Text("import.value_not_number", {as_written}); return false; }
        s += (char)c;
    }
    if (s.empty()) { error = Text("import.value_no_digits", {as_written}); return false; }
    size_t last_dot = s.rfind('.'), last_comma = s.rfind(',');
    size_t dots = 0, commas = 0;
    for (char c : s) { dots += c == '.'; commas += c == ','; }
    size_t decimal = std::string::npos;  // position of the decimal separator, if any
    if (dots && commas) {
        decimal = last_dot > last_comma ? last_dot : last_comma;
        if ((s[decimal] == '.' ? dots : commas) > 1) { error = Text("import.value_two_separators", {as_written}); return false; }
    } else if (dots + commas == 1) {
        size_t at = dots ? last_dot : last_comma;
        size_t after = s.size() - at - 1;
        // "1,234" groups thousands; "1,5" and "1234.50" are decimals; KWD "1.234" is a decimal.
        bool grouping = after == 3 && at > 0 && at <= 3 && s[0] != '0' && exponent != 3;
        if (!grouping) decimal = at;
    }
    uint64_t units = 0, frac = 0;
    int int_digits = 0, frac_digits = 0;
    bool round_up = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '.' || c == ',') continue;
        int digit = c - '0';
        if (decimal == std::string::npos || i < decimal) {
            if (int_digits > 0 || digit != 0) ++int_digits;
            if (int_digits > 15) { error = Text("import.value_too_large", {as_written}); return false; }
            units = units * 10 + (uint64_t)digit;
        } else if (frac_digits < exponent) {
            frac = frac * 10 + (uint64_t)digit;
            ++frac_digits;
        } else if (frac_digits == exponent) {
            round_up = digit >= 5;  // the first dropped digit decides: half up
            ++frac_digits;
        }
    }
    for (int k = frac_digits; k < exponent; ++k) frac *= 10;
    uint64_t scale = 1;
    for (int k = 0; k < exponent; ++k) scale *= 10;
    minor = (int64_t)(units * scale + frac + (round_up ? 1 : 0));
    return true;
}

namespace {

bool read_int(const std::string& s, size_t& i, int max_digits, int& out, int& ndigits) {
    out = 0;
    ndigits = 0;
    while (i < s.size() && is_digit(s[i]) && ndigits < max_digits) { out = out * 10 + (s[i] - '0'); ++i; ++ndigits; }
    return ndigits > 0;
}

bool valid_ymd(int y, int m, int d) {
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return false;
    int yy; unsigned mm, dd;
    civil_from_days(days_from_civil(y, (unsigned)m, (unsigned)d), yy, mm, dd);
    return yy == y && (int)mm == m && (int)dd == d;  // 31 April comes back as 1 May
}

int month_from_name(const std::string& word) {
    static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (word.size() < 3) return 0;
    std::string w;
    for (char c : word) w += (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    for (int i = 0; i < 12; ++i)
        if (w.compare(0, 3, names[i]) == 0) return i + 1;
    return 0;
}

int full_year(int y, int digits) { return digits == 2 ? (y < 70 ? 2000 + y : 1900 + y) : y; }

// "14:00", "14:00:00.000", "2:30 PM", then "Z", "UTC", "+03:30", "+0330"; `i` at its start.
bool parse_time_rest(const std::string& s, size_t i, int64_t& seconds) {
    seconds = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == 'T' || s[i] == ',')) ++i;
    if (i == s.size()) return true;
    int h, mi, se = 0, n;
    if (!read_int(s, i, 2, h, n) || i >= s.size() || s[i] != ':') return false;
    ++i;
    if (!read_int(s, i, 2, mi, n) || n != 2) return false;
    if (i < s.size() && s[i] == ':') {
        ++i;
        if (!read_int(s, i, 2, se, n) || n != 2) return false;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            ++i;
            while (i < s.size() && is_digit(s[i])) ++i;
        }
    }
    while (i < s.size() && s[i] == ' ') ++i;
    std::string rest = s.substr(i);
    std::string upper = upper3(rest);
    if (upper.compare(0, 2, "AM") == 0 || upper.compare(0, 2, "PM") == 0) {
        if (h < 1 || h > 12) return false;
        h = h % 12 + (upper[0] == 'P' ? 12 : 0);
        rest = csv_trim(rest.substr(2));
        upper = upper3(rest);
    }
    if (h > 23 || mi > 59 || se > 60) return false;
    int64_t offset = 0;
    if (rest.empty() || upper == "Z" || upper == "UTC" || upper == "GMT") {
    } else if (rest[0] == '+' || rest[0] == '-') {
        size_t k = 1;
        int oh, om = 0;
        if (!read_int(rest, k, 2, oh, n) || n != 2) return false;
        if (k < rest.size() && rest[k] == ':') ++k;
        if (k < rest.size() && (!read_int(rest, k, 2, om, n) || n != 2)) return false;
        if (k != rest.size() || oh > 14 || om > 59) return false;
        offset = (oh * 3600 + om * 60) * (rest[0] == '-' ? -1 : 1);
    } else {
        return false;
    }
    seconds = h * 3600 + mi * 60 + se - offset;  // local time minus its offset is UTC
    return true;
}

// The three numbers of a numeric date and where the time starts. `kind` 1: year first.
bool numeric_parts(const std::string& s, int& a, int& b, int& c, int& c_digits, size_t& rest, int& kind) {
    size_t i = 0;
    int na, nb;
    if (!read_int(s, i, 4, a, na) || i >= s.size()) return false;
    char sep = s[i];
    if (sep != '-' && sep != '/' && sep != '.') return false;
    ++i;
    if (!read_int(s, i, 2, b, nb) || i >= s.size() || s[i] != sep) return false;
    ++i;
    if (!read_int(s, i, 4, c, c_digits)) return false;
    if (i < s.size() && is_digit(s[i])) return false;
    kind = na == 4 ? 1 : 0;
    if (kind == 1 && c_digits > 2) return false;
    if (kind == 0 && (na > 2 || (c_digits != 2 && c_digits != 4))) return false;
    rest = i;
    return true;
}

}  // namespace

int csv_date_order_hint(const std::string& text) {
    std::string s = csv_trim(csv_ascii_digits(text));
    int a, b, c, cd, kind;
    size_t rest;
    if (!numeric_parts(s, a, b, c, cd, rest, kind) || kind == 1) return 0;
    if (a > 12 && b <= 12) return 1;
    if (b > 12 && a <= 12) return 2;
    return 0;
}

bool csv_parse_date(const std::string& text, DateOrder order, Time& out) {
    std::string s = csv_trim(csv_ascii_digits(text));
    int y = 0, m = 0, d = 0;
    size_t rest = 0;
    int a, b, c, cd, kind;
    if (numeric_parts(s, a, b, c, cd, rest, kind)) {
        if (kind == 1) { y = a; m = b; d = c; }
        else {
            y = full_year(c, cd);
            bool day_first = order == DateOrder::DayFirst;
            if (a > 12) day_first = true;        // 13/02/2026 can only be the 13th of February
            else if (b > 12) day_first = false;
            d = day_first ? a : b;
            m = day_first ? b : a;
        }
    } else {
        // Month names: "1 Mar 2026", "01-Mar-2026", "Mar 1, 2026", "March 1 2026 14:00".
        int nums[2] = {0, 0}, digits[2] = {0, 0}, count = 0;
        size_t i = 0;
        while (i < s.size() && (m == 0 || count < 2)) {
            if (s[i] == ' ' || s[i] == '-' || s[i] == ',' || s[i] == '/' || s[i] == '.') { ++i; continue; }
            if (is_digit(s[i])) {
                if (count == 2) return false;
                read_int(s, i, 4, nums[count], digits[count]);
                ++count;
            } else if (is_ascii_letter(s[i]) && m == 0) {
                size_t start = i;
                while (i < s.size() && is_ascii_letter(s[i])) ++i;
                m = month_from_name(s.substr(start, i - start));
                if (m == 0) return false;
            } else {
                return false;
            }
        }
        if (m == 0 || count != 2) return false;
        int yi = digits[0] == 4 ? 0 : 1;
        y = full_year(nums[yi], digits[yi]);
        d = nums[1 - yi];
        if (digits[1 - yi] > 2) return false;
        rest = i;
    }
    if (!valid_ymd(y, m, d)) return false;
    int64_t secs;
    if (!parse_time_rest(s, rest, secs)) return false;
    out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + secs;
    return true;
}

}  // namespace kariz
