// Rows of community polls (issue #8): polls and their options, supports of proposals, who took
// part (participation) and what was chosen (ballots) — two tables with nothing in common but the
// poll: no shared id, no time per ballot, ballots keyed by a random id the caller draws. The rules
// live in community/poll.hpp; these functions only read and write.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "community/poll.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct PollRow {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string title;
  std::string description;
  community::PollSpec spec;
  std::optional<std::int64_t> scope_id;  // grid org unit or building, by spec.scope
  community::PollPhase phase = community::PollPhase::proposal;
  int support_threshold = 0;
  std::int64_t support_count = 0;  // filled by get/list
  std::optional<std::int64_t> proposed_by;
  std::optional<std::int64_t> proposer_household_id;
  std::optional<std::int64_t> voting_opened_at, closes_at, closed_at, published_at;
  std::optional<std::int64_t> eligible_households;  // snapshot taken at close
  std::string decision;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t version = 1;
};

Result<std::int64_t> insert_poll(Tx& tx, const PollRow& p, std::int64_t now);
Result<PollRow> get_poll(Tx& tx, std::int64_t id);  // not_found
// The poll, share-locked until the transaction ends (PostgreSQL FOR SHARE): votes proceed side by
// side while a phase change (an UPDATE of the row) waits for them, so no ballot lands after close.
Result<PollRow> lock_poll_for_vote(Tx& tx, std::int64_t id);
Result<std::vector<PollRow>> list_polls(Tx& tx, std::int64_t community_id);
// Replaces the spec, title, description and options; conflict when the version moved.
Status update_poll(Tx& tx, const PollRow& p, std::int64_t expected_version, std::int64_t now);
// Writes phase, its timestamps, the eligible snapshot and the decision; conflict on a stale
// version.
Status update_poll_phase(Tx& tx, const PollRow& p, std::int64_t expected_version, std::int64_t now);

// already_exists when the household already supports the proposal.
Status insert_poll_support(Tx& tx, std::int64_t poll_id, std::int64_t household_id,
                           std::int64_t account_id, std::int64_t now);
Result<std::vector<std::int64_t>> supporting_households(Tx& tx, std::int64_t poll_id);

struct PollMember {
  std::int64_t id = 0;
  std::optional<std::int64_t> account_id;
  std::string person_name;
  std::string role;  // head | member | tenant | proxy
  std::optional<std::int64_t> birth_year;
};

struct PollHousehold {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> grid_id;
  std::int64_t building_id = 0;
  std::string name;
  std::vector<PollMember> members;
};

Result<PollHousehold> poll_household(Tx& tx, std::int64_t household_id);  // not_found
// Every household of the community with its members (for the eligible count).
Result<std::vector<PollHousehold>> community_poll_households(Tx& tx, std::int64_t community_id);
// Whether a household lies in the poll's scope.
bool in_poll_scope(const PollRow& p, const PollHousehold& h);
// Households in scope with a member whose role the poll admits.
std::int64_t count_eligible(const PollRow& p, const std::vector<PollHousehold>& households);

struct Participation {
  std::string voter_key;  // "h<household>" or "m<member>"
  std::int64_t household_id = 0;
  std::optional<std::int64_t> member_id;
  std::int64_t cast_by = 0;
  bool by_proxy = false;
};
// already_exists when this household (or person) has taken part already.
Status insert_participation(Tx& tx, std::int64_t poll_id, const Participation& p);
// Which of `keys` have taken part.
Result<std::vector<std::string>> participated_keys(Tx& tx, std::int64_t poll_id,
                                                   const std::vector<std::string>& keys);
struct ParticipationCounts {
  std::int64_t households = 0;  // distinct households with at least one ballot
  std::int64_t ballots = 0;
  std::int64_t by_proxy = 0;
};
Result<ParticipationCounts> participation_counts(Tx& tx, std::int64_t poll_id);
struct ProxyVote {
  std::string household_name;
  std::string person_name;  // the represented person (person ballots), else ""
  std::string proxy_name;   // the account that cast it
};
Result<std::vector<ProxyVote>> proxy_votes(Tx& tx, std::int64_t poll_id);

// `ballot_id` must be random and unique (the caller draws it; a clash is already_exists).
Status insert_ballot(Tx& tx, std::int64_t poll_id, const std::string& ballot_id,
                     const community::Ballot& choices);
Result<std::vector<community::Ballot>> poll_ballots(Tx& tx, std::int64_t poll_id);
// Rewrites the poll's ballot rows in id order (PostgreSQL: new row versions written by this
// transaction, placed in random-id order; nothing to do on SQLite, whose table is keyed by id).
Status rewrite_ballots(Tx& tx, std::int64_t poll_id);

// The poll-turnout evaluation adapter: the mean turnout (participating / eligible households, %)
// of the project's community's polls closed in the 365 days up to `until`; no data without one.
// register_poll_adapters() registers it as "poll_turnout" (idempotent).
Result<std::optional<std::pair<double, std::string>>> poll_turnout(Tx& tx, std::int64_t project_id,
                                                                   std::int64_t until);
Status register_poll_adapters();

}  // namespace weilai::storage
