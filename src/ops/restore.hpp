// `weilai restore`: puts a backup made by `weilai backup` back into a NEW database.
// - A SQLite backup file into sqlite:PATH: PATH must not exist (stop the server and move the old
//   file aside first); the file is checked (integrity_check, schema not newer than this binary)
//   and copied with SQLite's backup API.
// - A pg_dump custom-format file into postgresql://...: the target database must exist and have
//   no tables; pg_restore runs in a single transaction (--single-transaction --exit-on-error),
//   so a failed restore leaves the target empty. The password travels in PGPASSWORD, never on
//   the command line.
// Either way the restored database's audit chain is verified afterwards.
// Moving between drivers is `weilai migrate-data`, not restore.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace weilai::ops {

enum class BackupFormat { sqlite, pg_custom, unknown };
BackupFormat detect_backup_format(const std::string& path);

struct RestoreReport {
  BackupFormat format = BackupFormat::unknown;
  std::int64_t audit_records = 0;
  std::int64_t tables = 0;
};

Result<RestoreReport> restore_backup(const std::string& from, const std::string& to_url);

// Runs a program (no shell) with extra environment variables; returns its exit status, with its
// standard error in `err` (at most 16 KiB).
Result<int> run_program(const std::vector<std::string>& argv,
                        const std::vector<std::string>& extra_env, std::string& err);

// Splits a postgresql:// URL into the URL without its password and the (percent-decoded)
// password, so tools get the password through PGPASSWORD.
std::pair<std::string, std::string> split_password(const std::string& url);

}  // namespace weilai::ops
