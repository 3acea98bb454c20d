#include "ops/restore.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "ops/config.hpp"
#include "ops/tables.hpp"
#include "storage/audit_store.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

extern char** environ;

namespace weilai::ops {

BackupFormat detect_backup_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  if (in.gcount() >= 16 && std::memcmp(head, "SQLite format 3\0", 16) == 0) {
    return BackupFormat::sqlite;
  }
  if (in.gcount() >= 5 && std::memcmp(head, "PGDMP", 5) == 0) return BackupFormat::pg_custom;
  return BackupFormat::unknown;
}

std::pair<std::string, std::string> split_password(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {url, ""};
  const std::size_t b = scheme_end + 3;
  std::size_t e = url.find_first_of("/?", b);
  if (e == std::string::npos) e = url.size();
  const std::size_t at = url.rfind('@', e);
  const std::size_t colon = url.find(':', b);
  if (at == std::string::npos || at < b || colon == std::string::npos || colon > at) {
    return {url, ""};
  }
  std::string raw = url.substr(colon + 1, at - colon - 1);
  std::string pw;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      pw += static_cast<char>(std::strtol(raw.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      pw += raw[i];
    }
  }
  return {url.substr(0, colon) + url.substr(at), pw};
}

Result<int> run_program(const std::vector<std::string>& args,
                        const std::vector<std::string>& extra_env, std::string& err) {
  std::vector<std::string> a = args;
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_store = extra_env;
  std::vector<char*> envp;
  for (auto& s : env_store) envp.push_back(s.data());
  for (char** e = environ; *e != nullptr; ++e) envp.push_back(*e);
  envp.push_back(nullptr);

  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Error::internal("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(err_pipe[0]);
    return Error{ErrorCode::unavailable, "cannot run " + args[0] + ": " + std::strerror(rc), {}};
  }
  err.clear();
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
    if (n > 0) {
      if (err.size() < 16384) err.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(err_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

namespace {

Result<std::int64_t> verify_restored(storage::Database& db, RestoreReport& report) {
  WEILAI_TRY(auto audit, storage::verify_audit(db));
  if (!audit.ok) {
    return Error{ErrorCode::internal,
                 "the restored database's audit chain does not verify: " + audit.reason,
                 {}};
  }
  report.audit_records = audit.checked;
  WEILAI_TRY(auto tables,
             db.transact(storage::TxMode::read, [](storage::Tx& tx) { return list_tables(tx); }));
  report.tables = static_cast<std::int64_t>(tables.size());
  return report.tables;
}

}  // namespace

Result<RestoreReport> restore_backup(const std::string& from, const std::string& to_url) {
  RestoreReport report;
  if (!std::filesystem::is_regular_file(from)) return Error::not_found("no backup file " + from);
  report.format = detect_backup_format(from);
  const bool to_sqlite = to_url.rfind("sqlite:", 0) == 0;
  const bool to_pg = to_url.rfind("postgresql://", 0) == 0 || to_url.rfind("postgres://", 0) == 0;
  if (report.format == BackupFormat::unknown) {
    return Error::invalid(from + " is neither a SQLite database nor a pg_dump custom-format file");
  }
  if (report.format == BackupFormat::sqlite && !to_sqlite) {
    return Error::invalid(
        "a SQLite backup restores into sqlite:PATH; to move it to PostgreSQL restore it into a "
        "file, then run `weilai migrate-data`");
  }
  if (report.format == BackupFormat::pg_custom && !to_pg) {
    return Error::invalid("a pg_dump backup restores into a postgresql:// database");
  }

  if (report.format == BackupFormat::sqlite) {
    const std::string path = to_url.substr(7);
    if (path.empty() || path == ":memory:") return Error::invalid("restore needs a file path");
    if (std::filesystem::exists(path)) {
      return Error{ErrorCode::failed_precondition,
                   path +
                       " exists: restore never overwrites a database (stop the server and move "
                       "the old file and its -wal/-shm aside)",
                   {}};
    }
    // Work on a private copy so the backup file itself is never opened for writing.
    const std::string staging = path + ".restoring";
    std::error_code ec;
    std::filesystem::remove(staging, ec);
    if (!std::filesystem::copy_file(from, staging, ec)) {
      return Error{ErrorCode::unavailable, "cannot copy " + from + ": " + ec.message(), {}};
    }
    auto cleanup = [&] {
      std::error_code e;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(staging + suffix, e);
    };
    {
      storage::OpenOptions o;
      o.pool_size = 1;
      auto db = storage::open_database("sqlite:" + staging, o);
      if (!db) {
        cleanup();
        return db.error();
      }
      auto check = (*db)->transact(
          storage::TxMode::read, [](storage::Tx& tx) { return tx.exec("PRAGMA integrity_check"); });
      if (!check || check->empty() || check->front().text(0) != "ok") {
        cleanup();
        return Error{ErrorCode::failed_precondition, from + " fails SQLite's integrity check", {}};
      }
      auto version = storage::schema_version(**db);
      int newest = 0;
      for (const auto& m : storage::embedded_migrations()) {
        if (m.dialect == "sqlite") newest = std::max(newest, m.version);
      }
      if (!version || *version > newest) {
        cleanup();
        return Error{ErrorCode::failed_precondition,
                     "the backup's schema is newer than this binary (or unreadable)",
                     {}};
      }
      auto st = (*db)->backup_to(path);  // a clean single file (no WAL) at the target path
      (*db)->close();
      cleanup();
      if (!st) return st.error();
    }
    storage::OpenOptions o;
    o.pool_size = 1;
    WEILAI_TRY(auto db, storage::open_database(to_url, o));
    WEILAI_CHECK(verify_restored(*db, report));
    return report;
  }

  // PostgreSQL: the target must be an existing, empty database.
  {
    storage::OpenOptions o;
    o.pool_size = 1;
    WEILAI_TRY(auto db, storage::open_database(to_url, o));
    WEILAI_TRY(auto tables, db->transact(storage::TxMode::read,
                                         [](storage::Tx& tx) { return list_tables(tx); }));
    if (!tables.empty()) {
      return Error{ErrorCode::failed_precondition,
                   "the target database already has " + std::to_string(tables.size()) +
                       " tables: restore only into a new, empty database (CREATE DATABASE ...)",
                   {}};
    }
    db->close();
  }
  auto [url, password] = split_password(to_url);
  std::vector<std::string> env;
  if (!password.empty()) env.push_back("PGPASSWORD=" + password);
  std::string err;
  WEILAI_TRY(int code,
             run_program({"pg_restore", "--no-owner", "--no-privileges", "--single-transaction",
                          "--exit-on-error", "--dbname=" + url, from},
                         env, err));
  if (code != 0) {
    return Error{ErrorCode::unavailable, "pg_restore failed: " + scrub(err, to_url), {}};
  }
  storage::OpenOptions o;
  o.pool_size = 1;
  WEILAI_TRY(auto db, storage::open_database(to_url, o));
  WEILAI_CHECK(verify_restored(*db, report));
  return report;
}

}  // namespace weilai::ops
