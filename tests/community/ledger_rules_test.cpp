#include <gtest/gtest.h>

#include "community/foundation.hpp"
#include "community/ledger.hpp"
#include "community/points.hpp"
#include "community/time_bank.hpp"

namespace weilai::community {
namespace {

// 2026-11-29 12:00 China time (04:00 UTC).
constexpr UnixMillis kNoon = 1795924800000;
constexpr std::int64_t kHourMs = 3600LL * 1000;

TEST(Ledger, PostingsMustBalancePerUnit) {
  Posting p;
  p.community_id = 1;
  p.kind = "t";
  p.entries = {{1, Unit::hour, -60, {}}, {2, Unit::hour, 60, {}}};
  EXPECT_TRUE(validate_posting(p));
  p.entries.push_back({3, Unit::point, 5, {}});
  EXPECT_FALSE(validate_posting(p));  // POINT sums to 5
  p.entries.push_back({4, Unit::point, -5, {}});
  EXPECT_TRUE(validate_posting(p));
  // Units never net against each other: −60 HOUR + 60 POINT is two unbalanced units.
  p.entries = {{1, Unit::hour, -60, {}}, {2, Unit::point, 60, {}}};
  EXPECT_FALSE(validate_posting(p));
  p.entries = {{1, Unit::hour, 0, {}}, {2, Unit::hour, 0, {}}};
  EXPECT_FALSE(validate_posting(p));
  p.entries = {{1, Unit::hour, 60, {}}};
  EXPECT_FALSE(validate_posting(p));
  p.entries = {{1, Unit::cny, INT64_MAX, {}}, {2, Unit::cny, 1, {}}, {3, Unit::cny, INT64_MIN, {}}};
  EXPECT_FALSE(validate_posting(p));  // overflow is refused, not wrapped
}

TEST(Ledger, ReversalUndoesEveryEntry) {
  std::vector<Entry> original{
      {1, Unit::cny, -500, 99}, {2, Unit::cny, 300, {}}, {3, Unit::cny, 200, {}}};
  auto rev = reversal_entries(original);
  ASSERT_EQ(rev.size(), 3u);
  for (std::size_t i = 0; i < rev.size(); ++i) {
    EXPECT_EQ(rev[i].account_id, original[i].account_id);
    EXPECT_EQ(rev[i].amount + original[i].amount, 0);
    EXPECT_FALSE(rev[i].expires_at);
  }
  Posting p;
  p.community_id = 1;
  p.entries = rev;
  EXPECT_TRUE(validate_posting(p));
}

TEST(Ledger, LimitsAndVerification) {
  EXPECT_TRUE(within_limit(10, -10, 0));
  EXPECT_FALSE(within_limit(10, -11, 0));
  EXPECT_TRUE(within_limit(0, -1'000'000, std::nullopt));
  EXPECT_TRUE(within_limit(-100, -900, -1000));
  EXPECT_FALSE(within_limit(INT64_MIN + 1, -2, std::nullopt) && false);
  EXPECT_FALSE(within_limit(INT64_MIN + 1, -2, INT64_MIN));

  std::vector<AccountState> ok{{1, Unit::hour, -90, -90, std::nullopt}, {2, Unit::hour, 90, 90, 0}};
  auto good = verify_accounts(ok, {});
  EXPECT_TRUE(good.ok);
  EXPECT_EQ(good.unit_sums.at(Unit::hour), 0);

  auto cached_wrong = ok;
  cached_wrong[1].cached = 120;
  auto r1 = verify_accounts(cached_wrong, {});
  EXPECT_FALSE(r1.ok);
  ASSERT_EQ(r1.problems.size(), 1u);
  EXPECT_NE(r1.problems[0].find("account 2"), std::string::npos);

  std::vector<AccountState> below{{1, Unit::point, 5, 5, std::nullopt},
                                  {2, Unit::point, -5, -5, 0}};
  EXPECT_FALSE(verify_accounts(below, {}).ok);
  std::vector<AccountState> nonzero{{1, Unit::cny, 5, 5, std::nullopt}};
  EXPECT_FALSE(verify_accounts(nonzero, {}).ok);
  EXPECT_FALSE(verify_accounts(ok, {7}).ok);
}

TEST(Ledger, Formatting) {
  EXPECT_EQ(format_fen(123456), "1234.56");
  EXPECT_EQ(format_fen(5), "0.05");
  EXPECT_EQ(format_fen(-250), "-2.50");
  EXPECT_EQ(format_hours(90), "1.5");
  EXPECT_EQ(format_hours(120), "2");
  EXPECT_EQ(format_hours(-30), "-0.5");
  EXPECT_EQ(*parse_unit("HOUR"), Unit::hour);
  EXPECT_FALSE(parse_unit("hour"));
}

TEST(TimeBank, HalfHourSteps) {
  EXPECT_TRUE(validate_minutes(30, "/m"));
  EXPECT_TRUE(validate_minutes(90, "/m"));
  EXPECT_FALSE(validate_minutes(0, "/m"));
  EXPECT_FALSE(validate_minutes(45, "/m"));
  EXPECT_FALSE(validate_minutes(-30, "/m"));
  EXPECT_FALSE(validate_minutes(600, "/m", 480));
  EXPECT_EQ(service_minutes(0, 1000), 30);             // at least one step
  EXPECT_EQ(service_minutes(0, 44 * 60 * 1000), 30);   // 44 min → 0.5 h
  EXPECT_EQ(service_minutes(0, 46 * 60 * 1000), 60);   // 46 min → 1 h
  EXPECT_EQ(service_minutes(0, 100 * 60 * 1000), 90);  // 1 h 40 → 1.5 h
  EXPECT_EQ(service_minutes(5000, 0), 30);
}

TEST(TimeBank, DaysAndYearsInChinaTime) {
  EXPECT_EQ(china_day_start(kNoon), kNoon - 12 * kHourMs);
  // 23:30 UTC on 28 Nov is 07:30 on 29 Nov in China.
  EXPECT_EQ(china_day_start(kNoon - 4 * kHourMs - 30 * 60 * 1000), kNoon - 12 * kHourMs);
  EXPECT_EQ(china_year(kNoon), 2026);
  EXPECT_EQ(china_year(china_year_start(kNoon)), 2026);
  EXPECT_EQ(china_year(china_year_start(kNoon) - 1), 2025);
  EXPECT_EQ(period_start(CapPeriod::day, kNoon), china_day_start(kNoon));
  EXPECT_EQ(china_year(period_start(CapPeriod::month, kNoon)), 2026);
  EXPECT_LT(period_start(CapPeriod::month, kNoon), kNoon - 27LL * 24 * kHourMs);
  EXPECT_GT(period_start(CapPeriod::month, kNoon), kNoon - 30LL * 24 * kHourMs);
}

TEST(TimeBank, CapsOnCreditAgeAndTransfer) {
  TimeBankPolicy p;  // 2 h a day, 1,500 h stored
  EXPECT_TRUE(validate_policy(p));
  EXPECT_TRUE(check_credit(p, 60, 0, 60));
  EXPECT_EQ(check_credit(p, 90, 0, 60).error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(check_credit(p, 0, 90'000 - 30, 60).error().code, ErrorCode::failed_precondition);
  EXPECT_TRUE(check_credit(p, 0, 90'000 - 60, 60));

  EXPECT_TRUE(check_spend_age(p, 1960, kNoon));   // 66
  EXPECT_FALSE(check_spend_age(p, 1990, kNoon));  // 36
  EXPECT_FALSE(check_spend_age(p, std::nullopt, kNoon));
  p.spend_min_age = 0;
  EXPECT_TRUE(check_spend_age(p, std::nullopt, kNoon));

  TransferFacts f{1, 2, true, false, 0, 60};
  EXPECT_TRUE(check_transfer(p, f));
  f.same_household = false;
  EXPECT_EQ(check_transfer(p, f).error().code, ErrorCode::permission_denied);
  f.registered_relative = true;
  EXPECT_TRUE(check_transfer(p, f));
  f.sent_this_year = p.transfer_annual_cap_minutes - 30;
  EXPECT_EQ(check_transfer(p, f).error().code, ErrorCode::failed_precondition);
  f.sent_this_year = 0;
  f.to_person = 1;
  EXPECT_FALSE(check_transfer(p, f));

  TimeBankPolicy bad;
  bad.daily_cap_minutes = 45;
  EXPECT_FALSE(validate_policy(bad));
  bad = {};
  bad.starter_grant_minutes = bad.storage_cap_minutes + 30;
  EXPECT_FALSE(validate_policy(bad));
}

TEST(TimeBank, WhoConfirms) {
  ConfirmFacts f;
  f.confirmer_account = 7;
  f.volunteer_account = 7;
  f.served_account = 7;
  EXPECT_EQ(confirm_role(f).error().code, ErrorCode::permission_denied);  // own service
  f.volunteer_account = 8;
  EXPECT_EQ(*confirm_role(f), ConfirmAs::self);
  f.served_account.reset();
  f.confirmer_in_served_household = true;
  EXPECT_EQ(*confirm_role(f), ConfirmAs::family);
  f.confirmer_in_served_household = false;
  f.confirmer_is_grid_proxy = true;
  EXPECT_EQ(*confirm_role(f), ConfirmAs::proxy);
  f.confirmer_is_grid_proxy = false;
  EXPECT_EQ(confirm_role(f).error().code, ErrorCode::permission_denied);
  f.confirmer_is_grid_proxy = true;
  f.volunteer_account = 7;  // a grid worker who volunteered cannot confirm as proxy either
  EXPECT_EQ(confirm_role(f).error().code, ErrorCode::permission_denied);
}

TEST(Points, CapsAndRedemptionLimits) {
  EXPECT_TRUE(check_award_cap(std::nullopt, 1'000'000, 10));
  EXPECT_TRUE(check_award_cap(30, 20, 10));
  EXPECT_FALSE(check_award_cap(30, 25, 10));
  EXPECT_TRUE(check_redeem(2, 1, 5));
  EXPECT_FALSE(check_redeem(2, 2, 5));
  EXPECT_FALSE(check_redeem(std::nullopt, 0, 0));
}

TEST(Points, OldestExpiringFirstNeverExpired) {
  const UnixMillis now = kNoon;
  std::vector<Lot> lots{{1, 10, std::nullopt},
                        {2, 5, now + 10 * kHourMs},
                        {3, 5, now + 2 * kHourMs},
                        {4, 50, now - kHourMs}};  // expired
  auto d = draw_lots(lots, 12, now);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->size(), 3u);
  EXPECT_EQ((*d)[0].award_id, 3);
  EXPECT_EQ((*d)[0].take, 5);
  EXPECT_EQ((*d)[1].award_id, 2);
  EXPECT_EQ((*d)[2].award_id, 1);
  EXPECT_EQ((*d)[2].take, 2);
  auto short_by_expiry = draw_lots(lots, 30, now);
  ASSERT_FALSE(short_by_expiry);
  EXPECT_NE(short_by_expiry.error().message.find("expired"), std::string::npos);
  auto plain_short = draw_lots({{1, 3, std::nullopt}}, 5, now);
  ASSERT_FALSE(plain_short);
  EXPECT_EQ(plain_short.error().message, "not enough points");
}

TEST(TimeBank, HoursDrawEarliestExpiringFirstThenNonExpiringNeverExpired) {
  const UnixMillis now = kNoon;
  // Balance 150: lots 30 (expires in 10 h), 30 (in 2 h), 60 (expired); 30 never expire.
  const std::vector<HourLot> lots{
      {1, 30, now + 10 * kHourMs}, {2, 30, now + 2 * kHourMs}, {3, 60, now - kHourMs}};
  auto d = draw_hours(lots, 150, 60, now);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[0].lot_id, 2);
  EXPECT_EQ((*d)[1].lot_id, 1);
  EXPECT_EQ((*d)[1].expires_at, now + 10 * kHourMs);
  auto all = draw_hours(lots, 150, 90, now);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->back().lot_id, 0);  // the hours that never expire, last
  EXPECT_EQ(all->back().take, 30);
  EXPECT_FALSE(all->back().expires_at.has_value());
  auto expired = draw_hours(lots, 150, 120, now);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
  auto short_plain = draw_hours({}, 30, 60, now);
  ASSERT_FALSE(short_plain);
  EXPECT_EQ(short_plain.error().message, "not enough hours");
  auto no_lots = draw_hours({}, 60, 60, now);
  ASSERT_TRUE(no_lots);
  EXPECT_EQ(no_lots->size(), 1u);
}

TEST(Foundation, NApprovalsNoSelfApproval) {
  EXPECT_EQ(proposal_status({}, 2), "pending");
  EXPECT_EQ(proposal_status({{5, true}}, 2), "pending");
  EXPECT_EQ(proposal_status({{5, true}, {6, true}}, 2), "approved");
  EXPECT_EQ(proposal_status({{5, true}, {6, false}}, 2), "rejected");
  EXPECT_EQ(check_decision("pending", 4, 4, {}).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(check_decision("pending", 4, 5, {{5, true}}).error().code, ErrorCode::conflict);
  EXPECT_EQ(check_decision("approved", 4, 6, {}).error().code, ErrorCode::conflict);
  EXPECT_TRUE(check_decision("pending", 4, 6, {{5, true}}));
  EXPECT_TRUE(check_payable("approved"));
  EXPECT_FALSE(check_payable("pending"));
  EXPECT_FALSE(check_payable("paid"));
}

}  // namespace
}  // namespace weilai::community
