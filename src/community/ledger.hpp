// The double-entry ledger as pure rules: units, postings whose entries sum to zero per unit,
// reversals, lower limits, and the checks `weilai ledger verify` makes. Amounts are integers in
// the unit's smallest step: HOUR in minutes (the time bank credits 30-minute steps), POINT in
// points, CNY in fen (分). Units never convert into each other. No I/O; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::community {

enum class Unit { hour, point, cny };
const char* unit_code(Unit unit);  // "HOUR" | "POINT" | "CNY"
std::optional<Unit> parse_unit(std::string_view code);

enum class OwnerKind { person, household, organisation, system };
const char* owner_code(OwnerKind kind);
std::optional<OwnerKind> parse_owner(std::string_view code);

struct Entry {
  std::int64_t account_id = 0;
  Unit unit = Unit::hour;
  std::int64_t amount = 0;                 // + credit, − debit
  std::optional<std::int64_t> expires_at;  // Unix ms; points/hours lots when expiry is on
};

struct Posting {
  std::string kind;  // e.g. service_credit, transfer, award, redeem, donation, expense, reversal
  std::int64_t community_id = 0;
  std::string memo;
  std::optional<std::int64_t> reverses_id;
  std::string ref_type;
  std::optional<std::int64_t> ref_id;
  std::optional<std::int64_t> actor_id;
  bool proxy = false;  // posted by a grid worker acting for the person
  std::vector<Entry> entries;
};

// OK when the posting has ≥ 2 entries, no zero amount, and its entries sum to zero for every
// unit; invalid_argument otherwise (a bug in the caller, never user input).
Status validate_posting(const Posting& posting);

// The entries that undo `original` (every amount negated, expiry dropped).
std::vector<Entry> reversal_entries(const std::vector<Entry>& original);

// Whether an account at `balance` may take `delta` without going below `lower_limit`
// (no limit: always). Overflow-safe.
bool within_limit(std::int64_t balance, std::int64_t delta,
                  std::optional<std::int64_t> lower_limit);

// One account as `verify` sees it: the cached balance and the sum of its entries.
struct AccountState {
  std::int64_t id = 0;
  Unit unit = Unit::hour;
  std::int64_t cached = 0;
  std::int64_t derived = 0;
  std::optional<std::int64_t> lower_limit;
};

struct VerifyReport {
  bool ok = true;
  std::int64_t accounts = 0;
  std::int64_t transactions = 0;
  std::map<Unit, std::int64_t> unit_sums;  // must all be zero
  std::vector<std::string> problems;       // one English line each
};

// Checks cached == derived, derived ≥ limit, and every unit's sum is zero. `unbalanced_txs` are
// transaction ids whose entries do not sum to zero per unit (found by the store).
VerifyReport verify_accounts(const std::vector<AccountState>& accounts,
                             const std::vector<std::int64_t>& unbalanced_txs);

// Money and hours for people: "12.50" yuan from fen, "1.5" hours from minutes.
std::string format_fen(std::int64_t fen);
std::string format_hours(std::int64_t minutes);

}  // namespace weilai::community
