// The migration runner: applies each pending file for the database's dialect in its own
// transaction and records it in schema_migrations. Every transaction first serialises against
// other processes (PostgreSQL: a transaction-scoped advisory lock; SQLite: BEGIN IMMEDIATE) and
// re-reads the version, so two servers starting at once apply each file exactly once.
#include "storage/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <string>

namespace weilai::storage {
namespace {

// Any fixed 64-bit key; it only has to differ from other advisory locks the app takes.
constexpr const char* kLockSql = "SELECT pg_advisory_xact_lock(7305861240011180001)";

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

const char* dialect_name(Dialect d) {
  return d == Dialect::sqlite ? "sqlite" : "postgresql";
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<bool> table_exists(Tx& tx) {
  const char* sql = tx.dialect() == Dialect::sqlite
                        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                          "'schema_migrations'"
                        : "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = "
                          "'schema_migrations' AND schemaname = current_schema()";
  WEILAI_TRY(Rows rows, tx.exec(sql));
  return !rows.empty() && rows.front().i64(0) > 0;
}

Result<int> current_version(Tx& tx) {
  WEILAI_TRY(bool exists, table_exists(tx));
  if (!exists) return 0;
  WEILAI_TRY(Rows rows, tx.exec("SELECT max(version) FROM schema_migrations"));
  if (rows.empty() || rows.front().is_null(0)) return 0;
  return static_cast<int>(rows.front().i64(0));
}

// Serialises migrators and makes sure the bookkeeping table exists; returns the version.
Result<int> lock_and_read_version(Tx& tx) {
  if (tx.dialect() == Dialect::postgresql) {
    WEILAI_TRY(Rows locked, tx.exec(kLockSql));
    (void)locked;
  }
  WEILAI_CHECK(tx.exec_script(kCreateTable));
  return current_version(tx);
}

Error too_new(int db_version, int binary_version) {
  return Error{ErrorCode::failed_precondition,
               "database schema version " + std::to_string(db_version) +
                   " is newer than this binary's " + std::to_string(binary_version) +
                   ": upgrade weilai",
               {}};
}

// ---- code steps: data conversions a migration's SQL cannot express on every dialect, run in the
// same transaction just before the file named (so the file can rely on them).

int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

Result<std::string> decode_base64(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3);
  unsigned acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
    const int v = base64_value(c);
    if (v < 0) return Error::invalid("not base64");
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

namespace {

// 0008: the programme's attachments (base64 TEXT in attachment_blobs) move into the shared
// content-addressed store, still called planning_blobs until 0008's SQL renames it to blobs. One
// file at a time, so memory stays at one attachment (≤ 5 MiB).
Status attachments_into_shared_blobs(Tx& tx) {
  WEILAI_TRY(Rows keys, tx.exec("SELECT sha256 FROM attachment_blobs ORDER BY sha256"));
  for (const auto& k : keys.rows) {
    const std::string sha = k.text(0);
    WEILAI_TRY(Rows row, tx.exec("SELECT data_base64, created_at FROM attachment_blobs "
                                 "WHERE sha256 = $1",
                                 {sha}));
    auto bytes = decode_base64(row.front().text(0));
    if (!bytes) return Error::internal("attachment " + sha + " is not valid base64");
    WEILAI_TRY(
        Rows put,
        tx.exec("INSERT INTO planning_blobs (sha256, size_bytes, content, created_at) "
                "VALUES ($1,$2,$3,$4) ON CONFLICT (sha256) DO NOTHING",
                {sha, static_cast<std::int64_t>(bytes->size()), Blob{*bytes}, row.front().i64(1)}));
    (void)put;
  }
  return {};
}

struct CodeStep {
  const char* before_file;  // MigrationFile::name
  Status (*run)(Tx&);
};
constexpr CodeStep kCodeSteps[] = {
    {"0008_programme_blobs_milestones", attachments_into_shared_blobs},
};

Status run_code_steps(Tx& tx, const MigrationFile& file) {
  for (const auto& step : kCodeSteps)
    if (file.name == step.before_file) {
      WEILAI_CHECK(step.run(tx));
    }
  return {};
}

}  // namespace

Result<MigrationReport> apply_migrations(Database& db, const std::vector<MigrationFile>& files) {
  std::vector<const MigrationFile*> mine;
  for (const auto& f : files) {
    if (f.dialect == dialect_name(db.dialect())) mine.push_back(&f);
  }
  std::sort(mine.begin(), mine.end(),
            [](const MigrationFile* a, const MigrationFile* b) { return a->version < b->version; });
  for (std::size_t i = 1; i < mine.size(); ++i) {
    if (mine[i]->version == mine[i - 1]->version) {
      return Error::internal("two migrations share version " + std::to_string(mine[i]->version));
    }
  }
  const int newest = mine.empty() ? 0 : mine.back()->version;

  MigrationReport report;
  // One check even when there is nothing to apply, so a too-new database is always refused.
  Status checked = db.run(TxMode::write, [&](Tx& tx) -> Status {
    WEILAI_TRY(int version, lock_and_read_version(tx));
    if (version > newest) return too_new(version, newest);
    report.from_version = version;
    report.to_version = version;
    return {};
  });
  if (!checked) return std::move(checked).error();

  for (const MigrationFile* file : mine) {
    if (file->version <= report.to_version) continue;
    bool applied = false;
    Status st = db.run(TxMode::write, [&](Tx& tx) -> Status {
      applied = false;
      WEILAI_TRY(int version, lock_and_read_version(tx));
      if (version > newest) return too_new(version, newest);
      if (version >= file->version) return {};  // another process got there first
      Status script = run_code_steps(tx, *file);
      if (script) script = tx.exec_script(file->sql);
      if (!script) {
        Error e = std::move(script).error();
        e.message = "migration " + file->name + " failed: " + e.message;
        return e;
      }
      WEILAI_TRY(Rows done, tx.exec("INSERT INTO schema_migrations (version, name, applied_at) "
                                    "VALUES ($1, $2, $3)",
                                    {std::int64_t{file->version}, file->name, now_ms()}));
      (void)done;
      applied = true;
      return {};
    });
    if (!st) return std::move(st).error();
    if (applied) report.applied.push_back(file->name);
    report.to_version = file->version;
  }
  return report;
}

Result<MigrationReport> apply_migrations(Database& db) {
  return apply_migrations(db, embedded_migrations());
}

Result<int> schema_version(Database& db) {
  return db.transact(TxMode::read, [](Tx& tx) -> Result<int> { return current_version(tx); });
}

}  // namespace weilai::storage
