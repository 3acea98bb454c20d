// App: everything a request passes through — request ids, authentication, the router, static
// files, metrics and the access log — and the helpers handlers share (who is asking, how a
// state change is written together with its audit record).
// Thread-safe after construction: handle() runs concurrently on the server's worker threads.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "http/group_commit.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/session_cache.hpp"
#include "http/static_files.hpp"
#include "identity/accounts.hpp"
#include "identity/roles.hpp"
#include "storage/database.hpp"

namespace weilai::http {

struct AppOptions {
  std::string web_root;  // built web app; empty: API only
  std::string version = "dev";
  bool secure_cookies = false;  // add "Secure" to the session cookie (behind TLS)
  bool access_log = true;
  identity::SessionPolicy session;
  identity::ThrottlePolicy throttle;
  // How long a resolved session may be reused without asking the database (0: always ask).
  std::chrono::milliseconds session_cache_ttl{2000};
};

// Collects the audit records of one state change; App::write appends them in its transaction.
class Changes {
 public:
  void record(std::string action, std::string target_type, std::string target_id,
              const boost::json::object& change);
  const std::vector<audit::Draft>& drafts() const { return drafts_; }

 private:
  std::vector<audit::Draft> drafts_;
};

class App {
 public:
  App(storage::Database& db, const Clock& clock, AppOptions options);

  // The server's entry point: never throws, always answers.
  Response handle(Request& request);
  // Answers a request the server refused before it was complete (413, 431, 400).
  Response early(int status, const std::string& code, const std::string& detail, Request& request);

  // The caller as an Actor: the public when no credentials came, unauthenticated (401) when the
  // credentials are wrong, expired or revoked. Loads grants and household memberships.
  Result<identity::Actor> actor(const Request& request);
  // Same, but the public is refused with 401.
  Result<identity::Actor> signed_in(const Request& request);
  // The signed-in caller when one of their grants allows `action` on `resource`; 401 or 403 not.
  Result<identity::Actor> allowed(const Request& request, identity::Action action,
                                  const identity::Resource& resource = {});

  // Runs `body` in a write transaction and appends every audit record it collected, stamped with
  // the actor and request id, before committing. A state change that records nothing is a bug
  // (internal error), so no change escapes the log.
  // On SQLite, writes (TxMode::write) go through group commit: writes arriving together share one
  // durable COMMIT, each in its own SAVEPOINT, so a refused write rolls back alone
  // (http/group_commit.hpp). PostgreSQL runs them as separate transactions in parallel.
  template <class T>
  Result<T> write(const Request& request, const identity::Actor& actor,
                  const std::function<Result<T>(storage::Tx&, Changes&)>& body,
                  storage::TxMode mode = storage::TxMode::write) {
    auto audited = [&](storage::Tx& tx) -> Result<T> {
      Changes changes;
      Result<T> r = body(tx, changes);
      if (!r) return r;
      WEILAI_CHECK(append_changes(tx, request, actor, changes));
      return r;
    };
    if (group_commit_ == nullptr || mode != storage::TxMode::write)
      return db_.transact(mode, audited);
    std::optional<Result<T>> result;
    const Status committed = group_commit_->run([&](storage::Tx& tx) -> Status {
      result.emplace(audited(tx));
      if (!*result) return result->error();
      return {};
    });
    if (!committed) return committed.error();  // the item's own error, or the COMMIT's
    return std::move(*result);
  }
  template <class T>
  Result<T> read(const std::function<Result<T>(storage::Tx&)>& body) {
    return db_.transact(storage::TxMode::read, body);
  }

  storage::Database& db() { return db_; }
  const Clock& clock() const { return clock_; }
  const AppOptions& options() const { return options_; }
  Router& router() { return router_; }
  Metrics& metrics() { return metrics_; }
  // The group committer of this server's writes on SQLite; null on PostgreSQL.
  const GroupCommit* group_commit() const { return group_commit_.get(); }

  // Changes to sessions, passwords, grants or the disabled flag call these after committing, so
  // this process never serves a stale identity.
  void forget_session(const std::string& token_hash) { sessions_.forget(token_hash); }
  void forget_sessions_of(std::int64_t account_id) { sessions_.forget_account(account_id); }

  std::string session_cookie(const std::string& token, UnixMillis expires_at) const;
  std::string clear_session_cookie() const;

 private:
  Status append_changes(storage::Tx& tx, const Request& request, const identity::Actor& actor,
                        const Changes& changes);
  void log_access(const Request& request, const Response& response, const std::string& route,
                  double seconds);

  storage::Database& db_;
  const Clock& clock_;
  AppOptions options_;
  Router router_;
  Metrics metrics_;
  StaticFiles static_files_;
  SessionCache sessions_;
  std::unique_ptr<GroupCommit> group_commit_;  // SQLite only
};

// The route groups; each adds its routes to app.router(). Defined in *_routes.cpp.
void add_system_routes(App& app);
void add_auth_routes(App& app);
void add_account_routes(App& app);
void add_org_routes(App& app);
void add_household_routes(App& app);
void add_project_routes(App& app);
void add_audit_routes(App& app);
void add_ledger_routes(App& app);         // ledger + time bank (ledger_routes.cpp)
void add_points_routes(App& app);         // points (points_routes.cpp)
void add_foundation_routes(App& app);     // community foundation (foundation_routes.cpp)
void add_planning_routes(App& app);       // planning_routes.cpp (docs/PLANNING_API.md)
void add_programme_routes(App& app);      // issue #5: project record, lifecycle, public portal
void add_parking_routes(App& app);        // issue #8: shared parking
void add_work_order_routes(App& app);     // issue #8: platform + butler work orders
void add_poll_routes(App& app);           // issue #8: collective choice (polls)
void add_security_routes(App& app);       // issue #8: smart security (security_routes.cpp)
void add_programme_ops_routes(App& app);  // monitoring and money (issue 5)
void add_evaluation_routes(App& app);     // evaluation (#6)

// All of the above, in order (the one list main and the tests share).
void add_all_routes(App& app);

// The token an API client or browser sent: "Authorization: Bearer …" or the session cookie.
std::optional<std::string> session_token(const Request& request);
// Parses a positive integer path parameter; throws Problem 404 when it is not one.
std::int64_t id_param(const Request& request, const std::string& name);

}  // namespace weilai::http
