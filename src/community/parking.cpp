#include "community/parking.hpp"

#include <algorithm>
#include <cstdio>

namespace weilai::community {
namespace {

constexpr std::array<const char*, 7> kDayCodes{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

Error precondition(std::string message) {
  return Error{ErrorCode::failed_precondition, std::move(message), {}};
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (true) {
    const auto j = s.find(sep, i);
    out.push_back(s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Days from civil (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The occurrence of `w` on local day `day`, if it has one.
std::optional<Interval> occurrence_on(const WeeklyWindow& w, std::int64_t day) {
  if (!w.days[static_cast<std::size_t>(weekday(day))]) return std::nullopt;
  if (std::find(w.exdates.begin(), w.exdates.end(), day) != w.exdates.end()) return std::nullopt;
  const std::int64_t base = day * kDayMs - kLocalOffsetMs;
  return Interval{base + w.start_minute * kMinuteMs, base + w.end_minute * kMinuteMs};
}

}  // namespace

Result<std::array<bool, 7>> parse_weekly_rrule(std::string_view rrule) {
  if (rrule.starts_with("RRULE:")) rrule.remove_prefix(6);
  std::array<bool, 7> days{};
  bool freq = false, byday = false;
  for (auto part : split(rrule, ';')) {
    const auto eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return Error::invalid("rrule part '" + std::string(part) + "' is not NAME=VALUE", "/rrule");
    const auto name = part.substr(0, eq), value = part.substr(eq + 1);
    if (name == "FREQ") {
      if (freq) return Error::invalid("FREQ appears twice", "/rrule");
      if (value != "WEEKLY")
        return Error::invalid("only FREQ=WEEKLY is supported, not FREQ=" + std::string(value),
                              "/rrule");
      freq = true;
    } else if (name == "BYDAY") {
      if (byday) return Error::invalid("BYDAY appears twice", "/rrule");
      byday = true;
      for (auto code : split(value, ',')) {
        const auto it = std::find(kDayCodes.begin(), kDayCodes.end(), code);
        if (it == kDayCodes.end())
          return Error::invalid("BYDAY value '" + std::string(code) +
                                    "' is not one of MO,TU,WE,TH,FR,SA,SU (ordinals like 1MO are "
                                    "not supported)",
                                "/rrule");
        auto& slot = days[static_cast<std::size_t>(it - kDayCodes.begin())];
        if (slot) return Error::invalid("BYDAY repeats " + std::string(code), "/rrule");
        slot = true;
      }
    } else {
      return Error::invalid(
          "rrule part " + std::string(name) + " is not supported (only FREQ=WEEKLY;BYDAY=…)",
          "/rrule");
    }
  }
  if (!freq) return Error::invalid("rrule needs FREQ=WEEKLY", "/rrule");
  if (!byday) return Error::invalid("rrule needs BYDAY", "/rrule");
  return days;
}

std::string format_weekly_rrule(const std::array<bool, 7>& days) {
  std::string out = "FREQ=WEEKLY;BYDAY=";
  bool first = true;
  for (std::size_t i = 0; i < 7; ++i) {
    if (!days[i]) continue;
    if (!first) out += ',';
    out += kDayCodes[i];
    first = false;
  }
  return out;
}

Result<int> parse_time_of_day(std::string_view s, bool allow_24) {
  if (s.size() != 5 || s[2] != ':' || !digits(s.substr(0, 2)) || !digits(s.substr(3, 2)))
    return Error::invalid("time '" + std::string(s) + "' is not HH:MM");
  const int h = to_int(s.substr(0, 2)), m = to_int(s.substr(3, 2));
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
    return Error::invalid("time '" + std::string(s) + "' is out of range");
  return h * 60 + m;
}

std::string format_time_of_day(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Result<std::int64_t> parse_local_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s.substr(0, 4)) ||
      !digits(s.substr(5, 2)) || !digits(s.substr(8, 2)))
    return Error::invalid("date '" + std::string(s) + "' is not YYYY-MM-DD");
  const int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2)), d = to_int(s.substr(8, 2));
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return Error::invalid("date '" + std::string(s) + "' is invalid");
  const auto day = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  if (format_local_date(day) != s)
    return Error::invalid("date '" + std::string(s) + "' is invalid");
  return day;
}

std::string format_local_date(std::int64_t day) {
  std::int64_t y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

Result<WeeklyWindow> make_window(std::string_view rrule, std::string_view start,
                                 std::string_view end, const std::vector<std::string>& exdates) {
  WeeklyWindow w;
  WEILAI_TRY(w.days, parse_weekly_rrule(rrule));
  auto s = parse_time_of_day(start);
  if (!s) return Error::invalid(s.error().message, "/start");
  auto e = parse_time_of_day(end, true);
  if (!e) return Error::invalid(e.error().message, "/end");
  if (*e <= *s)
    return Error::invalid("end must be after start (windows do not cross midnight)", "/end");
  w.start_minute = *s;
  w.end_minute = *e;
  for (std::size_t i = 0; i < exdates.size(); ++i) {
    auto d = parse_local_date(exdates[i]);
    if (!d) return Error::invalid(d.error().message, "/exdates/" + std::to_string(i));
    if (std::find(w.exdates.begin(), w.exdates.end(), *d) != w.exdates.end())
      return Error::invalid("exdate repeats " + exdates[i], "/exdates/" + std::to_string(i));
    w.exdates.push_back(*d);
  }
  std::sort(w.exdates.begin(), w.exdates.end());
  return w;
}

std::int64_t local_day(std::int64_t unix_ms) {
  return floor_div(unix_ms + kLocalOffsetMs, kDayMs);
}

int weekday(std::int64_t day) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  return static_cast<int>(((day + 3) % 7 + 7) % 7);
}

bool windows_overlap(const WeeklyWindow& a, const WeeklyWindow& b) {
  for (std::size_t i = 0; i < 7; ++i)
    if (a.days[i] && b.days[i] && a.start_minute < b.end_minute && b.start_minute < a.end_minute)
      return true;
  return false;
}

bool overlaps(const Interval& a, const Interval& b, std::int64_t buffer_ms) {
  return a.start < b.end + buffer_ms && b.start < a.end + buffer_ms;
}

bool within_windows(const std::vector<WeeklyWindow>& windows,
                    const std::vector<Interval>& blackouts, const Interval& booking) {
  if (booking.end <= booking.start) return false;
  for (const auto& b : blackouts)
    if (overlaps(b, booking)) return false;
  const auto day = local_day(booking.start);
  for (const auto& w : windows) {
    auto occ = occurrence_on(w, day);
    if (occ && occ->start <= booking.start && booking.end <= occ->end) return true;
  }
  return false;
}

std::vector<Interval> occurrences(const std::vector<WeeklyWindow>& windows,
                                  const std::vector<Interval>& blackouts, const Interval& range) {
  std::vector<Interval> out;
  if (range.end <= range.start) return out;
  for (auto day = local_day(range.start); day <= local_day(range.end - 1); ++day) {
    for (const auto& w : windows) {
      auto occ = occurrence_on(w, day);
      if (!occ) continue;
      Interval clipped{std::max(occ->start, range.start), std::min(occ->end, range.end)};
      if (clipped.end <= clipped.start) continue;
      // Cut blackouts out.
      std::vector<Interval> pieces{clipped};
      for (const auto& b : blackouts) {
        std::vector<Interval> next;
        for (const auto& p : pieces) {
          if (!overlaps(p, b)) {
            next.push_back(p);
            continue;
          }
          if (p.start < b.start) next.push_back({p.start, b.start});
          if (b.end < p.end) next.push_back({b.end, p.end});
        }
        pieces = std::move(next);
      }
      out.insert(out.end(), pieces.begin(), pieces.end());
    }
  }
  std::sort(out.begin(), out.end(), [](const Interval& a, const Interval& b) {
    return a.start < b.start || (a.start == b.start && a.end < b.end);
  });
  return out;
}

Status check_slot_policy(const SlotPolicy& p) {
  if (p.min_minutes < 15 || p.min_minutes > 24 * 60)
    return Error::invalid("min_minutes must be 15..1440", "/min_minutes");
  if (p.max_minutes < p.min_minutes || p.max_minutes > 24 * 60)
    return Error::invalid("max_minutes must be min_minutes..1440", "/max_minutes");
  if (p.buffer_minutes < 0 || p.buffer_minutes > 120)
    return Error::invalid("buffer_minutes must be 0..120", "/buffer_minutes");
  if (p.horizon_days < 1 || p.horizon_days > 60)
    return Error::invalid("horizon_days must be 1..60", "/horizon_days");
  return {};
}

Status check_booking_times(const SlotPolicy& p, std::int64_t now, const Interval& b) {
  if (b.end <= b.start) return Error::invalid("ends_at must be after starts_at", "/ends_at");
  if (b.start % kMinuteMs != 0 || b.end % kMinuteMs != 0)
    return Error::invalid("times must be whole minutes", "/starts_at");
  if (b.start < now - kMinuteMs) return Error::invalid("starts_at is in the past", "/starts_at");
  if (b.start > now + p.horizon_days * kDayMs)
    return Error::invalid(
        "starts_at is beyond the booking horizon of " + std::to_string(p.horizon_days) + " days",
        "/starts_at");
  const auto minutes = (b.end - b.start) / kMinuteMs;
  if (minutes < p.min_minutes)
    return Error::invalid("a booking lasts at least " + std::to_string(p.min_minutes) + " minutes",
                          "/ends_at");
  if (minutes > p.max_minutes)
    return Error::invalid("a booking lasts at most " + std::to_string(p.max_minutes) + " minutes",
                          "/ends_at");
  return {};
}

Status check_quota(const CommunityPolicy& p, int active_bookings) {
  if (active_bookings >= p.max_active_per_household)
    return precondition("your household already holds " + std::to_string(active_bookings) +
                        " active bookings (the limit is " +
                        std::to_string(p.max_active_per_household) + ")");
  return {};
}

Status check_hour_quota(const CommunityPolicy& p, std::int64_t active_minutes,
                        std::int64_t new_minutes) {
  if (active_minutes + new_minutes > p.max_active_minutes_per_household)
    return precondition("your household's active bookings would reach " +
                        std::to_string(active_minutes + new_minutes) +
                        " minutes (the hours quota is " +
                        std::to_string(p.max_active_minutes_per_household) + " minutes)");
  return {};
}

std::int64_t booking_price(std::int64_t per_hour, const Interval& booking) {
  const std::int64_t minutes = (booking.end - booking.start) / kMinuteMs;
  return (per_hour * minutes + 59) / 60;
}

bool valid_price_kind(std::string_view kind) {
  return kind == "free" || kind == "money" || kind == "points";
}

bool refunds_points(BookingStatus from, BookingStatus to) {
  return from == BookingStatus::booked && to == BookingStatus::cancelled;
}

const char* to_string(BookingStatus s) {
  switch (s) {
    case BookingStatus::booked:
      return "booked";
    case BookingStatus::checked_in:
      return "checked_in";
    case BookingStatus::completed:
      return "completed";
    case BookingStatus::cancelled:
      return "cancelled";
    case BookingStatus::released:
      return "released";
  }
  return "booked";
}

std::optional<BookingStatus> parse_booking_status(std::string_view s) {
  for (auto st : {BookingStatus::booked, BookingStatus::checked_in, BookingStatus::completed,
                  BookingStatus::cancelled, BookingStatus::released})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

bool is_active(BookingStatus s) {
  return s == BookingStatus::booked || s == BookingStatus::checked_in;
}

std::optional<BookingAction> parse_booking_action(std::string_view s) {
  if (s == "cancel") return BookingAction::cancel;
  if (s == "check_in") return BookingAction::check_in;
  if (s == "check_out") return BookingAction::check_out;
  return std::nullopt;
}

Result<BookingStatus> next_status(BookingStatus current, BookingAction action, const Interval& b,
                                  std::int64_t now, const CommunityPolicy& p) {
  if (is_no_show(current, b, now, p))
    return precondition("the booking was released: nobody checked in within " +
                        std::to_string(p.grace_minutes) + " minutes of its start");
  switch (action) {
    case BookingAction::cancel:
      if (current != BookingStatus::booked)
        return precondition(std::string("a ") + to_string(current) +
                            " booking cannot be cancelled");
      if (now >= b.start) return precondition("the booking has started; check in or let it lapse");
      return BookingStatus::cancelled;
    case BookingAction::check_in:
      if (current != BookingStatus::booked)
        return precondition(std::string("a ") + to_string(current) +
                            " booking cannot be checked in");
      if (now < b.start - p.early_check_in_minutes * kMinuteMs)
        return precondition("check-in opens " + std::to_string(p.early_check_in_minutes) +
                            " minutes before the start");
      return BookingStatus::checked_in;
    case BookingAction::check_out:
      if (current != BookingStatus::checked_in)
        return precondition(std::string("a ") + to_string(current) +
                            " booking cannot be checked out");
      return BookingStatus::completed;
  }
  return precondition("unknown action");
}

bool is_no_show(BookingStatus s, const Interval& b, std::int64_t now, const CommunityPolicy& p) {
  return s == BookingStatus::booked && now >= b.start + p.grace_minutes * kMinuteMs;
}

std::int64_t overstay_minutes(const Interval& b, std::int64_t checked_out_at) {
  return checked_out_at > b.end ? (checked_out_at - b.end + kMinuteMs - 1) / kMinuteMs : 0;
}

double hours_within(const Interval& b, const Interval& range) {
  const auto s = std::max(b.start, range.start), e = std::min(b.end, range.end);
  return e > s ? static_cast<double>(e - s) / static_cast<double>(kHourMs) : 0.0;
}

}  // namespace weilai::community
