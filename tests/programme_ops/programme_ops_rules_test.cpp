// The pure rules of programme operations, with the arithmetic written out.
#include <gtest/gtest.h>

#include "programme/approvals.hpp"
#include "programme/funding.hpp"
#include "programme/incentives.hpp"
#include "programme/leadership.hpp"
#include "programme/monitoring.hpp"
#include "programme/targets.hpp"

namespace weilai::programme {
namespace {

Day d(const char* s) {
  auto r = parse_date(s);
  EXPECT_TRUE(r) << s;
  return r ? *r : 0;
}

TEST(OpsDates, ParseFormatAndWeekday) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(d("2000-03-01") - d("2000-02-28"), 2);  // 2000 was a leap year
  EXPECT_EQ(format_date(d("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_date("2023-02-29"));  // not a leap year
  EXPECT_FALSE(parse_date("2024-13-01"));
  EXPECT_FALSE(parse_date("2024-1-01"));
  EXPECT_FALSE(parse_date("1999-12-31"));  // outside 2000..2100
  EXPECT_EQ(parse_date("x", "/due_on").error().field, "/due_on");
  EXPECT_EQ(weekday(d("2026-11-30")), 0);  // a Monday
  EXPECT_EQ(weekday(d("2026-11-29")), 6);  // a Sunday
  // 2026-11-29 16:30 UTC is already 2026-11-30 00:30 in China (UTC+8).
  EXPECT_EQ(china_today(days_from_civil(2026, 11, 29) * 86400000LL + (16 * 60 + 30) * 60000LL),
            d("2026-11-30"));
}

TEST(OpsDates, WorkingDaysSkipWeekendsAndHolidays) {
  const std::set<Day> none;
  // Mon 2026-11-30 → Fri 2026-12-04: Tue, Wed, Thu, Fri = 4 (the submission day does not count).
  EXPECT_EQ(working_days_between(d("2026-11-30"), d("2026-12-04"), none), 4);
  // Fri 2026-12-04 → Mon 2026-12-07: Sat, Sun skipped, Mon counts = 1.
  EXPECT_EQ(working_days_between(d("2026-12-04"), d("2026-12-07"), none), 1);
  // Same day = 0; end before start = 0.
  EXPECT_EQ(working_days_between(d("2026-12-04"), d("2026-12-04"), none), 0);
  EXPECT_EQ(working_days_between(d("2026-12-07"), d("2026-12-04"), none), 0);
  // Two full weeks Mon → Mon: 10 working days; with Wed 2026-12-09 a holiday: 9.
  EXPECT_EQ(working_days_between(d("2026-11-30"), d("2026-12-14"), none), 10);
  EXPECT_EQ(working_days_between(d("2026-11-30"), d("2026-12-14"), {d("2026-12-09")}), 9);
  // A holiday on a Saturday changes nothing.
  EXPECT_EQ(working_days_between(d("2026-11-30"), d("2026-12-14"), {d("2026-12-05")}), 10);
  // National Day week 2026: Oct 1–7 holidays (Thu 1 … Wed 7). Wed 2026-09-30 → Fri 2026-10-09:
  // Oct 1,2 holidays, 3,4 weekend, 5,6,7 holidays, 8 Thu, 9 Fri = 2.
  std::set<Day> golden_week;
  for (int i = 1; i <= 7; ++i) golden_week.insert(days_from_civil(2026, 10, i));
  EXPECT_EQ(working_days_between(d("2026-09-30"), d("2026-10-09"), golden_week), 2);
  EXPECT_EQ(approval_elapsed(d("2026-09-30"), std::nullopt, d("2026-10-09"), golden_week), 2);
}

TEST(Monitoring, PeriodsAndDueDates) {
  auto m = parse_period("2026-03");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->cadence, Cadence::month);
  EXPECT_EQ(format_date(m->first_day()), "2026-03-01");
  EXPECT_EQ(format_date(m->last_day()), "2026-03-31");
  EXPECT_EQ(format_date(report_due(*m)), "2026-04-10");  // 31 March + 10 days
  auto q = parse_period("2026-Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(format_date(q->first_day()), "2026-10-01");
  EXPECT_EQ(format_date(q->last_day()), "2026-12-31");
  EXPECT_EQ(format_date(report_due(*q)), "2027-01-10");
  EXPECT_EQ(format_date(parse_period("2024-02")->last_day()), "2024-02-29");
  EXPECT_FALSE(parse_period("2026-13"));
  EXPECT_FALSE(parse_period("2026-Q5"));
  EXPECT_FALSE(parse_period("2026-3"));
  EXPECT_FALSE(parse_period("2018-01"));
  EXPECT_EQ(previous(*parse_period("2026-01")).text(), "2025-12");
  EXPECT_EQ(previous(*parse_period("2026-Q1")).text(), "2025-Q4");
  EXPECT_EQ(period_of(d("2026-11-30"), Cadence::quarter).text(), "2026-Q4");
}

TEST(Monitoring, OverdueReportRule) {
  // On 2026-11-10 the October report is due that very day: not late yet, September is the latest
  // due period. On 2026-11-11 October is overdue unless submitted.
  EXPECT_EQ(latest_due_period(d("2026-11-10"), Cadence::month).text(), "2026-09");
  EXPECT_EQ(latest_due_period(d("2026-11-11"), Cadence::month).text(), "2026-10");
  EXPECT_EQ(overdue_report(d("2026-11-11"), Cadence::month, {"2026-09"})->text(), "2026-10");
  EXPECT_FALSE(overdue_report(d("2026-11-11"), Cadence::month, {"2026-10"}));
  // Quarterly: on 2026-11-30 Q3 (due 2026-10-10) is the latest due quarter.
  EXPECT_EQ(overdue_report(d("2026-11-30"), Cadence::quarter, {})->text(), "2026-Q3");
  EXPECT_FALSE(overdue_report(d("2026-11-30"), Cadence::quarter, {"2026-Q3"}));
}

TEST(Monitoring, ReportStatusMachine) {
  using S = ReportStatus;
  EXPECT_EQ(*report_transition(S::draft, "submit"), S::submitted);
  EXPECT_EQ(*report_transition(S::returned, "submit"), S::submitted);
  EXPECT_EQ(*report_transition(S::submitted, "review"), S::reviewed);
  EXPECT_EQ(*report_transition(S::submitted, "return"), S::returned);
  for (auto bad : {std::pair{S::submitted, "submit"},
                   {S::reviewed, "submit"},
                   {S::draft, "review"},
                   {S::reviewed, "return"},
                   {S::returned, "review"}}) {
    auto r = report_transition(bad.first, bad.second);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
  }
  EXPECT_EQ(report_transition(S::draft, "approve").error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(report_editable(S::draft));
  EXPECT_TRUE(report_editable(S::returned));
  EXPECT_FALSE(report_editable(S::submitted));
  EXPECT_FALSE(report_editable(S::reviewed));
}

TEST(Monitoring, MilestoneOverdue) {
  EXPECT_TRUE(milestone_overdue(d("2026-11-01"), std::nullopt, d("2026-11-02")));
  EXPECT_FALSE(milestone_overdue(d("2026-11-02"), std::nullopt, d("2026-11-02")));     // due today
  EXPECT_FALSE(milestone_overdue(d("2026-11-01"), d("2026-11-05"), d("2026-12-01")));  // done
  EXPECT_TRUE(stage_monitored("construction"));
  EXPECT_FALSE(stage_monitored("reserve"));
  EXPECT_FALSE(stage_monitored("named"));
}

TEST(Funding, LandTransferReturnAfterTheStatesShare) {
  // 1 亿元 gross = 10,000,000,000 fen; state's share 15.00 % (1500 bp) = 1,500,000,000 fen;
  // returned = 10,000,000,000 − 1,500,000,000 = 8,500,000,000 fen (8500 万元).
  auto r = land_transfer_return(10'000'000'000, 1500);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->state_share, 1'500'000'000);
  EXPECT_EQ(r->returned, 8'500'000'000);
  // Rounding: 333 fen × 33.33 % = 110.9889 fen → state 111, returned 222.
  auto s = land_transfer_return(333, 3333);
  EXPECT_EQ(s->state_share, 111);
  EXPECT_EQ(s->returned, 222);
  // Half-up: 1 fen × 50 % = 0.5 → 1 to the state, 0 returned.
  EXPECT_EQ(land_transfer_return(1, 5000)->state_share, 1);
  EXPECT_EQ(land_transfer_return(1, 5000)->returned, 0);
  // The top of the range: 2^53 fen × 99.99 %, computed exactly without overflow:
  // 9007199254740992 × 9999 / 10000 = 9006298534815517.9008 → 9006298534815518.
  EXPECT_EQ(share_of(kMaxFen, 9999).value(), 9006298534815518);
  EXPECT_FALSE(share_of(kMaxFen + 1, 100));
  EXPECT_FALSE(share_of(100, 10001));
  EXPECT_FALSE(share_of(-1, 100));
}

TEST(Funding, BalanceAndOperationFundShare) {
  const std::vector<FundingLine> lines{
      {"source", "national_subsidy", 5'000'000'000},    // 5000 万元
      {"source", "provincial_subsidy", 3'000'000'000},  // 3000 万元
      {"source", "municipal_subsidy", 2'000'000'000},   // 2000 万元
      {"source", "loan", 20'000'000'000},               // 2 亿元
      {"source", "social_capital", 15'000'000'000},     // 1.5 亿元
      {"source", "land_transfer", 8'500'000'000},       // 8500 万元 (returned)
      {"use", "demolition_resettlement", 30'000'000'000},
      {"use", "construction", 20'000'000'000},
      {"use", "digital", 1'234'567},
  };
  // sources = 5e9 + 3e9 + 2e9 + 20e9 + 15e9 + 8.5e9 = 53,500,000,000
  // uses    = 30e9 + 20e9 + 1,234,567           = 50,001,234,567
  // balance = 3,498,765,433; 20 % to the operation fund = 699,753,086.6 → 699,753,087
  auto b = funding_balance(lines, 2000);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->sources, 53'500'000'000);
  EXPECT_EQ(b->uses, 50'001'234'567);
  EXPECT_EQ(b->balance, 3'498'765'433);
  EXPECT_EQ(b->surplus_to_operation, 699'753'087);
  EXPECT_EQ(b->surplus_kept, 3'498'765'433 - 699'753'087);
  // A gap: no surplus, nothing to the fund.
  const std::vector<FundingLine> gap{{"source", "loan", 100}, {"use", "construction", 250}};
  auto g = funding_balance(gap, 5000);
  EXPECT_EQ(g->balance, -150);
  EXPECT_EQ(g->surplus_to_operation, 0);
  // Overflow is an error, never a wrap-around.
  const std::vector<FundingLine> huge{{"source", "loan", kMaxFen}, {"source", "loan", 1}};
  EXPECT_FALSE(funding_balance(huge, 0));
  EXPECT_FALSE(add_fen(kMaxFen, 1));
  EXPECT_EQ(add_fen(kMaxFen - 1, 1).value(), kMaxFen);
  EXPECT_TRUE(is_source_kind("land_transfer"));
  EXPECT_FALSE(is_source_kind("construction"));
  EXPECT_TRUE(is_use_kind("construction"));
}

TEST(Targets, StagesCount) {
  EXPECT_FALSE(counts_as_municipal("reserve"));
  EXPECT_FALSE(counts_as_municipal("submitted"));
  EXPECT_FALSE(counts_as_municipal("municipal_review"));
  EXPECT_TRUE(counts_as_municipal("municipal_list"));
  EXPECT_TRUE(counts_as_municipal("operating"));
  EXPECT_FALSE(counts_as_municipal("revoked"));
  EXPECT_FALSE(counts_as_provincial("provincial_review"));
  EXPECT_TRUE(counts_as_provincial("provincial_list"));
  EXPECT_TRUE(counts_as_provincial("named"));
  EXPECT_FALSE(counts_as_provincial("revoked"));
  TargetProgress p{1, 2, 1, 1};
  EXPECT_FALSE(p.met());
  p.municipal_actual = 2;
  EXPECT_TRUE(p.met());
}

TEST(Incentives, PayableOnlyOnceNamed) {
  EXPECT_EQ(pay_incentive("construction", 1000, 0, 100).error().code,
            ErrorCode::failed_precondition);
  EXPECT_EQ(pay_incentive("acceptance", 1000, 0, 100).error().code, ErrorCode::failed_precondition);
  // owed 1000, paid 400, pay 600 → 1000 (exactly all).
  EXPECT_EQ(pay_incentive("named", 1000, 400, 600).value(), 1000);
  EXPECT_EQ(pay_incentive("operating", 1000, 0, 1).value(), 1);
  // 400 + 601 = 1001 > 1000: refused.
  EXPECT_EQ(pay_incentive("named", 1000, 400, 601).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(pay_incentive("named", 1000, 0, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(is_talent_tier("A"));
  EXPECT_FALSE(is_talent_tier("E"));
}

TEST(Leadership, DepartmentsAndOverdue) {
  ASSERT_NE(find_department("finance"), nullptr);
  EXPECT_EQ(find_department("finance")->name_zh, "市财政局");
  EXPECT_EQ(find_department("nope"), nullptr);
  EXPECT_TRUE(action_overdue(ActionStatus::open, d("2026-11-01"), d("2026-11-02")));
  EXPECT_TRUE(action_overdue(ActionStatus::in_progress, d("2026-11-01"), d("2026-11-02")));
  EXPECT_FALSE(action_overdue(ActionStatus::open, d("2026-11-02"), d("2026-11-02")));
  EXPECT_FALSE(action_overdue(ActionStatus::done, d("2026-11-01"), d("2026-12-02")));
}

TEST(Approvals, DatesAndVisits) {
  EXPECT_TRUE(check_approval_dates(d("2026-11-02"), d("2026-11-02")));
  EXPECT_EQ(check_approval_dates(d("2026-11-02"), d("2026-11-01")).error().field, "/approved_on");
  EXPECT_TRUE(is_approval_kind("land_reserve"));
  EXPECT_FALSE(is_approval_kind("bribe"));
  EXPECT_FALSE(needs_attention(1));
  EXPECT_TRUE(needs_attention(2));
}

}  // namespace
}  // namespace weilai::programme
