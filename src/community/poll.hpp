// Collective choice of services (集体选择配套服务, issue #8): the pure rules of community polls.
// A poll has a kind (single choice, multiple choice within limits, approval, ranked with
// instant-runoff counting, budget allocation), an electorate (scope: the community, one grid or one
// building; household role: everyone, owners or tenants; one ballot per household or per person),
// phases (proposal → voting → closed → published), a quorum relative to eligible households and an
// option to hide results until close. This file validates specifications and ballots, decides
// eligibility and phase steps, and counts. No storage, HTTP or clock: callers pass facts in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::community {

enum class PollKind { single, multiple, approval, ranked, budget };
enum class PollPhase { proposal, voting, closed, published };
enum class PollScope { community, grid, building };
enum class PollVoters { all, owners, tenants };  // by household member role
enum class BallotUnit { household, person };
enum class PollStep { open_voting, close, publish };

const char* to_string(PollKind k);
const char* to_string(PollPhase p);
const char* to_string(PollScope s);
const char* to_string(PollVoters v);
const char* to_string(BallotUnit u);
std::optional<PollKind> parse_poll_kind(std::string_view s);
std::optional<PollPhase> parse_poll_phase(std::string_view s);
std::optional<PollScope> parse_poll_scope(std::string_view s);
std::optional<PollVoters> parse_poll_voters(std::string_view s);
std::optional<BallotUnit> parse_ballot_unit(std::string_view s);
std::optional<PollStep> parse_poll_step(std::string_view s);

inline constexpr std::size_t kMaxPollOptions = 20;         // budget polls enumerate 2^n subsets
inline constexpr std::int64_t kMaxBudget = 1'000'000'000;  // yuan
inline constexpr int kDefaultSupportThreshold = 3;         // households backing a resident proposal
inline constexpr int kElderlyAge = 60;                     // who may be represented by a proxy

struct PollOption {
  std::string label;
  std::int64_t cost = 0;  // budget polls: yuan (> 0); others 0
};

struct PollSpec {
  PollKind kind = PollKind::single;
  std::vector<PollOption> options;
  int min_choices = 1;  // multiple: limits on the number of options ticked
  int max_choices = 1;
  std::int64_t budget = 0;  // budget polls: the sum a ballot's chosen options may not exceed
  PollScope scope = PollScope::community;
  PollVoters voters = PollVoters::all;
  BallotUnit unit = BallotUnit::household;
  int quorum_pct = 0;  // 0..100 of eligible households
  bool hide_results = true;
};

// invalid_argument naming the field ("/options/2/cost", "/max_choices", …).
Status check_poll_spec(const PollSpec& spec);

// A ballot: option indices (0-based). Ranked: most preferred first (a partial ranking is allowed).
using Ballot = std::vector<int>;

// invalid_argument ("/choices") when the ballot breaks the poll's kind: unknown or repeated
// options, too few or too many, over the budget.
Status check_ballot(const PollSpec& spec, const Ballot& ballot);

// Eligibility: who may take part. Member roles are those of household_members (head, member,
// tenant, proxy); owners are heads and members, tenants are tenants.
bool role_matches(PollVoters voters, std::string_view member_role);
// A household counts as eligible when it is in scope and has a member whose role matches.
bool household_eligible(PollVoters voters, const std::vector<std::string>& member_roles);

// Phase steps: open_voting (proposal → voting, needs `support >= threshold`), close (voting →
// closed), publish (closed → published, needs a decision). failed_precondition otherwise.
Result<PollPhase> next_phase(PollPhase current, PollStep step, int support, int threshold,
                             bool has_decision);

struct OptionTally {
  int option = 0;
  std::int64_t votes = 0;  // single/multiple/approval/budget: ballots naming it; ranked: first
                           // preferences in the first round
};

struct IrvRound {
  std::vector<std::int64_t> tallies;  // per option; eliminated options 0
  std::int64_t continuing = 0;        // ballots still ranking a continuing option
  std::int64_t exhausted = 0;
  std::optional<int> eliminated;  // the option dropped after this round
};

struct PollResult {
  std::int64_t ballots = 0;
  std::vector<OptionTally> tallies;  // one per option, in option order
  std::vector<int> winners;          // option indices; several on a tie (single/multiple/approval)
  std::vector<IrvRound> rounds;      // ranked only
  std::vector<int> funded;           // budget only: the chosen set, by index
  std::int64_t funded_cost = 0;
  std::int64_t funded_approvals = 0;
};

// Counting:
// - single, multiple, approval: votes per option; winners are the options with the most votes
//   (all of them on a tie; none when no ballot).
// - ranked: instant-runoff. Each round counts every ballot for its highest-ranked continuing
//   option; an option with more than half of the continuing ballots wins. Otherwise the option
//   with the fewest votes is eliminated; a tie for fewest is broken by the earlier rounds (the
//   tied option with fewer votes in the latest round where they differed goes), and if they were
//   tied in every round, the option listed last goes. With one continuing option left it wins.
// - budget: every ballot approves a set of options within the budget; an option's approvals are
//   the ballots naming it. The funded set is the subset of options whose total cost fits the
//   budget and whose total approvals is greatest (an exact 0/1 knapsack by enumeration, n ≤ 20);
//   ties go to the cheaper set, then to the set containing the earliest-listed option where they
//   differ. Options with no approvals are never funded.
PollResult count_poll(const PollSpec& spec, const std::vector<Ballot>& ballots);

// Quorum: participating households reach quorum_pct of the eligible households.
bool quorum_met(int quorum_pct, std::int64_t participating, std::int64_t eligible);
// Turnout in percent (0 when nobody is eligible).
double turnout_pct(std::int64_t participating, std::int64_t eligible);

// Ballot text in storage: "2,0,1" (indices); parse rejects anything else.
std::string format_ballot(const Ballot& b);
Result<Ballot> parse_ballot(std::string_view text);

}  // namespace weilai::community
