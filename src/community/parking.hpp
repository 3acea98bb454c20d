// Shared parking (共享停车, issue #8): the pure rules. Availability is a set of weekly windows
// (a strict subset of RFC 5545: FREQ=WEEKLY;BYDAY=… with a local start/end time of day and EXDATE
// exceptions), minus blackouts. A booking must fit inside one occurrence of a window, keep the
// slot's buffer from every other active booking, respect the slot's duration limits and booking
// horizon, and the household's quota of active bookings. Local time is China Standard Time
// (UTC+8, no daylight saving), so a window's occurrence is a fixed UTC interval.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace weilai::community {

inline constexpr std::int64_t kLocalOffsetMs = 8 * kHourMs;  // Asia/Shanghai

struct Interval {
  std::int64_t start = 0;  // Unix ms, inclusive
  std::int64_t end = 0;    // Unix ms, exclusive
};

// One weekly window: on the marked weekdays (0 = Monday … 6 = Sunday), local [start, end) minutes
// of the day, except on the listed local dates (days since 1970-01-01 local).
struct WeeklyWindow {
  std::array<bool, 7> days{};
  int start_minute = 0;
  int end_minute = 0;
  std::vector<std::int64_t> exdates;
};

// "FREQ=WEEKLY;BYDAY=MO,TU,…" only (parts in any order, each once; no INTERVAL, COUNT, UNTIL,
// BYHOUR…): anything else is invalid_argument naming what is unsupported.
Result<std::array<bool, 7>> parse_weekly_rrule(std::string_view rrule);
std::string format_weekly_rrule(const std::array<bool, 7>& days);
// "HH:MM" 00:00..24:00 (24:00 only as an end).
Result<int> parse_time_of_day(std::string_view hhmm, bool allow_24 = false);
std::string format_time_of_day(int minutes);
// "YYYY-MM-DD" → local day number; invalid dates (2026-02-30) are rejected.
Result<std::int64_t> parse_local_date(std::string_view date);
std::string format_local_date(std::int64_t day);
// Validates and builds a window; `field_prefix` names the JSON fields in errors.
Result<WeeklyWindow> make_window(std::string_view rrule, std::string_view start,
                                 std::string_view end, const std::vector<std::string>& exdates);

std::int64_t local_day(std::int64_t unix_ms);  // floor division, local time
int weekday(std::int64_t local_day);           // 0 = Monday

// Two windows of one slot overlap when they share a weekday and their times overlap.
bool windows_overlap(const WeeklyWindow& a, const WeeklyWindow& b);
// [a) and [b) overlap once each is widened by `buffer_ms` on the side facing the other.
bool overlaps(const Interval& a, const Interval& b, std::int64_t buffer_ms = 0);
// Whether `booking` lies inside one occurrence of a window and touches no blackout.
bool within_windows(const std::vector<WeeklyWindow>& windows,
                    const std::vector<Interval>& blackouts, const Interval& booking);
// The occurrences of the windows that intersect [range), minus blackouts, sorted, clipped.
std::vector<Interval> occurrences(const std::vector<WeeklyWindow>& windows,
                                  const std::vector<Interval>& blackouts, const Interval& range);

struct SlotPolicy {
  int min_minutes = 30;
  int max_minutes = 240;
  int buffer_minutes = 15;
  int horizon_days = 14;
};

struct CommunityPolicy {
  int max_active_per_household = 2;  // bookings booked or checked in, not yet ended
  int grace_minutes = 15;            // a booking not checked in by start + grace is released
  int early_check_in_minutes = 15;
  int max_active_minutes_per_household = 6 * 60;  // hours quota over the active bookings
};

Status check_slot_policy(const SlotPolicy& p);
// Duration limits, start not in the past (one minute of slack), inside the horizon.
Status check_booking_times(const SlotPolicy& p, std::int64_t now, const Interval& booking);
Status check_quota(const CommunityPolicy& p, int active_bookings);
// failed_precondition when `new_minutes` on top of `active_minutes` passes the hours quota.
Status check_hour_quota(const CommunityPolicy& p, std::int64_t active_minutes,
                        std::int64_t new_minutes);
// The price of a booking at `per_hour` (fen or points per hour), rounded up to a whole unit.
std::int64_t booking_price(std::int64_t per_hour, const Interval& booking);
// Whether a slot's price kind is one the platform knows: free, money (fen) or points (through the
// ledger).
bool valid_price_kind(std::string_view kind);

enum class BookingStatus { booked, checked_in, completed, cancelled, released };
const char* to_string(BookingStatus s);
// Points bookings: whether a booking going from `from` to `to` gives the payer the points back
// (a reversal of the charge). Only a booking cancelled while still booked — by its household
// before the start, or by the owner's rejection — is refunded; a no-show (released), a used or
// checked-in booking is not.
bool refunds_points(BookingStatus from, BookingStatus to);
std::optional<BookingStatus> parse_booking_status(std::string_view s);
bool is_active(BookingStatus s);  // holds the slot

enum class BookingAction { cancel, check_in, check_out };
std::optional<BookingAction> parse_booking_action(std::string_view s);

// The status after `action` at `now`, or failed_precondition saying why not.
Result<BookingStatus> next_status(BookingStatus current, BookingAction action,
                                  const Interval& booking, std::int64_t now,
                                  const CommunityPolicy& p);
// A booked (not checked-in) booking whose grace period has passed: it is released.
bool is_no_show(BookingStatus s, const Interval& booking, std::int64_t now,
                const CommunityPolicy& p);
// Minutes past the booked end at check-out (0 when on time).
std::int64_t overstay_minutes(const Interval& booking, std::int64_t checked_out_at);
// Hours of `booking` inside `range`.
double hours_within(const Interval& booking, const Interval& range);

}  // namespace weilai::community
