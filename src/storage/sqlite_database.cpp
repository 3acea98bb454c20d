// The SQLite driver: a pool of sqlite3 connections in WAL mode with a per-connection statement
// cache. Writers use BEGIN IMMEDIATE so they queue on the busy timeout instead of deadlocking;
// SQLITE_BUSY/SQLITE_LOCKED that still get through become conflicts and re-run the body.
#include "storage/sqlite_database.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/driver_common.hpp"

namespace weilai::storage {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

bool is_transient(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// Maps a SQLite result code to our canonical codes. sqlite3_errmsg never contains the SQL text
// of a statement (only at most a token near a syntax error), so it is safe to pass on.
Error to_error(int rc, const char* detail) {
  std::string msg = detail != nullptr ? detail : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return {ErrorCode::already_exists, "already exists: " + msg, {}};
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return {ErrorCode::failed_precondition,
              "a referenced row is missing or still in use: " + msg,
              {}};
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
      return {ErrorCode::invalid_argument, "invalid value: " + msg, {}};
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ErrorCode::conflict, "database is busy, try again (" + msg + ")", {}};
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return {ErrorCode::invalid_argument, "invalid value: " + msg, {}};
    case SQLITE_FULL:
      return {ErrorCode::resource_exhausted, "database is full: " + msg, {}};
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
      return {ErrorCode::unavailable, "database unavailable: " + msg, {}};
    default:
      return Error::internal("database error: " + msg);
  }
}

Error to_error(sqlite3* db, int rc) {
  // The extended code of the last failure carries the constraint kind.
  const int ext = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  return to_error((ext & 0xff) == (rc & 0xff) ? ext : rc, db ? sqlite3_errmsg(db) : nullptr);
}

// One sqlite3 connection and its prepared statements, keyed by SQL text.
class SqliteConn {
 public:
  static Result<std::unique_ptr<SqliteConn>> open(const std::string& filename, bool memory,
                                                  const OpenOptions& options) {
    sqlite3* raw = nullptr;
    // NOMUTEX: a connection is only ever used by the one thread that leased it.
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(filename.c_str(), &raw, flags, nullptr);
    DbPtr db(raw);
    if (rc != SQLITE_OK) {
      return Error{ErrorCode::unavailable,
                   std::string("cannot open SQLite database: ") +
                       (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)),
                   {}};
    }
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
    // synchronous=NORMAL in WAL survives a crash of the process (kill -9) but not of the machine;
    // WEILAI_SQLITE_SYNCHRONOUS=FULL makes every commit durable (an fsync of the WAL per commit).
    const char* sync = std::getenv("WEILAI_SQLITE_SYNCHRONOUS");
    const bool full =
        sync && (std::string_view(sync) == "FULL" || std::string_view(sync) == "full");
    std::string pragmas = full ? "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
                               : "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
    if (!memory) pragmas += "PRAGMA journal_mode=WAL;";
    if (sqlite3_exec(db.get(), pragmas.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      Error e = to_error(db.get(), sqlite3_errcode(db.get()));
      e.message = "cannot configure SQLite database: " + e.message;
      return e;
    }
    auto conn = std::make_unique<SqliteConn>();
    conn->db_ = std::move(db);
    return conn;
  }

  sqlite3* handle() const { return db_.get(); }

  // A cached statement for `sql` (exactly one statement), prepared on first use.
  Result<sqlite3_stmt*> statement(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) return it->second.get();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    StmtPtr stmt(raw);
    if (rc != SQLITE_OK) return to_error(db_.get(), rc);
    if (!stmt) return Error::internal("exec: empty SQL statement");
    for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
      if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
        return Error::internal("exec takes one statement; use exec_script for several");
      }
    }
    // Bounded so ad-hoc SQL cannot grow the cache without limit; repositories use a fixed set.
    if (cache_.size() >= kMaxCached) cache_.clear();
    sqlite3_stmt* out = stmt.get();
    cache_.emplace(std::string(sql), std::move(stmt));
    return out;
  }

  // BEGIN and COMMIT run twice per transaction: prepared once and kept, because parsing them
  // anew each time cost about 8% of a read request's CPU (bench/http profile).
  Status control(std::string_view sql) {
    auto stmt = statement(sql);
    if (!stmt) return stmt.error();
    const int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return to_error(db_.get(), rc);
    return {};
  }

  // Runs a parameterless statement or script (migrations).
  Status exec_script(const std::string& sql) {
    const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return to_error(db_.get(), rc);
    return {};
  }

  void rollback_if_open() {
    if (!sqlite3_get_autocommit(db_.get())) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

 private:
  static constexpr std::size_t kMaxCached = 512;
  DbPtr db_;  // declared first: destroyed after the statements that belong to it
  std::unordered_map<std::string, StmtPtr> cache_;
};

// Resets a cached statement and drops its bindings (which point into the caller's Values).
struct StmtReset {
  sqlite3_stmt* stmt;
  ~StmtReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

// Parses "$N" into N; 0 when the name is not of that form.
std::size_t placeholder_number(const char* name) {
  if (name == nullptr || name[0] != '$' || name[1] == '\0') return 0;
  std::size_t n = 0;
  const char* end = name + std::char_traits<char>::length(name);
  auto [p, ec] = std::from_chars(name + 1, end, n);
  if (ec != std::errc{} || p != end) return 0;
  return n;
}

class SqliteTx final : public Tx {
 public:
  SqliteTx(SqliteConn& conn, bool read_only) : conn_(conn), read_only_(read_only) {}

  Dialect dialect() const override { return Dialect::sqlite; }

  Result<Rows> exec(std::string_view sql, std::span<const Value> params) override {
    if (failed_) return aborted();
    auto out = run_statement(sql, params);
    if (!out) fail(out.error());
    return out;
  }

  Status exec_script(std::string_view sql) override {
    // As on a PostgreSQL server, rolling back to a savepoint ends the aborted state (group commit
    // isolates a refused write that way). A transient conflict stays: the whole transaction reruns.
    const bool to_savepoint = sql.starts_with("ROLLBACK TO SAVEPOINT ");
    if (failed_ && !(to_savepoint && !transient_)) return aborted();
    if (read_only_) return Error::internal("cannot run a script in a read transaction");
    Status st = conn_.exec_script(std::string(sql));
    if (!st)
      fail(st.error());
    else if (to_savepoint)
      failed_.reset();
    return st;
  }

  bool failed() const { return failed_.has_value(); }
  bool transient() const { return transient_; }
  const Error& first_error() const { return *failed_; }

 private:
  Result<Rows> run_statement(std::string_view sql, std::span<const Value> params) {
    WEILAI_TRY(sqlite3_stmt * stmt, conn_.statement(sql));
    StmtReset reset{stmt};
    if (read_only_ && !sqlite3_stmt_readonly(stmt)) {
      // PostgreSQL refuses writes in a READ ONLY transaction; refuse them here too.
      return Error::internal("cannot write in a read transaction (use TxMode::write)");
    }
    WEILAI_CHECK(bind(stmt, params));
    Rows rows;
    // Columns are read after the first step: a statement whose table changed since it was
    // cached is re-prepared inside sqlite3_step and may have a different shape.
    int ncols = -1;
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (ncols < 0) {
        ncols = sqlite3_column_count(stmt);
        rows.columns.reserve(ncols);
        for (int c = 0; c < ncols; ++c) rows.columns.emplace_back(sqlite3_column_name(stmt, c));
      }
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        transient_ = transient_ || is_transient(rc);
        return to_error(conn_.handle(), rc);
      }
      Row row;
      row.values.reserve(ncols);
      for (int c = 0; c < ncols; ++c) row.values.push_back(column(stmt, c));
      rows.rows.push_back(std::move(row));
    }
    if (!sqlite3_stmt_readonly(stmt)) rows.affected = sqlite3_changes64(conn_.handle());
    return rows;
  }

  Status bind(sqlite3_stmt* stmt, std::span<const Value> params) {
    const int count = sqlite3_bind_parameter_count(stmt);
    std::vector<bool> used(params.size(), false);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      const std::size_t n = placeholder_number(name);
      if (n == 0) return Error::internal("SQL placeholders must be $1..$n");
      if (n > params.size()) {
        return Error::internal("SQL uses $" + std::to_string(n) + " but only " +
                               std::to_string(params.size()) + " values were bound");
      }
      used[n - 1] = true;
      const Value& v = params[n - 1];
      int rc = SQLITE_OK;
      if (const auto* iv = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, i, *iv);
      } else if (const auto* dv = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, i, *dv);
      } else if (const auto* sv = std::get_if<std::string>(&v)) {
        // STATIC: the Values outlive the step, and StmtReset clears the bindings afterwards.
        rc = sqlite3_bind_text64(stmt, i, sv->data(), sv->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else if (const auto* bv = std::get_if<Blob>(&v)) {
        rc = sqlite3_bind_blob64(stmt, i, bv->bytes.data(), bv->bytes.size(), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt, i);
      }
      if (rc != SQLITE_OK) return to_error(conn_.handle(), rc);
    }
    for (std::size_t k = 0; k < used.size(); ++k) {
      if (!used[k]) {
        return Error::internal("value for $" + std::to_string(k + 1) + " is not used by the SQL");
      }
    }
    return {};
  }

  static Value column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return Value{static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))};
      case SQLITE_FLOAT:
        return Value{sqlite3_column_double(stmt, c)};
      case SQLITE_TEXT: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return Value{std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)))};
      }
      case SQLITE_BLOB: {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
        return Value{Blob{p != nullptr ? std::string(p, n) : std::string()}};
      }
      default:
        return kNull;
    }
  }

  void fail(const Error& e) {
    if (!failed_) failed_ = e;
    if (e.code == ErrorCode::conflict) transient_ = true;
  }

  Error aborted() const {
    Error e = *failed_;
    e.message = "transaction aborted by an earlier error: " + e.message;
    return e;
  }

  SqliteConn& conn_;
  const bool read_only_;
  std::optional<Error> failed_;
  bool transient_ = false;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string display, std::string filename, bool memory, const OpenOptions& options)
      : display_(std::move(display)),
        filename_(std::move(filename)),
        memory_(memory),
        options_(options),
        pool_(options.pool_size,
              [this]() { return SqliteConn::open(filename_, memory_, options_); }) {}

  ~SqliteDatabase() override { close(); }

  Status init() {
    WEILAI_TRY(auto first, SqliteConn::open(filename_, memory_, options_));
    if (memory_) {
      // An in-memory database lives as long as one connection to it is open: keep one aside.
      WEILAI_TRY(keeper_, SqliteConn::open(filename_, memory_, options_));
    }
    pool_.adopt(std::move(first));
    return {};
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  std::string describe() const override { return display_; }

  Status run(TxMode mode, const std::function<Status(Tx&)>& body) override {
    return detail::run_with_retries(options_.max_retries, [&]() -> detail::Attempt {
      auto lease = pool_.acquire();
      if (!lease) return {std::move(lease).error(), false};
      if (memory_) {
        // Shared-cache connections fail at once with SQLITE_LOCKED instead of waiting on the
        // busy timeout, so in-memory databases order transactions here: readers together,
        // writers alone. (Memory databases are for tests and tools; files use WAL.)
        if (mode == TxMode::read) {
          std::shared_lock lock(memory_mu_);
          return attempt(**lease, mode, body);
        }
        std::unique_lock lock(memory_mu_);
        return attempt(**lease, mode, body);
      }
      return attempt(**lease, mode, body);
    });
  }

  PoolStats pool_stats() const override { return pool_.stats(); }

  Status backup_to(const std::string& path) override {
    WEILAI_CHECK(detail::prepare_backup_target(path));
    sqlite3* raw = nullptr;
    const int orc =
        sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    DbPtr dest(raw);
    if (orc != SQLITE_OK) {
      return Error{ErrorCode::unavailable, "cannot create backup file " + path, {}};
    }
    WEILAI_TRY(auto lease, pool_.acquire());
    sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", lease->handle(), "main");
    if (backup == nullptr) return to_error(dest.get(), sqlite3_errcode(dest.get()));
    // One step copies everything under a single read transaction: a consistent snapshot.
    int rc = sqlite3_backup_step(backup, -1);
    const int frc = sqlite3_backup_finish(backup);
    if (rc == SQLITE_DONE) rc = frc;
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
      dest.reset();
      std::error_code ec;
      std::filesystem::remove(path, ec);
      return to_error(rc, nullptr);
    }
    return {};
  }

  void close() override {
    pool_.close();
    keeper_.reset();
  }

 private:
  detail::Attempt attempt(SqliteConn& conn, TxMode mode, const std::function<Status(Tx&)>& body) {
    // Writers take the write lock up front: two deferred writers that both read first would
    // otherwise deadlock on upgrade, and one would fail instead of waiting its turn.
    Status begun = conn.control(mode == TxMode::read ? "BEGIN" : "BEGIN IMMEDIATE");
    if (!begun) return {begun, begun.error().code == ErrorCode::conflict};
    SqliteTx tx(conn, mode == TxMode::read);
    Status result;
    try {
      result = body(tx);
    } catch (const std::exception& e) {
      conn.rollback_if_open();
      return {detail::body_exception_error(e.what()), false};
    } catch (...) {
      conn.rollback_if_open();
      return {detail::body_exception_error("unknown exception"), false};
    }
    if (tx.transient()) {
      conn.rollback_if_open();
      return {tx.first_error(), true};
    }
    if (!result) {
      conn.rollback_if_open();
      return {result, false};
    }
    if (tx.failed()) {
      conn.rollback_if_open();
      return {tx.first_error(), false};
    }
    Status committed = conn.control("COMMIT");
    if (!committed) {
      conn.rollback_if_open();
      return {committed, committed.error().code == ErrorCode::conflict};
    }
    return {};
  }

  const std::string display_;
  const std::string filename_;
  const bool memory_;
  const OpenOptions options_;
  std::unique_ptr<SqliteConn> keeper_;
  std::shared_mutex memory_mu_;
  detail::Pool<SqliteConn> pool_;
};

std::atomic<int> memory_counter{0};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const OpenOptions& options) {
  std::string filename = path;
  std::string display = "sqlite:" + path;
  const bool memory = path == ":memory:";
  if (memory) {
    // A named shared-cache memory database: every pooled connection sees the same data, and
    // the pid + counter keep separate Database objects (and processes) apart.
    filename = "file:weilai_mem_" + std::to_string(::getpid()) + "_" +
               std::to_string(memory_counter.fetch_add(1)) + "?mode=memory&cache=shared";
  } else {
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Error{ErrorCode::unavailable,
                     "cannot create directory " + parent.string() + ": " + ec.message(),
                     {}};
      }
    }
    // A plain path must not be read as a URI even if it starts with "file:".
    if (path.rfind("file:", 0) == 0) filename = "./" + path;
  }
  auto db =
      std::make_unique<SqliteDatabase>(std::move(display), std::move(filename), memory, options);
  WEILAI_CHECK(db->init());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace weilai::storage
