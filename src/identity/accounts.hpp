// Accounts (账号), sessions and login throttling: the rules, independent of storage and HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace weilai::identity {

struct Account {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  std::optional<std::string> phone;
  bool disabled = false;
  UnixMillis created_at = 0;
  std::int64_t version = 1;
};

// Login names: 3–32 characters of a–z, 0–9, '_', '.', '-', starting with a letter.
Status validate_login(std::string_view login);
// Display names: 1–64 characters (Unicode code points), valid UTF-8, no control characters.
Status validate_display_name(std::string_view name);
// Phones: a mainland mobile number, 11 digits starting 1[3-9], optionally prefixed +86.
Status validate_phone(std::string_view phone);
// Passwords: 10–128 characters, at least three of {lower, upper, digit, other}, not containing the
// login, not one of the commonest passwords. Errors carry field "/<field_name>".
Status validate_password(std::string_view password, std::string_view login,
                         std::string_view field_name = "password");

// Counts Unicode code points; nullopt when `s` is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view s);

struct SessionPolicy {
  UnixMillis idle_timeout_ms = 30LL * 60 * 1000;        // 30 minutes without a request
  UnixMillis absolute_timeout_ms = 12LL * 3600 * 1000;  // 12 hours after login
  UnixMillis touch_interval_ms = 60LL * 1000;  // last_seen_at is written at most once a minute

  // Whether a session created at `created`, last seen at `last_seen`, is still valid at `now`.
  bool alive(UnixMillis created, UnixMillis last_seen, UnixMillis now) const {
    return now < created + absolute_timeout_ms && now < last_seen + idle_timeout_ms;
  }
};

// Login throttling: after `max_failures` failed logins within `window_ms` for one key
// (an account or a client address), further attempts are refused for `lockout_ms`.
struct ThrottlePolicy {
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  UnixMillis window_ms = 15LL * 60 * 1000;
  UnixMillis lockout_ms = 15LL * 60 * 1000;
};

}  // namespace weilai::identity
