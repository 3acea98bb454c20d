// Collective choice (polls): specification and ballot checks, eligibility, phase steps and the
// counting methods, each with a worked example whose numbers are written out by hand.
#include "community/poll.hpp"

#include <gtest/gtest.h>

namespace weilai::community {
namespace {

PollSpec spec_of(PollKind kind, std::vector<PollOption> options) {
  PollSpec s;
  s.kind = kind;
  s.options = std::move(options);
  return s;
}

std::vector<Ballot> times(int n, const Ballot& b) {
  return std::vector<Ballot>(static_cast<std::size_t>(n), b);
}

void append(std::vector<Ballot>& to, const std::vector<Ballot>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

TEST(PollSpecCheck, RefusesBadSpecificationsNamingTheField) {
  auto s = spec_of(PollKind::single, {{"甲"}, {"乙"}});
  EXPECT_TRUE(check_poll_spec(s));
  s.options = {{"甲"}};
  EXPECT_EQ(check_poll_spec(s).error().field, "/options");
  s.options = {{"甲"}, {"甲"}};
  EXPECT_EQ(check_poll_spec(s).error().field, "/options/1");
  s.options = {{"甲"}, {""}};
  EXPECT_EQ(check_poll_spec(s).error().field, "/options/1");
  s.options = {{"甲", 5}, {"乙"}};
  EXPECT_EQ(check_poll_spec(s).error().field, "/options/0/cost");

  auto m = spec_of(PollKind::multiple, {{"a"}, {"b"}, {"c"}});
  m.min_choices = 2;
  m.max_choices = 1;
  EXPECT_EQ(check_poll_spec(m).error().field, "/max_choices");
  m.max_choices = 4;
  EXPECT_EQ(check_poll_spec(m).error().field, "/max_choices");
  m.max_choices = 3;
  EXPECT_TRUE(check_poll_spec(m));
  m.quorum_pct = 101;
  EXPECT_EQ(check_poll_spec(m).error().field, "/quorum_pct");

  auto b = spec_of(PollKind::budget, {{"a", 60}, {"b", 0}});
  b.budget = 100;
  EXPECT_EQ(check_poll_spec(b).error().field, "/options/1/cost");
  b.options[1].cost = 50;
  b.budget = 0;
  EXPECT_EQ(check_poll_spec(b).error().field, "/budget");
  b.budget = 40;  // nothing fits
  EXPECT_EQ(check_poll_spec(b).error().field, "/budget");
  b.budget = 100;
  EXPECT_TRUE(check_poll_spec(b));
  std::vector<PollOption> many;
  for (int i = 0; i < 21; ++i) many.push_back({"o" + std::to_string(i), 1});
  b.options = many;
  EXPECT_EQ(check_poll_spec(b).error().field, "/options");
}

TEST(PollBallotCheck, OutsideOptionsRepeatsAndLimits) {
  auto single = spec_of(PollKind::single, {{"a"}, {"b"}});
  EXPECT_TRUE(check_ballot(single, {1}));
  EXPECT_FALSE(check_ballot(single, {0, 1}));
  EXPECT_FALSE(check_ballot(single, {}));
  EXPECT_FALSE(check_ballot(single, {2}));  // outside the options
  EXPECT_FALSE(check_ballot(single, {-1}));

  auto m = spec_of(PollKind::multiple, {{"a"}, {"b"}, {"c"}, {"d"}});
  m.min_choices = 2;
  m.max_choices = 3;
  EXPECT_FALSE(check_ballot(m, {0}));
  EXPECT_TRUE(check_ballot(m, {0, 3}));
  EXPECT_TRUE(check_ballot(m, {0, 1, 3}));
  EXPECT_FALSE(check_ballot(m, {0, 1, 2, 3}));  // over the limit
  EXPECT_FALSE(check_ballot(m, {0, 0}));        // twice

  auto ranked = spec_of(PollKind::ranked, {{"a"}, {"b"}, {"c"}});
  EXPECT_TRUE(check_ballot(ranked, {2}));  // a partial ranking
  EXPECT_TRUE(check_ballot(ranked, {2, 0, 1}));
  EXPECT_FALSE(check_ballot(ranked, {2, 2}));

  auto budget = spec_of(PollKind::budget, {{"a", 60}, {"b", 50}, {"c", 50}});
  budget.budget = 100;
  EXPECT_TRUE(check_ballot(budget, {1, 2}));   // 100 yuan
  EXPECT_FALSE(check_ballot(budget, {0, 1}));  // 110 > 100
  auto over = check_ballot(budget, {0, 2});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().field, "/choices");
  EXPECT_NE(over.error().message.find("110"), std::string::npos);
}

TEST(PollEligibility, OwnersTenantsAndEveryone) {
  EXPECT_TRUE(role_matches(PollVoters::all, "head"));
  EXPECT_TRUE(role_matches(PollVoters::all, "tenant"));
  EXPECT_FALSE(role_matches(PollVoters::all, "proxy"));  // a proxy only acts for others
  EXPECT_TRUE(role_matches(PollVoters::owners, "member"));
  EXPECT_FALSE(role_matches(PollVoters::owners, "tenant"));
  EXPECT_TRUE(role_matches(PollVoters::tenants, "tenant"));
  EXPECT_FALSE(role_matches(PollVoters::tenants, "head"));
  EXPECT_TRUE(household_eligible(PollVoters::owners, {"head", "member"}));
  EXPECT_FALSE(household_eligible(PollVoters::owners, {"tenant", "proxy"}));
  EXPECT_TRUE(household_eligible(PollVoters::tenants, {"tenant", "proxy"}));
}

TEST(PollPhases, ProposalNeedsSupportAndPublishingNeedsADecision) {
  EXPECT_FALSE(next_phase(PollPhase::proposal, PollStep::open_voting, 2, 3, false));
  EXPECT_EQ(*next_phase(PollPhase::proposal, PollStep::open_voting, 3, 3, false),
            PollPhase::voting);
  EXPECT_EQ(*next_phase(PollPhase::voting, PollStep::close, 0, 0, false), PollPhase::closed);
  EXPECT_EQ(next_phase(PollPhase::voting, PollStep::publish, 0, 0, true).error().code,
            ErrorCode::failed_precondition);
  EXPECT_EQ(next_phase(PollPhase::closed, PollStep::publish, 0, 0, false).error().field,
            "/decision");
  EXPECT_EQ(*next_phase(PollPhase::closed, PollStep::publish, 0, 0, true), PollPhase::published);
  EXPECT_FALSE(next_phase(PollPhase::published, PollStep::close, 0, 0, true));
  EXPECT_FALSE(next_phase(PollPhase::closed, PollStep::open_voting, 9, 0, true));
}

TEST(PollCount, PluralityCountsAndTies) {
  auto s = spec_of(PollKind::single, {{"a"}, {"b"}, {"c"}});
  std::vector<Ballot> ballots = times(3, {0});
  append(ballots, times(3, {2}));
  append(ballots, times(1, {1}));
  auto r = count_poll(s, ballots);
  EXPECT_EQ(r.ballots, 7);
  EXPECT_EQ(r.tallies[0].votes, 3);
  EXPECT_EQ(r.tallies[1].votes, 1);
  EXPECT_EQ(r.winners, (std::vector<int>{0, 2}));  // a tie: both named
  EXPECT_TRUE(count_poll(s, {}).winners.empty());

  auto approval = spec_of(PollKind::approval, {{"a"}, {"b"}, {"c"}});
  auto a = count_poll(approval, {{0, 1}, {1}, {1, 2}, {2}});
  EXPECT_EQ(a.tallies[1].votes, 3);
  EXPECT_EQ(a.winners, (std::vector<int>{1}));
}

// Worked example (instant-runoff). Options A B C D; ten ballots:
//   4 × A>B, 3 × B>C, 2 × C>B, 1 × D>C.
// Round 1: A 4, B 3, C 2, D 1 of 10 continuing; no one has more than 5; D is fewest → out.
// Round 2: D's ballot moves to C: A 4, B 3, C 3. B and C tie for fewest; in round 1 C had
//          fewer (2 < 3) → C out.
// Round 3: C>B ballots move to B; D>C ranks nobody left and is exhausted: A 4, B 5 of 9
//          continuing; 5 × 2 > 9 → B wins, although A led on first preferences.
TEST(PollCount, RankedInstantRunoffWorkedExample) {
  auto s = spec_of(PollKind::ranked, {{"A"}, {"B"}, {"C"}, {"D"}});
  std::vector<Ballot> ballots = times(4, {0, 1});
  append(ballots, times(3, {1, 2}));
  append(ballots, times(2, {2, 1}));
  append(ballots, times(1, {3, 2}));
  auto r = count_poll(s, ballots);
  ASSERT_EQ(r.rounds.size(), 3u);
  EXPECT_EQ(r.rounds[0].tallies, (std::vector<std::int64_t>{4, 3, 2, 1}));
  EXPECT_EQ(r.rounds[0].eliminated, 3);
  EXPECT_EQ(r.rounds[1].tallies, (std::vector<std::int64_t>{4, 3, 3, 0}));
  EXPECT_EQ(r.rounds[1].eliminated, 2);  // the tie broken by round 1
  EXPECT_EQ(r.rounds[2].tallies, (std::vector<std::int64_t>{4, 5, 0, 0}));
  EXPECT_EQ(r.rounds[2].continuing, 9);
  EXPECT_EQ(r.rounds[2].exhausted, 1);
  EXPECT_FALSE(r.rounds[2].eliminated.has_value());
  EXPECT_EQ(r.winners, (std::vector<int>{1}));
  EXPECT_EQ(r.tallies[0].votes, 4);  // first preferences
}

// A tie in every round: the option listed last is eliminated. A, B, C one first preference each
// (C's ballot ranks A second): C goes, then A has 2 of 3 → A wins.
TEST(PollCount, RankedTieInEveryRoundDropsTheOptionListedLast) {
  auto s = spec_of(PollKind::ranked, {{"A"}, {"B"}, {"C"}});
  auto r = count_poll(s, {{0}, {1}, {2, 0}});
  ASSERT_EQ(r.rounds.size(), 2u);
  EXPECT_EQ(r.rounds[0].eliminated, 2);
  EXPECT_EQ(r.winners, (std::vector<int>{0}));
  // Two options, one ballot each, tied every round: B (listed last) goes, A wins.
  auto two = count_poll(spec_of(PollKind::ranked, {{"A"}, {"B"}}), {{1}, {0}});
  EXPECT_EQ(two.winners, (std::vector<int>{0}));
}

// Worked example (budget, approval-weighted knapsack). Budget 100 yuan; A costs 60, B 50, C 50.
// Five ballots approve A alone, four approve B and C (100, within the budget).
// Approvals: A 5, B 4, C 4. Greedy by approvals would fund A (60) and then nothing else fits: 5.
// The knapsack funds {B, C}: cost 100, 8 approvals, the most any affordable set reaches.
TEST(PollCount, BudgetKnapsackWorkedExample) {
  auto s = spec_of(PollKind::budget, {{"A", 60}, {"B", 50}, {"C", 50}});
  s.budget = 100;
  std::vector<Ballot> ballots = times(5, {0});
  append(ballots, times(4, {1, 2}));
  auto r = count_poll(s, ballots);
  EXPECT_EQ(r.tallies[0].votes, 5);
  EXPECT_EQ(r.tallies[1].votes, 4);
  EXPECT_EQ(r.funded, (std::vector<int>{1, 2}));
  EXPECT_EQ(r.funded_cost, 100);
  EXPECT_EQ(r.funded_approvals, 8);
  EXPECT_EQ(r.winners, r.funded);
}

// Ties: equal approvals → the cheaper set; equal approvals and cost → the set holding the
// earliest-listed option where they differ. Options without approvals are never funded.
TEST(PollCount, BudgetTieBreaks) {
  auto s = spec_of(PollKind::budget, {{"A", 40}, {"B", 40}, {"C", 60}});
  s.budget = 100;
  // A 1, B 1, C 1: {A,B} 80, {A,C} 100, {B,C} 100 all reach 2 → {A,B}, the cheapest.
  EXPECT_EQ(count_poll(s, {{0}, {1}, {2}}).funded, (std::vector<int>{0, 1}));
  auto even = spec_of(PollKind::budget, {{"A", 50}, {"B", 50}, {"C", 50}});
  even.budget = 100;
  // Every pair costs 100 and reaches 2: {A,B} and {A,C} differ first at B → {A,B}.
  EXPECT_EQ(count_poll(even, {{0}, {1}, {2}}).funded, (std::vector<int>{0, 1}));
  // Only C approved: C alone, although A and B would fit too.
  auto lone = count_poll(even, {{2}});
  EXPECT_EQ(lone.funded, (std::vector<int>{2}));
  EXPECT_EQ(lone.funded_cost, 50);
  EXPECT_TRUE(count_poll(even, {}).funded.empty());
}

TEST(PollCount, QuorumAndTurnout) {
  EXPECT_TRUE(quorum_met(50, 6, 12));
  EXPECT_FALSE(quorum_met(50, 5, 12));
  EXPECT_TRUE(quorum_met(0, 0, 12));
  EXPECT_DOUBLE_EQ(turnout_pct(3, 12), 25.0);
  EXPECT_DOUBLE_EQ(turnout_pct(3, 0), 0.0);
}

TEST(PollBallotText, RoundTripsAndRejectsJunk) {
  EXPECT_EQ(format_ballot({2, 0, 11}), "2,0,11");
  EXPECT_EQ(*parse_ballot("2,0,11"), (Ballot{2, 0, 11}));
  EXPECT_TRUE(parse_ballot("")->empty());
  EXPECT_FALSE(parse_ballot("1,x"));
  EXPECT_FALSE(parse_ballot("1,-2"));
  EXPECT_EQ(parse_poll_kind("ranked"), PollKind::ranked);
  EXPECT_EQ(parse_poll_step("publish"), PollStep::publish);
  EXPECT_FALSE(parse_poll_kind("borda"));
  EXPECT_STREQ(to_string(PollPhase::published), "published");
}

}  // namespace
}  // namespace weilai::community
