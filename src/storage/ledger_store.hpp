// Rows of the community ledgers (migration 0005): ledger accounts, transactions and entries with
// cached balances, idempotency keys, family relations, time-bank services, point rules, awards,
// catalogue and redemptions, and foundation funds, proposals and expenses.
//
// post() is the one way money-like balances change: it checks the posting (entries sum to zero
// per unit), moves every cached balance with one conditional UPDATE per account in account-id
// order (so the row lock or SQLite's writer lock makes the limit check and the change atomic:
// concurrent postings can never overdraw) and appends the immutable rows. Every function runs in
// the caller's transaction and returns the driver's Error on SQL failure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "community/ledger.hpp"
#include "community/time_bank.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

// ---- ledger core ----
struct LedgerAccount {
  std::int64_t id = 0;
  std::string owner_kind;
  std::int64_t owner_id = 0;
  std::string purpose;
  std::string unit;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> lower_limit;
  std::int64_t balance = 0;
};

// The account, created on first use. `created` tells whether this call made it.
struct EnsuredAccount {
  std::int64_t id = 0;
  bool created = false;
};
Result<EnsuredAccount> ensure_account(Tx& tx, community::OwnerKind kind, std::int64_t owner_id,
                                      const std::string& purpose, community::Unit unit,
                                      std::int64_t community_id,
                                      std::optional<std::int64_t> lower_limit, UnixMillis now);
// A person's main account of `unit` (lower limit 0).
Result<EnsuredAccount> person_account(Tx& tx, std::int64_t person_id, std::int64_t community_id,
                                      community::Unit unit, UnixMillis now);
// A community's system account (no lower limit): reserve, redeemed, donations, expenses, expired.
Result<std::int64_t> system_account(Tx& tx, std::int64_t community_id, const std::string& purpose,
                                    community::Unit unit, UnixMillis now);
Result<std::optional<LedgerAccount>> find_account(Tx& tx, community::OwnerKind kind,
                                                  std::int64_t owner_id, const std::string& purpose,
                                                  community::Unit unit);
Result<LedgerAccount> get_ledger_account(Tx& tx, std::int64_t id);
Status set_lower_limit(Tx& tx, std::int64_t account_id, std::optional<std::int64_t> limit);

// Locks the accounts' rows in id order (PostgreSQL row locks; SQLite holds its writer lock
// already), so reads of caps that follow cannot race a concurrent posting and locks never cycle.
Status lock_accounts(Tx& tx, std::vector<std::int64_t> ids);

// Posts and returns the transaction id. failed_precondition (field "/amount") when an account
// would go below its limit; invalid_argument for an unbalanced posting or a unit mismatch.
Result<std::int64_t> post(Tx& tx, const community::Posting& posting, UnixMillis now);
// Posts the reversal of `original_tx` (pointing to it); conflict when it was already reversed or
// is itself a reversal.
Result<std::int64_t> reverse(Tx& tx, std::int64_t original_tx, const std::string& memo,
                             std::optional<std::int64_t> actor_id, UnixMillis now);
// A transaction with its entries as rows (id, kind, community_id, memo, reverses_id, ref_type,
// ref_id, actor_id, proxy, posted_at), entries (account_id, unit, amount).
Result<Rows> get_transaction(Tx& tx, std::int64_t id);
Result<Rows> transaction_entries(Tx& tx, std::int64_t id);

// Entries of the given accounts, newest first, with their transaction's kind, memo and time:
// columns entry_id, tx_id, account_id, unit, amount, kind, memo, posted_at, reverses_id.
Result<Rows> statement(Tx& tx, const std::vector<std::int64_t>& account_ids,
                       std::int64_t before_entry_id, int limit);

// Every account's cached balance against its entries, every unit's sum, every transaction's sum.
Result<community::VerifyReport> verify_ledger(Database& db);
// The same checks inside a caller's transaction (migrate-data verifies the target before commit).
Result<community::VerifyReport> verify_ledger(Tx& tx);

// ---- idempotency ----
struct StoredAnswer {
  std::string request_hash;
  int status = 0;
  std::string response;
};
Result<std::optional<StoredAnswer>> find_idempotent(Tx& tx, const std::string& scope_key);
// Claims the key for this transaction; false when another request holds or held it.
Result<bool> claim_idempotent(Tx& tx, const std::string& scope_key, const std::string& hash,
                              UnixMillis now);
Status store_idempotent(Tx& tx, const std::string& scope_key, int status,
                        const std::string& response);

// ---- persons and family ----
struct Person {
  std::int64_t id = 0;  // household_members.id
  std::int64_t household_id = 0;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> grid_id;
  std::optional<std::int64_t> account_id;
  std::string name;
  std::optional<std::int64_t> birth_year;
};
Result<Person> get_person(Tx& tx, std::int64_t id);  // not_found
Result<std::vector<Person>> persons_of_household(Tx& tx, std::int64_t household_id);
Result<std::vector<Person>> persons_of_households(Tx& tx, const std::vector<std::int64_t>& ids);
Result<bool> registered_relatives(Tx& tx, std::int64_t a, std::int64_t b);
// Stores the relation both ways round (relation as seen from `person`: "parent" means the
// relative is the person's parent).
Status add_relation(Tx& tx, std::int64_t person, std::int64_t relative, const std::string& relation,
                    std::int64_t created_by, UnixMillis now);
Result<Rows> relations_of(Tx& tx, std::int64_t person);

// ---- policy ----
Result<community::TimeBankPolicy> load_policy(Tx& tx, std::int64_t community_id);
Status save_policy(Tx& tx, std::int64_t community_id, const community::TimeBankPolicy& p,
                   UnixMillis now);

// Sum of positive entries of `kind` on an account since `since` (ms), or of negative ones when
// `debits` (returned as a positive number).
Result<std::int64_t> flow_since(Tx& tx, std::int64_t account_id, const std::string& kind,
                                UnixMillis since, bool debits);

// ---- time bank services ----
struct Service {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string kind;  // request | offer
  std::string category;
  std::string title;
  std::string place;
  UnixMillis window_start = 0;
  UnixMillis window_end = 0;
  std::optional<std::int64_t> for_person_id;
  std::optional<std::int64_t> volunteer_person_id;
  std::optional<std::int64_t> volunteer_account_id;  // the account that took it
  bool pay_with_hours = false;
  std::string status;
  std::optional<std::int64_t> created_by;
  std::optional<std::int64_t> proxy_by;
  std::optional<UnixMillis> check_in_at;
  std::optional<UnixMillis> check_out_at;
  std::optional<double> check_in_lat, check_in_lon, check_out_lat, check_out_lon;
  std::optional<std::int64_t> minutes;
  std::optional<UnixMillis> confirmed_at;
  std::optional<std::int64_t> confirmed_by;
  std::optional<std::string> confirmed_as;
  std::optional<std::int64_t> credit_tx_id;
  UnixMillis created_at = 0;
  std::int64_t version = 1;
};
Result<Service> get_service(Tx& tx, std::int64_t id);
Result<std::int64_t> insert_service(Tx& tx, const Service& s);
// Writes the mutable fields when the stored status is still `from_status`; conflict otherwise.
Status update_service(Tx& tx, const Service& s, const std::string& from_status);
// Services as rows for lists (filtering by community and optionally status / person).
Result<Rows> list_services(Tx& tx, std::int64_t community_id,
                           const std::optional<std::string>& status,
                           const std::optional<std::int64_t>& person_id, std::int64_t after_id,
                           int limit);
Result<Rows> timebank_stats(Tx& tx, std::int64_t community_id, UnixMillis now);

// ---- points ----
struct PointRule {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string code;
  std::int64_t version = 1;
  std::string act;
  std::int64_t points = 0;
  std::optional<std::int64_t> cap_per_person;
  std::string cap_period = "month";
  std::string programme;
  std::int64_t budget = 0;
  bool active = true;
};
Result<PointRule> get_rule(Tx& tx, std::int64_t id);
// Adds the next version of the rule's code (1 when new) and retires the older versions.
Result<PointRule> add_rule_version(Tx& tx, PointRule rule, UnixMillis now);
Result<Rows> list_rules(Tx& tx, std::int64_t community_id, bool history);
// Points awarded (not revoked) to the person under any version of the rule's code since `since`.
Result<std::int64_t> earned_since(Tx& tx, std::int64_t person_id, std::int64_t community_id,
                                  const std::string& code, UnixMillis since);

struct PointAward {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::int64_t rule_id = 0;
  std::int64_t person_id = 0;
  std::int64_t points = 0;
  std::int64_t tx_id = 0;
  std::optional<UnixMillis> expires_at;
  std::int64_t remaining = 0;
  std::optional<std::int64_t> revoked_tx_id;
};
Result<std::int64_t> insert_award(Tx& tx, const PointAward& a, const std::string& note,
                                  UnixMillis now);
Result<PointAward> get_award(Tx& tx, std::int64_t id);
Status mark_revoked(Tx& tx, std::int64_t award_id, std::int64_t revoke_tx,
                    const std::string& reason);
Result<Rows> list_awards(Tx& tx, std::int64_t community_id, std::optional<std::int64_t> person_id,
                         std::int64_t after_id, int limit);
// The person's award lots with points left (award_id, remaining, expires_at).
Result<Rows> open_lots(Tx& tx, std::int64_t person_id);
Status take_from_lot(Tx& tx, std::int64_t award_id, std::int64_t take);

// ---- time-bank hour lots (expiry) ----
// Records a lot of `minutes` on `account_id` expiring at `expires_at`.
Status insert_hour_lot(Tx& tx, std::int64_t account_id, std::int64_t tx_id, std::int64_t minutes,
                       UnixMillis expires_at, UnixMillis now);
// The account's lots with minutes left (id, remaining, expires_at).
Result<Rows> hour_lots(Tx& tx, std::int64_t account_id);
Status take_from_hour_lot(Tx& tx, std::int64_t lot_id, std::int64_t take);
// Minutes in the account's lots that expired at or before `now` (not spendable).
Result<std::int64_t> expired_hours(Tx& tx, std::int64_t account_id, UnixMillis now);

struct CatalogueItem {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string name;
  std::string kind;
  std::int64_t points = 0;
  std::int64_t stock = 0;
  std::optional<std::int64_t> per_person_limit;
  bool active = true;
  std::int64_t version = 1;
};
Result<CatalogueItem> get_item(Tx& tx, std::int64_t id);
Result<std::int64_t> insert_item(Tx& tx, const CatalogueItem& item, UnixMillis now);
// Optimistic: conflict when `version` is stale.
Status update_item(Tx& tx, const CatalogueItem& item);
Result<Rows> list_items(Tx& tx, std::int64_t community_id, bool include_inactive);
// Takes one from stock atomically; false when none is left.
Result<bool> take_stock(Tx& tx, std::int64_t item_id);
Result<std::int64_t> redemptions_of(Tx& tx, std::int64_t person_id, std::int64_t item_id);
Result<std::int64_t> insert_redemption(Tx& tx, std::int64_t item_id, std::int64_t person_id,
                                       std::int64_t points, std::int64_t tx_id, UnixMillis now);
// Persons by points earned (awards not revoked), opted-out persons left out; a grid or community.
Result<Rows> rankings(Tx& tx, std::int64_t unit_id, int limit);
Status set_opt_out(Tx& tx, std::int64_t person_id, bool opt_out, UnixMillis now);

// ---- foundation ----
struct Fund {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string name;
  std::string description;
  std::int64_t approvals_required = 2;
};
Result<Fund> get_fund(Tx& tx, std::int64_t id);
Result<std::int64_t> insert_fund(Tx& tx, const Fund& f, UnixMillis now);
// Funds with balance, income and expenses (fen); all communities when `community_id` is empty.
Result<Rows> list_funds(Tx& tx, std::optional<std::int64_t> community_id);
Result<std::int64_t> insert_donation(Tx& tx, std::int64_t fund_id, const std::string& donor,
                                     bool public_name, std::int64_t amount, std::int64_t tx_id,
                                     UnixMillis now);
struct Proposal {
  std::int64_t id = 0;
  std::int64_t fund_id = 0;
  std::string title;
  std::string purpose;
  std::string payee;
  std::int64_t amount_fen = 0;
  std::int64_t proposer_id = 0;
  std::string status;
  std::int64_t version = 1;
};
Result<Proposal> get_proposal(Tx& tx, std::int64_t id);
Result<std::int64_t> insert_proposal(Tx& tx, const Proposal& p, UnixMillis now);
Status set_proposal_status(Tx& tx, std::int64_t id, const std::string& from, const std::string& to);
Result<Rows> list_proposals(Tx& tx, std::int64_t fund_id);
Result<Rows> decisions_of(Tx& tx, std::int64_t proposal_id);
Status insert_decision(Tx& tx, std::int64_t proposal_id, std::int64_t approver, bool approve,
                       const std::string& note, UnixMillis now);
Result<std::int64_t> insert_expense(Tx& tx, const Proposal& p, const std::string& receipt_no,
                                    const std::string& receipt_note, std::int64_t tx_id,
                                    UnixMillis now);
// Public disclosure: donations (donor name only when public), expenses with receipts.
Result<Rows> fund_donations(Tx& tx, std::int64_t fund_id);
Result<Rows> fund_expenses(Tx& tx, std::int64_t fund_id);

// Rows with generic column names; the http layer renders them.
Result<Rows> query(Tx& tx, std::string_view sql, std::initializer_list<Value> params);

}  // namespace weilai::storage
