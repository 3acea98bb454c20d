// Generic data tools over whatever schema the migrations built: the tables and their foreign-key
// dependency order are read from the database catalogue (sqlite_master/pragma_foreign_key_list on
// SQLite, pg_catalog/information_schema on PostgreSQL), never from a list in the code, so tables
// added by later migrations are covered without changing this file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace weilai::ops {

struct TableInfo {
  std::string name;
  std::vector<std::string> columns;  // stored (non-generated) columns, in declaration order
  std::vector<std::string> parents;  // tables this one references (self-references left out)
};

// Every application table in foreign-key order: a table comes after every table it references.
// Ties are broken by name. A reference cycle between tables is failed_precondition.
Result<std::vector<TableInfo>> list_tables(storage::Tx& tx);

struct TableSum {
  std::string table;
  std::int64_t rows = 0;
  std::string digest;  // order-independent: the sum of every row's SHA-256 (first 128 bits)
};
// A checksum of the given columns of a table. Values are encoded by type (integer, real, text,
// null), integral reals as integers, so a table copied between SQLite and PostgreSQL sums the same.
Result<TableSum> checksum_table(storage::Tx& tx, const std::string& table,
                                const std::vector<std::string>& columns);
// Checksums of every table (all its columns).
Result<std::vector<TableSum>> checksum_all(storage::Tx& tx);

// Double-quotes an identifier for both dialects.
std::string quote_ident(const std::string& name);

struct CopyOptions {
  bool replace = false;  // --force: empty the target's tables first instead of refusing
  // Called after each table with (table, rows copied); for progress output.
  std::function<void(const std::string&, std::int64_t)> progress;
};
struct CopyReport {
  std::vector<TableSum> tables;  // verified equal on source and target
  std::int64_t audit_records = 0;
  std::int64_t ledger_accounts = 0;  // verified: balances equal entries, sums zero
  std::int64_t ledger_transactions = 0;
  std::vector<std::string> sequences_reset;  // "table.column" on PostgreSQL
};
// Copies every table of `source` into `target` in foreign-key order, all in ONE write transaction
// on the target: it either commits complete and verified, or leaves the target as it was.
// Before committing it checks, on the target, that every table's row count and checksum equal the
// source's, that the audit hash chain verifies and that the ledger's invariants hold
// (storage::verify_ledger: balances equal entries, zero sums per transaction and unit, limits),
// then moves PostgreSQL identity sequences past the largest copied id. Both databases must be at
// the same schema version. The target must hold nothing beyond what its migrations seed (compared
// with a freshly migrated in-memory database) unless options.replace. The source is read in one
// read transaction (a consistent snapshot).
Result<CopyReport> copy_database(storage::Database& source, storage::Database& target,
                                 const CopyOptions& options = {});

}  // namespace weilai::ops
