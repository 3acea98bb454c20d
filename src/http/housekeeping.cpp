// Periodic housekeeping of `weilai serve` (issue #8): the security retention purge and the
// parking no-show release, both also reachable on demand through the API.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "community/parking.hpp"
#include "http/security.hpp"
#include "storage/lease_store.hpp"
#include "storage/parking_store.hpp"

namespace weilai::http {
namespace json = boost::json;

namespace {

Request housekeeping_request() {
  Request r;
  r.method = "POST";
  r.path = "(housekeeping)";
  r.request_id = "housekeeping";
  return r;
}

}  // namespace

Result<json::object> run_housekeeping(App& app) {
  const Request req = housekeeping_request();
  const identity::Actor system{};  // no account: the audit shows "anonymous"
  WEILAI_TRY(auto security, purge_security(app, req, system, std::nullopt));
  const auto now = app.clock().now_ms();
  const int grace = community::CommunityPolicy{}.grace_minutes;
  std::int64_t released = 0, overstays = 0;
  auto done = app.write<std::int64_t>(
      req, system, [&](storage::Tx& tx, Changes& ch) -> Result<std::int64_t> {
        WEILAI_TRY(auto rows, tx.exec("SELECT DISTINCT community_id FROM parking_slots ORDER BY "
                                      "community_id"));
        std::int64_t n = 0;
        overstays = 0;  // the body may run again (a retried transaction)
        for (const auto& row : rows.rows) {
          WEILAI_TRY(auto gone,
                     storage::release_parking_no_shows(tx, std::nullopt, row.i64(0), now, grace));
          for (const auto& b : gone) {
            ch.record("parking.booking.release", "parking_booking", std::to_string(b.id),
                      json::object{{"status", "released"}, {"reason", "no_show"}});
            ++n;
          }
        }
        WEILAI_TRY(auto over, storage::record_parking_overstays(tx, now));
        for (const auto& b : over) {
          ch.record("parking.booking.overstay", "parking_booking", std::to_string(b.id),
                    json::object{{"overstay_minutes", b.overstay_minutes}});
          ++overstays;
        }
        if (n == 0 && overstays == 0) return Error{ErrorCode::not_found, "nothing to release", {}};
        return n;
      });
  if (done)
    released = *done;
  else if (!(done.error().code == ErrorCode::not_found &&
             done.error().message == "nothing to release"))
    return done.error();
  if (!done) overstays = 0;
  return json::object{{"security", std::move(security)},
                      {"parking_released", released},
                      {"parking_overstays", overstays}};
}

Result<std::optional<json::object>> run_housekeeping_as(App& app, const std::string& holder,
                                                        std::chrono::milliseconds lease) {
  const auto now = app.clock().now_ms();
  WEILAI_TRY(bool mine, app.db().transact(storage::TxMode::write, [&](storage::Tx& tx) {
    return storage::take_lease(tx, "housekeeping", holder, now, now + lease.count());
  }));
  if (!mine) return std::optional<json::object>{};
  WEILAI_TRY(auto round, run_housekeeping(app));
  return std::optional<json::object>{std::move(round)};
}

Housekeeper::Housekeeper(App& app, std::chrono::seconds interval, std::string holder)
    : app_(app), interval_(interval), holder_(std::move(holder)) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto r = run_housekeeping_as(app_, holder_, 2 * interval_);
      if (!r)
        spdlog::warn("housekeeping failed: {}", r.error().message);
      else if (*r && ((*r)->at("security").at("events").as_int64() > 0 ||
                      (*r)->at("parking_released").as_int64() > 0 ||
                      (*r)->at("parking_overstays").as_int64() > 0))
        spdlog::info("housekeeping: {}", json::serialize(**r));
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

Housekeeper::~Housekeeper() {
  stop();
}

void Housekeeper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  // Hand the lease over at once: another server's next round takes it.
  auto released = app_.db().run(storage::TxMode::write, [&](storage::Tx& tx) {
    return storage::release_lease(tx, "housekeeping", holder_);
  });
  if (!released) spdlog::warn("housekeeping lease not released: {}", released.error().message);
}

}  // namespace weilai::http
