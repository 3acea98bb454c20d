#include "community/poll.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace weilai::community {
namespace {

template <class E, std::size_t N>
std::optional<E> parse_enum(std::string_view s, const std::array<const char*, N>& names) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<const char*, 5> kKinds{"single", "multiple", "approval", "ranked", "budget"};
constexpr std::array<const char*, 4> kPhases{"proposal", "voting", "closed", "published"};
constexpr std::array<const char*, 3> kScopes{"community", "grid", "building"};
constexpr std::array<const char*, 3> kVoters{"all", "owners", "tenants"};
constexpr std::array<const char*, 2> kUnits{"household", "person"};
constexpr std::array<const char*, 3> kSteps{"open_voting", "close", "publish"};

std::string idx(std::size_t i) {
  return std::to_string(i);
}

}  // namespace

const char* to_string(PollKind k) {
  return kKinds[static_cast<std::size_t>(k)];
}
const char* to_string(PollPhase p) {
  return kPhases[static_cast<std::size_t>(p)];
}
const char* to_string(PollScope s) {
  return kScopes[static_cast<std::size_t>(s)];
}
const char* to_string(PollVoters v) {
  return kVoters[static_cast<std::size_t>(v)];
}
const char* to_string(BallotUnit u) {
  return kUnits[static_cast<std::size_t>(u)];
}
std::optional<PollKind> parse_poll_kind(std::string_view s) {
  return parse_enum<PollKind>(s, kKinds);
}
std::optional<PollPhase> parse_poll_phase(std::string_view s) {
  return parse_enum<PollPhase>(s, kPhases);
}
std::optional<PollScope> parse_poll_scope(std::string_view s) {
  return parse_enum<PollScope>(s, kScopes);
}
std::optional<PollVoters> parse_poll_voters(std::string_view s) {
  return parse_enum<PollVoters>(s, kVoters);
}
std::optional<BallotUnit> parse_ballot_unit(std::string_view s) {
  return parse_enum<BallotUnit>(s, kUnits);
}
std::optional<PollStep> parse_poll_step(std::string_view s) {
  return parse_enum<PollStep>(s, kSteps);
}

Status check_poll_spec(const PollSpec& spec) {
  const auto n = spec.options.size();
  if (n < 2 || n > kMaxPollOptions)
    return Error::invalid("a poll has 2 to " + idx(kMaxPollOptions) + " options", "/options");
  for (std::size_t i = 0; i < n; ++i) {
    const auto& o = spec.options[i];
    if (o.label.empty())
      return Error::invalid("option " + idx(i + 1) + " has no label", "/options/" + idx(i));
    for (std::size_t j = 0; j < i; ++j)
      if (spec.options[j].label == o.label)
        return Error::invalid("option " + idx(i + 1) + " repeats \"" + o.label + "\"",
                              "/options/" + idx(i));
    if (spec.kind == PollKind::budget) {
      if (o.cost <= 0 || o.cost > kMaxBudget)
        return Error::invalid("option " + idx(i + 1) + " needs a cost of 1 to " +
                                  std::to_string(kMaxBudget) + " yuan",
                              "/options/" + idx(i) + "/cost");
    } else if (o.cost != 0) {
      return Error::invalid("only budget polls give options a cost",
                            "/options/" + idx(i) + "/cost");
    }
  }
  if (spec.kind == PollKind::multiple) {
    if (spec.min_choices < 1 || spec.min_choices > static_cast<int>(n))
      return Error::invalid("min_choices is 1 to the number of options", "/min_choices");
    if (spec.max_choices < spec.min_choices || spec.max_choices > static_cast<int>(n))
      return Error::invalid("max_choices is min_choices to the number of options", "/max_choices");
  }
  if (spec.kind == PollKind::budget) {
    if (spec.budget <= 0 || spec.budget > kMaxBudget)
      return Error::invalid(
          "a budget poll needs a budget of 1 to " + std::to_string(kMaxBudget) + " yuan",
          "/budget");
    const bool any_fits = std::any_of(spec.options.begin(), spec.options.end(),
                                      [&](const PollOption& o) { return o.cost <= spec.budget; });
    if (!any_fits) return Error::invalid("no option fits within the budget", "/budget");
  } else if (spec.budget != 0) {
    return Error::invalid("only budget polls have a budget", "/budget");
  }
  if (spec.quorum_pct < 0 || spec.quorum_pct > 100)
    return Error::invalid("quorum_pct is 0 to 100", "/quorum_pct");
  return {};
}

Status check_ballot(const PollSpec& spec, const Ballot& ballot) {
  const int n = static_cast<int>(spec.options.size());
  std::vector<bool> seen(spec.options.size(), false);
  for (int c : ballot) {
    if (c < 0 || c >= n)
      return Error::invalid("choice " + std::to_string(c) + " is not an option of this poll",
                            "/choices");
    if (seen[static_cast<std::size_t>(c)])
      return Error::invalid("an option is chosen twice", "/choices");
    seen[static_cast<std::size_t>(c)] = true;
  }
  const int k = static_cast<int>(ballot.size());
  switch (spec.kind) {
    case PollKind::single:
      if (k != 1) return Error::invalid("choose exactly one option", "/choices");
      break;
    case PollKind::multiple:
      if (k < spec.min_choices || k > spec.max_choices)
        return Error::invalid("choose " + std::to_string(spec.min_choices) + " to " +
                                  std::to_string(spec.max_choices) + " options",
                              "/choices");
      break;
    case PollKind::approval:
    case PollKind::ranked:
      if (k < 1) return Error::invalid("choose at least one option", "/choices");
      break;
    case PollKind::budget: {
      if (k < 1) return Error::invalid("choose at least one option", "/choices");
      std::int64_t sum = 0;
      for (int c : ballot) sum += spec.options[static_cast<std::size_t>(c)].cost;
      if (sum > spec.budget)
        return Error::invalid("the chosen options cost " + std::to_string(sum) +
                                  " yuan, over the budget of " + std::to_string(spec.budget),
                              "/choices");
      break;
    }
  }
  return {};
}

bool role_matches(PollVoters voters, std::string_view member_role) {
  switch (voters) {
    case PollVoters::all:
      return member_role == "head" || member_role == "member" || member_role == "tenant";
    case PollVoters::owners:
      return member_role == "head" || member_role == "member";
    case PollVoters::tenants:
      return member_role == "tenant";
  }
  return false;
}

bool household_eligible(PollVoters voters, const std::vector<std::string>& member_roles) {
  return std::any_of(member_roles.begin(), member_roles.end(),
                     [&](const std::string& r) { return role_matches(voters, r); });
}

Result<PollPhase> next_phase(PollPhase current, PollStep step, int support, int threshold,
                             bool has_decision) {
  auto refuse = [&](const std::string& why) -> Result<PollPhase> {
    return Error{ErrorCode::failed_precondition,
                 std::string("the poll is in phase ") + to_string(current) + ": " + why, ""};
  };
  switch (step) {
    case PollStep::open_voting:
      if (current != PollPhase::proposal) return refuse("only a proposal can open for voting");
      if (support < threshold)
        return refuse("the proposal has " + std::to_string(support) + " supporting households of " +
                      std::to_string(threshold) + " needed");
      return PollPhase::voting;
    case PollStep::close:
      if (current != PollPhase::voting) return refuse("only a poll in voting can close");
      return PollPhase::closed;
    case PollStep::publish:
      if (current != PollPhase::closed) return refuse("only a closed poll can be published");
      if (!has_decision) return Error::invalid("publishing needs the decision taken", "/decision");
      return PollPhase::published;
  }
  return refuse("unknown step");
}

namespace {

std::vector<int> top_options(const std::vector<std::int64_t>& votes) {
  std::vector<int> out;
  std::int64_t best = 0;
  for (std::size_t i = 0; i < votes.size(); ++i) {
    if (votes[i] == 0) continue;
    if (votes[i] > best) {
      best = votes[i];
      out.clear();
    }
    if (votes[i] == best) out.push_back(static_cast<int>(i));
  }
  return out;
}

void count_irv(const std::vector<Ballot>& ballots, std::size_t n, PollResult& r) {
  std::vector<bool> out(n, false);
  std::size_t remaining = n;
  while (true) {
    IrvRound round;
    round.tallies.assign(n, 0);
    for (const auto& b : ballots) {
      bool counted = false;
      for (int c : b)
        if (!out[static_cast<std::size_t>(c)]) {
          ++round.tallies[static_cast<std::size_t>(c)];
          counted = true;
          break;
        }
      if (counted)
        ++round.continuing;
      else
        ++round.exhausted;
    }
    // A majority of the continuing ballots wins; so does the last continuing option.
    for (std::size_t i = 0; i < n; ++i)
      if (!out[i] && (round.tallies[i] * 2 > round.continuing || remaining == 1) &&
          round.continuing > 0) {
        r.winners = {static_cast<int>(i)};
        r.rounds.push_back(std::move(round));
        return;
      }
    if (round.continuing == 0) {  // no ballots at all
      r.rounds.push_back(std::move(round));
      return;
    }
    // Eliminate the fewest; ties broken by earlier rounds (latest difference first), then the
    // option listed last.
    std::vector<int> lowest;
    std::int64_t fewest = -1;
    for (std::size_t i = 0; i < n; ++i) {
      if (out[i]) continue;
      if (fewest < 0 || round.tallies[i] < fewest) {
        fewest = round.tallies[i];
        lowest.clear();
      }
      if (round.tallies[i] == fewest) lowest.push_back(static_cast<int>(i));
    }
    for (auto it = r.rounds.rbegin(); it != r.rounds.rend() && lowest.size() > 1; ++it) {
      std::int64_t min_then = -1;
      for (int c : lowest)
        if (min_then < 0 || it->tallies[static_cast<std::size_t>(c)] < min_then)
          min_then = it->tallies[static_cast<std::size_t>(c)];
      std::vector<int> keep;
      for (int c : lowest)
        if (it->tallies[static_cast<std::size_t>(c)] == min_then) keep.push_back(c);
      lowest = std::move(keep);
    }
    const int drop = lowest.back();
    out[static_cast<std::size_t>(drop)] = true;
    --remaining;
    round.eliminated = drop;
    r.rounds.push_back(std::move(round));
  }
}

void count_budget(const PollSpec& spec, const std::vector<std::int64_t>& approvals, PollResult& r) {
  const std::size_t n = spec.options.size();
  std::uint32_t best_mask = 0;
  std::int64_t best_votes = 0, best_cost = 0;
  for (std::uint32_t mask = 1; mask < (std::uint32_t{1} << n); ++mask) {
    std::int64_t cost = 0, votes = 0;
    bool useless = false;
    for (std::size_t i = 0; i < n; ++i)
      if (mask & (std::uint32_t{1} << i)) {
        cost += spec.options[i].cost;
        votes += approvals[i];
        if (approvals[i] == 0) useless = true;
      }
    if (useless || cost > spec.budget) continue;
    bool better = votes > best_votes || (votes == best_votes && best_mask != 0 && cost < best_cost);
    if (!better && votes == best_votes && cost == best_cost && best_mask != 0) {
      // The set with the earliest-listed option where they differ.
      const std::uint32_t diff = mask ^ best_mask;
      const std::uint32_t lowest_bit = diff & (~diff + 1);
      better = (mask & lowest_bit) != 0;
    }
    if (better) {
      best_mask = mask;
      best_votes = votes;
      best_cost = cost;
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    if (best_mask & (std::uint32_t{1} << i)) r.funded.push_back(static_cast<int>(i));
  r.funded_cost = best_cost;
  r.funded_approvals = best_votes;
  r.winners = r.funded;
}

}  // namespace

PollResult count_poll(const PollSpec& spec, const std::vector<Ballot>& ballots) {
  PollResult r;
  const std::size_t n = spec.options.size();
  r.ballots = static_cast<std::int64_t>(ballots.size());
  std::vector<std::int64_t> votes(n, 0);
  for (const auto& b : ballots) {
    if (spec.kind == PollKind::ranked) {
      if (!b.empty()) ++votes[static_cast<std::size_t>(b.front())];
    } else {
      for (int c : b) ++votes[static_cast<std::size_t>(c)];
    }
  }
  for (std::size_t i = 0; i < n; ++i) r.tallies.push_back({static_cast<int>(i), votes[i]});
  switch (spec.kind) {
    case PollKind::single:
    case PollKind::multiple:
    case PollKind::approval:
      r.winners = top_options(votes);
      break;
    case PollKind::ranked:
      count_irv(ballots, n, r);
      break;
    case PollKind::budget:
      count_budget(spec, votes, r);
      break;
  }
  return r;
}

bool quorum_met(int quorum_pct, std::int64_t participating, std::int64_t eligible) {
  return participating * 100 >= static_cast<std::int64_t>(quorum_pct) * eligible;
}

double turnout_pct(std::int64_t participating, std::int64_t eligible) {
  if (eligible <= 0) return 0;
  return 100.0 * static_cast<double>(participating) / static_cast<double>(eligible);
}

std::string format_ballot(const Ballot& b) {
  std::string out;
  for (int c : b) {
    if (!out.empty()) out += ',';
    out += std::to_string(c);
  }
  return out;
}

Result<Ballot> parse_ballot(std::string_view text) {
  Ballot out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto j = text.find(',', i);
    if (j == std::string_view::npos) j = text.size();
    int v = 0;
    const auto* first = text.data() + i;
    const auto* last = text.data() + j;
    auto [p, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || p != last || v < 0) return Error::invalid("bad stored ballot");
    out.push_back(v);
    i = j + 1;
  }
  return out;
}

}  // namespace weilai::community
