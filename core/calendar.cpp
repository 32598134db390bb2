// Solar Hijri <-> Gregorian (calendar.h). Days are counted with dates.h's days_from_civil, so
// both calendars meet on the same day numbers the rest of Kariz uses.
#include "calendar.h"

#include "dates.h"

namespace kariz {

namespace {

// Years (Solar Hijri) where the 33-year leap pattern restarts; the table ends before 3178.
const int kBreaks[] = {-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178};

// Truncating division and remainder, as the published algorithm uses them.
int div(int a, int b) { return a / b; }
int mod(int a, int b) { return a - (a / b) * b; }

struct YearInfo {
    int leap = 0;       // 0 in a leap year (years since the last leap year, as the algorithm counts)
    int gy = 0;         // the Gregorian year in which this Solar Hijri year begins
    int march = 0;      // the day of March on which it begins (Nowruz)
};

bool year_info(int jy, YearInfo& out) {
    const int n_breaks = (int)(sizeof kBreaks / sizeof kBreaks[0]);
    if (jy < 1 || jy >= kBreaks[n_breaks - 1]) return false;
    int gy = jy + 621, leap_j = -14, jp = kBreaks[0], jump = 0;
    for (int i = 1; i < n_breaks; ++i) {
        int jm = kBreaks[i];
        jump = jm - jp;
        if (jy < jm) break;
        leap_j += div(jump, 33) * 8 + div(mod(jump, 33), 4);
        jp = jm;
    }
    int n = jy - jp;
    leap_j += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) == 4 && jump - n == 4) leap_j += 1;
    int leap_g = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    out.march = 20 + leap_j - leap_g;
    if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
    int leap = mod(mod(n + 1, 33) - 1, 4);
    out.leap = leap == -1 ? 4 : leap;
    out.gy = gy;
    return true;
}

}  // namespace

bool is_solar_hijri_leap_year(int jy) {
    YearInfo y;
    return year_info(jy, y) && y.leap == 0;
}

int solar_hijri_month_length(int jy, int jm) {
    if (jm <= 6) return 31;
    if (jm <= 11) return 30;
    return is_solar_hijri_leap_year(jy) ? 30 : 29;
}

bool gregorian_from_solar_hijri(const CivilDate& j, CivilDate& out) {
    YearInfo y;
    if (j.month < 1 || j.month > 12 || j.day < 1 || !year_info(j.year, y)) return false;
    if (j.day > solar_hijri_month_length(j.year, j.month)) return false;
    int64_t day = days_from_civil(y.gy, 3, (unsigned)y.march) + (j.month - 1) * 31 - div(j.month, 7) * (j.month - 7) + j.day - 1;
    unsigned m = 0, d = 0;
    civil_from_days(day, out.year, m, d);
    out.month = (int)m;
    out.day = (int)d;
    return true;
}

bool solar_hijri_from_gregorian(const CivilDate& g, CivilDate& out) {
    if (g.month < 1 || g.month > 12 || g.day < 1 || g.day > 31) return false;
    int64_t day = days_from_civil(g.year, (unsigned)g.month, (unsigned)g.day);
    int jy = g.year - 621;
    YearInfo y;
    if (!year_info(jy, y)) return false;
    int64_t k = day - days_from_civil(y.gy, 3, (unsigned)y.march);  // days since this year's Nowruz
    if (k >= 0) {
        if (k <= 185) {  // the six 31-day months
            out = {jy, 1 + (int)(k / 31), (int)(k % 31) + 1};
            return true;
        }
        k -= 186;
    } else {  // before Nowruz: the end of the previous Solar Hijri year
        jy -= 1;
        if (jy < 1) return false;
        k += 179;
        if (y.leap == 1) k += 1;
    }
    out = {jy, 7 + (int)(k / 30), (int)(k % 30) + 1};
    return true;
}

}  // namespace kariz
