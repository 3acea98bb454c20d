// Smart security (issue #8) beyond its routes: the retention purge, and the housekeeping that
// `weilai serve` runs periodically (security retention purge, parking no-show release).
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "http/app.hpp"

namespace weilai::http {

// A signed event's X-Weilai-Timestamp may differ from the server's clock by at most this.
inline constexpr std::int64_t kSignatureWindowMs = 5 * 60 * 1000;

void add_security_routes(App& app);  // security_routes.cpp

// Deletes events older than each community's retention (one community or all) and records one
// audit entry per community purged. With an anonymous actor (the periodic caller) nothing is
// recorded when nothing was old enough. Returns {events, images, communities: [...]}.
Result<boost::json::object> purge_security(App& app, const Request& request,
                                           const identity::Actor& actor,
                                           std::optional<std::int64_t> community_id);

// One round of periodic housekeeping at the app clock's now: the security retention purge of
// every community, the release of every community's parking no-shows past their grace, and the
// running overstay of checked-in parking bookings past their end. Each change is audited (actor
// "anonymous", request id "housekeeping"). Returns {security: {...}, parking_released: n,
// parking_overstays: n}.
Result<boost::json::object> run_housekeeping(App& app);

// The housekeeping round as the cluster runs it: only the server holding the lease
// "housekeeping" (table leases) runs it, so servers sharing one database do not all sweep. Takes
// or renews the lease for `holder` until now + `lease`; nullopt when another holder has it.
Result<std::optional<boost::json::object>> run_housekeeping_as(App& app, const std::string& holder,
                                                               std::chrono::milliseconds lease);

// Runs run_housekeeping_as every `interval` on its own thread until stop() (or destruction),
// holding the lease for two intervals (a server that dies hands over within that time; stop()
// gives it up at once). `holder` names this process (host, pid, a random part).
class Housekeeper {
 public:
  Housekeeper(App& app, std::chrono::seconds interval, std::string holder);
  ~Housekeeper();
  Housekeeper(const Housekeeper&) = delete;
  Housekeeper& operator=(const Housekeeper&) = delete;
  void stop();

 private:
  App& app_;
  std::chrono::seconds interval_;
  std::string holder_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace weilai::http
