#include "money.h"

namespace kariz {

int currency_exponent(const std::string& c) {
    static const char* zero[] = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF", "IRR", "IQD"};
    static const char* three[] = {"KWD", "BHD", "OMR", "JOD", "TND", "LYD"};
    for (const char* z : zero)
        if (c == z) return 0;
    for (const char* t : three)
        if (c == t) return 3;
    return 2;
}

bool is_currency_code(const std::string& c) {
    if (c.size() != 3) return false;
    for (char ch : c)
        if (ch < 'A' || ch > 'Z') return false;
    return true;
}

static std::string group_thousands(uint64_t v) {
    std::string digits = std::to_string(v), out;
    int n = (int)digits.size();
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_money(int64_t minor, const std::string& currency, bool whole) {
    int exp = currency_exponent(currency);
    uint64_t scale = 1;
    for (int i = 0; i < exp; ++i) scale *= 10;
    bool neg = minor < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    std::string s = neg ? "-" : "";
    if (whole) {
        s += group_thousands((mag + scale / 2) / scale);
    } else {
        s += group_thousands(mag / scale);
        if (exp > 0) {
            std::string frac = std::to_string(mag % scale);
            s += "." + std::string((size_t)exp - frac.size(), '0') + frac;
        }
    }
    return s + " " + currency;
}

bool parse_money(const std::string& text, const std::string& currency, int64_t& out) {
    int exp = currency_exponent(currency);
    size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    bool neg = false;
    if (i < text.size() && text[i] == '-') { neg = true; ++i; }
    uint64_t units = 0, frac = 0;
    int frac_digits = 0, digits = 0;
    bool in_frac = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == ',' && !in_frac) continue;
        if (c == '.' && !in_frac) { in_frac = true; continue; }
        if (c == ' ') break;
        if (c < '0' || c > '9') return false;
        if (in_frac) {
            if (++frac_digits > exp) return false;
            frac = frac * 10 + (uint64_t)(c - '0');
        } else {
            if (++digits > 15) return false;  // keeps the result far from int64 overflow
            units = units * 10 + (uint64_t)(c - '0');
        }
    }
    for (; i < text.size(); ++i)
        if (text[i] != ' ') return false;
    if (digits == 0 && frac_digits == 0) return false;
    for (int k = frac_digits; k < exp; ++k) frac *= 10;
    uint64_t scale = 1;
    for (int k = 0; k < exp; ++k) scale *= 10;
    int64_t v = (int64_t)(units * scale + frac);
    out = neg ? -v : v;
    return true;
}

}  // namespace kariz
