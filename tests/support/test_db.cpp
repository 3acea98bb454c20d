#include "support/test_db.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>

namespace weilai::testing {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

PgScratch::PgScratch(const std::string& base_url, const std::string& prefix)
    : base_url_(base_url), name_(prefix + unique_suffix()) {
  pqxx::connection admin(base_url_);
  pqxx::nontransaction(admin).exec("CREATE DATABASE " + name_);
}

PgScratch::~PgScratch() {
  try {
    admin_exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot drop " << name_ << ": " << e.what();
  }
}

std::string PgScratch::url() const {
  const auto host = base_url_.find("://") + 3;
  const auto slash = base_url_.find('/', host);
  const auto query = base_url_.find('?', host);
  std::string out = base_url_.substr(0, slash == std::string::npos ? query : slash);
  out += "/" + name_;
  if (query != std::string::npos) out += base_url_.substr(query);
  return out;
}

void PgScratch::admin_exec(const std::string& sql) const {
  pqxx::connection admin(base_url_);
  pqxx::nontransaction(admin).exec(sql);
}

std::string pg_base_url() {
  const char* url = std::getenv("WEILAI_TEST_PG_URL");
  return url != nullptr ? url : "";
}

bool pg_required() {
  const char* req = std::getenv("WEILAI_REQUIRE_PG");
  return req != nullptr && std::string(req) == "1";
}

ScratchDatabase::ScratchDatabase(Driver driver) : driver_(driver) {
  if (driver == Driver::sqlite) {
    dir_ = (std::filesystem::temp_directory_path() / ("weilai_test_" + unique_suffix())).string();
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + dir_ + "/weilai.db";
    return;
  }
  const std::string base = pg_base_url();
  if (base.empty()) return;
  pg_ = std::make_unique<PgScratch>(base, "weilai_h_");
  url_ = pg_->url();
}

ScratchDatabase::~ScratchDatabase() {
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

void ScratchDatabase::exec_direct(const std::string& sql) const {
  if (driver_ == Driver::postgresql) {
    pqxx::connection c(url_);
    pqxx::nontransaction(c).exec(sql);
    return;
  }
  sqlite3* db = nullptr;
  const std::string path = url_.substr(std::string("sqlite:").size());
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

}  // namespace weilai::testing
