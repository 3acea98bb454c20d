#include "community/ledger.hpp"

#include <limits>

namespace weilai::community {

const char* unit_code(Unit unit) {
  switch (unit) {
    case Unit::hour:
      return "HOUR";
    case Unit::point:
      return "POINT";
    case Unit::cny:
      return "CNY";
  }
  return "HOUR";
}

std::optional<Unit> parse_unit(std::string_view code) {
  if (code == "HOUR") return Unit::hour;
  if (code == "POINT") return Unit::point;
  if (code == "CNY") return Unit::cny;
  return std::nullopt;
}

const char* owner_code(OwnerKind kind) {
  switch (kind) {
    case OwnerKind::person:
      return "person";
    case OwnerKind::household:
      return "household";
    case OwnerKind::organisation:
      return "organisation";
    case OwnerKind::system:
      return "system";
  }
  return "system";
}

std::optional<OwnerKind> parse_owner(std::string_view code) {
  if (code == "person") return OwnerKind::person;
  if (code == "household") return OwnerKind::household;
  if (code == "organisation") return OwnerKind::organisation;
  if (code == "system") return OwnerKind::system;
  return std::nullopt;
}

Status validate_posting(const Posting& posting) {
  if (posting.entries.size() < 2) return Error::invalid("a posting needs at least two entries");
  if (posting.community_id <= 0) return Error::invalid("a posting belongs to a community");
  std::map<Unit, std::int64_t> sums;
  for (const auto& e : posting.entries) {
    if (e.amount == 0) return Error::invalid("an entry of zero");
    if (e.account_id <= 0) return Error::invalid("an entry without an account");
    auto& s = sums[e.unit];
    if (__builtin_add_overflow(s, e.amount, &s)) return Error::invalid("amount overflow");
  }
  for (const auto& [unit, sum] : sums) {
    if (sum != 0) {
      return Error::invalid(std::string("entries of ") + unit_code(unit) + " sum to " +
                            std::to_string(sum) + ", not zero");
    }
  }
  return {};
}

std::vector<Entry> reversal_entries(const std::vector<Entry>& original) {
  std::vector<Entry> out;
  out.reserve(original.size());
  for (const auto& e : original) out.push_back({e.account_id, e.unit, -e.amount, std::nullopt});
  return out;
}

bool within_limit(std::int64_t balance, std::int64_t delta,
                  std::optional<std::int64_t> lower_limit) {
  if (!lower_limit) return true;
  std::int64_t after = 0;
  if (__builtin_add_overflow(balance, delta, &after)) return false;
  return after >= *lower_limit;
}

VerifyReport verify_accounts(const std::vector<AccountState>& accounts,
                             const std::vector<std::int64_t>& unbalanced_txs) {
  VerifyReport r;
  r.accounts = static_cast<std::int64_t>(accounts.size());
  for (const auto& a : accounts) {
    r.unit_sums[a.unit] += a.derived;
    if (a.cached != a.derived) {
      r.problems.push_back("account " + std::to_string(a.id) + ": cached balance " +
                           std::to_string(a.cached) + " but entries sum to " +
                           std::to_string(a.derived));
    }
    if (a.lower_limit && a.derived < *a.lower_limit) {
      r.problems.push_back("account " + std::to_string(a.id) + ": balance " +
                           std::to_string(a.derived) + " below its limit " +
                           std::to_string(*a.lower_limit));
    }
  }
  for (const auto& [unit, sum] : r.unit_sums) {
    if (sum != 0) {
      r.problems.push_back(std::string("unit ") + unit_code(unit) + ": balances sum to " +
                           std::to_string(sum) + ", not zero");
    }
  }
  for (auto id : unbalanced_txs)
    r.problems.push_back("transaction " + std::to_string(id) + ": entries do not sum to zero");
  r.ok = r.problems.empty();
  return r;
}

std::string format_fen(std::int64_t fen) {
  const bool neg = fen < 0;
  const std::uint64_t v =
      neg ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  std::string cents = std::to_string(v % 100);
  if (cents.size() < 2) cents = "0" + cents;
  return (neg ? "-" : "") + std::to_string(v / 100) + "." + cents;
}

std::string format_hours(std::int64_t minutes) {
  const bool neg = minutes < 0;
  const std::int64_t m = neg ? -minutes : minutes;
  std::string s = std::to_string(m / 60);
  const std::int64_t rest = m % 60;
  if (rest != 0) {
    // Half-hour steps print as .5; other minutes as two decimals.
    if (rest == 30) {
      s += ".5";
    } else {
      std::string frac = std::to_string(rest * 100 / 60);
      if (frac.size() < 2) frac = "0" + frac;
      s += "." + frac;
    }
  }
  return (neg ? "-" : "") + s;
}

}  // namespace weilai::community
