#include "support/test_db.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>

namespace weilai::testing {
namespace {
std::atomic<int> g_counter{0};

std::string with_database(const std::string& base, const std::string& name) {
  const auto host = base.find("://") + 3;
  const auto slash = base.find('/', host);
  const auto query = base.find('?', host);
  std::string out = base.substr(0, slash == std::string::npos ? query : slash);
  out += "/" + name;
  if (query != std::string::npos) out += base.substr(query);
  return out;
}
}  // namespace

std::string pg_base_url() {
  const char* url = std::getenv("WEILAI_TEST_PG_URL");
  return url != nullptr ? url : "";
}

bool pg_required() {
  const char* req = std::getenv("WEILAI_REQUIRE_PG");
  return req != nullptr && std::string(req) == "1";
}

ScratchDatabase::ScratchDatabase(Driver driver) : driver_(driver) {
  const std::string suffix = std::to_string(::getpid()) + "_" + std::to_string(g_counter++);
  if (driver == Driver::sqlite) {
    dir_ = (std::filesystem::temp_directory_path() / ("weilai_test_" + suffix)).string();
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + dir_ + "/weilai.db";
    return;
  }
  const std::string base = pg_base_url();
  if (base.empty()) return;
  pg_name_ = "weilai_h_" + suffix;
  pqxx::connection admin(base);
  pqxx::nontransaction(admin).exec("CREATE DATABASE " + pg_name_);
  url_ = with_database(base, pg_name_);
}

ScratchDatabase::~ScratchDatabase() {
  try {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!pg_name_.empty()) {
      pqxx::connection admin(pg_base_url());
      pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot drop scratch database: " << e.what();
  }
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
