// Rows of accounts, role grants, sessions and login throttling.
// Every function works inside the caller's transaction and returns not_found / already_exists /
// conflict as documented; none of them checks permissions (the caller has, via authorize()).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "identity/accounts.hpp"
#include "identity/roles.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct AccountWithSecret {
  identity::Account account;
  std::string password_hash;
  UnixMillis password_changed_at = 0;
};

Result<std::optional<AccountWithSecret>> find_account_by_login(Tx& tx, const std::string& login);
Result<identity::Account> get_account(Tx& tx, std::int64_t id);  // not_found
// already_exists when the login is taken.
Result<identity::Account> insert_account(Tx& tx, const identity::Account& account,
                                         const std::string& password_hash, UnixMillis now);
// Accounts with id > after_id whose login or display name contains `q`, by id.
Result<std::vector<identity::Account>> list_accounts(Tx& tx, const std::optional<std::string>& q,
                                                     std::int64_t after_id, int limit);

struct AccountPatch {
  std::optional<std::string> display_name;
  std::optional<std::optional<std::string>> phone;  // set to a value or to null
  std::optional<bool> disabled;
};
// conflict when `expected_version` is not the stored one; not_found when there is no such account.
Result<identity::Account> update_account(Tx& tx, std::int64_t id, const AccountPatch& patch,
                                         std::int64_t expected_version);
Status set_password(Tx& tx, std::int64_t id, const std::string& password_hash, UnixMillis now);

struct GrantRow {
  identity::Grant grant;
  std::string org_unit_name_zh;
  std::string org_unit_name_en;
};
Result<std::vector<GrantRow>> grants_of(Tx& tx, std::int64_t account_id);
Result<GrantRow> insert_grant(Tx& tx, std::int64_t account_id, identity::Role role,
                              std::int64_t org_unit_id, UnixMillis now);
Status delete_grant(Tx& tx, std::int64_t account_id, std::int64_t grant_id);  // not_found
Result<std::vector<std::int64_t>> household_ids_of(Tx& tx, std::int64_t account_id);

struct SessionRow {
  std::int64_t account_id = 0;
  UnixMillis created_at = 0;
  UnixMillis last_seen_at = 0;
  UnixMillis expires_at = 0;
  bool revoked = false;
  bool account_disabled = false;
  std::string login;
};
Status insert_session(Tx& tx, const std::string& token_hash, std::int64_t account_id,
                      UnixMillis now, UnixMillis expires_at, const std::string& address,
                      const std::string& user_agent);
Result<std::optional<SessionRow>> find_session(Tx& tx, const std::string& token_hash);
Status touch_session(Tx& tx, const std::string& token_hash, UnixMillis now);
Status revoke_session(Tx& tx, const std::string& token_hash);
// Revokes every session of the account except `keep` (empty: all).
Status revoke_sessions_of(Tx& tx, std::int64_t account_id, const std::string& keep = {});

struct ThrottleState {
  int failures = 0;
  UnixMillis window_start = 0;
  UnixMillis locked_until = 0;
};
Result<ThrottleState> throttle_state(Tx& tx, const std::string& key);
// Counts one failed login for `key` atomically (safe under concurrent failures): a new window
// starts when the old one is over; reaching `max_failures` locks the key for `lockout_ms`.
Result<ThrottleState> record_login_failure(Tx& tx, const std::string& key, UnixMillis now,
                                           UnixMillis window_ms, int max_failures,
                                           UnixMillis lockout_ms);
Status clear_throttle(Tx& tx, const std::string& key);

}  // namespace weilai::storage
