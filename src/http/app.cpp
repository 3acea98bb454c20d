#include "http/app.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>

#include "crypto/crypto.hpp"
#include "http/problem.hpp"
#include "storage/audit_store.hpp"
#include "storage/identity_store.hpp"

namespace weilai::http {
namespace json = boost::json;

void Changes::record(std::string action, std::string target_type, std::string target_id,
                     const json::object& change) {
  audit::Draft d;
  d.action = std::move(action);
  d.target_type = std::move(target_type);
  d.target_id = std::move(target_id);
  d.change_json = json::serialize(change);
  drafts_.push_back(std::move(d));
}

App::App(storage::Database& db, const Clock& clock, AppOptions options)
    : db_(db),
      clock_(clock),
      options_(std::move(options)),
      static_files_(options_.web_root),
      sessions_(options_.session_cache_ttl),
      group_commit_(db.dialect() == storage::Dialect::sqlite ? std::make_unique<GroupCommit>(db)
                                                             : nullptr) {}

namespace {

bool safe_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  }
  return true;
}

std::shared_ptr<spdlog::logger> access_logger() {
  static auto logger = [] {
    auto l = spdlog::stdout_logger_mt("access");
    l->set_pattern("%v");
    return l;
  }();
  return logger;
}

// Request ids: a random prefix per process (so ids from several servers never collide) and a
// counter, instead of asking the OS for randomness on every request.
std::string next_request_id() {
  static const std::string prefix = crypto::random_token(6);
  static std::atomic<std::uint64_t> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

void add_security_headers(Response& r) {
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("X-Frame-Options", "DENY");
}

}  // namespace

std::optional<std::string> session_token(const Request& request) {
  if (auto auth = request.header("authorization")) {
    if (auth->size() > 7 && (auth->starts_with("Bearer ") || auth->starts_with("bearer "))) {
      return std::string(auth->substr(7));
    }
    return std::string();  // present but not a bearer token: wrong credentials, not the public
  }
  return request.cookie("weilai_session");
}

std::int64_t id_param(const Request& request, const std::string& name) {
  auto it = request.path_params.find(name);
  std::int64_t v = 0;
  if (it != request.path_params.end() && !it->second.empty() && it->second.size() <= 18) {
    bool digits = true;
    for (char c : it->second) digits = digits && c >= '0' && c <= '9';
    if (digits) v = std::stoll(it->second);
  }
  if (v <= 0) throw Problem(404, "not_found", name + " must be a positive integer", "");
  return v;
}

Response App::handle(Request& request) {
  const auto started = std::chrono::steady_clock::now();
  metrics_.begin();
  auto client_id = request.header("x-request-id");
  request.request_id =
      client_id && safe_request_id(*client_id) ? std::string(*client_id) : next_request_id();
  std::string route = "unmatched";
  Response response;
  try {
    if (auto dispatched = router_.dispatch(request)) {
      response = std::move(dispatched->response);
      route = dispatched->route;
    } else if (!request.path.starts_with("/api/")) {
      if (auto file = static_files_.serve(request)) {
        response = std::move(*file);
        route = "static";
      } else {
        response = problem_response(404, "not_found", "no such page", request);
      }
    } else {
      response = problem_response(404, "not_found", "no such API route", request);
    }
  } catch (const std::exception& e) {
    spdlog::error("request {} failed: {}", request.request_id, e.what());
    response = problem_response(500, "internal", "internal error", request);
  }
  response.set_header("X-Request-Id", request.request_id);
  add_security_headers(response);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.end(route, request.method, response.status, seconds);
  if (options_.access_log) log_access(request, response, route, seconds);
  return response;
}

Response App::early(int status, const std::string& code, const std::string& detail,
                    Request& request) {
  request.request_id = next_request_id();
  request.path = request.target.substr(0, request.target.find('?'));
  Response r = problem_response(status, code, detail, request);
  r.set_header("X-Request-Id", request.request_id);
  metrics_.begin();
  metrics_.end("unmatched", request.method.empty() ? "-" : request.method, status, 0);
  if (options_.access_log) log_access(request, r, "unmatched", 0);
  return r;
}

void App::log_access(const Request& request, const Response& response, const std::string& route,
                     double seconds) {
  json::object line;
  line["ts"] = format_iso8601(clock_.now_ms());
  line["request_id"] = request.request_id;
  line["method"] = request.method;
  line["path"] = request.path;
  line["route"] = route;
  line["status"] = response.status;
  line["ms"] = static_cast<double>(static_cast<std::int64_t>(seconds * 1e5)) / 100.0;
  line["bytes"] = response.body.size();
  line["client"] = request.client_address;
  access_logger()->info(json::serialize(line));
}

Result<identity::Actor> App::actor(const Request& request) {
  identity::Actor actor;
  auto token = session_token(request);
  if (!token) return actor;  // the public
  if (token->empty() || token->size() > 128) {
    return Error{ErrorCode::unauthenticated, "the credentials are not a valid session token", {}};
  }
  const std::string token_hash = crypto::sha256_hex(*token);
  const UnixMillis now = clock_.now_ms();
  const Error expired{
      ErrorCode::unauthenticated, "the session has expired or was ended; sign in again", {}};
  std::optional<CachedSession> session = sessions_.get(token_hash);
  if (!session) {
    auto loaded = db_.transact(
        storage::TxMode::read, [&](storage::Tx& tx) -> Result<std::optional<CachedSession>> {
          WEILAI_TRY(auto row, storage::find_session(tx, token_hash));
          if (!row || row->revoked || row->account_disabled) return std::optional<CachedSession>{};
          CachedSession s;
          s.created_at = row->created_at;
          s.last_seen_at = row->last_seen_at;
          s.expires_at = row->expires_at;
          s.actor.account_id = row->account_id;
          s.actor.login = row->login;
          WEILAI_TRY(auto grants, storage::grants_of(tx, row->account_id));
          for (auto& g : grants) s.actor.grants.push_back(g.grant);
          WEILAI_TRY(s.actor.household_ids, storage::household_ids_of(tx, row->account_id));
          return std::optional<CachedSession>(std::move(s));
        });
    if (!loaded) return std::move(loaded).error();
    if (!*loaded) return expired;
    session = std::move(**loaded);
    sessions_.put(token_hash, *session);
  }
  if (now >= session->expires_at ||
      !options_.session.alive(session->created_at, session->last_seen_at, now)) {
    sessions_.forget(token_hash);
    return expired;
  }
  if (now - session->last_seen_at >= options_.session.touch_interval_ms) {
    // Idle expiry only needs minute precision, so the write happens at most once a minute.
    auto touched = db_.run(storage::TxMode::write, [&](storage::Tx& tx) {
      return storage::touch_session(tx, token_hash, now);
    });
    if (touched) sessions_.note_seen(token_hash, now);
  }
  return std::move(session->actor);
}

Result<identity::Actor> App::signed_in(const Request& request) {
  WEILAI_TRY(identity::Actor a, actor(request));
  if (!a.authenticated()) return Error{ErrorCode::unauthenticated, "sign in first", {}};
  return a;
}

Result<identity::Actor> App::allowed(const Request& request, identity::Action action,
                                     const identity::Resource& resource) {
  WEILAI_TRY(identity::Actor a, signed_in(request));
  WEILAI_CHECK(identity::authorize(a, action, resource));
  return a;
}

Status App::append_changes(storage::Tx& tx, const Request& request, const identity::Actor& actor,
                           const Changes& changes) {
  if (changes.drafts().empty()) {
    return Error::internal("a state change recorded no audit entry: " + request.method + " " +
                           request.path);
  }
  const UnixMillis now = clock_.now_ms();
  for (audit::Draft d : changes.drafts()) {
    d.actor_id = actor.account_id;
    d.actor_login = actor.authenticated() ? actor.login : "anonymous";
    d.request_id = request.request_id;
    WEILAI_CHECK(storage::append_audit(tx, d, now));
  }
  return {};
}

std::string App::session_cookie(const std::string& token, UnixMillis expires_at) const {
  const auto max_age = std::max<std::int64_t>(0, (expires_at - clock_.now_ms()) / 1000);
  return "weilai_session=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (options_.secure_cookies ? "; Secure" : "");
}

std::string App::clear_session_cookie() const {
  return std::string("weilai_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0") +
         (options_.secure_cookies ? "; Secure" : "");
}

void add_all_routes(App& app) {
  add_system_routes(app);
  add_auth_routes(app);
  add_account_routes(app);
  add_org_routes(app);
  add_household_routes(app);
  add_project_routes(app);
  add_audit_routes(app);
  add_ledger_routes(app);
  add_points_routes(app);
  add_foundation_routes(app);
  add_planning_routes(app);
  add_programme_routes(app);
  add_parking_routes(app);     // issue #8: shared parking
  add_work_order_routes(app);  // issue #8: work orders
  add_poll_routes(app);        // issue #8: collective choice (polls)
  add_security_routes(app);    // issue #8: smart security
  add_programme_ops_routes(app);
  add_evaluation_routes(app);  // evaluation (#6)
}

}  // namespace weilai::http
