// The driver-independent half of storage::Database: Row accessors, Tx conveniences, the URL
// dispatch of open_database and the retry loop both drivers share.
#include "storage/database.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "storage/driver_common.hpp"
#include "storage/postgres_database.hpp"
#include "storage/sqlite_database.hpp"

namespace weilai::storage {
namespace {

const char* kind_of(const Value& v) {
  switch (v.index()) {
    case 0:
      return "NULL";
    case 1:
      return "an integer";
    case 2:
      return "a double";
    case 3:
      return "text";
    default:
      return "a blob";
  }
}

[[noreturn]] void wrong_type(std::size_t i, const Value& v, const char* wanted) {
  throw std::logic_error("column " + std::to_string(i) + " is " + kind_of(v) + ", not " + wanted);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::int64_t Row::i64(std::size_t i) const {
  const Value& v = values.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) {
    // Exactly integral and in range: PostgreSQL's SUM/AVG over integers come back as numeric.
    if (std::trunc(*d) == *d && *d >= -9.2233720368547758e18 && *d < 9.2233720368547758e18) {
      return static_cast<std::int64_t>(*d);
    }
  }
  wrong_type(i, v, "an integer");
}

double Row::f64(std::size_t i) const {
  const Value& v = values.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  wrong_type(i, v, "a number");
}

const std::string& Row::text(std::size_t i) const {
  const Value& v = values.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  wrong_type(i, v, "text");
}

const std::string& Row::blob(std::size_t i) const {
  const Value& v = values.at(i);
  if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
  wrong_type(i, v, "a blob");
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<double> Row::opt_f64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return f64(i);
}

Result<std::int64_t> Tx::insert_returning_id(std::string_view sql,
                                             std::initializer_list<Value> params) {
  WEILAI_TRY(Rows rows, exec(sql, params));
  if (rows.size() != 1 || rows.front().values.empty()) {
    return Error::internal("insert_returning_id: expected one row from RETURNING, got " +
                           std::to_string(rows.size()));
  }
  const Value& v = rows.front().values[0];
  if (const auto* id = std::get_if<std::int64_t>(&v)) return *id;
  return Error::internal("insert_returning_id: the returned id is not an integer");
}

Status Tx::exec_script(std::string_view) {
  return Error::internal("this transaction does not support scripts");
}

Result<std::unique_ptr<Database>> open_database(std::string_view url, const OpenOptions& options) {
  if (starts_with(url, "sqlite:")) {
    std::string path(url.substr(7));
    // Accept the URL-ish spelling sqlite:///abs/path as well as sqlite:/abs/path.
    if (starts_with(path, "//")) path.erase(0, 2);
    if (path.empty()) return Error::invalid("sqlite URL has no path", "/database_url");
    return open_sqlite(path, options);
  }
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    return open_postgres(std::string(url), options);
  }
  return Error::invalid("unknown database URL scheme (use sqlite:PATH or postgresql://...)",
                        "/database_url");
}

Status Database::ping() {
  return run(TxMode::read, [](Tx& tx) -> Status {
    WEILAI_TRY(Rows r, tx.exec("SELECT 1"));
    (void)r;
    return {};
  });
}

namespace detail {

Status prepare_backup_target(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Error{ErrorCode::already_exists, "backup target already exists: " + path, {}};
  }
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  return {};
}

Status run_with_retries(int max_retries, const std::function<Attempt()>& attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  for (int tries = 0;; ++tries) {
    Attempt a = attempt();
    if (!a.retry || tries >= max_retries) return std::move(a.status);
    // Full jitter over a window that doubles each try (1 ms .. 64 ms): contenders that collided
    // once are unlikely to collide again, and the worst total wait stays well under a second.
    const int window_us = 1000 << (tries < 6 ? tries : 6);
    std::uniform_int_distribution<int> dist(window_us / 4, window_us);
    std::this_thread::sleep_for(std::chrono::microseconds(dist(rng)));
  }
}

Error body_exception_error(const char* what) {
  return Error::internal(std::string("unexpected exception in a transaction: ") + what);
}

}  // namespace detail
}  // namespace weilai::storage
