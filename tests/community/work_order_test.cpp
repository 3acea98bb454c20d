#include "community/work_order.hpp"

#include <gtest/gtest.h>

#include <tuple>

namespace weilai::community {
namespace {
using S = WorkOrderStatus;
using A = WorkOrderAction;
constexpr std::int64_t kMin = 60'000;

TEST(WorkOrderFlow, HappyPathAndOutOfOrderSteps) {
  S s = S::reported;
  for (auto a :
       {A::triage, A::assign, A::accept, A::start, A::wait, A::resume, A::finish, A::confirm}) {
    auto n = next_status(s, a);
    ASSERT_TRUE(n) << to_string(s);
    s = *n;
  }
  EXPECT_EQ(s, S::confirmed);
  EXPECT_FALSE(next_status(S::reported, A::finish));
  EXPECT_FALSE(next_status(S::assigned, A::finish));
  EXPECT_FALSE(next_status(S::confirmed, A::reopen));
  EXPECT_FALSE(next_status(S::waiting, A::finish));
  EXPECT_EQ(*next_status(S::finished, A::reopen), S::reopened);
  EXPECT_EQ(*next_status(S::reopened, A::assign), S::assigned);
  auto bad = next_status(S::reported, A::confirm);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(parse_work_order_status("in_progress"), S::in_progress);
  EXPECT_EQ(parse_work_order_action("resume"), A::resume);
  EXPECT_FALSE(parse_work_order_action("explode"));
}

TEST(WorkOrderSla, PausesWhileWaitingAndJudgesTargets) {
  const SlaTarget target{30, 240};  // respond in 30 min, resolve in 4 h
  // Reported at 0, accepted at 20 min, waiting 60..180 (paused 2 h), finished at 300.
  std::vector<StatusChange> h{{0, S::reported},
                              {5 * kMin, S::triaged},
                              {10 * kMin, S::assigned},
                              {20 * kMin, S::accepted},
                              {30 * kMin, S::in_progress},
                              {60 * kMin, S::waiting},
                              {180 * kMin, S::in_progress},
                              {300 * kMin, S::finished}};
  auto st = sla_state(h, 400 * kMin, target);
  EXPECT_EQ(*st.responded_active_ms, 20 * kMin);
  EXPECT_EQ(*st.resolved_active_ms, 180 * kMin);  // 300 minus the 120 paused
  EXPECT_TRUE(st.response_met);
  EXPECT_TRUE(st.resolution_met);
  EXPECT_TRUE(st.paused);  // finished: the clock stops
  EXPECT_EQ(st.active_ms, 180 * kMin);
  // Without the pause the same times breach the resolution target.
  std::vector<StatusChange> no_pause{{0, S::reported},
                                     {20 * kMin, S::accepted},
                                     {30 * kMin, S::in_progress},
                                     {300 * kMin, S::finished}};
  EXPECT_FALSE(sla_state(no_pause, 400 * kMin, target).resolution_met);
  // Still open: judged against the time so far.
  std::vector<StatusChange> open{{0, S::reported}};
  EXPECT_TRUE(sla_state(open, 30 * kMin, target).response_met);
  EXPECT_FALSE(sla_state(open, 31 * kMin, target).response_met);
  // A reopen clears the resolution and the clock runs again.
  auto reopened = no_pause;
  reopened.push_back({310 * kMin, S::reopened});
  auto r = sla_state(reopened, 320 * kMin, target);
  EXPECT_FALSE(r.resolved_active_ms.has_value());
  EXPECT_FALSE(r.paused);
  EXPECT_EQ(r.active_ms, 310 * kMin);
}

// Every (status, action) pair against the full table of allowed steps: anything not listed is
// refused with failed_precondition.
TEST(WorkOrderFlow, EveryAllowedAndForbiddenTransition) {
  const std::vector<std::tuple<S, A, S>> allowed{
      {S::reported, A::triage, S::triaged},      {S::triaged, A::assign, S::assigned},
      {S::assigned, A::assign, S::assigned},     {S::reopened, A::assign, S::assigned},
      {S::assigned, A::accept, S::accepted},     {S::accepted, A::start, S::in_progress},
      {S::accepted, A::wait, S::waiting},        {S::in_progress, A::wait, S::waiting},
      {S::waiting, A::resume, S::in_progress},   {S::in_progress, A::finish, S::finished},
      {S::finished, A::confirm, S::confirmed},   {S::finished, A::reopen, S::reopened},
      {S::reported, A::transfer, S::triaged},    {S::triaged, A::transfer, S::triaged},
      {S::assigned, A::transfer, S::triaged},    {S::accepted, A::transfer, S::triaged},
      {S::in_progress, A::transfer, S::triaged}, {S::waiting, A::transfer, S::triaged},
      {S::reopened, A::transfer, S::triaged},    {S::accepted, A::quote, S::quoted},
      {S::in_progress, A::quote, S::quoted},     {S::quoted, A::accept_quote, S::in_progress},
      {S::quoted, A::decline_quote, S::closed},
  };
  const S statuses[] = {S::reported,    S::triaged, S::assigned, S::accepted,
                        S::in_progress, S::waiting, S::finished, S::confirmed,
                        S::reopened,    S::quoted,  S::closed};
  const A actions[] = {A::triage, A::assign,       A::accept,       A::start,  A::wait,
                       A::resume, A::finish,       A::confirm,      A::reopen, A::transfer,
                       A::quote,  A::accept_quote, A::decline_quote};
  int ok = 0, refused = 0;
  for (auto s : statuses)
    for (auto a : actions) {
      std::optional<S> want;
      for (const auto& [from, act, to] : allowed)
        if (from == s && act == a) want = to;
      auto got = next_status(s, a);
      if (want) {
        ASSERT_TRUE(got) << to_string(s) << " + " << to_string(a);
        EXPECT_EQ(*got, *want) << to_string(s) << " + " << to_string(a);
        ++ok;
      } else {
        ASSERT_FALSE(got) << to_string(s) << " + " << to_string(a) << " should be refused";
        EXPECT_EQ(got.error().code, ErrorCode::failed_precondition);
        ++refused;
      }
      EXPECT_EQ(parse_work_order_action(to_string(a)), a);
    }
  EXPECT_EQ(ok, static_cast<int>(allowed.size()));
  EXPECT_EQ(refused, 11 * 13 - static_cast<int>(allowed.size()));
  for (auto s : statuses) EXPECT_EQ(parse_work_order_status(to_string(s)), s);
  EXPECT_TRUE(is_resident_step(A::accept_quote));
  EXPECT_TRUE(is_resident_step(A::decline_quote));
  EXPECT_FALSE(is_resident_step(A::quote));
  EXPECT_FALSE(is_resident_step(A::transfer));
  EXPECT_TRUE(is_final(S::closed));
  EXPECT_FALSE(is_final(S::finished));
  EXPECT_EQ(parse_work_order_body("committee"), WorkOrderBody::committee);
  EXPECT_FALSE(parse_work_order_body("police"));
}

// A transfer starts the new body's clock; the old body's stops. The quote pauses the clock.
TEST(WorkOrderSla, EachBodyHasItsOwnClockAndQuotesPause) {
  using B = WorkOrderBody;
  const SlaTarget property{30, 240}, committee{60, 480};
  std::vector<StatusChange> h{{0, S::reported, B::property},
                              {10 * kMin, S::triaged, B::property},
                              {20 * kMin, S::assigned, B::property},
                              {40 * kMin, S::triaged, B::committee},  // transferred
                              {50 * kMin, S::assigned, B::committee},
                              {70 * kMin, S::accepted, B::committee},
                              {80 * kMin, S::quoted, B::committee},
                              {200 * kMin, S::in_progress, B::committee},  // quote accepted
                              {260 * kMin, S::finished, B::committee}};
  auto p = sla_state_for(h, 300 * kMin, property, B::property);
  EXPECT_TRUE(p.ever);
  EXPECT_FALSE(p.held);
  EXPECT_TRUE(p.state.paused);
  EXPECT_EQ(p.state.active_ms, 40 * kMin);  // 0..40 while it held the order
  EXPECT_FALSE(p.state.response_met);       // never accepted, 40 > 30
  EXPECT_TRUE(p.state.resolution_met);
  auto c = sla_state_for(h, 300 * kMin, committee, B::committee);
  EXPECT_TRUE(c.held);
  EXPECT_EQ(*c.state.responded_active_ms, 30 * kMin);  // 40..70
  EXPECT_EQ(*c.state.resolved_active_ms, 100 * kMin);  // 40..80 + 200..260 (quote paused)
  EXPECT_TRUE(c.state.response_met);
  EXPECT_TRUE(c.state.resolution_met);
  auto hot = sla_state_for(h, 300 * kMin, committee, B::hotline);
  EXPECT_FALSE(hot.ever);
  EXPECT_EQ(hot.state.active_ms, 0);
  // The overall clock excludes the quote wait too.
  EXPECT_EQ(*sla_state(h, 300 * kMin, property).resolved_active_ms, 140 * kMin);
}

TEST(WorkOrderSchedule, NextDueSkipsMissedPeriods) {
  constexpr std::int64_t kDay = 24 * 60 * kMin;
  EXPECT_EQ(next_due_after(10 * kDay, 7, 5 * kDay), 10 * kDay);   // not due yet
  EXPECT_EQ(next_due_after(10 * kDay, 7, 10 * kDay), 17 * kDay);  // due now
  EXPECT_EQ(next_due_after(10 * kDay, 7, 30 * kDay), 31 * kDay);  // two missed: one order
}

}  // namespace
}  // namespace weilai::community
