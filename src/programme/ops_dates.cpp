#include "programme/ops_dates.hpp"

#include <charconv>
#include <cstdio>

namespace weilai::programme {

// Howard Hinnant's days_from_civil.
Day days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<Day>(era) * 146097 + doe - 719468;
}

namespace {
void civil_from_days(Day z, int& y, int& m, int& d) {
  z += 719468;
  const Day era = (z >= 0 ? z : z - 146096) / 146097;
  const Day doe = z - era * 146097;
  const Day yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const Day doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const Day mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

bool digits(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}
}  // namespace

Result<Day> parse_date(std::string_view t, const std::string& field) {
  auto bad = [&] {
    return Error::invalid("expected a date YYYY-MM-DD, got '" + std::string(t) + "'", field);
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return bad();
  int y = 0, m = 0, d = 0;
  if (!digits(t.substr(0, 4), y) || !digits(t.substr(5, 2), m) || !digits(t.substr(8, 2), d))
    return bad();
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1) return bad();
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return bad();
  return days_from_civil(y, m, d);
}

std::string format_date(Day day) {
  int y = 0, m = 0, d = 0;
  civil_from_days(day, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int weekday(Day day) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

Day china_today(UnixMillis now) {
  const std::int64_t ms = now + std::int64_t{8} * 3600 * 1000;
  return ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
}

bool is_working_day(Day day, const std::set<Day>& holidays) {
  return weekday(day) < 5 && !holidays.count(day);
}

std::int64_t working_days_between(Day start, Day end, const std::set<Day>& holidays) {
  std::int64_t n = 0;
  for (Day d = start + 1; d <= end; ++d)
    if (is_working_day(d, holidays)) ++n;
  return n;
}

}  // namespace weilai::programme
