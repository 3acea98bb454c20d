#include "community/work_order.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace weilai::community
