#include "community/points.hpp"

#include <algorithm>
#include <chrono>

#include "community/time_bank.hpp"

namespace weilai::community {

std::optional<CapPeriod> parse_period(const std::string& code) {
  if (code == "day") return CapPeriod::day;
  if (code == "month") return CapPeriod::month;
  if (code == "year") return CapPeriod::year;
  return std::nullopt;
}

const char* period_code(CapPeriod p) {
  switch (p) {
    case CapPeriod::day:
      return "day";
    case CapPeriod::month:
      return "month";
    case CapPeriod::year:
      return "year";
  }
  return "month";
}

UnixMillis period_start(CapPeriod p, UnixMillis now) {
  switch (p) {
    case CapPeriod::day:
      return china_day_start(now);
    case CapPeriod::year:
      return china_year_start(now);
    case CapPeriod::month: {
      constexpr std::int64_t offset = 8LL * 3600 * 1000;
      const auto days =
          std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(
              std::chrono::milliseconds(now + offset)));
      const std::chrono::year_month_day ymd{days};
      const std::chrono::year_month_day first{ymd.year(), ymd.month(), std::chrono::day{1}};
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::sys_days{first}.time_since_epoch())
                 .count() -
             offset;
    }
  }
  return now;
}

Status check_award_cap(std::optional<std::int64_t> cap, std::int64_t earned_in_period,
                       std::int64_t points) {
  if (cap && earned_in_period + points > *cap) {
    return Error{ErrorCode::failed_precondition,
                 "the rule's cap of " + std::to_string(*cap) +
                     " points per person and period would be exceeded (already " +
                     std::to_string(earned_in_period) + ")",
                 "/rule_id"};
  }
  return {};
}

Status check_redeem(std::optional<std::int64_t> per_person_limit, std::int64_t already,
                    std::int64_t stock) {
  if (stock <= 0) return Error{ErrorCode::failed_precondition, "out of stock", "/item_id"};
  if (per_person_limit && already >= *per_person_limit) {
    return Error{ErrorCode::failed_precondition,
                 "the limit of " + std::to_string(*per_person_limit) + " per person is reached",
                 "/item_id"};
  }
  return {};
}

Result<std::vector<Draw>> draw_lots(std::vector<Lot> lots, std::int64_t amount, UnixMillis now) {
  std::stable_sort(lots.begin(), lots.end(), [](const Lot& a, const Lot& b) {
    if (a.expires_at.has_value() != b.expires_at.has_value()) return a.expires_at.has_value();
    return a.expires_at.value_or(0) < b.expires_at.value_or(0);
  });
  std::vector<Draw> out;
  std::int64_t left = amount, expired = 0;
  for (const auto& lot : lots) {
    if (lot.remaining <= 0) continue;
    if (lot.expires_at && *lot.expires_at <= now) {
      expired += lot.remaining;
      continue;
    }
    if (left == 0) break;
    const std::int64_t take = std::min(left, lot.remaining);
    out.push_back({lot.award_id, take});
    left -= take;
  }
  if (left > 0) {
    if (expired >= left) {
      return Error{ErrorCode::failed_precondition,
                   "expired points cannot be spent (" + std::to_string(expired) + " expired)",
                   "/points"};
    }
    return Error{ErrorCode::failed_precondition, "not enough points", "/points"};
  }
  return out;
}

}  // namespace weilai::community
