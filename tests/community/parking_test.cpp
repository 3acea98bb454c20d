#include "community/parking.hpp"

#include <gtest/gtest.h>

namespace weilai::community {
namespace {

// 2026-12-07 is a Monday; local midnight is 16:00 UTC the day before.
std::int64_t local(const char* date, int h, int m = 0) {
  return *parse_local_date(date) * kDayMs - kLocalOffsetMs + (h * 60 + m) * kMinuteMs;
}

TEST(ParkingRrule, AcceptsTheWeeklySubsetStrictly) {
  auto days = parse_weekly_rrule("FREQ=WEEKLY;BYDAY=MO,WE,FR");
  ASSERT_TRUE(days);
  EXPECT_TRUE((*days)[0] && (*days)[2] && (*days)[4]);
  EXPECT_FALSE((*days)[1] || (*days)[5] || (*days)[6]);
  EXPECT_EQ(format_weekly_rrule(*days), "FREQ=WEEKLY;BYDAY=MO,WE,FR");
  EXPECT_TRUE(parse_weekly_rrule("RRULE:BYDAY=SU;FREQ=WEEKLY"));
  for (const char* bad :
       {"", "FREQ=DAILY", "FREQ=WEEKLY", "BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO;INTERVAL=2",
        "FREQ=WEEKLY;BYDAY=1MO", "FREQ=WEEKLY;BYDAY=MO,MO", "FREQ=WEEKLY;FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=", "FREQ=WEEKLY;BYDAY=MO;COUNT=3", "freq=weekly;byday=mo",
        "FREQ=WEEKLY;;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270101T000000Z"}) {
    auto r = parse_weekly_rrule(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().field, "/rrule") << bad;
    }
  }
}

TEST(ParkingRrule, TimesAndDates) {
  EXPECT_EQ(*parse_time_of_day("08:30"), 510);
  EXPECT_EQ(*parse_time_of_day("24:00", true), 1440);
  EXPECT_FALSE(parse_time_of_day("24:00"));
  EXPECT_FALSE(parse_time_of_day("8:30"));
  EXPECT_FALSE(parse_time_of_day("08:60"));
  EXPECT_EQ(format_time_of_day(510), "08:30");
  EXPECT_EQ(weekday(*parse_local_date("2026-12-07")), 0);  // Monday
  EXPECT_EQ(weekday(*parse_local_date("2026-12-13")), 6);  // Sunday
  EXPECT_EQ(format_local_date(*parse_local_date("2028-02-29")), "2028-02-29");
  EXPECT_FALSE(parse_local_date("2026-02-30"));
  EXPECT_FALSE(parse_local_date("2026-2-03"));
  EXPECT_EQ(local_day(local("2026-12-07", 0)), *parse_local_date("2026-12-07"));
  EXPECT_EQ(local_day(local("2026-12-07", 0) - 1), *parse_local_date("2026-12-06"));
  EXPECT_FALSE(make_window("FREQ=WEEKLY;BYDAY=MO", "18:00", "08:00", {}));
  auto bad_ex = make_window("FREQ=WEEKLY;BYDAY=MO", "08:00", "18:00", {"2026-13-01"});
  ASSERT_FALSE(bad_ex);
  EXPECT_EQ(bad_ex.error().field, "/exdates/0");
}

TEST(ParkingWindows, ContainmentExdatesAndBlackouts) {
  auto w = *make_window("FREQ=WEEKLY;BYDAY=MO,TU", "08:00", "18:00", {"2026-12-08"});
  const std::vector<WeeklyWindow> ws{w};
  EXPECT_TRUE(within_windows(ws, {}, {local("2026-12-07", 8), local("2026-12-07", 18)}));
  EXPECT_FALSE(within_windows(ws, {}, {local("2026-12-07", 7, 59), local("2026-12-07", 9)}));
  EXPECT_FALSE(within_windows(ws, {}, {local("2026-12-07", 17), local("2026-12-07", 18, 1)}));
  EXPECT_FALSE(
      within_windows(ws, {}, {local("2026-12-08", 9), local("2026-12-08", 10)}));  // EXDATE
  EXPECT_TRUE(within_windows(ws, {}, {local("2026-12-14", 9), local("2026-12-14", 10)}));
  EXPECT_FALSE(within_windows(ws, {}, {local("2026-12-09", 9), local("2026-12-09", 10)}));  // WE
  const std::vector<Interval> blackout{{local("2026-12-07", 12), local("2026-12-07", 13)}};
  EXPECT_FALSE(
      within_windows(ws, blackout, {local("2026-12-07", 11), local("2026-12-07", 12, 30)}));
  EXPECT_TRUE(within_windows(ws, blackout, {local("2026-12-07", 11), local("2026-12-07", 12)}));
  // Occurrences over a week, blackout cut out.
  auto occ = occurrences(ws, blackout, {local("2026-12-07", 0), local("2026-12-14", 0)});
  ASSERT_EQ(occ.size(), 2u);
  EXPECT_EQ(occ[0].start, local("2026-12-07", 8));
  EXPECT_EQ(occ[0].end, local("2026-12-07", 12));
  EXPECT_EQ(occ[1].start, local("2026-12-07", 13));
  // Overlapping rules of one slot.
  auto w2 = *make_window("FREQ=WEEKLY;BYDAY=TU,SA", "17:00", "20:00", {});
  auto w3 = *make_window("FREQ=WEEKLY;BYDAY=WE", "07:00", "20:00", {});
  EXPECT_TRUE(windows_overlap(w, w2));
  EXPECT_FALSE(windows_overlap(w, w3));
  auto w4 = *make_window("FREQ=WEEKLY;BYDAY=MO", "18:00", "20:00", {});
  EXPECT_FALSE(windows_overlap(w, w4));  // touching is not overlapping
}

TEST(ParkingOverlap, BufferWidensBothSides) {
  const Interval a{0, 60 * kMinuteMs};
  EXPECT_FALSE(overlaps(a, {60 * kMinuteMs, 120 * kMinuteMs}));
  EXPECT_TRUE(overlaps(a, {60 * kMinuteMs, 120 * kMinuteMs}, 15 * kMinuteMs));
  EXPECT_FALSE(overlaps(a, {75 * kMinuteMs, 120 * kMinuteMs}, 15 * kMinuteMs));
  EXPECT_TRUE(overlaps({75 * kMinuteMs, 120 * kMinuteMs}, a, 16 * kMinuteMs));
  EXPECT_TRUE(overlaps(a, {10 * kMinuteMs, 20 * kMinuteMs}));
}

TEST(ParkingPolicy, DurationHorizonQuota) {
  const SlotPolicy p{30, 120, 15, 7};
  const std::int64_t now = local("2026-12-07", 8);
  EXPECT_TRUE(check_booking_times(p, now, {now + kHourMs, now + 2 * kHourMs}));
  EXPECT_FALSE(check_booking_times(p, now, {now + kHourMs, now + kHourMs + 29 * kMinuteMs}));
  EXPECT_FALSE(check_booking_times(p, now, {now + kHourMs, now + 3 * kHourMs + kMinuteMs}));
  EXPECT_FALSE(check_booking_times(p, now, {now - kHourMs, now}));
  EXPECT_FALSE(check_booking_times(p, now, {now + 8 * kDayMs, now + 8 * kDayMs + kHourMs}));
  EXPECT_FALSE(check_booking_times(p, now, {now + 1000, now + kHourMs + 1000}));
  EXPECT_FALSE(check_booking_times(p, now, {now + kHourMs, now + kHourMs}));
  EXPECT_TRUE(check_slot_policy(p));
  EXPECT_FALSE(check_slot_policy({60, 30, 0, 7}));
  EXPECT_FALSE(check_slot_policy({30, 60, -1, 7}));
  CommunityPolicy c;
  EXPECT_TRUE(check_quota(c, 1));
  auto q = check_quota(c, 2);
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, ErrorCode::failed_precondition);
  // Hours quota: 6 hours of active bookings per household.
  EXPECT_TRUE(check_hour_quota(c, 240, 120));
  auto h = check_hour_quota(c, 240, 121);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, ErrorCode::failed_precondition);
  // Price per hour, rounded up to a whole fen or point.
  EXPECT_EQ(booking_price(0, {0, 2 * kHourMs}), 0);
  EXPECT_EQ(booking_price(500, {0, 2 * kHourMs}), 1000);
  EXPECT_EQ(booking_price(500, {0, 45 * kMinuteMs}), 375);
  EXPECT_EQ(booking_price(7, {0, 30 * kMinuteMs}), 4);
}

TEST(ParkingPrice, PointsKindAndRefunds) {
  EXPECT_TRUE(valid_price_kind("free"));
  EXPECT_TRUE(valid_price_kind("money"));
  EXPECT_TRUE(valid_price_kind("points"));
  EXPECT_FALSE(valid_price_kind("hours"));
  EXPECT_FALSE(valid_price_kind("Points"));
  using S = BookingStatus;
  // Cancelled while booked (before the start, or rejected by the owner): refunded.
  EXPECT_TRUE(refunds_points(S::booked, S::cancelled));
  // A no-show keeps the charge; so does a used booking.
  EXPECT_FALSE(refunds_points(S::booked, S::released));
  EXPECT_FALSE(refunds_points(S::booked, S::checked_in));
  EXPECT_FALSE(refunds_points(S::checked_in, S::completed));
  EXPECT_FALSE(refunds_points(S::cancelled, S::cancelled));
  EXPECT_FALSE(refunds_points(S::released, S::cancelled));
}

TEST(ParkingLifecycle, TransitionsNoShowAndOverstay) {
  const CommunityPolicy c;  // grace 15, early check-in 15
  const Interval b{local("2026-12-07", 9), local("2026-12-07", 11)};
  using S = BookingStatus;
  using A = BookingAction;
  EXPECT_EQ(*next_status(S::booked, A::cancel, b, b.start - kHourMs, c), S::cancelled);
  EXPECT_FALSE(next_status(S::booked, A::cancel, b, b.start, c));
  EXPECT_FALSE(next_status(S::booked, A::check_in, b, b.start - 16 * kMinuteMs, c));
  EXPECT_EQ(*next_status(S::booked, A::check_in, b, b.start - 15 * kMinuteMs, c), S::checked_in);
  EXPECT_EQ(*next_status(S::booked, A::check_in, b, b.start + 14 * kMinuteMs, c), S::checked_in);
  EXPECT_FALSE(next_status(S::booked, A::check_in, b, b.start + 15 * kMinuteMs, c));
  EXPECT_TRUE(is_no_show(S::booked, b, b.start + 15 * kMinuteMs, c));
  EXPECT_FALSE(is_no_show(S::checked_in, b, b.start + 15 * kMinuteMs, c));
  EXPECT_EQ(*next_status(S::checked_in, A::check_out, b, b.end + 5, c), S::completed);
  EXPECT_FALSE(next_status(S::booked, A::check_out, b, b.start - kMinuteMs, c));
  EXPECT_FALSE(next_status(S::cancelled, A::check_in, b, b.start, c));
  EXPECT_FALSE(next_status(S::completed, A::cancel, b, b.start - kHourMs, c));
  EXPECT_EQ(overstay_minutes(b, b.end), 0);
  EXPECT_EQ(overstay_minutes(b, b.end + 61 * 1000), 2);
  EXPECT_DOUBLE_EQ(hours_within(b, {b.start + kHourMs, b.end + kHourMs}), 1.0);
  EXPECT_TRUE(is_active(S::booked) && is_active(S::checked_in) && !is_active(S::released));
  EXPECT_EQ(parse_booking_status("released"), S::released);
  EXPECT_FALSE(parse_booking_action("explode"));
}

}  // namespace
}  // namespace weilai::community
