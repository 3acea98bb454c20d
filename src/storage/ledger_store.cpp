#include "storage/ledger_store.hpp"

#include <algorithm>
#include <map>

namespace weilai::storage {
using community::OwnerKind;
using community::Unit;

Result<Rows> query(Tx& tx, std::string_view sql, std::initializer_list<Value> params) {
  return tx.exec(sql, params);
}

// ---- ledger core ----

Result<EnsuredAccount> ensure_account(Tx& tx, OwnerKind kind, std::int64_t owner_id,
                                      const std::string& purpose, Unit unit,
                                      std::int64_t community_id,
                                      std::optional<std::int64_t> lower_limit, UnixMillis now) {
  WEILAI_TRY(Rows found, tx.exec("SELECT id FROM ledger_accounts WHERE owner_kind = $1 AND "
                                 "owner_id = $2 AND purpose = $3 AND unit = $4",
                                 {std::string(community::owner_code(kind)), owner_id, purpose,
                                  std::string(community::unit_code(unit))}));
  if (!found.empty()) return EnsuredAccount{found.front().i64(0), false};
  WEILAI_TRY(
      Rows ins,
      tx.exec("INSERT INTO ledger_accounts (owner_kind, owner_id, purpose, unit, "
              "community_id, lower_limit, balance, created_at) VALUES "
              "($1,$2,$3,$4,$5,$6,0,$7) ON CONFLICT (owner_kind, owner_id, purpose, unit) "
              "DO NOTHING RETURNING id",
              {std::string(community::owner_code(kind)), owner_id, purpose,
               std::string(community::unit_code(unit)), community_id, nullable(lower_limit), now}));
  if (!ins.empty()) return EnsuredAccount{ins.front().i64(0), true};
  // Another transaction created it between our read and insert (PostgreSQL).
  WEILAI_TRY(Rows again, tx.exec("SELECT id FROM ledger_accounts WHERE owner_kind = $1 AND "
                                 "owner_id = $2 AND purpose = $3 AND unit = $4",
                                 {std::string(community::owner_code(kind)), owner_id, purpose,
                                  std::string(community::unit_code(unit))}));
  if (again.empty()) return Error::internal("ledger account vanished");
  return EnsuredAccount{again.front().i64(0), false};
}

Result<EnsuredAccount> person_account(Tx& tx, std::int64_t person_id, std::int64_t community_id,
                                      Unit unit, UnixMillis now) {
  return ensure_account(tx, OwnerKind::person, person_id, "main", unit, community_id,
                        std::int64_t{0}, now);
}

Result<std::int64_t> system_account(Tx& tx, std::int64_t community_id, const std::string& purpose,
                                    Unit unit, UnixMillis now) {
  WEILAI_TRY(auto a, ensure_account(tx, OwnerKind::system, community_id, purpose, unit,
                                    community_id, std::nullopt, now));
  return a.id;
}

namespace {
constexpr const char* kAccountCols =
    "SELECT id, owner_kind, owner_id, purpose, unit, community_id, lower_limit, balance "
    "FROM ledger_accounts ";
LedgerAccount ledger_account_from(const Row& r) {
  return {r.i64(0), r.text(1), r.i64(2), r.text(3), r.text(4), r.i64(5), r.opt_i64(6), r.i64(7)};
}
}  // namespace

Result<std::optional<LedgerAccount>> find_account(Tx& tx, OwnerKind kind, std::int64_t owner_id,
                                                  const std::string& purpose, Unit unit) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kAccountCols) +
                                    "WHERE owner_kind = $1 AND owner_id = $2 AND purpose = $3 AND "
                                    "unit = $4",
                                {std::string(community::owner_code(kind)), owner_id, purpose,
                                 std::string(community::unit_code(unit))}));
  if (rows.empty()) return std::optional<LedgerAccount>{};
  return std::optional<LedgerAccount>(ledger_account_from(rows.front()));
}

Result<LedgerAccount> get_ledger_account(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kAccountCols) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no ledger account " + std::to_string(id));
  return ledger_account_from(rows.front());
}

Status set_lower_limit(Tx& tx, std::int64_t account_id, std::optional<std::int64_t> limit) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE ledger_accounts SET lower_limit = $2 WHERE id = $1 AND "
                             "(CAST($2 AS BIGINT) IS NULL OR balance >= $2)",
                             {account_id, nullable(limit)}));
  if (r.affected == 0)
    return Error{ErrorCode::failed_precondition, "the account is already below that limit",
                 "/budget"};
  return {};
}

Status lock_accounts(Tx& tx, std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (auto id : ids)
    WEILAI_CHECK(tx.exec("UPDATE ledger_accounts SET balance = balance WHERE id = $1", {id}));
  return {};
}

Result<std::int64_t> post(Tx& tx, const community::Posting& posting, UnixMillis now) {
  WEILAI_CHECK(community::validate_posting(posting));
  // One balance change per account, in id order: row locks are always taken in the same order.
  std::map<std::int64_t, std::pair<Unit, std::int64_t>> deltas;
  for (const auto& e : posting.entries) {
    auto [it, fresh] = deltas.try_emplace(e.account_id, e.unit, 0);
    if (!fresh && it->second.first != e.unit)
      return Error::invalid("one account, two units in a posting");
    it->second.second += e.amount;
  }
  for (const auto& [account, d] : deltas) {
    if (d.second == 0) continue;
    WEILAI_TRY(Rows r, tx.exec("UPDATE ledger_accounts SET balance = balance + $2 WHERE id = $1 "
                               "AND unit = $3 AND (lower_limit IS NULL OR balance + $2 >= "
                               "lower_limit)",
                               {account, d.second, std::string(community::unit_code(d.first))}));
    if (r.affected == 0) {
      WEILAI_TRY(auto a, get_ledger_account(tx, account));
      if (a.unit != community::unit_code(d.first))
        return Error::invalid("entry unit differs from account " + std::to_string(account));
      return Error{ErrorCode::failed_precondition,
                   "insufficient balance: account " + std::to_string(account) + " holds " +
                       std::to_string(a.balance) + " " + a.unit + ", the posting needs " +
                       std::to_string(-d.second),
                   "/amount"};
    }
  }
  WEILAI_TRY(
      std::int64_t id,
      tx.insert_returning_id(
          "INSERT INTO ledger_transactions (kind, community_id, memo, reverses_id, "
          "ref_type, ref_id, actor_id, proxy, posted_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) "
          "RETURNING id",
          {posting.kind, posting.community_id, posting.memo, nullable(posting.reverses_id),
           posting.ref_type, nullable(posting.ref_id), nullable(posting.actor_id),
           std::int64_t{posting.proxy ? 1 : 0}, now}));
  for (const auto& e : posting.entries) {
    WEILAI_CHECK(
        tx.exec("INSERT INTO ledger_entries (tx_id, account_id, unit, amount, expires_at) "
                "VALUES ($1,$2,$3,$4,$5)",
                {id, e.account_id, std::string(community::unit_code(e.unit)), e.amount,
                 nullable(e.expires_at)}));
  }
  return id;
}

Result<Rows> get_transaction(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT id, kind, community_id, memo, reverses_id, ref_type, ref_id, "
                             "actor_id, proxy, posted_at FROM ledger_transactions WHERE id = $1",
                             {id}));
  if (r.empty()) return Error::not_found("no ledger transaction " + std::to_string(id));
  return r;
}

Result<Rows> transaction_entries(Tx& tx, std::int64_t id) {
  return tx.exec(
      "SELECT account_id, unit, amount, expires_at FROM ledger_entries WHERE tx_id = $1 ORDER BY "
      "id",
      {id});
}

Result<std::int64_t> reverse(Tx& tx, std::int64_t original_tx, const std::string& memo,
                             std::optional<std::int64_t> actor_id, UnixMillis now) {
  WEILAI_TRY(Rows t, get_transaction(tx, original_tx));
  const Row& row = t.front();
  if (!row.is_null(4)) return Error::conflict("a reversal cannot itself be reversed");
  WEILAI_TRY(Rows done,
             tx.exec("SELECT id FROM ledger_transactions WHERE reverses_id = $1", {original_tx}));
  if (!done.empty())
    return Error::conflict("transaction " + std::to_string(original_tx) + " is already reversed");
  WEILAI_TRY(Rows entries, transaction_entries(tx, original_tx));
  community::Posting p;
  p.kind = "reversal";
  p.community_id = row.i64(2);
  p.memo = memo;
  p.reverses_id = original_tx;
  p.ref_type = row.text(5);
  p.ref_id = row.opt_i64(6);
  p.actor_id = actor_id;
  std::vector<community::Entry> original;
  for (const auto& e : entries.rows)
    original.push_back({e.i64(0), *community::parse_unit(e.text(1)), e.i64(2), std::nullopt});
  p.entries = community::reversal_entries(original);
  return post(tx, p, now);
}

Result<Rows> statement(Tx& tx, const std::vector<std::int64_t>& account_ids,
                       std::int64_t before_entry_id, int limit) {
  Rows out;
  if (account_ids.empty()) return out;
  // A small IN list built from integers we own (ids), never from input text.
  std::string in;
  for (auto id : account_ids) in += (in.empty() ? "" : ",") + std::to_string(id);
  return tx.exec(
      "SELECT e.id, e.tx_id, e.account_id, e.unit, e.amount, t.kind, t.memo, "
      "t.posted_at, t.reverses_id, t.proxy, e.expires_at FROM ledger_entries e JOIN "
      "ledger_transactions t ON t.id = e.tx_id WHERE e.account_id IN (" +
          in + ") AND e.id < $1 ORDER BY e.id DESC LIMIT $2",
      {before_entry_id, std::int64_t{limit}});
}

Result<community::VerifyReport> verify_ledger(Database& db) {
  return db.transact(TxMode::read,
                     [](Tx& tx) -> Result<community::VerifyReport> { return verify_ledger(tx); });
}

Result<community::VerifyReport> verify_ledger(Tx& tx) {
  WEILAI_TRY(Rows accounts,
             tx.exec("SELECT a.id, a.unit, a.balance, a.lower_limit, "
                     "(SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e WHERE "
                     "e.account_id = a.id) FROM ledger_accounts a ORDER BY a.id"));
  std::vector<community::AccountState> states;
  for (const auto& r : accounts.rows) {
    states.push_back({r.i64(0), community::parse_unit(r.text(1)).value_or(Unit::hour), r.i64(2),
                      r.i64(4), r.opt_i64(3)});
  }
  WEILAI_TRY(Rows bad, tx.exec("SELECT tx_id FROM ledger_entries GROUP BY tx_id, unit HAVING "
                               "SUM(amount) <> 0 ORDER BY tx_id"));
  std::vector<std::int64_t> unbalanced;
  for (const auto& r : bad.rows) unbalanced.push_back(r.i64(0));
  WEILAI_TRY(Rows empty_tx, tx.exec("SELECT t.id FROM ledger_transactions t WHERE NOT EXISTS "
                                    "(SELECT 1 FROM ledger_entries e WHERE e.tx_id = t.id)"));
  auto report = community::verify_accounts(states, unbalanced);
  for (const auto& r : empty_tx.rows) {
    report.problems.push_back("transaction " + std::to_string(r.i64(0)) + " has no entries");
    report.ok = false;
  }
  WEILAI_TRY(Rows n, tx.exec("SELECT COUNT(*) FROM ledger_transactions"));
  report.transactions = n.front().i64(0);
  return report;
}

// ---- idempotency ----

Result<std::optional<StoredAnswer>> find_idempotent(Tx& tx, const std::string& scope_key) {
  WEILAI_TRY(Rows r, tx.exec("SELECT request_hash, status, response FROM ledger_idempotency "
                             "WHERE scope_key = $1 AND status > 0",
                             {scope_key}));
  if (r.empty()) return std::optional<StoredAnswer>{};
  const Row& row = r.front();
  return std::optional<StoredAnswer>(
      StoredAnswer{row.text(0), static_cast<int>(row.i64(1)), row.text(2)});
}

Result<bool> claim_idempotent(Tx& tx, const std::string& scope_key, const std::string& hash,
                              UnixMillis now) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO ledger_idempotency (scope_key, request_hash, status, "
                             "response, created_at) VALUES ($1,$2,0,'',$3) ON CONFLICT "
                             "(scope_key) DO NOTHING",
                             {scope_key, hash, now}));
  return r.affected == 1;
}

Status store_idempotent(Tx& tx, const std::string& scope_key, int status,
                        const std::string& response) {
  WEILAI_CHECK(
      tx.exec("UPDATE ledger_idempotency SET status = $2, response = $3 WHERE scope_key "
              "= $1",
              {scope_key, std::int64_t{status}, response}));
  return {};
}

// ---- persons and family ----
namespace {
constexpr const char* kPersonCols =
    "SELECT m.id, m.household_id, h.community_id, h.grid_id, m.account_id, m.person_name, "
    "m.birth_year FROM household_members m JOIN households h ON h.id = m.household_id ";
Person person_from(const Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.opt_i64(3), r.opt_i64(4), r.text(5), r.opt_i64(6)};
}
}  // namespace

Result<Person> get_person(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec(std::string(kPersonCols) + "WHERE m.id = $1", {id}));
  if (r.empty()) return Error::not_found("no person " + std::to_string(id));
  return person_from(r.front());
}

Result<std::vector<Person>> persons_of_household(Tx& tx, std::int64_t household_id) {
  WEILAI_TRY(Rows r, tx.exec(std::string(kPersonCols) + "WHERE m.household_id = $1 ORDER BY m.id",
                             {household_id}));
  std::vector<Person> out;
  for (const auto& row : r.rows) out.push_back(person_from(row));
  return out;
}

Result<std::vector<Person>> persons_of_households(Tx& tx, const std::vector<std::int64_t>& ids) {
  std::vector<Person> out;
  for (auto h : ids) {
    WEILAI_TRY(auto ps, persons_of_household(tx, h));
    out.insert(out.end(), ps.begin(), ps.end());
  }
  return out;
}

Result<bool> registered_relatives(Tx& tx, std::int64_t a, std::int64_t b) {
  WEILAI_TRY(Rows r, tx.exec("SELECT 1 FROM family_relations WHERE person_id = $1 AND "
                             "relative_id = $2",
                             {a, b}));
  return !r.empty();
}

Status add_relation(Tx& tx, std::int64_t person, std::int64_t relative, const std::string& relation,
                    std::int64_t created_by, UnixMillis now) {
  static const std::map<std::string, std::string> inverse{{"parent", "child"},
                                                          {"child", "parent"},
                                                          {"grandparent", "grandchild"},
                                                          {"grandchild", "grandparent"},
                                                          {"spouse", "spouse"}};
  auto it = inverse.find(relation);
  if (it == inverse.end())
    return Error::invalid("relation: parent, child, grandparent, grandchild or spouse",
                          "/relation");
  WEILAI_TRY(Rows a, tx.exec("INSERT INTO family_relations (person_id, relative_id, relation, "
                             "created_by, created_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT "
                             "(person_id, relative_id) DO NOTHING",
                             {person, relative, relation, created_by, now}));
  if (a.affected == 0)
    return Error{ErrorCode::already_exists, "already registered", "/relative_id"};
  WEILAI_CHECK(
      tx.exec("INSERT INTO family_relations (person_id, relative_id, relation, "
              "created_by, created_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT "
              "(person_id, relative_id) DO NOTHING",
              {relative, person, it->second, created_by, now}));
  return {};
}

Result<Rows> relations_of(Tx& tx, std::int64_t person) {
  return tx.exec(
      "SELECT r.id, r.relative_id, m.person_name AS relative_name, r.relation, "
      "r.created_at FROM family_relations r JOIN household_members m ON m.id = "
      "r.relative_id WHERE r.person_id = $1 ORDER BY r.id",
      {person});
}

// ---- policy ----

Result<community::TimeBankPolicy> load_policy(Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT daily_cap_minutes, storage_cap_minutes, "
                             "starter_grant_minutes, spend_min_age, transfer_annual_cap_minutes, "
                             "hour_expiry_days, point_expiry_days, service_points FROM "
                             "ledger_settings WHERE community_id = $1",
                             {community_id}));
  community::TimeBankPolicy p;
  if (r.empty()) return p;
  const Row& row = r.front();
  p.daily_cap_minutes = row.i64(0);
  p.storage_cap_minutes = row.i64(1);
  p.starter_grant_minutes = row.i64(2);
  p.spend_min_age = row.i64(3);
  p.transfer_annual_cap_minutes = row.i64(4);
  p.hour_expiry_days = row.opt_i64(5);
  p.point_expiry_days = row.opt_i64(6);
  p.service_points = row.i64(7);
  return p;
}

Status save_policy(Tx& tx, std::int64_t community_id, const community::TimeBankPolicy& p,
                   UnixMillis now) {
  WEILAI_CHECK(tx.exec(
      "INSERT INTO ledger_settings (community_id, daily_cap_minutes, storage_cap_minutes, "
      "starter_grant_minutes, spend_min_age, transfer_annual_cap_minutes, hour_expiry_days, "
      "point_expiry_days, service_points, version, updated_at) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,1,$10) ON CONFLICT (community_id) DO UPDATE SET "
      "daily_cap_minutes = excluded.daily_cap_minutes, storage_cap_minutes = "
      "excluded.storage_cap_minutes, starter_grant_minutes = excluded.starter_grant_minutes, "
      "spend_min_age = excluded.spend_min_age, transfer_annual_cap_minutes = "
      "excluded.transfer_annual_cap_minutes, hour_expiry_days = excluded.hour_expiry_days, "
      "point_expiry_days = excluded.point_expiry_days, service_points = excluded.service_points, "
      "version = ledger_settings.version + 1, updated_at = excluded.updated_at",
      {community_id, p.daily_cap_minutes, p.storage_cap_minutes, p.starter_grant_minutes,
       p.spend_min_age, p.transfer_annual_cap_minutes, nullable(p.hour_expiry_days),
       nullable(p.point_expiry_days), p.service_points, now}));
  return {};
}

Result<std::int64_t> flow_since(Tx& tx, std::int64_t account_id, const std::string& kind,
                                UnixMillis since, bool debits) {
  WEILAI_TRY(Rows r, tx.exec(std::string("SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e "
                                         "JOIN ledger_transactions t ON t.id = e.tx_id WHERE "
                                         "e.account_id = $1 AND t.kind = $2 AND t.posted_at >= $3 "
                                         "AND e.amount ") +
                                 (debits ? "< 0" : "> 0"),
                             {account_id, kind, since}));
  const std::int64_t v = r.front().i64(0);
  return debits ? -v : v;
}

// ---- time bank services ----
namespace {
constexpr const char* kServiceCols =
    "SELECT id, community_id, kind, category, title, place, window_start, window_end, "
    "for_person_id, volunteer_person_id, volunteer_account_id, pay_with_hours, status, "
    "created_by, proxy_by, check_in_at, check_out_at, minutes, confirmed_by, confirmed_as, "
    "credit_tx_id, created_at, version, confirmed_at, check_in_lat, check_in_lon, check_out_lat, "
    "check_out_lon FROM timebank_services ";
}

Result<Service> get_service(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec(std::string(kServiceCols) + "WHERE id = $1", {id}));
  if (r.empty()) return Error::not_found("no service " + std::to_string(id));
  const Row& x = r.front();
  Service s;
  s.id = x.i64(0);
  s.community_id = x.i64(1);
  s.kind = x.text(2);
  s.category = x.text(3);
  s.title = x.text(4);
  s.place = x.text(5);
  s.window_start = x.i64(6);
  s.window_end = x.i64(7);
  s.for_person_id = x.opt_i64(8);
  s.volunteer_person_id = x.opt_i64(9);
  s.volunteer_account_id = x.opt_i64(10);
  s.pay_with_hours = x.i64(11) != 0;
  s.status = x.text(12);
  s.created_by = x.opt_i64(13);
  s.proxy_by = x.opt_i64(14);
  s.check_in_at = x.opt_i64(15);
  s.check_out_at = x.opt_i64(16);
  s.minutes = x.opt_i64(17);
  s.confirmed_by = x.opt_i64(18);
  s.confirmed_as = x.opt_text(19);
  s.credit_tx_id = x.opt_i64(20);
  s.created_at = x.i64(21);
  s.version = x.i64(22);
  s.confirmed_at = x.opt_i64(23);
  auto f = [&](std::size_t i) {
    return x.is_null(i) ? std::optional<double>{} : std::optional<double>(x.f64(i));
  };
  s.check_in_lat = f(24);
  s.check_in_lon = f(25);
  s.check_out_lat = f(26);
  s.check_out_lon = f(27);
  return s;
}

Result<std::int64_t> insert_service(Tx& tx, const Service& s) {
  return tx.insert_returning_id(
      "INSERT INTO timebank_services (community_id, kind, category, title, place, window_start, "
      "window_end, for_person_id, volunteer_person_id, volunteer_account_id, pay_with_hours, "
      "status, created_by, proxy_by, created_at, version) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,1) RETURNING id",
      {s.community_id, s.kind, s.category, s.title, s.place, s.window_start, s.window_end,
       nullable(s.for_person_id), nullable(s.volunteer_person_id), nullable(s.volunteer_account_id),
       std::int64_t{s.pay_with_hours ? 1 : 0}, s.status, nullable(s.created_by),
       nullable(s.proxy_by), s.created_at});
}

Status update_service(Tx& tx, const Service& s, const std::string& from_status) {
  WEILAI_TRY(
      Rows r,
      tx.exec("UPDATE timebank_services SET for_person_id = $3, volunteer_person_id = $4, "
              "volunteer_account_id = $5, status = $6, check_in_at = $7, check_out_at = $8, "
              "minutes = $9, confirmed_by = $10, confirmed_as = $11, credit_tx_id = $12, "
              "confirmed_at = $13, check_in_lat = $14, check_in_lon = $15, check_out_lat = "
              "$16, check_out_lon = $17, version = version + 1 WHERE id = $1 AND status = $2",
              {s.id, from_status, nullable(s.for_person_id), nullable(s.volunteer_person_id),
               nullable(s.volunteer_account_id), s.status, nullable(s.check_in_at),
               nullable(s.check_out_at), nullable(s.minutes), nullable(s.confirmed_by),
               s.confirmed_as ? Value(*s.confirmed_as) : kNull, nullable(s.credit_tx_id),
               nullable(s.confirmed_at), nullable(s.check_in_lat), nullable(s.check_in_lon),
               nullable(s.check_out_lat), nullable(s.check_out_lon)}));
  if (r.affected == 0) return Error::conflict("the service changed meanwhile; reload it");
  return {};
}

Result<Rows> list_services(Tx& tx, std::int64_t community_id,
                           const std::optional<std::string>& status,
                           const std::optional<std::int64_t>& person_id, std::int64_t after_id,
                           int limit) {
  return tx.exec(
      "SELECT s.id, s.kind, s.category, s.title, s.place, s.window_start, s.window_end, "
      "s.for_person_id, f.person_name AS for_person_name, s.volunteer_person_id, v.person_name AS "
      "volunteer_name, s.pay_with_hours, s.status, s.minutes, s.confirmed_as, s.check_in_at, "
      "s.check_out_at, s.created_at, s.version FROM timebank_services s LEFT JOIN "
      "household_members f ON f.id = s.for_person_id LEFT JOIN household_members v ON v.id = "
      "s.volunteer_person_id WHERE s.community_id = $1 AND (CAST($2 AS TEXT) IS NULL OR s.status "
      "= $2) AND (CAST($3 AS BIGINT) IS NULL OR s.for_person_id = $3 OR s.volunteer_person_id = "
      "$3) AND s.id > $4 ORDER BY s.id LIMIT $5",
      {community_id, status ? Value(*status) : kNull, nullable(person_id), after_id,
       std::int64_t{limit}});
}

Result<Rows> timebank_stats(Tx& tx, std::int64_t community_id, UnixMillis now) {
  return tx.exec(
      "SELECT (SELECT COUNT(DISTINCT volunteer_person_id) FROM timebank_services WHERE "
      "community_id = $1 AND status = 'confirmed' AND confirmed_at >= $2) AS active_volunteers, "
      "(SELECT COALESCE(SUM(minutes), 0) FROM timebank_services WHERE community_id = $1 AND "
      "status = 'confirmed') AS minutes_served, "
      "(SELECT COALESCE(SUM(minutes), 0) FROM timebank_services WHERE community_id = $1 AND "
      "status = 'confirmed' AND pay_with_hours = 1) AS minutes_spent, "
      "(SELECT COUNT(DISTINCT for_person_id) FROM timebank_services WHERE community_id = $1 AND "
      "status = 'confirmed') AS people_served, "
      "(SELECT MAX(posted_at) FROM ledger_transactions WHERE community_id = $1 AND kind IN "
      "('service_credit','transfer')) AS last_exchange_at, "
      "(SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts WHERE community_id = $1 AND unit = "
      "'HOUR' AND owner_kind = 'person') AS minutes_outstanding, "
      "(SELECT COUNT(*) FROM timebank_services WHERE community_id = $1 AND status = 'open') AS "
      "open_requests",
      {community_id, now - 90LL * 24 * 3600 * 1000});
}

// ---- points ----

namespace {
constexpr const char* kRuleCols =
    "SELECT id, community_id, code, version, act, points, cap_per_person, cap_period, programme, "
    "budget, active FROM point_rules ";
PointRule rule_from(const Row& r) {
  PointRule x;
  x.id = r.i64(0);
  x.community_id = r.i64(1);
  x.code = r.text(2);
  x.version = r.i64(3);
  x.act = r.text(4);
  x.points = r.i64(5);
  x.cap_per_person = r.opt_i64(6);
  x.cap_period = r.text(7);
  x.programme = r.text(8);
  x.budget = r.i64(9);
  x.active = r.i64(10) != 0;
  return x;
}
}  // namespace

Result<PointRule> get_rule(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec(std::string(kRuleCols) + "WHERE id = $1", {id}));
  if (r.empty())
    return Error{ErrorCode::not_found, "no point rule " + std::to_string(id), "/rule_id"};
  return rule_from(r.front());
}

Result<PointRule> add_rule_version(Tx& tx, PointRule rule, UnixMillis now) {
  WEILAI_TRY(Rows v, tx.exec("SELECT COALESCE(MAX(version), 0) AS v FROM point_rules WHERE "
                             "community_id = $1 AND code = $2",
                             {rule.community_id, rule.code}));
  rule.version = v.front().i64(0) + 1;
  WEILAI_CHECK(tx.exec("UPDATE point_rules SET active = 0 WHERE community_id = $1 AND code = $2",
                       {rule.community_id, rule.code}));
  WEILAI_TRY(rule.id, tx.insert_returning_id(
                          "INSERT INTO point_rules (community_id, code, version, act, points, "
                          "cap_per_person, cap_period, programme, budget, active, created_at) "
                          "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1,$10) RETURNING id",
                          {rule.community_id, rule.code, rule.version, rule.act, rule.points,
                           nullable(rule.cap_per_person), rule.cap_period, rule.programme,
                           rule.budget, now}));
  rule.active = true;
  return rule;
}

Result<Rows> list_rules(Tx& tx, std::int64_t community_id, bool history) {
  return tx.exec(std::string("SELECT id, code, version, act, points, cap_per_person, cap_period, "
                             "programme, budget, active, created_at FROM point_rules WHERE "
                             "community_id = $1") +
                     (history ? "" : " AND active = 1") + " ORDER BY code, version",
                 {community_id});
}

Result<std::int64_t> earned_since(Tx& tx, std::int64_t person_id, std::int64_t community_id,
                                  const std::string& code, UnixMillis since) {
  WEILAI_TRY(Rows r, tx.exec("SELECT COALESCE(SUM(a.points), 0) AS n FROM point_awards a JOIN "
                             "point_rules r ON r.id = a.rule_id WHERE a.person_id = $1 AND "
                             "r.community_id = $2 AND r.code = $3 AND a.awarded_at >= $4 AND "
                             "a.revoked_tx_id IS NULL",
                             {person_id, community_id, code, since}));
  return r.front().i64(0);
}

Result<std::int64_t> insert_award(Tx& tx, const PointAward& a, const std::string& note,
                                  UnixMillis now) {
  return tx.insert_returning_id(
      "INSERT INTO point_awards (community_id, rule_id, person_id, points, tx_id, note, "
      "awarded_at, expires_at, remaining) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$4) RETURNING id",
      {a.community_id, a.rule_id, a.person_id, a.points, a.tx_id, note, now,
       nullable(a.expires_at)});
}

Result<PointAward> get_award(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT id, community_id, rule_id, person_id, points, tx_id, "
                             "expires_at, remaining, revoked_tx_id FROM point_awards WHERE id = $1",
                             {id}));
  if (r.empty()) return Error::not_found("no award " + std::to_string(id));
  const Row& x = r.front();
  return PointAward{x.i64(0), x.i64(1),     x.i64(2), x.i64(3),    x.i64(4),
                    x.i64(5), x.opt_i64(6), x.i64(7), x.opt_i64(8)};
}

Status mark_revoked(Tx& tx, std::int64_t award_id, std::int64_t revoke_tx,
                    const std::string& reason) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE point_awards SET revoked_tx_id = $2, revoke_reason = $3, "
                             "remaining = 0 WHERE id = $1 AND revoked_tx_id IS NULL AND remaining "
                             "= points",
                             {award_id, revoke_tx, reason}));
  if (r.affected == 0)
    return Error{ErrorCode::failed_precondition,
                 "the award is already revoked or its points were partly spent", "/"};
  return {};
}

Result<Rows> list_awards(Tx& tx, std::int64_t community_id, std::optional<std::int64_t> person_id,
                         std::int64_t after_id, int limit) {
  return tx.exec(
      "SELECT a.id, a.rule_id, r.code AS rule_code, r.version AS rule_version, r.act, "
      "a.person_id, m.person_name, a.points, a.remaining, a.note, a.awarded_at, a.expires_at, "
      "a.tx_id, a.revoked_tx_id, a.revoke_reason FROM point_awards a JOIN point_rules r ON r.id = "
      "a.rule_id JOIN household_members m ON m.id = a.person_id WHERE a.community_id = $1 AND "
      "(CAST($2 AS BIGINT) IS NULL OR a.person_id = $2) AND a.id > $3 ORDER BY a.id LIMIT $4",
      {community_id, nullable(person_id), after_id, std::int64_t{limit}});
}

Result<Rows> open_lots(Tx& tx, std::int64_t person_id) {
  return tx.exec(
      "SELECT id, remaining, expires_at FROM point_awards WHERE person_id = $1 AND "
      "remaining > 0 AND revoked_tx_id IS NULL ORDER BY id",
      {person_id});
}

Status take_from_lot(Tx& tx, std::int64_t award_id, std::int64_t take) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE point_awards SET remaining = remaining - $2 WHERE id = $1 AND "
                             "remaining >= $2",
                             {award_id, take}));
  if (r.affected == 0) return Error::conflict("the points changed meanwhile; retry");
  return {};
}

Status insert_hour_lot(Tx& tx, std::int64_t account_id, std::int64_t tx_id, std::int64_t minutes,
                       UnixMillis expires_at, UnixMillis now) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO timebank_hour_lots (account_id, tx_id, minutes, "
                             "remaining, expires_at, created_at) VALUES ($1, $2, $3, $3, $4, $5)",
                             {account_id, tx_id, minutes, expires_at, now}));
  (void)r;
  return {};
}

Result<Rows> hour_lots(Tx& tx, std::int64_t account_id) {
  return tx.exec(
      "SELECT id, remaining, expires_at FROM timebank_hour_lots WHERE account_id = $1 AND "
      "remaining > 0 ORDER BY expires_at, id",
      {account_id});
}

Status take_from_hour_lot(Tx& tx, std::int64_t lot_id, std::int64_t take) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE timebank_hour_lots SET remaining = remaining - $2 WHERE id = "
                             "$1 AND remaining >= $2",
                             {lot_id, take}));
  if (r.affected == 0) return Error::conflict("the hours changed meanwhile; retry");
  return {};
}

Result<std::int64_t> expired_hours(Tx& tx, std::int64_t account_id, UnixMillis now) {
  WEILAI_TRY(Rows r, tx.exec("SELECT COALESCE(SUM(remaining), 0) FROM timebank_hour_lots WHERE "
                             "account_id = $1 AND expires_at <= $2",
                             {account_id, now}));
  return r.front().i64(0);
}

namespace {
constexpr const char* kItemCols =
    "SELECT id, community_id, name, kind, points, stock, per_person_limit, active, version FROM "
    "point_catalogue ";
}

Result<CatalogueItem> get_item(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec(std::string(kItemCols) + "WHERE id = $1", {id}));
  if (r.empty())
    return Error{ErrorCode::not_found, "no catalogue item " + std::to_string(id), "/item_id"};
  const Row& x = r.front();
  return CatalogueItem{x.i64(0), x.i64(1),     x.text(2),     x.text(3), x.i64(4),
                       x.i64(5), x.opt_i64(6), x.i64(7) != 0, x.i64(8)};
}

Result<std::int64_t> insert_item(Tx& tx, const CatalogueItem& i, UnixMillis now) {
  return tx.insert_returning_id(
      "INSERT INTO point_catalogue (community_id, name, kind, points, stock, per_person_limit, "
      "active, created_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1) RETURNING id",
      {i.community_id, i.name, i.kind, i.points, i.stock, nullable(i.per_person_limit),
       std::int64_t{i.active ? 1 : 0}, now});
}

Status update_item(Tx& tx, const CatalogueItem& i) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE point_catalogue SET name = $3, points = $4, stock = $5, "
                             "per_person_limit = $6, active = $7, version = version + 1 WHERE id "
                             "= $1 AND version = $2",
                             {i.id, i.version, i.name, i.points, i.stock,
                              nullable(i.per_person_limit), std::int64_t{i.active ? 1 : 0}}));
  if (r.affected == 0) return Error::conflict("the item changed meanwhile; reload it");
  return {};
}

Result<Rows> list_items(Tx& tx, std::int64_t community_id, bool include_inactive) {
  return tx.exec(std::string("SELECT id, name, kind, points, stock, per_person_limit, active, "
                             "version FROM point_catalogue WHERE community_id = $1") +
                     (include_inactive ? "" : " AND active = 1") + " ORDER BY id",
                 {community_id});
}

Result<bool> take_stock(Tx& tx, std::int64_t item_id) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE point_catalogue SET stock = stock - 1 WHERE id = $1 AND "
                             "stock > 0 AND active = 1",
                             {item_id}));
  return r.affected == 1;
}

Result<std::int64_t> redemptions_of(Tx& tx, std::int64_t person_id, std::int64_t item_id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT COUNT(*) FROM point_redemptions WHERE person_id = $1 AND "
                             "item_id = $2",
                             {person_id, item_id}));
  return r.front().i64(0);
}

Result<std::int64_t> insert_redemption(Tx& tx, std::int64_t item_id, std::int64_t person_id,
                                       std::int64_t points, std::int64_t tx_id, UnixMillis now) {
  return tx.insert_returning_id(
      "INSERT INTO point_redemptions (item_id, person_id, points, tx_id, redeemed_at) VALUES "
      "($1,$2,$3,$4,$5) RETURNING id",
      {item_id, person_id, points, tx_id, now});
}

Result<Rows> rankings(Tx& tx, std::int64_t unit_id, int limit) {
  return tx.exec(
      "SELECT m.id AS person_id, m.person_name, SUM(a.points) AS points FROM point_awards a JOIN "
      "household_members m ON m.id = a.person_id JOIN households h ON h.id = m.household_id "
      "WHERE (h.community_id = $1 OR h.grid_id = $1) AND a.revoked_tx_id IS NULL AND NOT EXISTS "
      "(SELECT 1 FROM ranking_opt_outs o WHERE o.person_id = m.id) GROUP BY m.id, m.person_name "
      "ORDER BY SUM(a.points) DESC, m.id LIMIT $2",
      {unit_id, std::int64_t{limit}});
}

Status set_opt_out(Tx& tx, std::int64_t person_id, bool opt_out, UnixMillis now) {
  if (opt_out) {
    WEILAI_CHECK(
        tx.exec("INSERT INTO ranking_opt_outs (person_id, created_at) VALUES ($1,$2) ON "
                "CONFLICT (person_id) DO NOTHING",
                {person_id, now}));
  } else {
    WEILAI_CHECK(tx.exec("DELETE FROM ranking_opt_outs WHERE person_id = $1", {person_id}));
  }
  return {};
}

// ---- foundation ----

Result<Fund> get_fund(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT id, community_id, name, description, approvals_required FROM "
                             "foundation_funds WHERE id = $1",
                             {id}));
  if (r.empty()) return Error::not_found("no fund " + std::to_string(id));
  const Row& x = r.front();
  return Fund{x.i64(0), x.i64(1), x.text(2), x.text(3), x.i64(4)};
}

Result<std::int64_t> insert_fund(Tx& tx, const Fund& f, UnixMillis now) {
  return tx.insert_returning_id(
      "INSERT INTO foundation_funds (community_id, name, description, approvals_required, "
      "created_at) VALUES ($1,$2,$3,$4,$5) RETURNING id",
      {f.community_id, f.name, f.description, f.approvals_required, now});
}

Result<Rows> list_funds(Tx& tx, std::optional<std::int64_t> community_id) {
  return tx.exec(
      "SELECT f.id, f.community_id, o.name_zh AS community_name, f.name, f.description, "
      "f.approvals_required, f.created_at, COALESCE((SELECT a.balance FROM ledger_accounts a "
      "WHERE a.owner_kind = 'organisation' AND a.owner_id = f.id AND a.purpose = 'fund' AND "
      "a.unit = 'CNY'), 0) AS balance_fen, (SELECT COALESCE(SUM(d.amount_fen), 0) FROM "
      "foundation_donations d WHERE d.fund_id = f.id) AS income_fen, (SELECT "
      "COALESCE(SUM(e.amount_fen), 0) FROM foundation_expenses e WHERE e.fund_id = f.id) AS "
      "expenses_fen FROM foundation_funds f JOIN org_units o ON o.id = f.community_id WHERE "
      "(CAST($1 AS BIGINT) IS NULL OR f.community_id = $1) ORDER BY f.id",
      {nullable(community_id)});
}

Result<std::int64_t> insert_donation(Tx& tx, std::int64_t fund_id, const std::string& donor,
                                     bool public_name, std::int64_t amount, std::int64_t tx_id,
                                     UnixMillis now) {
  return tx.insert_returning_id(
      "INSERT INTO foundation_donations (fund_id, donor_name, public_name, amount_fen, tx_id, "
      "donated_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
      {fund_id, donor, std::int64_t{public_name ? 1 : 0}, amount, tx_id, now});
}

Result<Proposal> get_proposal(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT id, fund_id, title, purpose, payee, amount_fen, proposer_id, "
                             "status, version FROM foundation_proposals WHERE id = $1",
                             {id}));
  if (r.empty()) return Error::not_found("no proposal " + std::to_string(id));
  const Row& x = r.front();
  return Proposal{x.i64(0), x.i64(1), x.text(2), x.text(3), x.text(4),
                  x.i64(5), x.i64(6), x.text(7), x.i64(8)};
}

Result<std::int64_t> insert_proposal(Tx& tx, const Proposal& p, UnixMillis now) {
  return tx.insert_returning_id(
      "INSERT INTO foundation_proposals (fund_id, title, purpose, payee, amount_fen, proposer_id, "
      "status, created_at, version) VALUES ($1,$2,$3,$4,$5,$6,'pending',$7,1) RETURNING id",
      {p.fund_id, p.title, p.purpose, p.payee, p.amount_fen, p.proposer_id, now});
}

Status set_proposal_status(Tx& tx, std::int64_t id, const std::string& from,
                           const std::string& to) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE foundation_proposals SET status = $3, version = version + 1 "
                             "WHERE id = $1 AND status = $2",
                             {id, from, to}));
  if (r.affected == 0) return Error::conflict("the proposal changed meanwhile; reload it");
  return {};
}

Result<Rows> list_proposals(Tx& tx, std::int64_t fund_id) {
  return tx.exec(
      "SELECT p.id, p.fund_id, p.title, p.purpose, p.payee, p.amount_fen, p.proposer_id, "
      "a.display_name AS proposer_name, p.status, p.created_at, p.version, (SELECT COUNT(*) FROM "
      "foundation_approvals d WHERE d.proposal_id = p.id AND d.decision = 'approve') AS "
      "approvals FROM foundation_proposals p JOIN accounts a ON a.id = p.proposer_id WHERE "
      "p.fund_id = $1 ORDER BY p.id DESC",
      {fund_id});
}

Result<Rows> decisions_of(Tx& tx, std::int64_t proposal_id) {
  return tx.exec(
      "SELECT d.approver_id, a.display_name AS approver_name, d.decision, d.note, "
      "d.decided_at FROM foundation_approvals d JOIN accounts a ON a.id = "
      "d.approver_id WHERE d.proposal_id = $1 ORDER BY d.decided_at",
      {proposal_id});
}

Status insert_decision(Tx& tx, std::int64_t proposal_id, std::int64_t approver, bool approve,
                       const std::string& note, UnixMillis now) {
  WEILAI_TRY(Rows r, tx.exec("INSERT INTO foundation_approvals (proposal_id, approver_id, "
                             "decision, note, decided_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT "
                             "(proposal_id, approver_id) DO NOTHING",
                             {proposal_id, approver, std::string(approve ? "approve" : "reject"),
                              note, now}));
  if (r.affected == 0) return Error::conflict("you have already decided on this proposal");
  return {};
}

Result<std::int64_t> insert_expense(Tx& tx, const Proposal& p, const std::string& receipt_no,
                                    const std::string& receipt_note, std::int64_t tx_id,
                                    UnixMillis now) {
  return tx.insert_returning_id(
      "INSERT INTO foundation_expenses (proposal_id, fund_id, amount_fen, receipt_no, "
      "receipt_note, tx_id, paid_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
      {p.id, p.fund_id, p.amount_fen, receipt_no, receipt_note, tx_id, now});
}

Result<Rows> fund_donations(Tx& tx, std::int64_t fund_id) {
  return tx.exec(
      "SELECT id, CASE WHEN public_name = 1 THEN donor_name ELSE '' END AS donor_name, "
      "public_name, amount_fen, donated_at, tx_id FROM foundation_donations WHERE "
      "fund_id = $1 ORDER BY id DESC",
      {fund_id});
}

Result<Rows> fund_expenses(Tx& tx, std::int64_t fund_id) {
  return tx.exec(
      "SELECT e.id, p.title, p.purpose, p.payee, e.amount_fen, e.receipt_no, "
      "e.receipt_note, e.paid_at, e.tx_id, (SELECT COUNT(*) FROM foundation_approvals "
      "d WHERE d.proposal_id = p.id AND d.decision = 'approve') AS approvals FROM "
      "foundation_expenses e JOIN foundation_proposals p ON p.id = e.proposal_id WHERE "
      "e.fund_id = $1 ORDER BY e.id DESC",
      {fund_id});
}

}  // namespace weilai::storage
