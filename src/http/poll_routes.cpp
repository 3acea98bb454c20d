// Collective choice of services (集体选择配套服务, issue #8): community polls. Residents propose
// and support proposals, then vote (for their household or themselves, or as a proxy for an
// elderly member); the community admin shapes polls, opens and closes voting and publishes the
// result with the decision taken. Rules: community/poll.hpp. Anonymity: a vote writes a
// participation row (who took part) and a ballot row (what was chosen, random id, no time) in one
// transaction and the audit record names the poll, never the choices (docs/SERVICES.md).
#include <boost/json.hpp>
#include <chrono>

#include "community/poll.hpp"
#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/community_scope.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "storage/org_store.hpp"
#include "storage/poll_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;
namespace cp = community;

namespace {

int year_of(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)));
  return static_cast<int>(year_month_day(day).year());
}

// How the caller relates to a community's polls.
struct Standing {
  bool manager = false;                            // polls_manage in scope
  std::vector<storage::PollHousehold> households;  // the caller's households in the community
};

Result<Standing> standing(storage::Tx& tx, const identity::Actor& actor,
                          std::int64_t community_id) {
  WEILAI_TRY(auto path, community_path(tx, community_id));
  identity::Resource res;
  res.org_path = path;
  Standing s;
  s.manager = static_cast<bool>(identity::authorize(actor, Action::polls_manage, res));
  if (identity::authorize(actor, Action::polls_take_part, res)) {
    for (auto hid : actor.household_ids) {
      WEILAI_TRY(auto h, storage::poll_household(tx, hid));
      if (h.community_id == community_id) s.households.push_back(std::move(h));
    }
  }
  if (!s.manager && s.households.empty())
    return Error::denied("only the community's residents and its admin see its polls");
  return s;
}

// One way the caller may vote: for a household (household ballots) or a person (person ballots),
// themselves or as a proxy.
struct VoterOption {
  std::string key;
  std::int64_t household_id = 0;
  std::optional<std::int64_t> member_id;
  std::string name;
  bool by_proxy = false;
};

std::vector<VoterOption> voter_options(const storage::PollRow& poll, const Standing& s,
                                       std::int64_t account_id, int this_year) {
  std::vector<VoterOption> out;
  for (const auto& h : s.households) {
    if (!storage::in_poll_scope(poll, h)) continue;
    const storage::PollMember* me = nullptr;
    std::vector<std::string> roles;
    for (const auto& m : h.members) {
      roles.push_back(m.role);
      if (m.account_id == account_id) me = &m;
    }
    if (!me) continue;
    if (poll.spec.unit == cp::BallotUnit::household) {
      if (cp::role_matches(poll.spec.voters, me->role))
        out.push_back({"h" + std::to_string(h.id), h.id, std::nullopt, h.name, false});
      else if (me->role == "proxy" && cp::household_eligible(poll.spec.voters, roles))
        out.push_back({"h" + std::to_string(h.id), h.id, std::nullopt, h.name, true});
      continue;
    }
    if (cp::role_matches(poll.spec.voters, me->role))
      out.push_back({"m" + std::to_string(me->id), h.id, me->id, me->person_name, false});
    // A member with an account may cast the ballot of an elderly member who has none.
    for (const auto& m : h.members)
      if (!m.account_id && m.birth_year && this_year - *m.birth_year >= cp::kElderlyAge &&
          cp::role_matches(poll.spec.voters, m.role))
        out.push_back({"m" + std::to_string(m.id), h.id, m.id, m.person_name, true});
  }
  return out;
}

bool results_visible(const storage::PollRow& p, bool manager) {
  switch (p.phase) {
    case cp::PollPhase::proposal:
      return false;
    case cp::PollPhase::voting:
      return !p.spec.hide_results;
    case cp::PollPhase::closed:
      return manager || !p.spec.hide_results;
    case cp::PollPhase::published:
      return true;
  }
  return false;
}

Result<json::object> result_json(storage::Tx& tx, const storage::PollRow& p, bool manager) {
  WEILAI_TRY(auto ballots, storage::poll_ballots(tx, p.id));
  WEILAI_TRY(auto counts, storage::participation_counts(tx, p.id));
  std::int64_t eligible = 0;
  if (p.eligible_households) {
    eligible = *p.eligible_households;
  } else {
    WEILAI_TRY(auto hs, storage::community_poll_households(tx, p.community_id));
    eligible = storage::count_eligible(p, hs);
  }
  const auto r = cp::count_poll(p.spec, ballots);
  json::array tallies, winners, rounds, funded;
  for (const auto& t : r.tallies)
    tallies.push_back(
        json::object{{"option", t.option},
                     {"label", p.spec.options[static_cast<std::size_t>(t.option)].label},
                     {"votes", t.votes}});
  for (int w : r.winners) winners.push_back(w);
  for (const auto& round : r.rounds) {
    json::array t;
    for (auto v : round.tallies) t.push_back(v);
    json::object o{{"tallies", std::move(t)},
                   {"continuing", round.continuing},
                   {"exhausted", round.exhausted}};
    o["eliminated"] = round.eliminated ? json::value(*round.eliminated) : nullptr;
    rounds.push_back(std::move(o));
  }
  for (int f : r.funded) funded.push_back(f);
  json::object out{{"ballots", r.ballots},
                   {"participating_households", counts.households},
                   {"eligible_households", eligible},
                   {"turnout_pct", cp::turnout_pct(counts.households, eligible)},
                   {"quorum_pct", p.spec.quorum_pct},
                   {"quorum_met", cp::quorum_met(p.spec.quorum_pct, counts.households, eligible)},
                   {"by_proxy", counts.by_proxy},
                   {"tallies", std::move(tallies)},
                   {"winners", std::move(winners)}};
  if (p.spec.kind == cp::PollKind::ranked) out["rounds"] = std::move(rounds);
  if (p.spec.kind == cp::PollKind::budget) {
    out["funded"] = std::move(funded);
    out["funded_cost"] = r.funded_cost;
    out["funded_approvals"] = r.funded_approvals;
  }
  if (manager) {
    // The register of proxy votes (who cast for whom), never what they chose.
    WEILAI_TRY(auto proxies, storage::proxy_votes(tx, p.id));
    json::array pv;
    for (const auto& v : proxies)
      pv.push_back(json::object{
          {"household", v.household_name}, {"person", v.person_name}, {"proxy", v.proxy_name}});
    out["proxy_votes"] = std::move(pv);
  }
  return out;
}

Result<json::object> poll_json(storage::Tx& tx, const storage::PollRow& p, const Standing& s,
                               const identity::Actor& actor, std::int64_t now) {
  json::array options;
  for (std::size_t i = 0; i < p.spec.options.size(); ++i) {
    json::object o{{"index", static_cast<std::int64_t>(i)}, {"label", p.spec.options[i].label}};
    if (p.spec.kind == cp::PollKind::budget) o["cost"] = p.spec.options[i].cost;
    options.push_back(std::move(o));
  }
  json::object o{{"id", p.id},
                 {"community_id", p.community_id},
                 {"title", p.title},
                 {"description", p.description},
                 {"kind", cp::to_string(p.spec.kind)},
                 {"options", std::move(options)},
                 {"min_choices", p.spec.min_choices},
                 {"max_choices", p.spec.max_choices},
                 {"budget", p.spec.budget},
                 {"scope", cp::to_string(p.spec.scope)},
                 {"scope_id", opt_json(p.scope_id)},
                 {"voters", cp::to_string(p.spec.voters)},
                 {"ballot_unit", cp::to_string(p.spec.unit)},
                 {"quorum_pct", p.spec.quorum_pct},
                 {"hide_results", p.spec.hide_results},
                 {"phase", cp::to_string(p.phase)},
                 {"support_threshold", p.support_threshold},
                 {"support_count", p.support_count},
                 {"proposed_by_resident", p.proposer_household_id.has_value()},
                 {"voting_opened_at", opt_json(p.voting_opened_at)},
                 {"closes_at", opt_json(p.closes_at)},
                 {"closed_at", opt_json(p.closed_at)},
                 {"published_at", opt_json(p.published_at)},
                 {"decision", p.decision},
                 {"version", p.version}};
  // What the caller may do: vote for whom (and whether already done), support with which household.
  json::array voters;
  if (!s.households.empty() && actor.account_id) {
    auto opts = voter_options(p, s, *actor.account_id, year_of(now));
    std::vector<std::string> keys;
    for (const auto& v : opts) keys.push_back(v.key);
    WEILAI_TRY(auto done, storage::participated_keys(tx, p.id, keys));
    for (const auto& v : opts) {
      json::object vo{{"household_id", v.household_id},
                      {"name", v.name},
                      {"by_proxy", v.by_proxy},
                      {"voted", std::find(done.begin(), done.end(), v.key) != done.end()}};
      vo["member_id"] = opt_json(v.member_id);
      voters.push_back(std::move(vo));
    }
    WEILAI_TRY(auto supporters, storage::supporting_households(tx, p.id));
    bool supported = false;
    for (const auto& h : s.households)
      if (std::find(supporters.begin(), supporters.end(), h.id) != supporters.end())
        supported = true;
    o["supported"] = supported;
  }
  o["my_voters"] = std::move(voters);
  if (results_visible(p, s.manager)) {
    WEILAI_TRY(auto r, result_json(tx, p, s.manager));
    o["result"] = std::move(r);
  } else {
    o["result"] = nullptr;
  }
  return o;
}

// Reads the poll specification from a create/edit body; `row` keeps its other fields.
Status read_spec(const json::object& body, storage::PollRow& row) {
  JsonFields f(body);
  WEILAI_TRY(row.title, f.string("title", 120));
  WEILAI_TRY(auto description, f.optional_string("description", 2000));
  row.description = description.value_or("");
  WEILAI_TRY(auto kind, f.optional_string("kind", 20));
  if (kind) {
    auto k = cp::parse_poll_kind(*kind);
    if (!k) return Error::invalid("kind is single, multiple, approval, ranked or budget", "/kind");
    row.spec.kind = *k;
  }
  if (!body.contains("options") || !body.at("options").is_array())
    return Error::invalid("options is an array of {label, cost?}", "/options");
  row.spec.options.clear();
  const auto& arr = body.at("options").as_array();
  if (arr.size() > cp::kMaxPollOptions)
    return Error::invalid("a poll has at most " + std::to_string(cp::kMaxPollOptions) + " options",
                          "/options");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string at = "/options/" + std::to_string(i);
    cp::PollOption opt;
    if (arr[i].is_string()) {
      opt.label = std::string(arr[i].as_string());
    } else if (arr[i].is_object()) {
      JsonFields of(arr[i].as_object());
      auto only = of.only({"label", "cost"});
      if (!only) return Error::invalid(only.error().message, at + only.error().field);
      auto label = of.string("label", 100);
      if (!label) return Error::invalid(label.error().message, at + "/label");
      opt.label = *label;
      auto cost = of.optional_integer("cost", 0, cp::kMaxBudget);
      if (!cost) return Error::invalid(cost.error().message, at + "/cost");
      opt.cost = cost->value_or(0);
    } else {
      return Error::invalid("an option is a label or {label, cost}", at);
    }
    if (opt.label.size() > 300) return Error::invalid("the label is too long", at + "/label");
    row.spec.options.push_back(std::move(opt));
  }
  WEILAI_TRY(auto mn, f.optional_integer("min_choices", 0, 100));
  WEILAI_TRY(auto mx, f.optional_integer("max_choices", 0, 100));
  row.spec.min_choices = static_cast<int>(mn.value_or(1));
  row.spec.max_choices = static_cast<int>(mx.value_or(
      row.spec.kind == cp::PollKind::multiple ? static_cast<std::int64_t>(row.spec.options.size())
                                              : 1));
  WEILAI_TRY(auto budget, f.optional_integer("budget", 0, cp::kMaxBudget));
  row.spec.budget = budget.value_or(0);
  WEILAI_TRY(auto scope, f.optional_string("scope", 20));
  row.spec.scope = cp::PollScope::community;
  if (scope) {
    auto sc = cp::parse_poll_scope(*scope);
    if (!sc) return Error::invalid("scope is community, grid or building", "/scope");
    row.spec.scope = *sc;
  }
  WEILAI_TRY(row.scope_id, f.optional_integer("scope_id", 1, kMaxMs));
  if ((row.spec.scope == cp::PollScope::community) != !row.scope_id)
    return Error::invalid("a grid or building scope names scope_id; the community scope does not",
                          "/scope_id");
  WEILAI_TRY(auto voters, f.optional_string("voters", 20));
  row.spec.voters = cp::PollVoters::all;
  if (voters) {
    auto v = cp::parse_poll_voters(*voters);
    if (!v) return Error::invalid("voters is all, owners or tenants", "/voters");
    row.spec.voters = *v;
  }
  WEILAI_TRY(auto unit, f.optional_string("ballot_unit", 20));
  row.spec.unit = cp::BallotUnit::household;
  if (unit) {
    auto u = cp::parse_ballot_unit(*unit);
    if (!u) return Error::invalid("ballot_unit is household or person", "/ballot_unit");
    row.spec.unit = *u;
  }
  WEILAI_TRY(auto quorum, f.optional_integer("quorum_pct", 0, 100));
  row.spec.quorum_pct = static_cast<int>(quorum.value_or(0));
  WEILAI_TRY(auto hide, f.optional_boolean("hide_results"));
  row.spec.hide_results = hide.value_or(true);
  WEILAI_TRY(row.closes_at, f.optional_integer("closes_at", 0, kMaxMs));
  return cp::check_poll_spec(row.spec);
}

// The scope's unit exists in the poll's community.
Status check_scope(storage::Tx& tx, const storage::PollRow& row) {
  if (row.spec.scope == cp::PollScope::grid) {
    WEILAI_TRY(storage::Rows r,
               tx.exec("SELECT 1 FROM org_units WHERE id = $1 AND parent_id = $2 AND "
                       "kind = 'grid'",
                       {*row.scope_id, row.community_id}));
    if (r.empty()) return Error::invalid("scope_id is not a grid of this community", "/scope_id");
  } else if (row.spec.scope == cp::PollScope::building) {
    WEILAI_TRY(storage::Rows r,
               tx.exec("SELECT 1 FROM buildings WHERE id = $1 AND community_id = $2",
                       {*row.scope_id, row.community_id}));
    if (r.empty())
      return Error::invalid("scope_id is not a building of this community", "/scope_id");
  }
  return {};
}

const std::initializer_list<std::string_view> kSpecFields{
    "title", "description", "kind",   "options",     "min_choices", "max_choices",  "budget",
    "scope", "scope_id",    "voters", "ballot_unit", "quorum_pct",  "hide_results", "closes_at"};

Status only_spec_fields(const json::object& body, std::initializer_list<std::string_view> extra) {
  for (const auto& kv : body) {
    const std::string_view k = kv.key();
    if (std::find(kSpecFields.begin(), kSpecFields.end(), k) == kSpecFields.end() &&
        std::find(extra.begin(), extra.end(), k) == extra.end())
      return Error::invalid("unknown member " + std::string(k), "/" + std::string(k));
  }
  return {};
}

// Residents and community admins take part in polls somewhere; everyone else is refused at once.
Status may_use_polls(const identity::Actor& actor) {
  if (identity::authorize(actor, Action::polls_manage)) return {};
  return identity::authorize(actor, Action::polls_take_part);
}

Result<std::optional<std::int64_t>> resident_community(storage::Tx& tx,
                                                       const identity::Actor& actor) {
  for (auto hid : actor.household_ids) {
    WEILAI_TRY(auto h, storage::poll_household(tx, hid));
    return std::optional<std::int64_t>(h.community_id);
  }
  return std::optional<std::int64_t>();
}

}  // namespace

void add_poll_routes(App& app) {
  auto& r = app.router();
  // The evaluation reads poll turnout (indicator adapter "poll_turnout").
  if (auto ok = storage::register_poll_adapters(); !ok)
    throw std::logic_error("registering the poll_turnout adapter: " + ok.error().message);

  r.add("GET", "/api/v1/polls",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          WEILAI_CHECK(may_use_polls(actor));
          auto community_id = query_int(req, "community_id", 1, kMaxMs);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            if (!community_id) community_id = default_community(actor);
            if (!community_id) {
              WEILAI_TRY(community_id, resident_community(tx, actor));
            }
            if (!community_id) return Error::invalid("community_id is required", "?community_id");
            WEILAI_TRY(auto s, standing(tx, actor, *community_id));
            WEILAI_TRY(auto polls, storage::list_polls(tx, *community_id));
            json::array out;
            for (const auto& p : polls) {
              WEILAI_TRY(auto o, poll_json(tx, p, s, actor, now));
              out.push_back(std::move(o));
            }
            return out;
          }));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Polls and proposals of a community (its residents and admin), newest first; results "
         "only when visible (published, or not hidden until close)",
         "polls",
         true,
         {"community_id"}});

  r.add("POST", "/api/v1/polls",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          WEILAI_CHECK(may_use_polls(actor));
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           JsonFields f(body);
                           WEILAI_TRY(auto cid, f.optional_integer("community_id", 1, kMaxMs));
                           WEILAI_TRY(auto hh, f.optional_integer("household_id", 1, kMaxMs));
                           if (!cid) cid = default_community(actor);
                           if (!cid) {
                             WEILAI_TRY(cid, resident_community(tx, actor));
                           }
                           if (!cid)
                             return Error::invalid("community_id is required", "/community_id");
                           WEILAI_TRY(auto path, community_path(tx, *cid));
                           identity::Resource res;
                           res.org_path = path;
                           const bool manager = static_cast<bool>(
                               identity::authorize(actor, Action::polls_manage, res));
                           if (!manager)
                             WEILAI_CHECK(identity::authorize(actor, Action::polls_take_part, res));
                           WEILAI_CHECK(only_spec_fields(body, {"community_id", "household_id"}));
                           storage::PollRow row;
                           row.community_id = *cid;
                           WEILAI_CHECK(read_spec(body, row));
                           WEILAI_CHECK(check_scope(tx, row));
                           row.phase = cp::PollPhase::proposal;
                           row.proposed_by = actor.account_id;
                           std::optional<std::int64_t> supporter;
                           if (!manager) {
                             // A resident's proposal: their household backs it first; more must
                             // follow.
                             for (auto h : actor.household_ids) {
                               WEILAI_TRY(auto ph, storage::poll_household(tx, h));
                               if (ph.community_id == *cid && (!hh || *hh == h)) {
                                 supporter = h;
                                 break;
                               }
                             }
                             if (!supporter)
                               return Error::invalid("you have no household in this community",
                                                     "/household_id");
                             row.proposer_household_id = supporter;
                             row.support_threshold = cp::kDefaultSupportThreshold;
                           }
                           WEILAI_TRY(row.id, storage::insert_poll(tx, row, now));
                           if (supporter)
                             WEILAI_CHECK(storage::insert_poll_support(tx, row.id, *supporter,
                                                                       *actor.account_id, now));
                           WEILAI_TRY(auto saved, storage::get_poll(tx, row.id));
                           WEILAI_TRY(auto s, standing(tx, actor, *cid));
                           WEILAI_TRY(auto out, poll_json(tx, saved, s, actor, now));
                           ch.record(manager ? "poll.create" : "poll.propose", "poll",
                                     std::to_string(row.id),
                                     json::object{{"title", row.title},
                                                  {"kind", cp::to_string(row.spec.kind)},
                                                  {"options", out.at("options")}});
                           return out;
                         }));
          return json_response(o, 201);
        },
        {"Create a poll (community admin: a draft in phase proposal) or propose one (resident: it "
         "needs the support of 3 households before the admin may open it)",
         "polls",
         true,
         {},
         "{community_id?, title, description?, kind, options:[label|{label,cost}], min_choices?, "
         "max_choices?, budget?, scope?, scope_id?, voters?, ballot_unit?, quorum_pct?, "
         "hide_results?, closes_at?}",
         {201, 403, 422}});

  r.add("GET", "/api/v1/polls/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
            WEILAI_TRY(auto p, storage::get_poll(tx, id));
            WEILAI_TRY(auto s, standing(tx, actor, p.community_id));
            return poll_json(tx, p, s, actor, now);
          }));
          return json_response(o);
        },
        {"One poll with what the caller may do and the result when visible",
         "polls",
         true,
         {},
         "",
         {404}});

  r.add("PATCH", "/api/v1/polls/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::polls_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_TRY(auto p, storage::get_poll(tx, id));
                           WEILAI_TRY(auto s, standing(tx, actor, p.community_id));
                           if (!s.manager)
                             return Error::denied("only the community's admin edits its polls");
                           WEILAI_CHECK(only_spec_fields(body, {"version"}));
                           JsonFields f(body);
                           WEILAI_TRY(auto version, f.integer("version", 1, kMaxMs));
                           if (version != p.version)
                             return Error::conflict("poll " + std::to_string(id) +
                                                    " is at version " + std::to_string(p.version));
                           if (p.phase != cp::PollPhase::proposal)
                             return Error{ErrorCode::failed_precondition,
                                          "a poll can be edited only before voting opens", ""};
                           WEILAI_CHECK(read_spec(body, p));
                           WEILAI_CHECK(check_scope(tx, p));
                           WEILAI_CHECK(storage::update_poll(tx, p, version, now));
                           WEILAI_TRY(auto saved, storage::get_poll(tx, id));
                           WEILAI_TRY(auto out, poll_json(tx, saved, s, actor, now));
                           ch.record("poll.edit", "poll", std::to_string(id),
                                     json::object{{"title", saved.title},
                                                  {"kind", cp::to_string(saved.spec.kind)},
                                                  {"options", out.at("options")}});
                           return out;
                         }));
          return json_response(o);
        },
        {"Edit a poll before voting opens (community admin); version required, 409 when stale",
         "polls",
         true,
         {},
         "{version, title, options, …the create fields}",
         {404, 409, 422}});

  r.add(
      "POST", "/api/v1/polls/{id}/support",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::polls_take_part));
        const auto id = id_param(req, "id");
        const auto body = parse_json_object(req);
        const auto now = app.clock().now_ms();
        auto done = app.write<json::object>(
            req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
              JsonFields f(body);
              WEILAI_CHECK(f.only({"household_id"}));
              WEILAI_TRY(auto hh, f.optional_integer("household_id", 1, kMaxMs));
              WEILAI_TRY(auto p, storage::lock_poll_for_vote(tx, id));
              WEILAI_TRY(auto s, standing(tx, actor, p.community_id));
              if (s.households.empty())
                return Error::denied("only the community's residents support proposals");
              if (p.phase != cp::PollPhase::proposal)
                return Error{ErrorCode::failed_precondition,
                             "only a proposal gathers support; this poll is " +
                                 std::string(cp::to_string(p.phase)),
                             ""};
              std::int64_t household = s.households.front().id;
              if (hh) {
                if (!member_of(actor, *hh)) return Error::denied("not your household");
                household = *hh;
              }
              WEILAI_CHECK(storage::insert_poll_support(tx, id, household, *actor.account_id, now));
              WEILAI_TRY(auto saved, storage::get_poll(tx, id));
              json::object out{{"poll_id", id},
                               {"support_count", saved.support_count},
                               {"support_threshold", saved.support_threshold}};
              ch.record("poll.support", "poll", std::to_string(id),
                        json::object{{"household_id", household}});
              return out;
            });
        if (!done && done.error().code == ErrorCode::already_exists)
          throw Problem(409, "already_supported", done.error().message);
        if (!done && done.error().code == ErrorCode::failed_precondition)
          throw Problem(409, "poll_not_proposal", done.error().message);
        if (!done) return done.error();
        return json_response(*done, 201);
      },
      {"Support a proposal for your household (once; 409 already_supported)",
       "polls",
       true,
       {},
       "{household_id?}",
       {201, 403, 404, 409}});

  r.add("POST", "/api/v1/polls/{id}/phase",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::polls_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          JsonFields f(body);
          WEILAI_CHECK(f.only({"step", "version", "decision"}));
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto p, storage::get_poll(tx, id));
                WEILAI_TRY(auto s, standing(tx, actor, p.community_id));
                if (!s.manager) return Error::denied("only the community's admin runs its polls");
                WEILAI_TRY(auto step_name, f.string("step", 20));
                WEILAI_TRY(auto version, f.integer("version", 1, kMaxMs));
                WEILAI_TRY(auto decision, f.optional_string("decision", 2000));
                const auto step = cp::parse_poll_step(step_name);
                if (!step) return Error::invalid("step is open_voting, close or publish", "/step");
                if (version != p.version)
                  return Error::conflict("poll " + std::to_string(id) + " is at version " +
                                         std::to_string(p.version));
                const bool has_decision = decision && !decision->empty();
                WEILAI_TRY(auto next,
                           cp::next_phase(p.phase, *step, static_cast<int>(p.support_count),
                                          p.support_threshold, has_decision));
                p.phase = next;
                json::object change{{"phase", cp::to_string(next)}};
                if (*step == cp::PollStep::open_voting) p.voting_opened_at = now;
                if (*step == cp::PollStep::close) {
                  p.closed_at = now;
                  WEILAI_TRY(auto hs, storage::community_poll_households(tx, p.community_id));
                  p.eligible_households = storage::count_eligible(p, hs);
                  WEILAI_CHECK(storage::rewrite_ballots(tx, id));
                  WEILAI_TRY(auto counts, storage::participation_counts(tx, id));
                  change["eligible_households"] = *p.eligible_households;
                  change["participating_households"] = counts.households;
                  change["ballots"] = counts.ballots;
                }
                if (*step == cp::PollStep::publish) {
                  p.published_at = now;
                  p.decision = *decision;
                  change["decision"] = p.decision;
                }
                WEILAI_CHECK(storage::update_poll_phase(tx, p, version, now));
                WEILAI_TRY(auto saved, storage::get_poll(tx, id));
                ch.record("poll." + step_name, "poll", std::to_string(id), change);
                return poll_json(tx, saved, s, actor, now);
              });
          if (!done) {
            const auto err = done.error();
            return problem_with_current(err, req, [&]() -> std::optional<json::value> {
              auto cur = app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
                WEILAI_TRY(auto p, storage::get_poll(tx, id));
                WEILAI_TRY(auto s, standing(tx, actor, p.community_id));
                return poll_json(tx, p, s, actor, now);
              });
              if (!cur) return std::nullopt;
              return json::value(*cur);
            });
          }
          return json_response(*done);
        },
        {"Move a poll on: open_voting (a proposal with enough support), close (counts become "
         "final; eligible households are fixed), publish (with the decision taken); version "
         "required, 409 with current when stale or out of order",
         "polls",
         true,
         {},
         "{step: open_voting|close|publish, version, decision?}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/polls/{id}/ballots",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::polls_take_part));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          JsonFields f(body);
          WEILAI_CHECK(f.only({"choices", "household_id", "member_id"}));
          bool ineligible = false;
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto hh, f.optional_integer("household_id", 1, kMaxMs));
                WEILAI_TRY(auto member, f.optional_integer("member_id", 1, kMaxMs));
                if (!body.contains("choices") || !body.at("choices").is_array())
                  return Error::invalid("choices is an array of option indices", "/choices");
                cp::Ballot ballot;
                for (const auto& c : body.at("choices").as_array()) {
                  if (!c.is_int64() || c.as_int64() < 0 || c.as_int64() > 1000)
                    return Error::invalid("choices holds option indices", "/choices");
                  ballot.push_back(static_cast<int>(c.as_int64()));
                }
                // Share lock: a close waits for the votes in flight (PostgreSQL).
                WEILAI_TRY(auto p, storage::lock_poll_for_vote(tx, id));
                WEILAI_TRY(auto s, standing(tx, actor, p.community_id));
                if (p.phase != cp::PollPhase::voting || (p.closes_at && now >= *p.closes_at))
                  return Error{ErrorCode::failed_precondition,
                               "the poll is not open for voting (phase " +
                                   std::string(cp::to_string(p.phase)) + ")",
                               ""};
                const auto options = voter_options(p, s, *actor.account_id, year_of(now));
                const VoterOption* chosen = nullptr;
                for (const auto& v : options) {
                  if (hh && v.household_id != *hh) continue;
                  if (member && v.member_id != *member) continue;
                  if (!member && v.by_proxy && p.spec.unit == cp::BallotUnit::person) continue;
                  chosen = &v;
                  break;
                }
                if (!chosen) {
                  ineligible = true;
                  return Error{ErrorCode::permission_denied,
                               "you may not vote in this poll for that household or person (scope, "
                               "household role, or proxy rules)",
                               member ? "/member_id" : (hh ? "/household_id" : "")};
                }
                WEILAI_CHECK(cp::check_ballot(p.spec, ballot));
                // Who took part and what was chosen go to two tables with nothing in common.
                WEILAI_CHECK(storage::insert_participation(
                    tx, id,
                    {chosen->key, chosen->household_id, chosen->member_id, *actor.account_id,
                     chosen->by_proxy}));
                WEILAI_CHECK(storage::insert_ballot(tx, id, crypto::random_token(18), ballot));
                json::object out{{"poll_id", id},
                                 {"recorded", true},
                                 {"household_id", chosen->household_id},
                                 {"by_proxy", chosen->by_proxy}};
                out["member_id"] = opt_json(chosen->member_id);
                // The audit names who took part, never the choices.
                ch.record("poll.vote", "poll", std::to_string(id), out);
                return out;
              });
          if (!done && ineligible)
            throw Problem(403, "not_eligible", done.error().message, done.error().field);
          if (!done && done.error().code == ErrorCode::already_exists)
            throw Problem(409, "already_voted",
                          "a ballot has already been cast for this household or person; ballots "
                          "cannot be changed");
          if (!done && done.error().code == ErrorCode::failed_precondition)
            throw Problem(409, "poll_not_open", done.error().message);
          if (!done) return done.error();
          return json_response(*done, 201);
        },
        {"Cast a ballot (once per household or person as the poll says; a proxy may cast for an "
         "elderly member): 403 not_eligible, 409 already_voted / poll_not_open, 422 bad choices",
         "polls",
         true,
         {},
         "{choices:[option index…], household_id?, member_id?}",
         {201, 403, 404, 409, 422}});
}

}  // namespace weilai::http
