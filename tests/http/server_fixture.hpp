// A real Weilai server for one test: a scratch database of the test's driver, migrated and loaded
// with the demo data (every demo account's password is kDemoPassword), the full route table, and
// an HTTP server on a free port. The clock is manual so tests can age sessions.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "http/app.hpp"
#include "http/server.hpp"
#include "storage/database.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace weilai::testing {

inline constexpr const char* kDemoPassword = "Demo-Pass-2026!";

class ServerFixture : public ::testing::TestWithParam<Driver> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Optional hooks for a test to change options or add routes before the server starts.
  virtual void configure(http::AppOptions&, http::ServerOptions&) {}
  virtual void add_routes(http::App&) {}

  HttpClient client() const { return HttpClient(port_); }
  // Signs in and returns the bearer token; fails the test when it cannot.
  std::string login(const std::string& name, const std::string& password = kDemoPassword);
  // The id of an org unit by its code.
  std::int64_t unit_id(const std::string& code);
  std::int64_t account_id(const std::string& login);
  // The first column of the first row of a read query (a COUNT or SUM): what a request wrote.
  std::int64_t scalar(const std::string& sql);
  // A person's POINT balance over all their accounts.
  std::int64_t point_balance(std::int64_t person_id);
  void stop_server();

  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<ManualClock> clock_;
  std::unique_ptr<http::App> app_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

boost::json::value parse(const std::string& body);

// Instantiates a fixture-derived suite once per driver.
#define WEILAI_BOTH_DRIVERS(Suite)                                                                 \
  INSTANTIATE_TEST_SUITE_P(                                                                        \
      Drivers, Suite,                                                                              \
      ::testing::Values(::weilai::testing::Driver::sqlite, ::weilai::testing::Driver::postgresql), \
      [](const auto& info) { return ::weilai::testing::driver_name(info.param); })

}  // namespace weilai::testing
