// Scratch databases for tests: a temporary SQLite file, or a fresh PostgreSQL database created on
// the server at $WEILAI_TEST_PG_URL and dropped afterwards. PostgreSQL tests skip when that
// variable is unset, and fail instead when WEILAI_REQUIRE_PG=1 (as `make test` sets).
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "support/pg_scratch.hpp"

namespace weilai::testing {

enum class Driver { sqlite, postgresql };
inline void PrintTo(Driver d, std::ostream* os) {
  *os << (d == Driver::sqlite ? "sqlite" : "postgresql");
}
inline std::string driver_name(Driver d) {
  return d == Driver::sqlite ? "sqlite" : "postgresql";
}

std::string pg_base_url();
bool pg_required();

class ScratchDatabase {
 public:
  // Creates the database. For PostgreSQL without a server URL, url() is empty (the caller skips).
  explicit ScratchDatabase(Driver driver);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& url() const { return url_; }
  bool available() const { return !url_.empty(); }
  Driver driver() const { return driver_; }
  // Runs one statement outside a transaction on this database with a direct connection (tests
  // use it to tamper with rows behind the application's back).
  void exec_direct(const std::string& sql) const;

 private:
  Driver driver_;
  std::string url_;
  std::unique_ptr<PgScratch> pg_;
  std::string dir_;
};

}  // namespace weilai::testing
