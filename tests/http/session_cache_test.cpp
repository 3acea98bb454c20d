// The session cache forgets on command and after its time-to-live; a zero TTL disables it.
#include "http/session_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace weilai::http {
namespace {

CachedSession session_of(std::int64_t account) {
  CachedSession s;
  s.actor.account_id = account;
  s.actor.login = "a" + std::to_string(account);
  s.created_at = 1;
  s.last_seen_at = 2;
  s.expires_at = 3;
  return s;
}

TEST(SessionCache, RemembersAndForgets) {
  SessionCache cache(std::chrono::milliseconds(60000));
  cache.put("t1", session_of(1));
  cache.put("t2", session_of(1));
  cache.put("t3", session_of(2));
  ASSERT_TRUE(cache.get("t1"));
  EXPECT_EQ(cache.get("t1")->actor.login, "a1");
  cache.note_seen("t1", 99);
  EXPECT_EQ(cache.get("t1")->last_seen_at, 99);
  cache.forget("t3");
  EXPECT_FALSE(cache.get("t3"));
  cache.forget_account(1);
  EXPECT_FALSE(cache.get("t1"));
  EXPECT_FALSE(cache.get("t2"));
}

TEST(SessionCache, EntriesExpireAndZeroDisables) {
  SessionCache cache(std::chrono::milliseconds(30));
  cache.put("t", session_of(1));
  EXPECT_TRUE(cache.get("t"));
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_FALSE(cache.get("t"));
  SessionCache off(std::chrono::milliseconds(0));
  off.put("t", session_of(1));
  EXPECT_FALSE(off.get("t"));
}

TEST(SessionCache, AFullCacheStartsOver) {
  SessionCache cache(std::chrono::milliseconds(60000), 3);
  for (int i = 0; i < 3; ++i) cache.put("t" + std::to_string(i), session_of(i));
  cache.put("t9", session_of(9));
  EXPECT_FALSE(cache.get("t0"));
  EXPECT_TRUE(cache.get("t9"));
}

}  // namespace
}  // namespace weilai::http
