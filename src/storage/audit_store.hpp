// Rows of the hash-chained audit log (see audit/audit.hpp for the chain itself).
#pragma once

#include <optional>
#include <vector>

#include "audit/audit.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

// Appends a record inside the caller's transaction, after the change it describes. The update of
// the single audit_head row serialises concurrent appends (a row lock on PostgreSQL, the write
// lock on SQLite), so the chain never forks.
Result<audit::Record> append_audit(Tx& tx, const audit::Draft& draft, UnixMillis at);

struct AuditFilter {
  std::optional<std::int64_t> actor_id;
  std::optional<std::string> action;
  std::optional<std::string> target_type;
  std::optional<std::string> target_id;
  std::optional<UnixMillis> from;
  std::optional<UnixMillis> to;
  std::int64_t before_seq = 0;  // 0: from the newest
  int limit = 50;
};
// Newest first.
Result<std::vector<audit::Record>> list_audit(Tx& tx, const AuditFilter& filter);

// Verifies the whole chain in seq order, and that the chain ends where audit_head says (so a
// deleted tail is caught too).
Result<audit::VerifyReport> verify_audit(Database& db);
// The same inside the caller's transaction (migrate-data verifies before it commits).
Result<audit::VerifyReport> verify_audit(Tx& tx);

}  // namespace weilai::storage
