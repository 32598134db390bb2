// The Solar Hijri (Jalali) calendar, the civil calendar of Iran and Afghanistan, next to the
// Gregorian one that Kariz stores. Dates are always stored as Gregorian "YYYY-MM-DD"; the Solar
// Hijri form is only for showing them (and reading what a Persian user types).
#pragma once
#include <cstdint>
#include <string>

namespace kariz {

struct CivilDate {
    int year = 0, month = 0, day = 0;
    bool operator==(const CivilDate& o) const { return year == o.year && month == o.month && day == o.day; }
};

// The arithmetic of the 2820-year table with its break years (the algorithm behind the widely used
// "jalaali" libraries, after Borkowski): exact for Solar Hijri years 1..3177, i.e. Gregorian 622..3798.
// Returns false outside that range.
bool solar_hijri_from_gregorian(const CivilDate& g, CivilDate& out);
bool gregorian_from_solar_hijri(const CivilDate& j, CivilDate& out);
bool is_solar_hijri_leap_year(int jy);
int solar_hijri_month_length(int jy, int jm);  // 31 for months 1..6, 30 for 7..11, 29/30 for 12

}  // namespace kariz
