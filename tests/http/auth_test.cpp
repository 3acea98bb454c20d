// Sign-in, sessions and their expiry, logout, password changes and login throttling, through the
// HTTP API.
#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class Auth : public ServerFixture {};

std::string login_body(const std::string& login, const std::string& password) {
  return json::serialize(json::object{{"login", login}, {"password", password}});
}

TEST_P(Auth, LoginSetsAStrictHttpOnlyCookieAndReturnsAToken) {
  auto c = client();
  auto res = c.post_json("/api/v1/auth/login", login_body("admin", kDemoPassword));
  ASSERT_EQ(res.status, 200) << res.body;
  auto body = parse(res.body);
  const std::string token(body.at("token").as_string());
  EXPECT_GE(token.size(), 40u);
  EXPECT_EQ(body.at("account").at("login").as_string(), "admin");
  const std::string cookie = res.header("set-cookie");
  EXPECT_NE(cookie.find("weilai_session=" + token), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(res.header("cache-control"), "no-store");

  // The cookie works like the bearer token.
  auto me =
      c.request("GET", "/api/v1/auth/me", "", {{"Cookie", "theme=dark; weilai_session=" + token}});
  ASSERT_EQ(me.status, 200) << me.body;
  auto perms = parse(me.body).at("permissions").as_array();
  EXPECT_NE(std::find(perms.begin(), perms.end(), json::value("accounts.manage")), perms.end());
  EXPECT_EQ(parse(me.body).at("grants").as_array().at(0).at("role").as_string(), "system_admin");
}

TEST_P(Auth, WrongCredentialsAreOneAnswer) {
  auto c = client();
  auto wrong_password = c.post_json("/api/v1/auth/login", login_body("admin", "Wrong-Pass-123"));
  auto no_such_user = c.post_json("/api/v1/auth/login", login_body("nobody", "Wrong-Pass-123"));
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(no_such_user.status, 401);
  EXPECT_EQ(parse(wrong_password.body).at("detail"), parse(no_such_user.body).at("detail"));
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(c.get("/api/v1/auth/me", "not-a-real-token").status, 401);
  EXPECT_EQ(
      c.request("GET", "/api/v1/auth/me", "", {{"Authorization", "Basic YWRtaW46eA=="}}).status,
      401);
}

TEST_P(Auth, LogoutEndsTheSession) {
  auto c = client();
  const std::string token = login("drc");
  EXPECT_EQ(c.get("/api/v1/auth/me", token).status, 200);
  auto out = c.request("POST", "/api/v1/auth/logout", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/auth/me", token).status, 401);
}

TEST_P(Auth, SessionsExpireWhenIdleAndAtTheAbsoluteLimit) {
  auto c = client();
  const std::string token = login("drc");
  clock_->advance_ms(29 * 60 * 1000);
  EXPECT_EQ(c.get("/api/v1/auth/me", token).status, 200);  // this use resets the idle timer
  clock_->advance_ms(29 * 60 * 1000);
  EXPECT_EQ(c.get("/api/v1/auth/me", token).status, 200);
  clock_->advance_ms(31 * 60 * 1000);
  EXPECT_EQ(c.get("/api/v1/auth/me", token).status, 401);  // idle too long

  const std::string busy = login("drc");
  for (int i = 0; i < 25; ++i) {  // used every 29 minutes, yet cut off after 12 hours
    clock_->advance_ms(29 * 60 * 1000);
    const int status = c.get("/api/v1/auth/me", busy).status;
    if (i < 24)
      EXPECT_EQ(status, 200) << "after " << (i + 1) * 29 << " min";
    else
      EXPECT_EQ(status, 401) << "after " << (i + 1) * 29 << " min";
  }
}

TEST_P(Auth, PasswordChangeChecksStrengthAndEndsOtherSessions) {
  auto c = client();
  const std::string first = login("liandu");
  const std::string second = login("liandu");
  auto weak = c.post_json(
      "/api/v1/auth/password",
      R"({"current_password":")" + std::string(kDemoPassword) + R"(","new_password":"short"})",
      first);
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(parse(weak.body).at("field").as_string(), "/new_password");
  auto wrong = c.post_json(
      "/api/v1/auth/password",
      R"({"current_password":"Nope-Nope-123","new_password":"Brand-New-Pass-42"})", first);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(parse(wrong.body).at("field").as_string(), "/current_password");
  auto ok = c.post_json("/api/v1/auth/password",
                        R"({"current_password":")" + std::string(kDemoPassword) +
                            R"(","new_password":"Brand-New-Pass-42"})",
                        first);
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::string fresh(parse(ok.body).at("token").as_string());
  EXPECT_EQ(c.get("/api/v1/auth/me", first).status, 401);
  EXPECT_EQ(c.get("/api/v1/auth/me", second).status, 401);
  EXPECT_EQ(c.get("/api/v1/auth/me", fresh).status, 200);
  EXPECT_EQ(c.post_json("/api/v1/auth/login", login_body("liandu", kDemoPassword)).status, 401);
  EXPECT_FALSE(login("liandu", "Brand-New-Pass-42").empty());
}

TEST_P(Auth, RepeatedFailuresAreThrottledPerAccount) {
  auto c = client();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(c.post_json("/api/v1/auth/login", login_body("leader", "Wrong-Pass-123")).status,
              401);
  }
  auto fifth = c.post_json("/api/v1/auth/login", login_body("leader", "Wrong-Pass-123"));
  EXPECT_EQ(fifth.status, 429);
  EXPECT_EQ(parse(fifth.body).at("code").as_string(), "too_many_requests");
  EXPECT_EQ(fifth.header("retry-after"), "900");
  // Locked: even the right password is refused until the lock ends.
  auto locked = c.post_json("/api/v1/auth/login", login_body("leader", kDemoPassword));
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.header("retry-after").empty());
  // Other accounts are not affected.
  EXPECT_FALSE(login("drc").empty());
  clock_->advance_ms(15 * 60 * 1000 + 1000);
  EXPECT_FALSE(login("leader").empty());
}

TEST_P(Auth, RepeatedFailuresAreThrottledPerAddress) {
  auto c = client();
  // 20 failures from one address, spread over logins so no single account reaches its limit.
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string who = "guess" + std::to_string(i % 5);
    const int status = c.post_json("/api/v1/auth/login", login_body(who, "Wrong-Pass-123")).status;
    if (i < 19)
      EXPECT_EQ(status, 401) << "attempt " << i;
    else
      refused = status;
  }
  EXPECT_EQ(refused, 429);
  // The address is locked for everyone it tries, right password or not.
  auto locked = c.post_json("/api/v1/auth/login", login_body("drc", kDemoPassword));
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.header("retry-after").empty());
  clock_->advance_ms(15 * 60 * 1000 + 1000);
  EXPECT_FALSE(login("drc").empty());
}

TEST_P(Auth, DisablingAnAccountEndsItsSessions) {
  auto c = client();
  const std::string admin = login("admin");
  const std::string victim = login("longquan");
  const auto id = account_id("longquan");
  auto acct = parse(c.get("/api/v1/accounts/" + std::to_string(id), admin).body);
  auto res = c.send_json(
      "PATCH", "/api/v1/accounts/" + std::to_string(id),
      R"({"disabled":true,"version":)" + std::to_string(acct.at("version").as_int64()) + "}",
      admin);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(c.get("/api/v1/auth/me", victim).status, 401);
  EXPECT_EQ(c.post_json("/api/v1/auth/login", login_body("longquan", kDemoPassword)).status, 401);
}

WEILAI_BOTH_DRIVERS(Auth);

}  // namespace
}  // namespace weilai::testing
