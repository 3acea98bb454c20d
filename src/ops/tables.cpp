#include "ops/tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "crypto/crypto.hpp"
#include "storage/audit_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/migrations.hpp"

namespace weilai::ops {

using storage::Dialect;
using storage::Rows;
using storage::Tx;
using storage::Value;

namespace {

Result<std::vector<std::string>> table_names(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.dialect() == Dialect::sqlite
                            ? tx.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                      "name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")
                            : tx.exec("SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE "
                                      "schemaname = current_schema() ORDER BY 1"));
  std::vector<std::string> out;
  for (const auto& r : rows.rows) out.push_back(r.text(0));
  return out;
}

Result<std::vector<std::string>> column_names(Tx& tx, const std::string& table) {
  // hidden = 0: ordinary columns (2 and 3 are generated columns, which are never inserted).
  WEILAI_TRY(Rows rows,
             tx.dialect() == Dialect::sqlite
                 ? tx.exec("SELECT name FROM pragma_table_xinfo($1) WHERE hidden = 0 ORDER BY cid",
                           {table})
                 : tx.exec("SELECT CAST(column_name AS TEXT) FROM information_schema.columns "
                           "WHERE table_schema = current_schema() AND table_name = $1 AND "
                           "is_generated = 'NEVER' ORDER BY ordinal_position",
                           {table}));
  std::vector<std::string> out;
  for (const auto& r : rows.rows) out.push_back(r.text(0));
  return out;
}

// (child, parent) pairs.
Result<std::vector<std::pair<std::string, std::string>>> references(
    Tx& tx, const std::vector<std::string>& tables) {
  std::vector<std::pair<std::string, std::string>> out;
  if (tx.dialect() == Dialect::sqlite) {
    for (const auto& t : tables) {
      WEILAI_TRY(Rows rows,
                 tx.exec("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)", {t}));
      for (const auto& r : rows.rows) out.emplace_back(t, r.text(0));
    }
    return out;
  }
  WEILAI_TRY(Rows rows, tx.exec("SELECT DISTINCT CAST(c.relname AS TEXT), CAST(p.relname AS TEXT) "
                                "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                                "JOIN pg_class p ON p.oid = k.confrelid "
                                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                "WHERE k.contype = 'f' AND n.nspname = current_schema()"));
  for (const auto& r : rows.rows) out.emplace_back(r.text(0), r.text(1));
  return out;
}

void encode(std::string& out, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out += "n;";
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    out += "i" + std::to_string(*i) + ";";
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9.0e15) {
      out += "i" + std::to_string(static_cast<std::int64_t>(*d)) + ";";
    } else {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", *d);
      out += "d" + std::string(buf) + ";";
    }
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    out += "t" + std::to_string(s->size()) + ":" + *s + ";";
  } else {
    const auto& b = std::get<storage::Blob>(v);
    out += "b" + std::to_string(b.bytes.size()) + ":" + b.bytes + ";";
  }
}

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + quote_ident(c);
  return out;
}

constexpr std::int64_t kPage = 2000;

// Reads a table in pages (stable within the caller's snapshot) and hands each row to `fn`.
Status each_row(Tx& tx, const std::string& table, const std::vector<std::string>& columns,
                const std::function<Status(const storage::Row&)>& fn) {
  std::string order;
  for (std::size_t i = 1; i <= columns.size(); ++i)
    order += (i == 1 ? "" : ", ") + std::to_string(i);
  const std::string sql = "SELECT " + column_list(columns) + " FROM " + quote_ident(table) +
                          " ORDER BY " + order + " LIMIT $1 OFFSET $2";
  for (std::int64_t offset = 0;; offset += kPage) {
    WEILAI_TRY(Rows rows, tx.exec(sql, {kPage, offset}));
    for (const auto& r : rows.rows) WEILAI_CHECK(fn(r));
    if (static_cast<std::int64_t>(rows.size()) < kPage) return {};
  }
}

Result<std::int64_t> count_rows(Tx& tx, const std::string& table) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT count(*) FROM " + quote_ident(table)));
  return rows.front().i64(0);
}

Result<int> max_version(Tx& tx) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM "
                                "schema_migrations"));
  return static_cast<int>(rows.front().i64(0));
}

// Rows a freshly migrated database already holds (e.g. the audit chain's head), per table.
Result<std::map<std::string, std::int64_t>> seeded_rows() {
  storage::OpenOptions o;
  o.pool_size = 1;
  WEILAI_TRY(auto fresh, storage::open_database("sqlite::memory:", o));
  WEILAI_CHECK(storage::apply_migrations(*fresh));
  return fresh->transact(storage::TxMode::read,
                         [](Tx& tx) -> Result<std::map<std::string, std::int64_t>> {
                           std::map<std::string, std::int64_t> out;
                           WEILAI_TRY(auto names, table_names(tx));
                           for (const auto& n : names) {
                             WEILAI_TRY(out[n], count_rows(tx, n));
                           }
                           return out;
                         });
}

}  // namespace

std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<std::vector<TableInfo>> list_tables(Tx& tx) {
  WEILAI_TRY(auto names, table_names(tx));
  WEILAI_TRY(auto refs, references(tx, names));
  std::map<std::string, TableInfo> info;
  for (const auto& n : names) {
    TableInfo t;
    t.name = n;
    WEILAI_TRY(t.columns, column_names(tx, n));
    info.emplace(n, std::move(t));
  }
  for (const auto& [child, parent] : refs) {
    if (child == parent || !info.count(child) || !info.count(parent)) continue;
    auto& p = info[child].parents;
    if (std::find(p.begin(), p.end(), parent) == p.end()) p.push_back(parent);
  }
  // Kahn's algorithm, smallest name first among the ready tables.
  std::vector<TableInfo> out;
  std::set<std::string> done;
  while (out.size() < info.size()) {
    bool progressed = false;
    for (auto& [name, t] : info) {
      if (done.count(name)) continue;
      const bool ready = std::all_of(t.parents.begin(), t.parents.end(),
                                     [&](const std::string& p) { return done.count(p) > 0; });
      if (!ready) continue;
      done.insert(name);
      out.push_back(t);
      progressed = true;
      break;
    }
    if (!progressed) {
      std::string cycle;
      for (const auto& [name, t] : info) {
        if (!done.count(name)) cycle += (cycle.empty() ? "" : ", ") + name;
      }
      return Error{ErrorCode::failed_precondition,
                   "the foreign keys between these tables form a cycle: " + cycle,
                   {}};
    }
  }
  return out;
}

Result<TableSum> checksum_table(Tx& tx, const std::string& table,
                                const std::vector<std::string>& columns) {
  TableSum sum;
  sum.table = table;
  std::uint64_t hi = 0, lo = 0;  // a 128-bit sum
  std::string buf;
  WEILAI_CHECK(each_row(tx, table, columns, [&](const storage::Row& r) -> Status {
    buf.clear();
    for (const auto& v : r.values) encode(buf, v);
    const std::string h = crypto::sha256_hex(buf);
    std::uint64_t xh = 0, xl = 0;
    for (std::size_t i = 0; i < 32; ++i) {
      const char c = h[i];
      const std::uint64_t nibble = static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
      (i < 16 ? xh : xl) = ((i < 16 ? xh : xl) << 4) | nibble;
    }
    lo += xl;
    hi += xh + (lo < xl ? 1 : 0);
    ++sum.rows;
    return {};
  }));
  char out[33];
  std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(hi),
                static_cast<unsigned long long>(lo));
  sum.digest = out;
  return sum;
}

Result<std::vector<TableSum>> checksum_all(Tx& tx) {
  WEILAI_TRY(auto tables, list_tables(tx));
  std::vector<TableSum> out;
  for (const auto& t : tables) {
    WEILAI_TRY(auto s, checksum_table(tx, t.name, t.columns));
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const TableSum& a, const TableSum& b) { return a.table < b.table; });
  return out;
}

Result<CopyReport> copy_database(storage::Database& source, storage::Database& target,
                                 const CopyOptions& options) {
  WEILAI_TRY(auto seeded, seeded_rows());
  CopyReport report;
  Status st = source.run(storage::TxMode::read, [&](Tx& src) -> Status {
    WEILAI_TRY(auto src_tables, list_tables(src));
    WEILAI_TRY(int src_version, max_version(src));
    report = {};
    return target.run(storage::TxMode::write, [&](Tx& dst) -> Status {
      report = {};
      WEILAI_TRY(int dst_version, max_version(dst));
      if (src_version != dst_version) {
        return Error{ErrorCode::failed_precondition,
                     "the source is at schema version " + std::to_string(src_version) +
                         " and the target at " + std::to_string(dst_version) +
                         ": run `weilai migrate` on both first",
                     {}};
      }
      WEILAI_TRY(auto dst_tables, list_tables(dst));
      std::map<std::string, const TableInfo*> src_by_name;
      for (const auto& t : src_tables) src_by_name[t.name] = &t;
      for (const auto& t : src_tables) {
        const bool there = std::any_of(dst_tables.begin(), dst_tables.end(),
                                       [&](const TableInfo& d) { return d.name == t.name; });
        if (!there) {
          return Error{ErrorCode::failed_precondition,
                       "table " + t.name + " exists in the source but not in the target",
                       {}};
        }
      }
      // Refuse a target holding anything its migrations did not put there.
      for (const auto& t : dst_tables) {
        WEILAI_TRY(auto n, count_rows(dst, t.name));
        const auto s = seeded.find(t.name);
        const std::int64_t base = s == seeded.end() ? 0 : s->second;
        if (n > base && !options.replace && t.name != "schema_migrations") {
          return Error{ErrorCode::failed_precondition,
                       "the target is not empty: table " + t.name + " holds " + std::to_string(n) +
                           " rows (use --force to replace its content)",
                       {}};
        }
      }
      // Empty the target, keeping its own migration history. Row triggers that keep posted
      // ledger rows immutable must not stop the replacement the operator asked for: PostgreSQL's
      // TRUNCATE fires no row triggers; on SQLite the triggers are dropped and re-created from
      // their own SQL inside this transaction.
      if (dst.dialect() == Dialect::postgresql) {
        std::string names;
        for (const auto& t : dst_tables) {
          if (t.name == "schema_migrations") continue;
          names += (names.empty() ? "" : ", ") + quote_ident(t.name);
        }
        if (!names.empty()) WEILAI_CHECK(dst.exec("TRUNCATE " + names));
      } else {
        WEILAI_TRY(auto triggers,
                   dst.exec("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"));
        for (const auto& row : triggers.rows) {
          WEILAI_CHECK(dst.exec("DROP TRIGGER " + quote_ident(row.text(0))));
        }
        for (auto it = dst_tables.rbegin(); it != dst_tables.rend(); ++it) {
          if (it->name == "schema_migrations") continue;
          WEILAI_CHECK(dst.exec("DELETE FROM " + quote_ident(it->name)));
        }
        for (const auto& row : triggers.rows) WEILAI_CHECK(dst.exec(row.text(1)));
      }
      for (const auto& t : dst_tables) {
        if (t.name == "schema_migrations") continue;
        const auto s = src_by_name.find(t.name);
        if (s == src_by_name.end()) continue;  // a table only the target has stays empty
        std::vector<std::string> columns;
        for (const auto& c : s->second->columns) {
          if (std::find(t.columns.begin(), t.columns.end(), c) == t.columns.end()) {
            return Error{ErrorCode::failed_precondition,
                         "column " + t.name + "." + c + " exists in the source only",
                         {}};
          }
          columns.push_back(c);
        }
        std::string placeholders;
        for (std::size_t i = 1; i <= columns.size(); ++i) {
          placeholders += (i == 1 ? "$" : ", $") + std::to_string(i);
        }
        const std::string insert = "INSERT INTO " + quote_ident(t.name) + " (" +
                                   column_list(columns) + ") VALUES (" + placeholders + ")";
        std::int64_t copied = 0;
        WEILAI_CHECK(each_row(src, t.name, columns, [&](const storage::Row& r) -> Status {
          WEILAI_CHECK(dst.exec(insert, std::span<const Value>(r.values)));
          ++copied;
          return {};
        }));
        if (options.progress) options.progress(t.name, copied);
        // Verify before commit: same rows, same content.
        WEILAI_TRY(auto a, checksum_table(src, t.name, columns));
        WEILAI_TRY(auto b, checksum_table(dst, t.name, columns));
        if (a.rows != b.rows || a.digest != b.digest) {
          return Error{ErrorCode::internal,
                       "verification failed for table " + t.name + ": source " +
                           std::to_string(a.rows) + " rows " + a.digest + ", target " +
                           std::to_string(b.rows) + " rows " + b.digest,
                       {}};
        }
        report.tables.push_back(b);
      }
      if (dst.dialect() == Dialect::postgresql) {
        WEILAI_TRY(Rows ids,
                   dst.exec("SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM "
                            "information_schema.columns WHERE table_schema = current_schema() "
                            "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%') "
                            "ORDER BY 1, 2"));
        for (const auto& r : ids.rows) {
          const std::string& table = r.text(0);
          const std::string& column = r.text(1);
          // The next value is one past the largest id (1 for an empty table).
          WEILAI_CHECK(dst.exec(
              "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT "
              "MAX(" +
                  quote_ident(column) + ") FROM " + quote_ident(table) + "), 0) + 1, false)",
              {quote_ident(table), column}));
          report.sequences_reset.push_back(table + "." + column);
        }
      }
      WEILAI_TRY(auto audit, storage::verify_audit(dst));
      if (!audit.ok) {
        return Error{ErrorCode::internal,
                     "the audit chain does not verify on the target: " + audit.reason,
                     {}};
      }
      report.audit_records = audit.checked;
      // The ledger's invariants, on the copied rows: every cached balance equals the sum of its
      // entries, every transaction and every unit sums to zero, no account below its limit.
      WEILAI_TRY(auto ledger, storage::verify_ledger(dst));
      if (!ledger.ok) {
        std::string first = ledger.problems.empty() ? "" : ": " + ledger.problems.front();
        return Error{ErrorCode::internal,
                     "the ledger does not verify on the target (" +
                         std::to_string(ledger.problems.size()) + " problems)" + first,
                     {}};
      }
      report.ledger_accounts = ledger.accounts;
      report.ledger_transactions = ledger.transactions;
      return {};
    });
  });
  if (!st) return st.error();
  return report;
}

}  // namespace weilai::ops
