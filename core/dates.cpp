#include "dates.h"
#include <cstdio>

namespace kariz {

// Howard Hinnant's civil-calendar algorithms (proleptic Gregorian, no tables, no time zone).
int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = (int)(yoe + era * 400) + (m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

static void put_digits(char* p, unsigned v, int n) {
    for (int i = n - 1; i >= 0; --i, v /= 10) p[i] = (char)('0' + v % 10);
}

// Writes "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 40 bytes) and returns its length. Digits are
// placed by hand: snprintf was about two thirds of the time of writing a snapshot.
static size_t iso_time_chars(Time t, char* buf) {
    int64_t days = floor_div(t, 86400);
    int64_t secs = t - days * 86400;
    int y; unsigned m, d;
    civil_from_days(days, y, m, d);
    if (y < 0 || y > 9999)  // outside four digits: rare, let printf handle signs and widths
        return (size_t)std::snprintf(buf, 40, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    put_digits(buf, (unsigned)y, 4);
    buf[4] = '-';
    put_digits(buf + 5, m, 2);
    buf[7] = '-';
    put_digits(buf + 8, d, 2);
    buf[10] = 'T';
    put_digits(buf + 11, (unsigned)(secs / 3600), 2);
    buf[13] = ':';
    put_digits(buf + 14, (unsigned)(secs / 60 % 60), 2);
    buf[16] = ':';
    put_digits(buf + 17, (unsigned)(secs % 60), 2);
    buf[19] = 'Z';
    return 20;
}

std::string format_iso_time(Time t) {
    char buf[40];
    return std::string(buf, iso_time_chars(t, buf));
}

void append_iso_time(std::string& out, Time t) {
    char buf[40];
    out.append(buf, iso_time_chars(t, buf));
}

std::string format_date(Time t) {
    int y; unsigned m, d;
    civil_from_days(floor_div(t, 86400), y, m, d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

// The number written by the two digits at s[pos], or -1 when one is not a digit. The caller has
// checked that s is long enough.
static int two_digits(std::string_view s, size_t pos) {
    const unsigned tens = static_cast<unsigned char>(s[pos]) - unsigned('0');
    const unsigned ones = static_cast<unsigned char>(s[pos + 1]) - unsigned('0');
    return tens > 9 || ones > 9 ? -1 : static_cast<int>(tens * 10 + ones);
}

static unsigned days_in_month(int y, unsigned m) {
    static const unsigned dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

static bool parse_date_part(std::string_view s, int& y, int& m, int& d) {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
    const int century = two_digits(s, 0), year = two_digits(s, 2);
    if (century < 0 || year < 0) return false;
    y = century * 100 + year, m = two_digits(s, 5), d = two_digits(s, 8);
    return m >= 1 && m <= 12 && d >= 1 && (unsigned)d <= days_in_month(y, (unsigned)m);
}

bool is_valid_date(std::string_view s) {
    int y, m, d;
    return s.size() == 10 && parse_date_part(s, y, m, d);
}

bool parse_iso_time(std::string_view s, Time& out) {
    int y, mo, d, h, mi, se;
    if (!parse_date_part(s, y, mo, d) || s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
    h = two_digits(s, 11), mi = two_digits(s, 14), se = two_digits(s, 17);
    if (h < 0 || mi < 0 || se < 0 || h > 23 || mi > 59 || se > 60) return false;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start || pos - start > 9) return false;
    }
    const std::string_view zone = s.substr(pos);
    if (zone != "Z" && zone != "+00:00") return false;
    out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

bool is_iso_time_range(Time t) {
    static const Time first = days_from_civil(0, 1, 1) * 86400, last = days_from_civil(10000, 1, 1) * 86400 - 1;
    return t >= first && t <= last;
}

int days_between(Time from, Time to) {
    if (to <= from) return 0;
    return (int)((to - from) / 86400);
}

}  // namespace kariz
