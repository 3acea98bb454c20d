// Points (积分换服务、服务换积分): award caps per person and period, and which award lots a
// redemption draws from (the oldest-expiring first; expired points are never spent).
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace weilai::community {

enum class CapPeriod { day, month, year };
std::optional<CapPeriod> parse_period(const std::string& code);
const char* period_code(CapPeriod p);
// Start of the China-time day, month or year containing `now`.
UnixMillis period_start(CapPeriod p, UnixMillis now);

// failed_precondition when awarding `points` would pass the cap for the period (no cap: OK).
Status check_award_cap(std::optional<std::int64_t> cap, std::int64_t earned_in_period,
                       std::int64_t points);

// failed_precondition past the item's per-person limit or out of stock.
Status check_redeem(std::optional<std::int64_t> per_person_limit, std::int64_t already,
                    std::int64_t stock);

struct Lot {
  std::int64_t award_id = 0;
  std::int64_t remaining = 0;
  std::optional<UnixMillis> expires_at;  // none: never expires
};
struct Draw {
  std::int64_t award_id = 0;
  std::int64_t take = 0;
};
// Takes `amount` from unexpired lots, the earliest expiry first (non-expiring last). When the
// unexpired remainder is short: failed_precondition, naming expired points if they would have
// covered it.
Result<std::vector<Draw>> draw_lots(std::vector<Lot> lots, std::int64_t amount, UnixMillis now);

}  // namespace weilai::community
