#include "community/time_bank.hpp"

#include <algorithm>
#include <chrono>

#include "community/ledger.hpp"

namespace weilai::community {
namespace {
constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;

std::chrono::year_month_day china_date(UnixMillis t) {
  const auto days =
      std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(
          std::chrono::milliseconds(t + kChinaOffsetMs)));
  return std::chrono::year_month_day{days};
}
}  // namespace

Status validate_policy(const TimeBankPolicy& p) {
  if (p.daily_cap_minutes < kStepMinutes || p.daily_cap_minutes % kStepMinutes != 0)
    return Error::invalid("daily cap: a positive multiple of 30 minutes", "/daily_cap_minutes");
  if (p.storage_cap_minutes < kStepMinutes || p.storage_cap_minutes % kStepMinutes != 0)
    return Error::invalid("storage cap: a positive multiple of 30 minutes", "/storage_cap_minutes");
  if (p.starter_grant_minutes < 0 || p.starter_grant_minutes % kStepMinutes != 0 ||
      p.starter_grant_minutes > p.storage_cap_minutes)
    return Error::invalid("starter grant: a multiple of 30 minutes within the storage cap",
                          "/starter_grant_minutes");
  if (p.spend_min_age < 0 || p.spend_min_age > 120)
    return Error::invalid("age rule: 0..120", "/spend_min_age");
  if (p.transfer_annual_cap_minutes < 0 || p.transfer_annual_cap_minutes % kStepMinutes != 0)
    return Error::invalid("transfer cap: a multiple of 30 minutes", "/transfer_annual_cap_minutes");
  if (p.hour_expiry_days && *p.hour_expiry_days < 1)
    return Error::invalid("expiry: at least one day", "/hour_expiry_days");
  if (p.point_expiry_days && *p.point_expiry_days < 1)
    return Error::invalid("expiry: at least one day", "/point_expiry_days");
  if (p.service_points < 0 || p.service_points > 1000)
    return Error::invalid("points per service hour: 0..1000", "/service_points");
  return {};
}

Status validate_minutes(std::int64_t minutes, const std::string& field, std::int64_t max) {
  if (minutes < kStepMinutes || minutes % kStepMinutes != 0 || minutes > max) {
    return Error::invalid("hours come in half-hour steps (multiples of 30 minutes, at most " +
                              std::to_string(max) + ")",
                          field);
  }
  return {};
}

std::int64_t service_minutes(UnixMillis check_in, UnixMillis check_out) {
  const std::int64_t ms = check_out > check_in ? check_out - check_in : 0;
  const std::int64_t step_ms = kStepMinutes * 60 * 1000;
  const std::int64_t steps = (ms + step_ms / 2) / step_ms;
  return std::max<std::int64_t>(1, steps) * kStepMinutes;
}

UnixMillis china_day_start(UnixMillis t) {
  const std::int64_t local = t + kChinaOffsetMs;
  const std::int64_t day = (local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs);
  return day * kDayMs - kChinaOffsetMs;
}

int china_year(UnixMillis t) {
  return static_cast<int>(china_date(t).year());
}

UnixMillis china_year_start(UnixMillis t) {
  const std::chrono::year_month_day first{china_date(t).year(), std::chrono::January,
                                          std::chrono::day{1}};
  const auto ms = std::chrono::sys_days{first}.time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(ms).count() - kChinaOffsetMs;
}

Status check_credit(const TimeBankPolicy& p, std::int64_t credited_today, std::int64_t balance,
                    std::int64_t minutes) {
  if (credited_today + minutes > p.daily_cap_minutes) {
    return Error{ErrorCode::failed_precondition,
                 "the daily cap of " + std::to_string(p.daily_cap_minutes) +
                     " minutes would be exceeded (already " + std::to_string(credited_today) + ")",
                 "/minutes"};
  }
  if (balance + minutes > p.storage_cap_minutes) {
    return Error{ErrorCode::failed_precondition,
                 "the storage cap of " + std::to_string(p.storage_cap_minutes) +
                     " minutes would be exceeded",
                 "/minutes"};
  }
  return {};
}

Status check_spend_age(const TimeBankPolicy& p, std::optional<std::int64_t> birth_year,
                       UnixMillis now) {
  if (p.spend_min_age == 0) return {};
  if (!birth_year) {
    return Error{ErrorCode::failed_precondition,
                 "the person's birth year is not recorded; spending needs age " +
                     std::to_string(p.spend_min_age),
                 "/for_person_id"};
  }
  if (china_year(now) - *birth_year < p.spend_min_age) {
    return Error{ErrorCode::failed_precondition,
                 "hours may be spent from age " + std::to_string(p.spend_min_age),
                 "/for_person_id"};
  }
  return {};
}

Status check_transfer(const TimeBankPolicy& p, const TransferFacts& f) {
  if (f.from_person == f.to_person)
    return Error{ErrorCode::invalid_argument, "a transfer needs two persons", "/to_person_id"};
  if (!f.same_household && !f.registered_relative) {
    return Error{ErrorCode::permission_denied,
                 "hours may be transferred only within the household or to registered lineal "
                 "relatives",
                 "/to_person_id"};
  }
  if (f.sent_this_year + f.minutes > p.transfer_annual_cap_minutes) {
    return Error{ErrorCode::failed_precondition,
                 "the annual transfer cap of " + std::to_string(p.transfer_annual_cap_minutes) +
                     " minutes would be exceeded (already " + std::to_string(f.sent_this_year) +
                     ")",
                 "/minutes"};
  }
  return {};
}

const char* confirm_code(ConfirmAs c) {
  switch (c) {
    case ConfirmAs::self:
      return "self";
    case ConfirmAs::family:
      return "family";
    case ConfirmAs::proxy:
      return "proxy";
  }
  return "self";
}

Result<ConfirmAs> confirm_role(const ConfirmFacts& f) {
  if (f.volunteer_account && *f.volunteer_account == f.confirmer_account)
    return Error::denied("a volunteer cannot confirm their own service");
  if (f.served_account && *f.served_account == f.confirmer_account) return ConfirmAs::self;
  if (f.confirmer_in_served_household) return ConfirmAs::family;
  if (f.confirmer_is_grid_proxy) return ConfirmAs::proxy;
  return Error::denied("only the served person, their family or their grid worker may confirm");
}

Result<std::vector<HourDraw>> draw_hours(std::vector<HourLot> lots, std::int64_t balance,
                                         std::int64_t minutes, UnixMillis now) {
  std::stable_sort(lots.begin(), lots.end(),
                   [](const HourLot& a, const HourLot& b) { return a.expires_at < b.expires_at; });
  std::int64_t in_lots = 0, expired = 0;
  for (const auto& l : lots) {
    in_lots += l.remaining;
    if (l.expires_at <= now) expired += l.remaining;
  }
  const std::int64_t never = std::max<std::int64_t>(0, balance - in_lots);
  std::vector<HourDraw> out;
  std::int64_t left = minutes;
  for (const auto& l : lots) {
    if (left == 0) break;
    if (l.remaining <= 0 || l.expires_at <= now) continue;
    const std::int64_t take = std::min(left, l.remaining);
    out.push_back({l.id, take, l.expires_at});
    left -= take;
  }
  if (left > 0 && never > 0) {
    const std::int64_t take = std::min(left, never);
    out.push_back({0, take, std::nullopt});
    left -= take;
  }
  if (left > 0) {
    if (expired >= left) {
      return Error{ErrorCode::failed_precondition,
                   "expired hours cannot be spent (" + format_hours(expired) + " h expired)",
                   "/minutes"};
    }
    return Error{ErrorCode::failed_precondition, "not enough hours", "/minutes"};
  }
  return out;
}

}  // namespace weilai::community
