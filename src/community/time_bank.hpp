// Time bank (时间银行) rules: half-hour steps, caps per day and on stored hours, who may confirm a
// service, who may spend (age rule) and to whom hours may be transferred (registered family only,
// with an annual cap). Days and years are counted in China Standard Time (UTC+8).
// Pure and thread-safe; the store gathers the facts and these functions decide.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace weilai::community {

inline constexpr std::int64_t kStepMinutes = 30;

struct TimeBankPolicy {
  std::int64_t daily_cap_minutes = 120;       // 2 hours a day
  std::int64_t storage_cap_minutes = 90'000;  // 1,500 hours stored
  std::int64_t starter_grant_minutes = 0;     // none unless the community chooses
  std::int64_t spend_min_age = 60;            // 0: anyone may spend
  std::int64_t transfer_annual_cap_minutes = 6'000;
  std::optional<std::int64_t> hour_expiry_days;   // none by default
  std::optional<std::int64_t> point_expiry_days;  // none by default
  std::int64_t service_points = 0;                // points also awarded per confirmed hour (0: off)
};

// invalid_argument (field) unless the policy is sane: caps positive, steps of 30 minutes.
Status validate_policy(const TimeBankPolicy& p);

// A positive multiple of 30 minutes, at most `max`; invalid_argument naming `field` otherwise.
Status validate_minutes(std::int64_t minutes, const std::string& field, std::int64_t max = 24 * 60);

// The minutes a service earns from its check-in and check-out: rounded to the nearest half hour,
// at least one step.
std::int64_t service_minutes(UnixMillis check_in, UnixMillis check_out);

// Start of the China-time day / year containing `t`, and the calendar year.
UnixMillis china_day_start(UnixMillis t);
UnixMillis china_year_start(UnixMillis t);
int china_year(UnixMillis t);

// failed_precondition when crediting `minutes` would pass the day's cap or the storage cap.
Status check_credit(const TimeBankPolicy& p, std::int64_t credited_today, std::int64_t balance,
                    std::int64_t minutes);

// failed_precondition when a person born in `birth_year` may not spend yet (unknown birth year:
// refused while an age rule is set).
Status check_spend_age(const TimeBankPolicy& p, std::optional<std::int64_t> birth_year,
                       UnixMillis now);

struct TransferFacts {
  std::int64_t from_person = 0;
  std::int64_t to_person = 0;
  bool same_household = false;
  bool registered_relative = false;
  std::int64_t sent_this_year = 0;  // minutes
  std::int64_t minutes = 0;
};
// permission_denied for a non-relative or oneself, failed_precondition past the annual cap.
Status check_transfer(const TimeBankPolicy& p, const TransferFacts& f);

enum class ConfirmAs { self, family, proxy };
const char* confirm_code(ConfirmAs c);

struct ConfirmFacts {
  std::int64_t confirmer_account = 0;
  std::optional<std::int64_t> volunteer_account;
  std::optional<std::int64_t> served_account;  // the served person's own account, if any
  bool confirmer_in_served_household = false;
  bool confirmer_is_grid_proxy = false;  // staff with proxy rights over the served person
};
// How the confirmer confirms, or permission_denied (a volunteer never confirms their own service).
Result<ConfirmAs> confirm_role(const ConfirmFacts& f);

// Hour expiry: a lot is a credit that expires (see the timebank_hour_lots table).
struct HourLot {
  std::int64_t id = 0;
  std::int64_t remaining = 0;
  UnixMillis expires_at = 0;
};
struct HourDraw {
  std::int64_t lot_id = 0;  // 0: the account's hours that never expire
  std::int64_t take = 0;
  std::optional<UnixMillis> expires_at;
};
// Takes `minutes` from an account at `balance` with `lots`: the earliest-expiring unexpired lots
// first, then the hours that never expire (balance − every lot's remaining). Expired lots are never
// spent: failed_precondition "expired hours cannot be spent" when they would have covered the
// shortfall, "not enough hours" otherwise (field /minutes).
Result<std::vector<HourDraw>> draw_hours(std::vector<HourLot> lots, std::int64_t balance,
                                         std::int64_t minutes, UnixMillis now);

}  // namespace weilai::community
