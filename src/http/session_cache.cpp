#include "http/session_cache.hpp"

namespace weilai::http {

std::optional<CachedSession> SessionCache::get(const std::string& token_hash) {
  if (ttl_.count() <= 0) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - it->second.stored > ttl_) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.session;
}

void SessionCache::put(const std::string& token_hash, CachedSession session) {
  if (ttl_.count() <= 0) return;
  std::lock_guard lock(mu_);
  // A full cache starts over rather than tracking recency: entries live two seconds anyway.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[token_hash] = Entry{std::move(session), std::chrono::steady_clock::now()};
}

void SessionCache::note_seen(const std::string& token_hash, UnixMillis at) {
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(token_hash); it != entries_.end())
    it->second.session.last_seen_at = at;
}

void SessionCache::forget(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  entries_.erase(token_hash);
}

void SessionCache::forget_account(std::int64_t account_id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_,
                [&](const auto& kv) { return kv.second.session.actor.account_id == account_id; });
}

}  // namespace weilai::http
