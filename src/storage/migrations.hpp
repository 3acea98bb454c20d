// Versioned schema migrations. Each dialect has its own ordered list of files
// (migrations/<dialect>/NNNN_name.sql), embedded into the binary at build time.
// apply_migrations runs every pending one, each in its own transaction, and records it in
// schema_migrations. A database whose recorded version is newer than the newest embedded one is
// refused (failed_precondition) so an old binary never writes into a newer schema.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct MigrationFile {
  std::string dialect;  // "sqlite" or "postgresql"
  int version;
  std::string name;
  std::string sql;
};

// Defined in the generated embedded_migrations.cpp (weilai::migrations target).
const std::vector<MigrationFile>& embedded_migrations();

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // names of the files applied now
};

// Thread-safe with respect to other processes doing the same: PostgreSQL takes an advisory
// lock, SQLite an immediate transaction, so two servers starting together migrate once.
Result<MigrationReport> apply_migrations(Database& db, const std::vector<MigrationFile>& files);
Result<MigrationReport> apply_migrations(Database& db);  // the embedded ones

// Standard or URL-safe base64 (padding optional); invalid_argument otherwise. Used by the code
// step of migration 0008.
Result<std::string> decode_base64(std::string_view in);

// The schema version recorded in the database (0 when none).
Result<int> schema_version(Database& db);

}  // namespace weilai::storage
