// storage::Database: the one interface through which Weilai reaches SQL, with two drivers
// (SQLite, the embedded default; PostgreSQL 15, the scale-out store). Repositories are written
// once in portable SQL on top of it; only DDL that truly differs lives per dialect (migrations/).
//
// SQL uses PostgreSQL-style numbered placeholders ($1, $2, ...) in both dialects; values are bound
// as typed parameters, never spliced into the text. Statements are prepared once per connection
// and cached by their text.
//
// Thread safety: a Database is shared by all threads; each transaction runs on one pooled
// connection owned by the calling thread for its duration. A Tx must not cross threads, and a
// body must not call run() on the same Database (it could wait forever for a connection).
//
// Portable SQL (tests/storage/storage_contract_test.cpp checks each point on both drivers):
// - Placeholders $1..$n only; a number may repeat and appear in any order, and every bound
//   value must be used. Values are never spliced into the text.
// - When PostgreSQL cannot infer a parameter's type (`$1 IS NULL`, `SELECT $1`), cast it with
//   CAST($1 AS BIGINT) / CAST($1 AS TEXT), which both accept (`$1::bigint` is PostgreSQL-only).
// - Booleans are INTEGER 0/1 columns; boolean expressions (`x IS NULL`) read back as 0/1.
// - New ids: `INSERT ... RETURNING id` (Tx::insert_returning_id). Upserts:
//   `INSERT ... ON CONFLICT (cols) DO UPDATE SET c = excluded.c` or `DO NOTHING`.
// - count(*) is an integer in both; sum() over integers is numeric on PostgreSQL (read back as a
//   double, which Row::i64 accepts while integral).
// - Read-modify-write (SELECT, compute, UPDATE): use TxMode::serializable; SQLite runs it under
//   its write lock, PostgreSQL detects the conflict and the driver re-runs the body. For a hot
//   counter prefer one `UPDATE ... SET n = n + 1 ... RETURNING n` in TxMode::write, which never
//   conflicts. `SELECT ... FOR UPDATE` is PostgreSQL-only syntax.
// - Optimistic locking: `UPDATE ... SET version = version + 1 WHERE id = $1 AND version = $2`,
//   then check Rows::affected (counts rows changed by INSERT/UPDATE/DELETE, 0 for a SELECT).
// - Binary data: bind storage::Blob to a BLOB (SQLite) / BYTEA (PostgreSQL) column; it reads back
//   as Blob (Row::blob). Only length() and equality are portable on such columns.
// - Avoid what differs: LIKE is case-insensitive for ASCII in SQLite only; text ORDER BY follows
//   the PostgreSQL database's collation; there is no portable now() (pass Unix ms as a value).
//   DDL that differs goes into migrations/<dialect>/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace weilai::storage {

enum class Dialect { sqlite, postgresql };

// Arbitrary bytes (NUL and non-UTF-8 included): bound to a BLOB (SQLite) / BYTEA (PostgreSQL)
// column, and what such a column reads back as. Text columns never hold binary data.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// A bound parameter or a column value. Booleans are stored as integers 0/1 in both dialects;
// times as Unix milliseconds (int64); money as integer fen (分) or decimal text; files as Blob.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
inline const Value kNull{};

struct Row {
  std::vector<Value> values;

  bool is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(values.at(i)); }
  // Typed reads; an integer column read as double converts, text never converts to numbers.
  // i64 also accepts an integral double (PostgreSQL returns SUM(bigint) as numeric).
  // A NULL or a value of the wrong type is a programming error: these throw std::logic_error,
  // which Database::run turns into an internal Error. Use opt_* for nullable columns.
  std::int64_t i64(std::size_t i) const;
  double f64(std::size_t i) const;
  const std::string& text(std::size_t i) const;
  const std::string& blob(std::size_t i) const;  // the bytes of a BLOB/BYTEA column
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<double> opt_f64(std::size_t i) const;
};

// A parameter for a nullable column: the value, or NULL when absent.
template <class T>
Value nullable(const std::optional<T>& v) {
  return v ? Value(*v) : kNull;
}

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  const Row& front() const { return rows.front(); }
};

// One open transaction. Every call returns an Error (never throws) on SQL failure:
// unique/foreign-key/check violations map to already_exists / failed_precondition /
// invalid_argument, lock and serialization failures to conflict (and make the transaction retry),
// a lost connection to unavailable, anything else to internal.
// After a failed statement the Tx is aborted in both dialects (PostgreSQL's rule, enforced on
// SQLite too so code tested on one behaves the same on the other): later calls return the first
// error again and Database::run rolls back even if the body returns success. Use
// `INSERT ... ON CONFLICT` rather than catching a unique violation and carrying on.
// exec takes exactly one statement; a parameter count that does not match the $N used is an
// internal error.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;
  virtual Result<Rows> exec(std::string_view sql, std::span<const Value> params) = 0;
  Result<Rows> exec(std::string_view sql) { return exec(sql, std::span<const Value>{}); }
  Result<Rows> exec(std::string_view sql, std::initializer_list<Value> params) {
    return exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // The id of a row inserted with `RETURNING id` is read from Rows; this is a convenience for it.
  Result<std::int64_t> insert_returning_id(std::string_view sql,
                                           std::initializer_list<Value> params);
  // Runs a script of several statements separated by ';' without parameters (migrations, DDL).
  // Not prepared or cached. Errors map as for exec.
  virtual Status exec_script(std::string_view sql);
};

enum class TxMode {
  read,   // a consistent snapshot for reads
  write,  // SQLite: BEGIN IMMEDIATE (writers queue, cannot deadlock); PostgreSQL: READ COMMITTED
  serializable,  // PostgreSQL: SERIALIZABLE; SQLite: same as write (already serial)
};

struct PoolStats {
  int size = 0;            // connections open
  int in_use = 0;          // connections lent out now
  std::int64_t waits = 0;  // acquisitions that had to wait for a free connection
};

struct OpenOptions {
  int pool_size = 8;
  int busy_timeout_ms = 5000;  // SQLite busy timeout; PostgreSQL lock_timeout
  int max_retries = 8;         // retries of a transaction that hit a transient conflict
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // A printable form of the URL with any password removed.
  virtual std::string describe() const = 0;

  // Runs `body` in a transaction: commits when it returns success, rolls back on an error.
  // Transient conflicts (SQLITE_BUSY, PostgreSQL 40001/40P01) roll back and re-run the whole body,
  // up to OpenOptions::max_retries times, so `body` must have no side effects outside the Tx.
  // Thread-safe.
  virtual Status run(TxMode mode, const std::function<Status(Tx&)>& body) = 0;

  template <class F>
  auto transact(TxMode mode, F&& body) -> decltype(body(std::declval<Tx&>())) {
    using R = decltype(body(std::declval<Tx&>()));
    std::optional<R> out;
    Status st = run(mode, [&](Tx& tx) -> Status {
      out.emplace(body(tx));
      if (!*out) return out->error();
      return {};
    });
    if (!st) return st.error();
    return std::move(*out);
  }

  // True when a trivial query succeeds (for /readyz).
  virtual Status ping();  // runs SELECT 1 in a read transaction
  virtual PoolStats pool_stats() const = 0;
  // An online, consistent copy: SQLite uses the backup API into a new file at `path`;
  // PostgreSQL runs pg_dump (custom format) into `path`.
  virtual Status backup_to(const std::string& path) = 0;
  // Closes every pooled connection; further calls fail with unavailable.
  virtual void close() = 0;
};

// Opens "sqlite:PATH" (also "sqlite::memory:" for tests) or "postgresql://..." / "postgres://...".
// Fails with invalid_argument for an unknown scheme and unavailable when it cannot connect.
Result<std::unique_ptr<Database>> open_database(std::string_view url,
                                                const OpenOptions& options = {});

}  // namespace weilai::storage
