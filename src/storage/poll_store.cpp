#include "storage/poll_store.hpp"

#include <algorithm>
#include <map>

#include "storage/evaluation_store.hpp"

namespace weilai::storage {
namespace cp = community;
namespace {

constexpr const char* kPollSelect =
    "SELECT p.id, p.community_id, p.title, p.description, p.kind, p.min_choices, p.max_choices, "
    "p.budget, p.scope, p.scope_id, p.voters, p.ballot_unit, p.quorum_pct, p.hide_results, "
    "p.phase, p.support_threshold, p.proposed_by, p.proposer_household_id, p.voting_opened_at, "
    "p.closes_at, p.closed_at, p.published_at, p.eligible_households, p.decision, p.created_at, "
    "p.updated_at, p.version, (SELECT COUNT(*) FROM poll_supports s WHERE s.poll_id = p.id) "
    "FROM polls p ";

Result<PollRow> poll_from(const Row& r) {
  PollRow p;
  p.id = r.i64(0);
  p.community_id = r.i64(1);
  p.title = r.text(2);
  p.description = r.text(3);
  const auto kind = cp::parse_poll_kind(r.text(4));
  const auto scope = cp::parse_poll_scope(r.text(8));
  const auto voters = cp::parse_poll_voters(r.text(10));
  const auto unit = cp::parse_ballot_unit(r.text(11));
  const auto phase = cp::parse_poll_phase(r.text(14));
  if (!kind || !scope || !voters || !unit || !phase)
    return Error::internal("poll " + std::to_string(p.id) + " has a bad stored value");
  p.spec.kind = *kind;
  p.spec.min_choices = static_cast<int>(r.i64(5));
  p.spec.max_choices = static_cast<int>(r.i64(6));
  p.spec.budget = r.i64(7);
  p.spec.scope = *scope;
  p.scope_id = r.opt_i64(9);
  p.spec.voters = *voters;
  p.spec.unit = *unit;
  p.spec.quorum_pct = static_cast<int>(r.i64(12));
  p.spec.hide_results = r.i64(13) != 0;
  p.phase = *phase;
  p.support_threshold = static_cast<int>(r.i64(15));
  p.proposed_by = r.opt_i64(16);
  p.proposer_household_id = r.opt_i64(17);
  p.voting_opened_at = r.opt_i64(18);
  p.closes_at = r.opt_i64(19);
  p.closed_at = r.opt_i64(20);
  p.published_at = r.opt_i64(21);
  p.eligible_households = r.opt_i64(22);
  p.decision = r.text(23);
  p.created_at = r.i64(24);
  p.updated_at = r.i64(25);
  p.version = r.i64(26);
  p.support_count = r.i64(27);
  return p;
}

Status load_options(Tx& tx, std::vector<PollRow*> polls) {
  if (polls.empty()) return {};
  std::map<std::int64_t, PollRow*> by_id;
  for (auto* p : polls) by_id[p->id] = p;
  // One query per poll keeps the SQL portable (no array binds); lists are short.
  for (auto* p : polls) {
    WEILAI_TRY(Rows rows, tx.exec("SELECT label, cost FROM poll_options WHERE poll_id = $1 "
                                  "ORDER BY position",
                                  {p->id}));
    p->spec.options.clear();
    for (const auto& r : rows.rows) p->spec.options.push_back({r.text(0), r.i64(1)});
  }
  return {};
}

Status write_options(Tx& tx, const PollRow& p) {
  WEILAI_CHECK(tx.exec("DELETE FROM poll_options WHERE poll_id = $1", {p.id}));
  for (std::size_t i = 0; i < p.spec.options.size(); ++i)
    WEILAI_CHECK(tx.exec(
        "INSERT INTO poll_options (poll_id, position, label, cost) "
        "VALUES ($1,$2,$3,$4)",
        {p.id, static_cast<std::int64_t>(i), p.spec.options[i].label, p.spec.options[i].cost}));
  return {};
}

constexpr const char* kPollHouseholdSelect =
    "SELECT h.id, h.community_id, h.grid_id, d.building_id, h.name, m.id, m.account_id, "
    "m.person_name, m.member_role, m.birth_year FROM households h "
    "JOIN dwellings d ON d.id = h.dwelling_id "
    "LEFT JOIN household_members m ON m.household_id = h.id ";

std::vector<PollHousehold> households_from(const Rows& rows) {
  std::vector<PollHousehold> out;
  for (const auto& r : rows.rows) {
    if (out.empty() || out.back().id != r.i64(0)) {
      PollHousehold h;
      h.id = r.i64(0);
      h.community_id = r.i64(1);
      h.grid_id = r.opt_i64(2);
      h.building_id = r.i64(3);
      h.name = r.text(4);
      out.push_back(std::move(h));
    }
    if (!r.is_null(5))
      out.back().members.push_back({r.i64(5), r.opt_i64(6), r.text(7), r.text(8), r.opt_i64(9)});
  }
  return out;
}

}  // namespace

Result<std::int64_t> insert_poll(Tx& tx, const PollRow& p, std::int64_t now) {
  WEILAI_TRY(auto id,
             tx.insert_returning_id(
                 "INSERT INTO polls (community_id, title, description, kind, min_choices, "
                 "max_choices, budget, scope, scope_id, voters, ballot_unit, quorum_pct, "
                 "hide_results, phase, support_threshold, proposed_by, proposer_household_id, "
                 "closes_at, created_at, updated_at, version) VALUES "
                 "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19,1) "
                 "RETURNING id",
                 {p.community_id, p.title, p.description, std::string(cp::to_string(p.spec.kind)),
                  std::int64_t{p.spec.min_choices}, std::int64_t{p.spec.max_choices}, p.spec.budget,
                  std::string(cp::to_string(p.spec.scope)), nullable(p.scope_id),
                  std::string(cp::to_string(p.spec.voters)),
                  std::string(cp::to_string(p.spec.unit)), std::int64_t{p.spec.quorum_pct},
                  std::int64_t{p.spec.hide_results ? 1 : 0}, std::string(cp::to_string(p.phase)),
                  std::int64_t{p.support_threshold}, nullable(p.proposed_by),
                  nullable(p.proposer_household_id), nullable(p.closes_at), now}));
  PollRow with_id = p;
  with_id.id = id;
  WEILAI_CHECK(write_options(tx, with_id));
  return id;
}

Result<PollRow> get_poll(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kPollSelect) + "WHERE p.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no poll " + std::to_string(id));
  WEILAI_TRY(auto p, poll_from(rows.front()));
  WEILAI_CHECK(load_options(tx, {&p}));
  return p;
}

Result<PollRow> lock_poll_for_vote(Tx& tx, std::int64_t id) {
  if (tx.dialect() == Dialect::postgresql)
    WEILAI_CHECK(tx.exec("SELECT id FROM polls WHERE id = $1 FOR SHARE", {id}));
  return get_poll(tx, id);
}

Result<std::vector<PollRow>> list_polls(Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kPollSelect) +
                         "WHERE p.community_id = $1 ORDER BY p.created_at DESC, p.id DESC",
                     {community_id}));
  std::vector<PollRow> out;
  for (const auto& r : rows.rows) {
    WEILAI_TRY(auto p, poll_from(r));
    out.push_back(std::move(p));
  }
  std::vector<PollRow*> ptrs;
  for (auto& p : out) ptrs.push_back(&p);
  WEILAI_CHECK(load_options(tx, ptrs));
  return out;
}

Status update_poll(Tx& tx, const PollRow& p, std::int64_t expected_version, std::int64_t now) {
  WEILAI_TRY(
      Rows done,
      tx.exec("UPDATE polls SET title = $1, description = $2, kind = $3, min_choices = $4, "
              "max_choices = $5, budget = $6, scope = $7, scope_id = $8, voters = $9, "
              "ballot_unit = $10, quorum_pct = $11, hide_results = $12, closes_at = $13, "
              "updated_at = $14, version = version + 1 WHERE id = $15 AND version = $16",
              {p.title, p.description, std::string(cp::to_string(p.spec.kind)),
               std::int64_t{p.spec.min_choices}, std::int64_t{p.spec.max_choices}, p.spec.budget,
               std::string(cp::to_string(p.spec.scope)), nullable(p.scope_id),
               std::string(cp::to_string(p.spec.voters)), std::string(cp::to_string(p.spec.unit)),
               std::int64_t{p.spec.quorum_pct}, std::int64_t{p.spec.hide_results ? 1 : 0},
               nullable(p.closes_at), now, p.id, expected_version}));
  if (done.affected == 0)
    return Error::conflict("poll " + std::to_string(p.id) + " changed meanwhile");
  return write_options(tx, p);
}

Status update_poll_phase(Tx& tx, const PollRow& p, std::int64_t expected_version,
                         std::int64_t now) {
  WEILAI_TRY(Rows done,
             tx.exec("UPDATE polls SET phase = $1, voting_opened_at = $2, closed_at = $3, "
                     "published_at = $4, eligible_households = $5, decision = $6, updated_at = $7, "
                     "version = version + 1 WHERE id = $8 AND version = $9",
                     {std::string(cp::to_string(p.phase)), nullable(p.voting_opened_at),
                      nullable(p.closed_at), nullable(p.published_at),
                      nullable(p.eligible_households), p.decision, now, p.id, expected_version}));
  if (done.affected == 0)
    return Error::conflict("poll " + std::to_string(p.id) + " changed meanwhile");
  return {};
}

Status insert_poll_support(Tx& tx, std::int64_t poll_id, std::int64_t household_id,
                           std::int64_t account_id, std::int64_t now) {
  WEILAI_TRY(Rows done, tx.exec("INSERT INTO poll_supports (poll_id, household_id, account_id, "
                                "created_at) VALUES ($1,$2,$3,$4) ON CONFLICT (poll_id, "
                                "household_id) DO NOTHING",
                                {poll_id, household_id, account_id, now}));
  if (done.affected == 0)
    return Error{ErrorCode::already_exists, "your household already supports this proposal", ""};
  return {};
}

Result<std::vector<std::int64_t>> supporting_households(Tx& tx, std::int64_t poll_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT household_id FROM poll_supports WHERE poll_id = $1 "
                                "ORDER BY household_id",
                                {poll_id}));
  std::vector<std::int64_t> out;
  for (const auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

Result<PollHousehold> poll_household(Tx& tx, std::int64_t household_id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kPollHouseholdSelect) + "WHERE h.id = $1 ORDER BY m.id",
                                {household_id}));
  auto hs = households_from(rows);
  if (hs.empty()) return Error::not_found("no household " + std::to_string(household_id));
  return hs.front();
}

Result<std::vector<PollHousehold>> community_poll_households(Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kPollHouseholdSelect) +
                                    "WHERE h.community_id = $1 ORDER BY h.id, m.id",
                                {community_id}));
  return households_from(rows);
}

bool in_poll_scope(const PollRow& p, const PollHousehold& h) {
  if (h.community_id != p.community_id) return false;
  switch (p.spec.scope) {
    case cp::PollScope::community:
      return true;
    case cp::PollScope::grid:
      return h.grid_id && p.scope_id && *h.grid_id == *p.scope_id;
    case cp::PollScope::building:
      return p.scope_id && h.building_id == *p.scope_id;
  }
  return false;
}

std::int64_t count_eligible(const PollRow& p, const std::vector<PollHousehold>& households) {
  std::int64_t n = 0;
  for (const auto& h : households) {
    if (!in_poll_scope(p, h)) continue;
    std::vector<std::string> roles;
    for (const auto& m : h.members) roles.push_back(m.role);
    if (cp::household_eligible(p.spec.voters, roles)) ++n;
  }
  return n;
}

Status insert_participation(Tx& tx, std::int64_t poll_id, const Participation& p) {
  WEILAI_TRY(Rows done,
             tx.exec("INSERT INTO poll_participation (poll_id, voter_key, household_id, member_id, "
                     "cast_by, by_proxy) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (poll_id, "
                     "voter_key) DO NOTHING",
                     {poll_id, p.voter_key, p.household_id, nullable(p.member_id), p.cast_by,
                      std::int64_t{p.by_proxy ? 1 : 0}}));
  if (done.affected == 0)
    return Error{ErrorCode::already_exists, "a ballot has already been cast for this voter", ""};
  return {};
}

Result<std::vector<std::string>> participated_keys(Tx& tx, std::int64_t poll_id,
                                                   const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) {
    WEILAI_TRY(Rows rows, tx.exec("SELECT 1 FROM poll_participation WHERE poll_id = $1 AND "
                                  "voter_key = $2",
                                  {poll_id, k}));
    if (!rows.empty()) out.push_back(k);
  }
  return out;
}

Result<ParticipationCounts> participation_counts(Tx& tx, std::int64_t poll_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT COUNT(DISTINCT household_id), COUNT(*), "
                                "COALESCE(SUM(by_proxy), 0) FROM poll_participation "
                                "WHERE poll_id = $1",
                                {poll_id}));
  const auto& r = rows.front();
  return ParticipationCounts{r.i64(0), r.i64(1), r.i64(2)};
}

Result<std::vector<ProxyVote>> proxy_votes(Tx& tx, std::int64_t poll_id) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT h.name, COALESCE(m.person_name, ''), a.display_name "
                     "FROM poll_participation p JOIN households h ON h.id = p.household_id "
                     "LEFT JOIN household_members m ON m.id = p.member_id "
                     "JOIN accounts a ON a.id = p.cast_by "
                     "WHERE p.poll_id = $1 AND p.by_proxy = 1 ORDER BY h.id, p.voter_key",
                     {poll_id}));
  std::vector<ProxyVote> out;
  for (const auto& r : rows.rows) out.push_back({r.text(0), r.text(1), r.text(2)});
  return out;
}

Status insert_ballot(Tx& tx, std::int64_t poll_id, const std::string& ballot_id,
                     const cp::Ballot& choices) {
  WEILAI_CHECK(tx.exec("INSERT INTO poll_ballots (id, poll_id, choices) VALUES ($1,$2,$3)",
                       {ballot_id, poll_id, cp::format_ballot(choices)}));
  return {};
}

Result<std::vector<cp::Ballot>> poll_ballots(Tx& tx, std::int64_t poll_id) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT choices FROM poll_ballots WHERE poll_id = $1 ORDER BY id", {poll_id}));
  std::vector<cp::Ballot> out;
  for (const auto& r : rows.rows) {
    WEILAI_TRY(auto b, cp::parse_ballot(r.text(0)));
    out.push_back(std::move(b));
  }
  return out;
}

Status rewrite_ballots(Tx& tx, std::int64_t poll_id) {
  if (tx.dialect() == Dialect::sqlite) return {};
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, choices FROM poll_ballots WHERE poll_id = $1 "
                                "ORDER BY id",
                                {poll_id}));
  WEILAI_CHECK(tx.exec("DELETE FROM poll_ballots WHERE poll_id = $1", {poll_id}));
  for (const auto& r : rows.rows)
    WEILAI_CHECK(tx.exec("INSERT INTO poll_ballots (id, poll_id, choices) VALUES ($1,$2,$3)",
                         {r.text(0), poll_id, r.text(1)}));
  return {};
}

Result<std::optional<std::pair<double, std::string>>> poll_turnout(Tx& tx, std::int64_t project_id,
                                                                   std::int64_t until) {
  using Out = std::optional<std::pair<double, std::string>>;
  constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT p.id, p.eligible_households, (SELECT COUNT(DISTINCT x.household_id) "
                     "FROM poll_participation x WHERE x.poll_id = p.id) FROM polls p "
                     "JOIN projects j ON j.community_id = p.community_id WHERE j.id = $1 AND "
                     "p.phase IN ('closed','published') AND p.closed_at <= $2 AND "
                     "p.closed_at > $3 AND p.eligible_households > 0 ORDER BY p.id",
                     {project_id, until, until - kYearMs}));
  if (rows.empty()) return Out();
  double sum = 0;
  std::int64_t voted = 0, eligible = 0;
  for (const auto& r : rows.rows) {
    sum += cp::turnout_pct(r.i64(2), r.i64(1));
    voted += r.i64(2);
    eligible += r.i64(1);
  }
  const double mean = sum / static_cast<double>(rows.size());
  return Out(std::pair<double, std::string>(
      mean, std::to_string(rows.size()) + " poll(s) closed in the 365 days to date: mean turnout " +
                "of eligible households (" + std::to_string(voted) + " of " +
                std::to_string(eligible) + " household ballots in all)"));
}

Status register_poll_adapters() {
  return register_evaluation_adapter(
      "poll_turnout",
      [](Tx& tx, std::int64_t project,
         UnixMillis until) -> Result<std::optional<evaluation::AdapterReading>> {
        WEILAI_TRY(auto t, poll_turnout(tx, project, static_cast<std::int64_t>(until)));
        if (!t) return std::optional<evaluation::AdapterReading>();
        evaluation::AdapterReading reading;
        reading.number = t->first;
        reading.detail = t->second;
        return std::optional<evaluation::AdapterReading>(reading);
      });
}

}  // namespace weilai::storage
