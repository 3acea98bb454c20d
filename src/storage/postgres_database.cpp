// The PostgreSQL driver on libpqxx 6.4 (old API): a pool of pqxx::connection, statements prepared
// once per connection and cached by SQL text, every parameter sent as text (PostgreSQL infers the
// type from the statement). Serialization failures, deadlocks and lock timeouts re-run the body;
// a lost connection is dropped from the pool and the body re-run on a fresh one.
#include "storage/postgres_database.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/driver_common.hpp"

extern char** environ;

namespace weilai::storage {
namespace {

std::string url_password(std::string_view url);  // below

// Type OIDs from pg_type.h (stable across releases).
constexpr pqxx::oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26,
                    kFloat4 = 700, kFloat8 = 701, kNumeric = 1700;

// The server's message without libpq's "ERROR:  " prefix and trailing newline. It names the
// constraint and the offending key but never the statement text (that is e.query()).
std::string clean_message(const char* what) {
  std::string m = what;
  for (const char* prefix : {"ERROR:  ", "FATAL:  "}) {
    if (m.rfind(prefix, 0) == 0) m.erase(0, std::strlen(prefix));
  }
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

struct Failure {
  Error error;
  bool transient = false;  // re-run the body (on a fresh connection if `broken`)
  bool broken = false;     // the connection is gone: drop it from the pool
};

Failure from_sqlstate(const std::string& state, const char* what) {
  std::string msg = clean_message(what);
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return {{ErrorCode::conflict, "concurrent update, try again (" + msg + ")", {}}, true, false};
  }
  if (state == "0A000" &&
      msg.find("cached plan must not change result type") != std::string::npos) {
    // Another session changed a table under one of this connection's prepared statements:
    // start over on a fresh connection (and so a fresh statement cache).
    return {Error::internal("the schema changed under a prepared statement"), true, true};
  }
  if (state == "23505") return {{ErrorCode::already_exists, "already exists: " + msg, {}}};
  if (state == "23P01")
    return {{ErrorCode::already_exists, "overlaps an existing row: " + msg, {}}};
  if (state == "23503") {
    return {{ErrorCode::failed_precondition,
             "a referenced row is missing or still in use: " + msg,
             {}}};
  }
  if (state == "23514" || state == "23502" || state.rfind("22", 0) == 0) {
    return {{ErrorCode::invalid_argument, "invalid value: " + msg, {}}};
  }
  // Connection exceptions and the server shutting down or restarting. (08P01, a protocol
  // violation such as a wrong parameter count, leaves the connection usable: internal.)
  if (state == "08000" || state == "08003" || state == "08006" || state == "57P01" ||
      state == "57P02" || state == "57P03") {
    return {{ErrorCode::unavailable, "database connection lost: " + msg, {}}, true, true};
  }
  return {Error::internal("database error: " + msg + (state.empty() ? "" : " [" + state + "]"))};
}

// Converts whatever libpqxx threw into a Failure. Call only from a catch block.
Failure current_failure() {
  try {
    throw;
  } catch (const pqxx::in_doubt_error& e) {
    // The connection broke during COMMIT: we cannot know whether it happened, so no re-run.
    return {{ErrorCode::unavailable, "database connection lost during commit; outcome unknown", {}},
            false,
            true};
  } catch (const pqxx::statement_completion_unknown& e) {
    // Lost mid-statement (not at COMMIT): the transaction cannot have committed.
    return {{ErrorCode::unavailable, "database connection lost: " + clean_message(e.what()), {}},
            true,
            true};
  } catch (const pqxx::transaction_rollback& e) {
    // libpqxx 6 throws these (SQLSTATE class 40: serialization failure, deadlock) outside the
    // sql_error hierarchy, so they carry no SQLSTATE.
    return {
        {ErrorCode::conflict, "concurrent update, try again (" + clean_message(e.what()) + ")", {}},
        true,
        false};
  } catch (const pqxx::broken_connection& e) {
    return {{ErrorCode::unavailable, "database connection lost: " + clean_message(e.what()), {}},
            true,
            true};
  } catch (const pqxx::sql_error& e) {
    return from_sqlstate(e.sqlstate(), e.what());
  } catch (const std::exception& e) {
    return {Error::internal(std::string("database driver error: ") + e.what())};
  } catch (...) {
    return {Error::internal("database driver error")};
  }
}

// Which $N placeholders the SQL uses (index N-1), skipping string literals, quoted identifiers,
// comments and dollar-quoted bodies. A wrong parameter count is caught here as a clear internal
// error: the server would report it as a protocol violation, which libpqxx 6 takes for a broken
// connection.
std::vector<bool> placeholders_used(std::string_view sql) {
  std::vector<bool> used;
  const std::size_t n = sql.size();
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t i = 0; i < n;) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      for (++i; i < n; ++i) {
        if (sql[i] == c) {
          if (i + 1 < n && sql[i + 1] == c) {
            ++i;
            continue;
          }
          break;
        }
      }
      ++i;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '$' && (i == 0 || !ident(sql[i - 1]))) {
      std::size_t j = i + 1;
      while (j < n && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      if (j > i + 1) {
        std::size_t k = 0;
        std::from_chars(sql.data() + i + 1, sql.data() + j, k);
        if (k >= 1 && k <= 65535) {
          if (used.size() < k) used.resize(k, false);
          used[k - 1] = true;
        }
        i = j;
        continue;
      }
      // A dollar-quoted body: $tag$ ... $tag$
      while (j < n && ident(sql[j])) ++j;
      if (j < n && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        const auto end = sql.find(tag, j + 1);
        i = end == std::string_view::npos ? n : end + tag.size();
      } else {
        i = j;
      }
    } else {
      ++i;
    }
  }
  return used;
}

// One server connection and the statements prepared on it.
class PgConn {
 public:
  static Result<std::unique_ptr<PgConn>> open(const std::string& url, const std::string& display,
                                              const OpenOptions& options) {
    try {
      auto conn = std::make_unique<PgConn>();
      conn->conn_ = std::make_unique<pqxx::connection>(url);
      pqxx::nontransaction setup(*conn->conn_);
      setup.exec("SET client_encoding = 'UTF8'; SET lock_timeout = " +
                 std::to_string(options.busy_timeout_ms));
      return conn;
    } catch (...) {
      Failure f = current_failure();
      return Error{
          ErrorCode::unavailable, "cannot connect to " + display + ": " + f.error.message, {}};
    }
  }

  pqxx::connection& conn() { return *conn_; }

  // Checks an idle connection without a round trip: the server has nothing to say to an idle
  // session, so anything readable (a FATAL from pg_terminate_backend or a shutdown, then EOF)
  // means it is gone. Catching this before BEGIN also sidesteps a small libpq/libpqxx 6 leak on
  // the failing BEGIN.
  bool looks_alive() const {
    const int fd = conn_->sock();
    if (fd < 0) return false;
    pollfd p{fd, POLLIN | POLLRDHUP, 0};
    const int r = ::poll(&p, 1, 0);
    return r <= 0;  // r < 0: cannot tell, let the real query decide
  }

  struct Prepared {
    std::string name;
    int params = 0;     // the highest $N in the text
    bool gaps = false;  // some $k below the highest is never used
  };

  // The prepared statement for `sql` on this connection, preparing it on first use.
  // May throw pqxx errors (the caller converts them).
  // Past kMaxPrepared distinct texts (ad-hoc SQL) new ones are not prepared: the returned
  // Prepared has an empty name and the caller runs it as an unnamed statement.
  Prepared statement(std::string_view sql) {
    auto it = names_.find(std::string(sql));
    if (it != names_.end()) return it->second;
    if (names_.size() >= kMaxPrepared) {
      Prepared once;
      std::vector<bool> used = placeholders_used(sql);
      once.params = static_cast<int>(used.size());
      for (bool u : used) once.gaps = once.gaps || !u;
      return once;
    }
    // The counter makes names unique even if two texts share a hash.
    char buf[40];
    std::snprintf(buf, sizeof buf, "s%016zx_%zu", std::hash<std::string_view>{}(sql),
                  names_.size());
    std::string name = buf;
    Prepared p{std::move(name), 0, false};
    std::vector<bool> used = placeholders_used(sql);
    p.params = static_cast<int>(used.size());
    for (bool u : used) p.gaps = p.gaps || !u;
    conn_->prepare(p.name, std::string(sql));
    return names_.emplace(std::string(sql), std::move(p)).first->second;
  }

 private:
  static constexpr std::size_t kMaxPrepared = 1024;
  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_map<std::string, Prepared> names_;
};

std::string double_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

std::string bytea_hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 + 2 * bytes.size());
  out += "\\x";
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Value to_value(const pqxx::field& f, pqxx::oid type) {
  if (f.is_null()) return kNull;
  const char* s = f.c_str();
  const std::size_t n = f.size();
  switch (type) {
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid: {
      std::int64_t v = 0;
      std::from_chars(s, s + n, v);
      return Value{v};
    }
    case kFloat4:
    case kFloat8:
    case kNumeric: {
      std::string_view t(s, n);
      if (t == "NaN") return Value{std::nan("")};
      if (t == "Infinity") return Value{HUGE_VAL};
      if (t == "-Infinity") return Value{-HUGE_VAL};
      double v = 0;
      std::from_chars(s, s + n, v);
      return Value{v};
    }
    // Booleans are integers 0/1 in our schema; an expression like `x IS NULL` still yields one.
    case kBool:
      return Value{std::int64_t{s[0] == 't' ? 1 : 0}};
    case kBytea: {
      pqxx::binarystring bytes(f);
      return Value{Blob{bytes.str()}};
    }
    default:
      return Value{std::string(s, n)};
  }
}

bool changes_rows(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++]))));
  }
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "MERGE";
}

Rows to_rows(const pqxx::result& r, std::string_view sql) {
  Rows rows;
  const auto ncols = r.columns();
  std::vector<pqxx::oid> types(ncols);
  rows.columns.reserve(ncols);
  for (pqxx::row::size_type c = 0; c < ncols; ++c) {
    rows.columns.emplace_back(r.column_name(c));
    types[c] = r.column_type(c);
  }
  rows.rows.reserve(r.size());
  for (const auto& pr : r) {
    Row row;
    row.values.reserve(ncols);
    for (pqxx::row::size_type c = 0; c < ncols; ++c)
      row.values.push_back(to_value(pr[c], types[c]));
    rows.rows.push_back(std::move(row));
  }
  // PostgreSQL also counts the rows a SELECT returned; SQLite (and our contract) does not.
  // libpqxx 6 hides the command tag, so: no result columns means a plain INSERT/UPDATE/DELETE,
  // and with columns (RETURNING) the statement's first word decides.
  rows.affected =
      ncols == 0 || changes_rows(sql) ? static_cast<std::int64_t>(r.affected_rows()) : 0;
  return rows;
}

std::unique_ptr<pqxx::transaction_base> begin(pqxx::connection& conn, TxMode mode) {
  switch (mode) {
    case TxMode::read:
      // Repeatable read gives the body one snapshot; read-only transactions never fail to
      // serialize at this level.
      return std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(conn);
    case TxMode::write:
      return std::make_unique<pqxx::transaction<pqxx::read_committed>>(conn);
    case TxMode::serializable:
      return std::make_unique<pqxx::transaction<pqxx::serializable>>(conn);
  }
  return nullptr;
}

class PgTx final : public Tx {
 public:
  PgTx(PgConn& conn, pqxx::transaction_base& txn) : conn_(conn), txn_(txn) {}

  Dialect dialect() const override { return Dialect::postgresql; }

  Result<Rows> exec(std::string_view sql, std::span<const Value> params) override {
    if (failure_) return aborted();
    try {
      const PgConn::Prepared prepared = conn_.statement(sql);
      if (prepared.params != static_cast<int>(params.size()) || prepared.gaps) {
        failure_ = Failure{Error::internal("SQL uses $1..$" + std::to_string(prepared.params) +
                                           (prepared.gaps ? " with gaps" : "") + " but " +
                                           std::to_string(params.size()) + " values were bound")};
        return failure_->error;
      }
      // Text values with real NULLs: pqxx turns a null const char* into an SQL NULL.
      std::vector<std::string> texts(params.size());
      std::vector<const char*> ptrs(params.size(), nullptr);
      for (std::size_t i = 0; i < params.size(); ++i) {
        const Value& v = params[i];
        if (const auto* iv = std::get_if<std::int64_t>(&v)) {
          texts[i] = std::to_string(*iv);
        } else if (const auto* dv = std::get_if<double>(&v)) {
          texts[i] = double_text(*dv);
        } else if (const auto* sv = std::get_if<std::string>(&v)) {
          texts[i] = *sv;
        } else if (const auto* bv = std::get_if<Blob>(&v)) {
          texts[i] = bytea_hex(bv->bytes);  // BYTEA's text input form: \x then hex digits
        } else {
          continue;
        }
        ptrs[i] = texts[i].c_str();
      }
      const auto args = pqxx::prepare::make_dynamic_params(ptrs);
      if (prepared.name.empty()) return to_rows(txn_.exec_params(std::string(sql), args), sql);
      return to_rows(txn_.exec_prepared(prepared.name, args), sql);
    } catch (...) {
      failure_ = current_failure();
      return failure_->error;
    }
  }

  Status exec_script(std::string_view sql) override {
    // The server accepts ROLLBACK TO SAVEPOINT in an aborted transaction and it ends the aborted
    // state; a transient or connection failure still reruns the whole transaction.
    const bool to_savepoint = sql.starts_with("ROLLBACK TO SAVEPOINT ");
    if (failure_ && !(to_savepoint && !failure_->transient && !failure_->broken)) return aborted();
    try {
      txn_.exec(std::string(sql));
      if (to_savepoint) failure_.reset();
      return {};
    } catch (...) {
      failure_ = current_failure();
      return failure_->error;
    }
  }

  const std::optional<Failure>& failure() const { return failure_; }

 private:
  Error aborted() const {
    Error e = failure_->error;
    e.message = "transaction aborted by an earlier error: " + e.message;
    return e;
  }

  PgConn& conn_;
  pqxx::transaction_base& txn_;
  std::optional<Failure> failure_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const OpenOptions& options)
      : url_(std::move(url)),
        display_(redact_url(url_)),
        options_(options),
        pool_(options.pool_size, [this]() { return PgConn::open(url_, display_, options_); }) {}

  ~PgDatabase() override { close(); }

  Status init() {
    WEILAI_TRY(auto first, PgConn::open(url_, display_, options_));
    pool_.adopt(std::move(first));
    return {};
  }

  Dialect dialect() const override { return Dialect::postgresql; }
  std::string describe() const override { return display_; }

  Status run(TxMode mode, const std::function<Status(Tx&)>& body) override {
    return detail::run_with_retries(options_.max_retries, [&]() -> detail::Attempt {
      auto lease = acquire_live();
      if (!lease) return {std::move(lease).error(), false};
      Failure broke;
      detail::Attempt a = attempt(**lease, mode, body, broke);
      if (broke.broken) lease->mark_broken();
      return a;
    });
  }

  PoolStats pool_stats() const override { return pool_.stats(); }

  Status backup_to(const std::string& path) override {
    WEILAI_CHECK(detail::prepare_backup_target(path));
    return run_pg_dump(path);
  }

  void close() override { pool_.close(); }

 private:
  detail::Attempt attempt(PgConn& conn, TxMode mode, const std::function<Status(Tx&)>& body,
                          Failure& broke) {
    std::unique_ptr<pqxx::transaction_base> txn;
    try {
      txn = begin(conn.conn(), mode);
    } catch (...) {
      broke = current_failure();
      return {broke.error, broke.transient};
    }
    PgTx tx(conn, *txn);
    Status result;
    try {
      result = body(tx);
    } catch (const std::exception& e) {
      abort(*txn, broke);
      return {detail::body_exception_error(e.what()), false};
    } catch (...) {
      abort(*txn, broke);
      return {detail::body_exception_error("unknown exception"), false};
    }
    if (const auto& f = tx.failure()) {
      broke.broken = f->broken;
      abort(*txn, broke);
      if (f->transient) return {f->error, true};
      if (!result) return {result, false};
      return {f->error, false};
    }
    if (!result) {
      abort(*txn, broke);
      return {result, false};
    }
    try {
      txn->commit();
    } catch (...) {
      Failure f = current_failure();
      broke.broken = broke.broken || f.broken;
      return {f.error, f.transient && !f.broken};
    }
    return {};
  }

  // A pooled connection, replacing idle ones the server has dropped (a restart closes them all
  // at once). Each dropped lease goes back to the pool marked broken before the next acquire.
  Result<detail::Pool<PgConn>::Lease> acquire_live() {
    for (int swaps = 0;; ++swaps) {
      auto lease = pool_.acquire();
      if (!lease || swaps > options_.pool_size || (*lease)->looks_alive()) return lease;
      lease->mark_broken();
    }
  }

  static void abort(pqxx::transaction_base& txn, Failure& broke) {
    try {
      txn.abort();
    } catch (...) {
      // A failed ROLLBACK means the connection is unusable.
      broke.broken = true;
    }
  }

  Status run_pg_dump(const std::string& path) {
    // No shell: argv is passed as is, so nothing in the URL or path is interpreted.
    // The password goes through PGPASSWORD, never on the command line (visible in ps).
    const std::string password = url_password(url_);
    std::vector<std::string> args = {"pg_dump", "-Fc", "-f", path,
                                     "--dbname=" + (password.empty() ? url_ : display_)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string pgpassword = "PGPASSWORD=" + password;
    std::vector<char*> envp;
    if (!password.empty()) envp.push_back(pgpassword.data());
    for (char** e = environ; *e != nullptr; ++e) envp.push_back(*e);
    envp.push_back(nullptr);

    int err_pipe[2];
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Error::internal("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, "pg_dump", &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(err_pipe[1]);
    if (rc != 0) {
      ::close(err_pipe[0]);
      return Error{
          ErrorCode::unavailable, std::string("cannot run pg_dump: ") + std::strerror(rc), {}};
    }
    std::string stderr_text;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
      if (n > 0) {
        if (stderr_text.size() < 16384) stderr_text.append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        break;
      }
    }
    ::close(err_pipe[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
      // pg_dump may echo the connection string; never let the password out.
      std::string detail = clean_message(stderr_text.c_str());
      for (std::size_t at; (at = detail.find(url_)) != std::string::npos;) {
        detail.replace(at, url_.size(), display_);
      }
      return Error{ErrorCode::unavailable, "pg_dump failed: " + detail, {}};
    }
    return {};
  }

  const std::string url_;
  const std::string display_;
  const OpenOptions options_;
  detail::Pool<PgConn> pool_;
};

}  // namespace

namespace {

// The (percent-decoded) password of a postgresql:// URL, from its user info or a password=
// query parameter; empty when there is none.
std::string url_password(std::string_view url) {
  std::string raw;
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) {
    const std::size_t b = scheme_end + 3;
    std::size_t e = url.find_first_of("/?", b);
    if (e == std::string_view::npos) e = url.size();
    const std::size_t at = url.rfind('@', e);
    const std::size_t colon = url.find(':', b);
    if (at != std::string_view::npos && at >= b && colon != std::string_view::npos && colon < at) {
      raw = std::string(url.substr(colon + 1, at - colon - 1));
    }
  }
  for (const char* key : {"?password=", "&password="}) {
    const auto p = url.find(key);
    if (p == std::string_view::npos) continue;
    const auto v = p + std::strlen(key);
    const auto end = url.find('&', v);
    raw = std::string(
        url.substr(v, end == std::string_view::npos ? std::string_view::npos : end - v));
  }
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += raw[i];
    }
  }
  return out;
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string out(url);
  const auto scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    const std::size_t auth_begin = scheme_end + 3;
    std::size_t auth_end = out.find_first_of("/?", auth_begin);
    if (auth_end == std::string::npos) auth_end = out.size();
    const std::size_t at = out.rfind('@', auth_end);
    if (at != std::string::npos && at >= auth_begin) {
      const std::size_t colon = out.find(':', auth_begin);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // A password given as a query parameter: ?password=... or &password=...
  for (const char* key : {"?password=", "&password="}) {
    const auto p = out.find(key);
    if (p == std::string::npos) continue;
    const auto value_end = out.find('&', p + 1);
    if (key[0] == '?') {
      out.erase(p + 1, value_end == std::string::npos ? std::string::npos : value_end - p);
      if (p + 1 == out.size()) out.erase(p);
    } else {
      out.erase(p, value_end == std::string::npos ? std::string::npos : value_end - p);
    }
  }
  return out;
}

Result<std::unique_ptr<Database>> open_postgres(const std::string& url,
                                                const OpenOptions& options) {
  auto db = std::make_unique<PgDatabase>(url, options);
  WEILAI_CHECK(db->init());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace weilai::storage
