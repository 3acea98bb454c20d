// Login, logout, who am I, and changing one's own password.
#include <boost/json.hpp>

#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/views.hpp"
#include "storage/identity_store.hpp"

namespace weilai::http {
namespace json = boost::json;

namespace {

// A real argon2id hash of a random password: verifying against it when the login is unknown
// makes a wrong login cost as long as a wrong password, so timing reveals no account names.
const std::string& dummy_hash() {
  static const std::string hash = *crypto::hash_password(crypto::random_token(16));
  return hash;
}

Response too_many(const Request& req, UnixMillis locked_until, UnixMillis now) {
  const auto seconds = std::max<std::int64_t>(1, (locked_until - now + 999) / 1000);
  Response r = problem_response(
      429, "too_many_requests",
      "too many failed logins; try again in " + std::to_string(seconds) + " s", req);
  r.set_header("Retry-After", std::to_string(seconds));
  return r;
}

struct NewSession {
  std::string token;
  UnixMillis expires_at;
};

// Creates a session for `account_id` inside `tx` and records it in the audit log.
Result<NewSession> open_session(App& app, storage::Tx& tx, Changes& changes, const Request& req,
                                std::int64_t account_id, const std::string& reason) {
  const UnixMillis now = app.clock().now_ms();
  NewSession s{crypto::random_token(32), now + app.options().session.absolute_timeout_ms};
  WEILAI_CHECK(storage::insert_session(
      tx, crypto::sha256_hex(s.token), account_id, now, s.expires_at, req.client_address,
      std::string(req.header("user-agent").value_or("")).substr(0, 256)));
  changes.record(reason, "account", std::to_string(account_id), {{"address", req.client_address}});
  return s;
}

}  // namespace

void add_auth_routes(App& app) {
  auto& r = app.router();

  r.add(
      "POST", "/api/v1/auth/login",
      [&app](Request& req) -> Result<Response> {
        const auto body = parse_json_object(req);
        JsonFields f(body);
        WEILAI_CHECK(f.only({"login", "password"}));
        WEILAI_TRY(std::string login, f.string("login", 64));
        WEILAI_TRY(std::string password, f.string("password", 256));
        const auto& policy = app.options().throttle;
        const std::string account_key = "account:" + login;
        const std::string address_key = "address:" + req.client_address;
        const UnixMillis now = app.clock().now_ms();

        struct Lookup {
          std::optional<storage::AccountWithSecret> account;
          UnixMillis locked_until = 0;
        };
        WEILAI_TRY(Lookup found, app.read<Lookup>([&](storage::Tx& tx) -> Result<Lookup> {
          Lookup l;
          WEILAI_TRY(auto a, storage::throttle_state(tx, account_key));
          WEILAI_TRY(auto b, storage::throttle_state(tx, address_key));
          l.locked_until = std::max(a.locked_until, b.locked_until);
          WEILAI_TRY(l.account, storage::find_account_by_login(tx, login));
          return l;
        }));
        if (found.locked_until > now) return too_many(req, found.locked_until, now);

        // argon2 runs outside any transaction so it never holds a database lock.
        const bool ok = found.account && !found.account->account.disabled &&
                        crypto::verify_password(found.account->password_hash, password);
        if (!found.account) (void)crypto::verify_password(dummy_hash(), password);

        identity::Actor nobody;
        if (!ok) {
          WEILAI_TRY(
              UnixMillis locked,
              app.write<
                  UnixMillis>(req, nobody, [&](storage::Tx& tx, Changes& ch) -> Result<UnixMillis> {
                WEILAI_TRY(auto a, storage::record_login_failure(
                                       tx, account_key, now, policy.window_ms,
                                       policy.max_failures_per_account, policy.lockout_ms));
                WEILAI_TRY(auto b, storage::record_login_failure(
                                       tx, address_key, now, policy.window_ms,
                                       policy.max_failures_per_address, policy.lockout_ms));
                ch.record("auth.login_failed", "login", login, {{"address", req.client_address}});
                return std::max(a.locked_until, b.locked_until);
              }));
          if (locked > now) return too_many(req, locked, now);
          return Error{ErrorCode::unauthenticated, "wrong login or password", {}};
        }

        const auto& account = found.account->account;
        identity::Actor self;
        self.account_id = account.id;
        self.login = account.login;
        WEILAI_TRY(NewSession s,
                   app.write<NewSession>(
                       req, self, [&](storage::Tx& tx, Changes& ch) -> Result<NewSession> {
                         WEILAI_CHECK(storage::clear_throttle(tx, account_key));
                         return open_session(app, tx, ch, req, account.id, "auth.login");
                       }));
        Response res = json_response(json::object{{"token", s.token},
                                                  {"expires_at", format_iso8601(s.expires_at)},
                                                  {"account", account_json(account)}});
        res.set_header("Set-Cookie", app.session_cookie(s.token, s.expires_at));
        res.set_header("Cache-Control", "no-store");
        return res;
      },
      {"Sign in with login and password", "auth", false, {}, "{login, password}", {422, 429}});

  r.add(
      "POST", "/api/v1/auth/logout",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(identity::Actor actor, app.signed_in(req));
        const std::string token_hash = crypto::sha256_hex(*session_token(req));
        WEILAI_CHECK(app.write<bool>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<bool> {
          WEILAI_CHECK(storage::revoke_session(tx, token_hash));
          ch.record("auth.logout", "account", std::to_string(*actor.account_id), {});
          return true;
        }));
        app.forget_session(token_hash);
        Response res = no_content();
        res.set_header("Set-Cookie", app.clear_session_cookie());
        return res;
      },
      {"End this session", "auth"});

  r.add("GET", "/api/v1/auth/me",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(identity::Actor actor, app.signed_in(req));
          struct Me {
            identity::Account account;
            std::vector<storage::GrantRow> grants;
          };
          WEILAI_TRY(Me me, app.read<Me>([&](storage::Tx& tx) -> Result<Me> {
            Me m;
            WEILAI_TRY(m.account, storage::get_account(tx, *actor.account_id));
            WEILAI_TRY(m.grants, storage::grants_of(tx, *actor.account_id));
            return m;
          }));
          json::array permissions;
          for (auto a : identity::permitted_actions(actor))
            permissions.push_back(json::value(identity::permission_name(a)));
          json::array households;
          for (auto h : actor.household_ids) households.push_back(h);
          json::object body{{"account", account_json(me.account)},
                            {"grants", grants_json(me.grants)},
                            {"permissions", std::move(permissions)},
                            {"household_ids", std::move(households)}};
          Response res = json_response(body);
          res.set_header("Cache-Control", "no-store");
          return res;
        },
        {"The signed-in account, its grants and permissions", "auth"});

  r.add("POST", "/api/v1/auth/password",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(identity::Actor actor, app.signed_in(req));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"current_password", "new_password"}));
          WEILAI_TRY(std::string current, f.string("current_password", 256));
          WEILAI_TRY(std::string next, f.string("new_password", 256));
          WEILAI_CHECK(identity::validate_password(next, actor.login, "new_password"));
          WEILAI_TRY(auto stored,
                     app.read<std::optional<storage::AccountWithSecret>>([&](storage::Tx& tx) {
                       return storage::find_account_by_login(tx, actor.login);
                     }));
          if (!stored || !crypto::verify_password(stored->password_hash, current)) {
            return Error{ErrorCode::invalid_argument, "the current password is wrong",
                         "/current_password"};
          }
          WEILAI_TRY(std::string hash, crypto::hash_password(next));
          WEILAI_TRY(NewSession s,
                     app.write<NewSession>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<NewSession> {
                           WEILAI_CHECK(storage::set_password(tx, *actor.account_id, hash,
                                                              app.clock().now_ms()));
                           ch.record("account.password_change", "account",
                                     std::to_string(*actor.account_id), {});
                           // Every session, this one included, ends; the caller continues on a
                           // fresh one.
                           WEILAI_CHECK(storage::revoke_sessions_of(tx, *actor.account_id));
                           return open_session(app, tx, ch, req, *actor.account_id, "auth.login");
                         }));
          app.forget_sessions_of(*actor.account_id);
          Response res = json_response(
              json::object{{"token", s.token}, {"expires_at", format_iso8601(s.expires_at)}});
          res.set_header("Set-Cookie", app.session_cookie(s.token, s.expires_at));
          res.set_header("Cache-Control", "no-store");
          return res;
        },
        {"Change one's own password (ends every other session)",
         "auth",
         true,
         {},
         "{current_password, new_password}",
         {422}});
}

}  // namespace weilai::http
