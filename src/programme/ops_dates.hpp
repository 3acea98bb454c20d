// Calendar dates for the programme's monitoring and approvals: a date is a count of days since
// 1970-01-01 (proleptic Gregorian), written "YYYY-MM-DD". Working days exclude Saturdays, Sundays
// and a configurable holiday list. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace weilai::programme {

using Day = std::int64_t;  // days since 1970-01-01

Day days_from_civil(int year, int month, int day);
// "YYYY-MM-DD" with a real calendar date in 2000..2100; invalid_argument naming `field`.
Result<Day> parse_date(std::string_view text, const std::string& field = {});
std::string format_date(Day day);
// 0 = Monday … 6 = Sunday.
int weekday(Day day);
// The date in China (UTC+8) at a Unix time.
Day china_today(UnixMillis now);

bool is_working_day(Day day, const std::set<Day>& holidays);
// Working days elapsed from `start` to `end`: the working days d with start < d <= end (the day
// of submission does not count, the day of approval does). 0 when end <= start.
std::int64_t working_days_between(Day start, Day end, const std::set<Day>& holidays);

}  // namespace weilai::programme
