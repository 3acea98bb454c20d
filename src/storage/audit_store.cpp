#include "storage/audit_store.hpp"

#include <string>

namespace weilai::storage {
namespace {

audit::Record record_from(const Row& row) {
  audit::Record r;
  r.seq = row.i64(0);
  r.at = row.i64(1);
  r.actor_id = row.opt_i64(2);
  r.actor_login = row.text(3);
  r.action = row.text(4);
  r.target_type = row.text(5);
  r.target_id = row.text(6);
  r.request_id = row.text(7);
  r.digest = row.text(8);
  r.prev_hash = row.text(9);
  r.hash = row.text(10);
  return r;
}

constexpr const char* kAuditColumns =
    "seq, at, actor_id, actor_login, action, target_type, target_id, request_id, digest, "
    "prev_hash, hash";

}  // namespace

Result<audit::Record> append_audit(Tx& tx, const audit::Draft& draft, UnixMillis at) {
  WEILAI_TRY(Rows head,
             tx.exec("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
  if (head.empty()) return Error::internal("audit_head row is missing");
  const std::int64_t seq = head.front().i64(0);
  audit::Record r = audit::seal(draft, seq - 1, head.front().text(1), at);
  WEILAI_CHECK(tx.exec("UPDATE audit_head SET hash = $1 WHERE id = 1", {r.hash}));
  WEILAI_CHECK(tx.exec(
      "INSERT INTO audit_log (seq, at, actor_id, actor_login, action, target_type, target_id, "
      "request_id, digest, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
      {r.seq, r.at, r.actor_id ? Value(*r.actor_id) : kNull, r.actor_login, r.action, r.target_type,
       r.target_id, r.request_id, r.digest, r.prev_hash, r.hash}));
  return r;
}

Result<std::vector<audit::Record>> list_audit(Tx& tx, const AuditFilter& f) {
  std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE 1=1";
  std::vector<Value> params;
  auto add = [&](const char* clause, Value v) {
    params.push_back(std::move(v));
    sql += " AND ";
    sql += clause;
    sql += std::to_string(params.size());
  };
  if (f.actor_id) add("actor_id = $", *f.actor_id);
  if (f.action) add("action = $", *f.action);
  if (f.target_type) add("target_type = $", *f.target_type);
  if (f.target_id) add("target_id = $", *f.target_id);
  if (f.from) add("at >= $", *f.from);
  if (f.to) add("at <= $", *f.to);
  if (f.before_seq > 0) add("seq < $", f.before_seq);
  params.push_back(static_cast<std::int64_t>(f.limit));
  sql += " ORDER BY seq DESC LIMIT $" + std::to_string(params.size());
  WEILAI_TRY(Rows rows, tx.exec(sql, params));
  std::vector<audit::Record> out;
  out.reserve(rows.size());
  for (const auto& row : rows.rows) out.push_back(record_from(row));
  return out;
}

Result<audit::VerifyReport> verify_audit(Database& db) {
  return db.transact(TxMode::read, [&](Tx& tx) { return verify_audit(tx); });
}

Result<audit::VerifyReport> verify_audit(Tx& tx) {
  {
    // Pages of 5,000 keep memory flat on a long log.
    std::vector<audit::Record> batch;
    std::size_t index = 0;
    std::int64_t after = 0;
    bool exhausted = false;
    std::string last_hash;
    Error failure;
    bool failed = false;
    auto next = [&](audit::Record& out) -> bool {
      if (index == batch.size()) {
        if (exhausted) return false;
        auto rows = tx.exec(std::string("SELECT ") + kAuditColumns +
                                " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000",
                            {after});
        if (!rows) {
          failure = rows.error();
          failed = true;
          return false;
        }
        batch.clear();
        index = 0;
        for (const auto& row : rows->rows) batch.push_back(record_from(row));
        if (batch.size() < 5000) exhausted = true;
        if (batch.empty()) return false;
        after = batch.back().seq;
      }
      out = batch[index++];
      last_hash = out.hash;
      return true;
    };
    audit::VerifyReport report = audit::verify_chain(next);
    if (failed) return failure;
    if (!report.ok) return report;
    WEILAI_TRY(Rows head, tx.exec("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (head.empty()) return Error::internal("audit_head row is missing");
    const std::int64_t head_seq = head.front().i64(0);
    if (head_seq != report.checked) {
      report.ok = false;
      report.first_broken_seq = report.checked + 1;
      report.reason = "the log ends at record " + std::to_string(report.checked) +
                      " but its head says " + std::to_string(head_seq) + " (records were removed)";
    } else if (report.checked > 0 && head.front().text(1) != last_hash) {
      report.ok = false;
      report.first_broken_seq = report.checked;
      report.reason = "the last record's hash differs from the chain head";
    }
    return report;
  }
}

}  // namespace weilai::storage
