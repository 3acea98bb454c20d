// SessionCache: who a session token belongs to, remembered for a couple of seconds so that a busy
// client does not cost a database transaction per request. Entries keep the session's times, so
// expiry is still checked against the clock on every use; changes made through this process
// (logout, password change, disabling, grant changes) evict at once. Another server's change is
// seen within the time-to-live (2 s by default; 0 turns the cache off). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "identity/roles.hpp"

namespace weilai::http {

struct CachedSession {
  identity::Actor actor;
  UnixMillis created_at = 0;
  UnixMillis last_seen_at = 0;
  UnixMillis expires_at = 0;
};

class SessionCache {
 public:
  explicit SessionCache(std::chrono::milliseconds ttl, std::size_t max_entries = 50000)
      : ttl_(ttl), max_entries_(max_entries) {}

  std::optional<CachedSession> get(const std::string& token_hash);
  void put(const std::string& token_hash, CachedSession session);
  void note_seen(const std::string& token_hash, UnixMillis at);
  void forget(const std::string& token_hash);
  void forget_account(std::int64_t account_id);

 private:
  struct Entry {
    CachedSession session;
    std::chrono::steady_clock::time_point stored;
  };
  std::chrono::milliseconds ttl_;
  std::size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace weilai::http
