#include "storage/identity_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kAccountColumns =
    "id, login, display_name, phone, disabled, created_at, version";

identity::Account account_from(const Row& row) {
  identity::Account a;
  a.id = row.i64(0);
  a.login = row.text(1);
  a.display_name = row.text(2);
  a.phone = row.opt_text(3);
  a.disabled = row.i64(4) != 0;
  a.created_at = row.i64(5);
  a.version = row.i64(6);
  return a;
}

}  // namespace

Result<std::optional<AccountWithSecret>> find_account_by_login(Tx& tx, const std::string& login) {
  WEILAI_TRY(Rows rows, tx.exec(std::string("SELECT ") + kAccountColumns +
                                    ", password_hash, password_changed_at FROM accounts "
                                    "WHERE login = $1",
                                {login}));
  if (rows.empty()) return std::optional<AccountWithSecret>{};
  AccountWithSecret out;
  out.account = account_from(rows.front());
  out.password_hash = rows.front().text(7);
  out.password_changed_at = rows.front().i64(8);
  return std::optional<AccountWithSecret>(std::move(out));
}

Result<identity::Account> get_account(Tx& tx, std::int64_t id) {
  WEILAI_TRY(
      Rows rows,
      tx.exec(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no account " + std::to_string(id));
  return account_from(rows.front());
}

Result<identity::Account> insert_account(Tx& tx, const identity::Account& a,
                                         const std::string& password_hash, UnixMillis now) {
  auto rows = tx.exec(
      std::string("INSERT INTO accounts (login, display_name, phone, password_hash, disabled, "
                  "password_changed_at, created_at, version) VALUES ($1,$2,$3,$4,$5,$6,$6,1) "
                  "RETURNING ") +
          kAccountColumns,
      {a.login, a.display_name, a.phone ? Value(*a.phone) : kNull, password_hash,
       std::int64_t{a.disabled ? 1 : 0}, now});
  if (!rows) {
    if (rows.error().code == ErrorCode::already_exists) {
      return Error{ErrorCode::already_exists, "login " + a.login + " is taken", "/login"};
    }
    return std::move(rows).error();
  }
  return account_from(rows->front());
}

Result<std::vector<identity::Account>> list_accounts(Tx& tx, const std::optional<std::string>& q,
                                                     std::int64_t after_id, int limit) {
  // Substring search: instr() in SQLite, strpos() in PostgreSQL (no LIKE, so '%' and '_' in the
  // query are plain characters).
  const std::string find = tx.dialect() == Dialect::sqlite ? "instr" : "strpos";
  Result<Rows> rows =
      q ? tx.exec(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id > $1 AND (" +
                      find + "(login, $2) > 0 OR " + find +
                      "(display_name, $2) > 0) ORDER BY id LIMIT $3",
                  {after_id, *q, std::int64_t{limit}})
        : tx.exec(std::string("SELECT ") + kAccountColumns +
                      " FROM accounts WHERE id > $1 ORDER BY id LIMIT $2",
                  {after_id, std::int64_t{limit}});
  if (!rows) return std::move(rows).error();
  std::vector<identity::Account> out;
  for (const auto& row : rows->rows) out.push_back(account_from(row));
  return out;
}

Result<identity::Account> update_account(Tx& tx, std::int64_t id, const AccountPatch& patch,
                                         std::int64_t expected_version) {
  WEILAI_TRY(identity::Account current, get_account(tx, id));
  if (current.version != expected_version) {
    return Error::conflict("account " + std::to_string(id) +
                           " was changed by someone else (now version " +
                           std::to_string(current.version) + ")");
  }
  if (patch.display_name) current.display_name = *patch.display_name;
  if (patch.phone) current.phone = *patch.phone;
  if (patch.disabled) current.disabled = *patch.disabled;
  WEILAI_TRY(
      Rows rows,
      tx.exec(std::string("UPDATE accounts SET display_name = $1, phone = $2, disabled = $3, "
                          "version = version + 1 WHERE id = $4 AND version = $5 RETURNING ") +
                  kAccountColumns,
              {current.display_name, current.phone ? Value(*current.phone) : kNull,
               std::int64_t{current.disabled ? 1 : 0}, id, expected_version}));
  if (rows.empty())
    return Error::conflict("account " + std::to_string(id) + " was changed by someone else");
  return account_from(rows.front());
}

Status set_password(Tx& tx, std::int64_t id, const std::string& password_hash, UnixMillis now) {
  WEILAI_TRY(Rows rows, tx.exec("UPDATE accounts SET password_hash = $1, password_changed_at = $2, "
                                "version = version + 1 WHERE id = $3",
                                {password_hash, now, id}));
  if (rows.affected == 0) return Error::not_found("no account " + std::to_string(id));
  return {};
}

Result<std::vector<GrantRow>> grants_of(Tx& tx, std::int64_t account_id) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT g.id, g.role, g.org_unit_id, o.name_zh, o.name_en, o.kind FROM "
                     "role_grants g JOIN org_units o ON o.id = g.org_unit_id "
                     "WHERE g.account_id = $1 ORDER BY g.id",
                     {account_id}));
  std::vector<GrantRow> out;
  for (const auto& row : rows.rows) {
    auto role = identity::parse_role(row.text(1));
    if (!role) continue;  // a role this binary does not know grants nothing
    out.push_back({{row.i64(0), *role, row.i64(2), row.text(5)}, row.text(3), row.text(4)});
  }
  return out;
}

Result<GrantRow> insert_grant(Tx& tx, std::int64_t account_id, identity::Role role,
                              std::int64_t org_unit_id, UnixMillis now) {
  WEILAI_TRY(Rows unit,
             tx.exec("SELECT name_zh, name_en, kind FROM org_units WHERE id = $1", {org_unit_id}));
  if (unit.empty()) {
    return Error{ErrorCode::invalid_argument, "no org unit " + std::to_string(org_unit_id),
                 "/org_unit_id"};
  }
  auto rows = tx.exec(
      "INSERT INTO role_grants (account_id, role, org_unit_id, created_at) "
      "VALUES ($1,$2,$3,$4) RETURNING id",
      {account_id, std::string(identity::info(role).code), org_unit_id, now});
  if (!rows) {
    if (rows.error().code == ErrorCode::already_exists) {
      return Error{ErrorCode::already_exists, "the account already has this role there", "/role"};
    }
    return std::move(rows).error();
  }
  return GrantRow{{rows->front().i64(0), role, org_unit_id, unit.front().text(2)},
                  unit.front().text(0),
                  unit.front().text(1)};
}

Status delete_grant(Tx& tx, std::int64_t account_id, std::int64_t grant_id) {
  WEILAI_TRY(Rows rows, tx.exec("DELETE FROM role_grants WHERE id = $1 AND account_id = $2",
                                {grant_id, account_id}));
  if (rows.affected == 0) return Error::not_found("no grant " + std::to_string(grant_id));
  return {};
}

Result<std::vector<std::int64_t>> household_ids_of(Tx& tx, std::int64_t account_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT household_id FROM household_members WHERE account_id = $1 "
                                "ORDER BY household_id",
                                {account_id}));
  std::vector<std::int64_t> out;
  for (const auto& row : rows.rows) out.push_back(row.i64(0));
  return out;
}

Status insert_session(Tx& tx, const std::string& token_hash, std::int64_t account_id,
                      UnixMillis now, UnixMillis expires_at, const std::string& address,
                      const std::string& user_agent) {
  WEILAI_CHECK(
      tx.exec("INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, "
              "expires_at, revoked, address, user_agent) VALUES ($1,$2,$3,$3,$4,0,$5,$6)",
              {token_hash, account_id, now, expires_at, address, user_agent}));
  return {};
}

Result<std::optional<SessionRow>> find_session(Tx& tx, const std::string& token_hash) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT s.account_id, s.created_at, s.last_seen_at, s.expires_at, "
                                "s.revoked, a.disabled, a.login FROM sessions s JOIN accounts a "
                                "ON a.id = s.account_id WHERE s.token_hash = $1",
                                {token_hash}));
  if (rows.empty()) return std::optional<SessionRow>{};
  const Row& r = rows.front();
  return std::optional<SessionRow>(
      SessionRow{r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4) != 0, r.i64(5) != 0, r.text(6)});
}

Status touch_session(Tx& tx, const std::string& token_hash, UnixMillis now) {
  WEILAI_CHECK(
      tx.exec("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", {now, token_hash}));
  return {};
}

Status revoke_session(Tx& tx, const std::string& token_hash) {
  WEILAI_CHECK(tx.exec("UPDATE sessions SET revoked = 1 WHERE token_hash = $1", {token_hash}));
  return {};
}

Status revoke_sessions_of(Tx& tx, std::int64_t account_id, const std::string& keep) {
  WEILAI_CHECK(tx.exec("UPDATE sessions SET revoked = 1 WHERE account_id = $1 AND token_hash <> $2",
                       {account_id, keep}));
  return {};
}

Result<ThrottleState> throttle_state(Tx& tx, const std::string& key) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT failures, window_start, locked_until FROM login_throttle "
                                "WHERE key = $1",
                                {key}));
  if (rows.empty()) return ThrottleState{};
  return ThrottleState{static_cast<int>(rows.front().i64(0)), rows.front().i64(1),
                       rows.front().i64(2)};
}

Result<ThrottleState> record_login_failure(Tx& tx, const std::string& key, UnixMillis now,
                                           UnixMillis window_ms, int max_failures,
                                           UnixMillis lockout_ms) {
  WEILAI_TRY(Rows rows,
             tx.exec("INSERT INTO login_throttle (key, failures, window_start, locked_until) "
                     "VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET "
                     "failures = CASE WHEN login_throttle.window_start <= $3 THEN 1 "
                     "ELSE login_throttle.failures + 1 END, "
                     "window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 "
                     "ELSE login_throttle.window_start END "
                     "RETURNING failures, window_start, locked_until",
                     {key, now, now - window_ms}));
  ThrottleState s{static_cast<int>(rows.front().i64(0)), rows.front().i64(1), rows.front().i64(2)};
  if (s.failures >= max_failures && s.locked_until <= now) {
    s.locked_until = now + lockout_ms;
    WEILAI_CHECK(
        tx.exec("UPDATE login_throttle SET locked_until = $1, failures = 0, "
                "window_start = $2 WHERE key = $3",
                {s.locked_until, now, key}));
  }
  return s;
}

Status clear_throttle(Tx& tx, const std::string& key) {
  WEILAI_CHECK(tx.exec("DELETE FROM login_throttle WHERE key = $1", {key}));
  return {};
}

}  // namespace weilai::storage
