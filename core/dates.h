// Calendar arithmetic on UTC seconds, without the C library's time zone state.
#pragma once
#include <string>
#include <string_view>
#include "model.h"

namespace kariz {

// "2026-11-22T16:48:06Z" <-> seconds. Accepts a trailing "Z" or "+00:00" and optional
// fractional seconds; returns false on anything else.
std::string format_iso_time(Time t);
void append_iso_time(std::string& out, Time t);  // format_iso_time without a temporary string
bool parse_iso_time(std::string_view s, Time& out);  // a view: the snapshot reader parses in place
// Whether t lies in years 0000..9999, the times parse_iso_time can read (stored deal records,
// core/deal_record.h, carry times as numbers and are held to the same range).
bool is_iso_time_range(Time t);

// "YYYY-MM-DD" calendar dates (expected close). Validates the day against the month.
bool is_valid_date(std::string_view s);
std::string format_date(Time t);  // the UTC calendar date of t

// Whole days from `from` to `to`, rounded down; never negative.
int days_between(Time from, Time to);

int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d);

}  // namespace kariz
