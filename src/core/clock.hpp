// Clock: the one source of "now" for the domain, injected so tests control time.
// Times are Unix milliseconds (UTC) everywhere they are stored or compared.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace weilai {

using UnixMillis = std::int64_t;
inline constexpr UnixMillis kMinuteMs = 60'000;
inline constexpr UnixMillis kHourMs = 60 * kMinuteMs;
inline constexpr UnixMillis kDayMs = 24 * kHourMs;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMillis now_ms() const = 0;  // thread-safe
};

class SystemClock final : public Clock {
 public:
  UnixMillis now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that only moves when told to (tests).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMillis start) : now_(start) {}
  UnixMillis now_ms() const override { return now_.load(); }
  void advance_ms(UnixMillis delta) { now_ += delta; }
  void set_ms(UnixMillis t) { now_ = t; }

 private:
  std::atomic<UnixMillis> now_;
};

// ISO 8601 UTC with milliseconds, e.g. 2026-11-29T17:13:29.123Z.
std::string format_iso8601(UnixMillis t);

}  // namespace weilai
