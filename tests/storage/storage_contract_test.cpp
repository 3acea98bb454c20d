// The storage contract: one suite run against every driver (a SQLite temp file, and PostgreSQL
// at $WEILAI_TEST_PG_URL in a fresh database per test). Repositories rely on exactly what is
// checked here, so a behaviour that differs between drivers is a bug in a driver.
//
// PostgreSQL tests are skipped when WEILAI_TEST_PG_URL is unset, unless WEILAI_REQUIRE_PG=1
// (CI), in which case they fail.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <limits>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "storage/lease_store.hpp"
#include "storage/migrations.hpp"
#include "support/test_db.hpp"

// LeakSanitizer hook (only consulted in -fsanitize builds). When a connection dies under a
// query, libpq 15.20 as driven by libpqxx 6.4.5 loses one PGresult (216 bytes + 2 KiB) inside
// PQprepare/PQexec; our code never holds a PGresult (libpqxx wraps them all), so this cannot
// hide a leak of ours. Only the tests that kill backends reach it.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libpq.so.5\n";
}

namespace weilai::storage {
namespace {

namespace fs = std::filesystem;

using weilai::testing::Driver;
using weilai::testing::pg_base_url;
using weilai::testing::pg_required;
using weilai::testing::PgScratch;
using weilai::testing::unique_suffix;

class StorageContract : public ::testing::TestWithParam<Driver> {
 protected:
  void SetUp() override {
    if (GetParam() == Driver::sqlite) {
      dir_ = fs::temp_directory_path() / ("weilai_storage_" + unique_suffix());
      // A missing parent directory must be created by open_database.
      url_ = "sqlite:" + (dir_ / "nested" / "weilai.db").string();
    } else {
      const std::string base = pg_base_url();
      if (base.empty()) {
        if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
        GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
      }
      pg_ = std::make_unique<PgScratch>(base);
      url_ = pg_->url();
      dir_ = fs::temp_directory_path() / ("weilai_storage_" + unique_suffix());
    }
    fs::create_directories(dir_ / "out");
    db_ = open();
  }

  void TearDown() override {
    db_.reset();
    pg_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  std::unique_ptr<Database> open(OpenOptions options = {}) {
    auto db = open_database(url_, options);
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(db).value() : nullptr;
  }

  bool is_pg() const { return GetParam() == Driver::postgresql; }
  std::string ddl(const char* sqlite, const char* pg) const { return is_pg() ? pg : sqlite; }

  Status exec_all(std::initializer_list<std::string> statements) {
    return db_->run(TxMode::write, [&](Tx& tx) -> Status {
      for (const auto& s : statements) {
        WEILAI_TRY(Rows r, tx.exec(s));
      }
      return {};
    });
  }

  Result<std::int64_t> count(const std::string& table) {
    return db_->transact(TxMode::read, [&](Tx& tx) -> Result<std::int64_t> {
      WEILAI_TRY(Rows r, tx.exec("SELECT count(*) FROM " + table));
      return r.front().i64(0);
    });
  }

  // Portable parent/child tables for the constraint tests.
  void make_constraint_tables() {
    ASSERT_TRUE(exec_all({
        "CREATE TABLE parent (id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
        " n BIGINT CHECK (n >= 0))",
        "CREATE TABLE child (id BIGINT PRIMARY KEY,"
        " parent_id BIGINT NOT NULL REFERENCES parent(id))",
    }));
  }

  fs::path dir_;
  std::string url_;
  std::unique_ptr<PgScratch> pg_;
  std::unique_ptr<Database> db_;
};

TEST_P(StorageContract, DialectAndDescribe) {
  EXPECT_EQ(db_->dialect(), is_pg() ? Dialect::postgresql : Dialect::sqlite);
  EXPECT_TRUE(db_->ping());
  EXPECT_FALSE(db_->describe().empty());
}

TEST_P(StorageContract, RoundTripsEveryValueType) {
  ASSERT_TRUE(
      exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT,"
                " f DOUBLE PRECISION, t TEXT)"}));
  const std::vector<Value> ints = {std::numeric_limits<std::int64_t>::min(),
                                   std::numeric_limits<std::int64_t>::max(), std::int64_t{0},
                                   std::int64_t{-1}, kNull};
  const std::vector<Value> doubles = {0.1, -1e300, 4.9406564584124654e-324, 1.0 / 3.0, kNull, 2.0};
  const std::vector<Value> texts = {std::string(""), std::string("社区生活圈：15分钟，养老服务站"),
                                    std::string("'; DROP TABLE vals; --"),
                                    std::string("$1 ? %s \\ \" \n\t end"), kNull};
  const std::size_t n = std::max({ints.size(), doubles.size(), texts.size()});
  ASSERT_TRUE(db_->run(TxMode::write, [&](Tx& tx) -> Status {
    for (std::size_t k = 0; k < n; ++k) {
      WEILAI_TRY(Rows r, tx.exec("INSERT INTO vals (id, i, f, t) VALUES ($1, $2, $3, $4)",
                                 {std::int64_t(k), ints[k % ints.size()],
                                  doubles[k % doubles.size()], texts[k % texts.size()]}));
      EXPECT_EQ(r.affected, 1);
    }
    return {};
  }));
  auto rows = db_->transact(
      TxMode::read, [&](Tx& tx) { return tx.exec("SELECT id, i, f, t FROM vals ORDER BY id"); });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), n);
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"id", "i", "f", "t"}));
  EXPECT_EQ(rows->affected, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const Row& row = rows->rows[k];
    EXPECT_EQ(row.i64(0), static_cast<std::int64_t>(k));
    EXPECT_EQ(row.values[1], ints[k % ints.size()]) << "row " << k;
    EXPECT_EQ(row.values[2], doubles[k % doubles.size()]) << "row " << k;
    EXPECT_EQ(row.values[3], texts[k % texts.size()]) << "row " << k;
  }
  // The metacharacters were bound, not spliced: the table is still there.
  EXPECT_EQ(count("vals").value_or(-1), static_cast<std::int64_t>(n));
}

TEST_P(StorageContract, BlobsRoundTripEveryByte) {
  ASSERT_TRUE(exec_all({ddl("CREATE TABLE files (id BIGINT PRIMARY KEY, content BLOB)",
                            "CREATE TABLE files (id BIGINT PRIMARY KEY, content BYTEA)")}));
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes += static_cast<char>(i);
  std::string big(3 * 1024 * 1024 + 7, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) % 251);
  const std::vector<Value> blobs = {Blob{all_bytes}, Blob{""}, Blob{std::string("\0\xff\x80x", 4)},
                                    Blob{big}, kNull};
  ASSERT_TRUE(db_->run(TxMode::write, [&](Tx& tx) -> Status {
    for (std::size_t k = 0; k < blobs.size(); ++k)
      WEILAI_CHECK(
          tx.exec("INSERT INTO files (id, content) VALUES ($1, $2)", {std::int64_t(k), blobs[k]}));
    return {};
  }));
  auto rows = db_->transact(TxMode::read, [&](Tx& tx) {
    return tx.exec("SELECT id, content, length(content) FROM files ORDER BY id");
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), blobs.size());
  for (std::size_t k = 0; k + 1 < blobs.size(); ++k) {
    const Row& row = rows->rows[k];
    EXPECT_EQ(row.values[1], blobs[k]) << "row " << k;
    EXPECT_EQ(row.blob(1), std::get<Blob>(blobs[k]).bytes);
    EXPECT_EQ(row.i64(2), static_cast<std::int64_t>(std::get<Blob>(blobs[k]).bytes.size()));
    EXPECT_THROW((void)row.text(1), std::logic_error);
  }
  EXPECT_TRUE(rows->rows.back().is_null(1));
  // Equality on a blob column works in both dialects (content-addressed lookups use it).
  auto found = db_->transact(TxMode::read, [&](Tx& tx) {
    return tx.exec("SELECT id FROM files WHERE content = $1", {Blob{all_bytes}});
  });
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().i64(0), 0);
}

TEST_P(StorageContract, PlaceholdersByNumberNotPosition) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, t TEXT)"}));
  auto found = db_->transact(TxMode::write, [&](Tx& tx) -> Result<Rows> {
    WEILAI_TRY(Rows ins, tx.exec("INSERT INTO vals (t, id, i) VALUES ($2, $3, $1)",
                                 {std::int64_t{42}, std::string("second"), std::int64_t{7}}));
    // The same number twice, and a higher number before a lower one.
    return tx.exec("SELECT id, i, t FROM vals WHERE i = $2 OR id = $2 OR t = $1",
                   {std::string("nothing"), std::int64_t{42}});
  });
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().i64(0), 7);
  EXPECT_EQ(found->front().i64(1), 42);
  EXPECT_EQ(found->front().text(2), "second");
}

TEST_P(StorageContract, WrongParameterCountIsAnError) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY)"}));
  Status st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    WEILAI_TRY(Rows r,
               tx.exec("INSERT INTO vals (id) VALUES ($1)", {std::int64_t{1}, std::int64_t{2}}));
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::internal) << st.error().message;
  EXPECT_EQ(count("vals").value_or(-1), 0);
}

TEST_P(StorageContract, ErrorResultRollsBack) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY)"}));
  Status st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    WEILAI_TRY(Rows r, tx.exec("INSERT INTO vals (id) VALUES ($1)", {std::int64_t{1}}));
    return Error::invalid("changed my mind", "/id");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(st.error().field, "/id");
  EXPECT_EQ(count("vals").value_or(-1), 0);
}

TEST_P(StorageContract, ExceptionInBodyRollsBackAsInternal) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY, t TEXT)"}));
  int calls = 0;
  Status st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    ++calls;
    WEILAI_TRY(Rows r, tx.exec("INSERT INTO vals (id, t) VALUES ($1, $2)",
                               {std::int64_t{1}, std::string("x")}));
    WEILAI_TRY(Rows back, tx.exec("SELECT t FROM vals"));
    (void)back.front().i64(0);  // a text column read as an integer: a programming error
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::internal);
  EXPECT_EQ(calls, 1);  // not retried
  EXPECT_EQ(count("vals").value_or(-1), 0);
  // The connection is still good afterwards.
  EXPECT_TRUE(db_->ping());
}

TEST_P(StorageContract, ConstraintViolationsMapToCanonicalCodes) {
  make_constraint_tables();
  ASSERT_TRUE(db_->run(TxMode::write, [&](Tx& tx) -> Status {
    WEILAI_TRY(Rows r, tx.exec("INSERT INTO parent (id, code, n) VALUES ($1, $2, $3)",
                               {std::int64_t{1}, std::string("a"), std::int64_t{0}}));
    return {};
  }));
  auto attempt = [&](const std::string& sql, std::initializer_list<Value> params) {
    std::vector<Value> copy(params);
    return db_->run(TxMode::write, [&](Tx& tx) -> Status {
      WEILAI_TRY(Rows r, tx.exec(sql, std::span<const Value>(copy)));
      return {};
    });
  };
  Status dup = attempt("INSERT INTO parent (id, code, n) VALUES ($1, $2, $3)",
                       {std::int64_t{2}, std::string("a"), std::int64_t{0}});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::already_exists) << dup.error().message;
  EXPECT_EQ(dup.error().message.find("INSERT"), std::string::npos) << dup.error().message;

  Status dup_pk = attempt("INSERT INTO parent (id, code, n) VALUES ($1, $2, $3)",
                          {std::int64_t{1}, std::string("b"), std::int64_t{0}});
  ASSERT_FALSE(dup_pk);
  EXPECT_EQ(dup_pk.error().code, ErrorCode::already_exists) << dup_pk.error().message;

  Status fk = attempt("INSERT INTO child (id, parent_id) VALUES ($1, $2)",
                      {std::int64_t{1}, std::int64_t{99}});
  ASSERT_FALSE(fk);
  EXPECT_EQ(fk.error().code, ErrorCode::failed_precondition) << fk.error().message;

  Status check = attempt("INSERT INTO parent (id, code, n) VALUES ($1, $2, $3)",
                         {std::int64_t{3}, std::string("c"), std::int64_t{-5}});
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, ErrorCode::invalid_argument) << check.error().message;

  Status not_null = attempt("INSERT INTO parent (id, code, n) VALUES ($1, $2, $3)",
                            {std::int64_t{4}, kNull, std::int64_t{1}});
  ASSERT_FALSE(not_null);
  EXPECT_EQ(not_null.error().code, ErrorCode::invalid_argument) << not_null.error().message;

  EXPECT_EQ(count("parent").value_or(-1), 1);
  EXPECT_EQ(count("child").value_or(-1), 0);
}

TEST_P(StorageContract, FailedStatementAbortsTheTransaction) {
  make_constraint_tables();
  Status st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    EXPECT_TRUE(tx.exec("INSERT INTO parent (id, code) VALUES ($1, $2)",
                        {std::int64_t{1}, std::string("a")}));
    auto dup = tx.exec("INSERT INTO parent (id, code) VALUES ($1, $2)",
                       {std::int64_t{2}, std::string("a")});
    EXPECT_FALSE(dup);
    // Same rule in both dialects: the Tx is dead after a failed statement.
    auto after = tx.exec("SELECT count(*) FROM parent");
    EXPECT_FALSE(after);
    return {};  // swallowing the error does not commit
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::already_exists);
  EXPECT_EQ(count("parent").value_or(-1), 0);
}

// Group commit's per-write savepoints: a statement that fails inside one is undone with it, and
// the transaction goes on and commits the rest (as PostgreSQL's server allows).
TEST_P(StorageContract, RollbackToSavepointEndsTheAbortedState) {
  make_constraint_tables();
  Status st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    WEILAI_CHECK(tx.exec("INSERT INTO parent (id, code) VALUES (1, 'a')"));
    WEILAI_CHECK(tx.exec_script("SAVEPOINT item"));
    WEILAI_CHECK(tx.exec("INSERT INTO parent (id, code) VALUES (2, 'b')"));
    EXPECT_FALSE(tx.exec("INSERT INTO parent (id, code) VALUES (3, 'a')"));  // duplicate code
    EXPECT_FALSE(tx.exec("SELECT count(*) FROM parent"));                    // aborted
    EXPECT_FALSE(tx.exec_script("RELEASE SAVEPOINT item"));  // only a rollback is accepted
    WEILAI_CHECK(tx.exec_script("ROLLBACK TO SAVEPOINT item"));
    WEILAI_CHECK(tx.exec_script("RELEASE SAVEPOINT item"));
    WEILAI_CHECK(tx.exec("INSERT INTO parent (id, code) VALUES (4, 'd')"));
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  auto codes = db_->transact(TxMode::read,
                             [](Tx& tx) { return tx.exec("SELECT code FROM parent ORDER BY id"); });
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->size(), 2u);  // 'b' went with its savepoint
  EXPECT_EQ(codes->rows[0].text(0), "a");
  EXPECT_EQ(codes->rows[1].text(0), "d");
}

// Named leases (migration 0015's table): one holder at a time, renewals by the holder, a lease
// past its expiry taken by the next, and of many servers asking at once exactly one wins.
TEST_P(StorageContract, LeasesHaveOneHolderAndPassOnWhenExpired) {
  ASSERT_TRUE(
      exec_all({"CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, "
                "expires_at BIGINT NOT NULL)"}));
  auto take = [&](const std::string& holder, std::int64_t now, std::int64_t until) {
    auto r = db_->transact(TxMode::write,
                           [&](Tx& tx) { return take_lease(tx, "job", holder, now, until); });
    EXPECT_TRUE(r) << r.error().message;
    return r && *r;
  };
  EXPECT_TRUE(take("a", 1000, 2000));
  EXPECT_FALSE(take("b", 1500, 2500));  // a's lease runs until 2000
  EXPECT_TRUE(take("a", 1900, 3000));   // a renews
  EXPECT_FALSE(take("b", 2500, 3500));
  EXPECT_TRUE(take("b", 3000, 4000));  // expired: b takes over
  EXPECT_FALSE(take("a", 3100, 4100));
  ASSERT_TRUE(db_->run(TxMode::write, [](Tx& tx) { return release_lease(tx, "job", "a"); }));
  EXPECT_FALSE(take("a", 3200, 4200));  // a cannot release b's lease
  ASSERT_TRUE(db_->run(TxMode::write, [](Tx& tx) { return release_lease(tx, "job", "b"); }));
  EXPECT_TRUE(take("a", 3300, 4300));  // released: free at once

  std::atomic<int> winners{0};
  std::vector<std::thread> servers;
  for (int i = 0; i < 8; ++i)
    servers.emplace_back([&, i] {
      if (take("s" + std::to_string(i), 5000, 6000)) ++winners;
    });
  for (auto& t : servers) t.join();
  EXPECT_EQ(winners.load(), 1);
}

TEST_P(StorageContract, ReadTransactionsCannotWrite) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY)"}));
  Status st = db_->run(TxMode::read, [&](Tx& tx) -> Status {
    WEILAI_TRY(Rows r, tx.exec("INSERT INTO vals (id) VALUES ($1)", {std::int64_t{1}}));
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::internal) << st.error().message;
  EXPECT_EQ(count("vals").value_or(-1), 0);
}

TEST_P(StorageContract, UpsertAndAffectedCounts) {
  ASSERT_TRUE(exec_all({"CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)"}));
  const std::string upsert =
      "INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v";
  auto result = db_->transact(TxMode::write, [&](Tx& tx) -> Result<Rows> {
    for (std::int64_t v : {1, 2, 3}) {
      WEILAI_TRY(Rows r, tx.exec(upsert, {std::string("a"), v}));
    }
    WEILAI_TRY(Rows b, tx.exec(upsert, {std::string("b"), std::int64_t{10}}));
    WEILAI_TRY(Rows upd, tx.exec("UPDATE kv SET v = v + 1"));
    EXPECT_EQ(upd.affected, 2);
    WEILAI_TRY(Rows none, tx.exec("DELETE FROM kv WHERE k = $1", {std::string("zzz")}));
    EXPECT_EQ(none.affected, 0);
    return tx.exec("SELECT k, v FROM kv ORDER BY k");
  });
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ(result->rows[0].text(0), "a");
  EXPECT_EQ(result->rows[0].i64(1), 4);
  EXPECT_EQ(result->rows[1].i64(1), 11);
}

TEST_P(StorageContract, ExpressionTypesArePortable) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, t TEXT)",
                        "INSERT INTO vals (id, i, t) VALUES (1, 5, NULL)",
                        "INSERT INTO vals (id, i, t) VALUES (2, 7, 'x')"}));
  auto r = db_->transact(TxMode::read, [&](Tx& tx) {
    return tx.exec(
        "SELECT count(*), sum(i), max(t), (min(t) IS NULL), (1 = 1), coalesce(max(t), $1) "
        "FROM vals",
        {std::string("none")});
  });
  ASSERT_TRUE(r) << r.error().message;
  const Row& row = r->front();
  EXPECT_EQ(row.i64(0), 2);
  EXPECT_EQ(row.i64(1), 12);  // numeric on PostgreSQL, integer on SQLite
  EXPECT_EQ(row.text(2), "x");
  EXPECT_EQ(row.i64(3), 0);  // booleans read as 0/1 in both
  EXPECT_EQ(row.i64(4), 1);
  EXPECT_EQ(row.text(5), "x");
}

TEST_P(StorageContract, OptionalFiltersCastTheirParameter) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, t TEXT)",
                        "INSERT INTO vals (id, i, t) VALUES (1, 5, 'a')",
                        "INSERT INTO vals (id, i, t) VALUES (2, 7, 'b')"}));
  // `$1 IS NULL` alone leaves PostgreSQL unable to infer $1's type: CAST works in both dialects.
  const std::string sql =
      "SELECT count(*) FROM vals WHERE (CAST($1 AS BIGINT) IS NULL OR i = $1)"
      " AND (CAST($2 AS TEXT) IS NULL OR t = $2)";
  auto run = [&](Value i, Value t) {
    return db_->transact(TxMode::read, [&](Tx& tx) -> Result<std::int64_t> {
      WEILAI_TRY(Rows r, tx.exec(sql, {i, t}));
      return r.front().i64(0);
    });
  };
  EXPECT_EQ(run(kNull, kNull).value_or(-1), 2);
  EXPECT_EQ(run(std::int64_t{7}, kNull).value_or(-1), 1);
  EXPECT_EQ(run(kNull, std::string("a")).value_or(-1), 1);
  EXPECT_EQ(run(std::int64_t{7}, std::string("a")).value_or(-1), 0);
}

TEST_P(StorageContract, ManyDistinctStatementsOutgrowTheCache) {
  OpenOptions options;
  options.pool_size = 1;  // every statement lands in the same connection's cache
  auto db = open(options);
  ASSERT_TRUE(db);
  Status st = db->run(TxMode::read, [&](Tx& tx) -> Status {
    for (int k = 0; k < 1100; ++k) {
      WEILAI_TRY(Rows r,
                 tx.exec("SELECT CAST($1 AS BIGINT) + " + std::to_string(k), {std::int64_t{1000}}));
      EXPECT_EQ(r.front().i64(0), 1000 + k);
    }
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
}

TEST_P(StorageContract, CachedStatementsSurviveASchemaChange) {
  ASSERT_TRUE(
      exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY)", "INSERT INTO vals (id) VALUES (1)"}));
  OpenOptions options;
  options.pool_size = 1;
  auto db = open(options);
  ASSERT_TRUE(db);
  auto select_all = [&] {
    return db->transact(TxMode::read, [](Tx& tx) { return tx.exec("SELECT * FROM vals"); });
  };
  auto before = select_all();
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_EQ(before->columns.size(), 1u);
  // Another connection (another server, a migration) adds a column.
  ASSERT_TRUE(exec_all({"ALTER TABLE vals ADD COLUMN note TEXT"}));
  auto after = select_all();
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->columns.size(), 2u);
}

TEST_P(StorageContract, MigrationsApplyOnceAndRefuseNewerSchema) {
  EXPECT_EQ(schema_version(*db_).value_or(-1), 0);
  const char* dialect = is_pg() ? "postgresql" : "sqlite";
  std::vector<std::string> expected;
  int newest = 0;
  for (const auto& f : embedded_migrations()) {
    if (f.dialect == dialect) {
      expected.push_back(f.name);
      newest = std::max(newest, f.version);
    }
  }
  ASSERT_FALSE(expected.empty());

  auto first = apply_migrations(*db_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, newest);
  EXPECT_EQ(first->applied, expected);
  EXPECT_EQ(schema_version(*db_).value_or(-1), newest);

  auto second = apply_migrations(*db_);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->from_version, newest);
  EXPECT_EQ(second->to_version, newest);

  // The schema works: identity ids come back through RETURNING in both dialects.
  auto id = db_->transact(TxMode::write, [&](Tx& tx) {
    return tx.insert_returning_id(
        "INSERT INTO org_units (kind, code, name_zh, name_en, created_at) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {std::string("community"), std::string("C001"), std::string("幸福社区"),
         std::string("Xingfu"), std::int64_t{1700000000000}});
  });
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_GT(*id, 0);
  auto head = db_->transact(TxMode::read, [&](Tx& tx) -> Result<std::int64_t> {
    WEILAI_TRY(Rows r, tx.exec("SELECT seq FROM audit_head WHERE id = 1"));
    return r.front().i64(0);
  });
  EXPECT_EQ(head.value_or(-1), 0);

  // A database written by a newer binary is refused.
  ASSERT_TRUE(db_->run(TxMode::write, [&](Tx& tx) -> Status {
    WEILAI_TRY(Rows r, tx.exec("INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES ($1, $2, $3)",
                               {std::int64_t{newest + 100}, std::string("from_the_future"),
                                std::int64_t{0}}));
    return {};
  }));
  auto refused = apply_migrations(*db_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(refused.error().message, "database schema version " + std::to_string(newest + 100) +
                                         " is newer than this binary's " + std::to_string(newest) +
                                         ": upgrade weilai");
}

TEST_P(StorageContract, MigrationFilesRunInOrderAndAFailureRollsBack) {
  const std::string d = is_pg() ? "postgresql" : "sqlite";
  std::vector<MigrationFile> files = {
      {d, 2, "0002_more", "INSERT INTO a (id) VALUES (2);\nCREATE TABLE b (id BIGINT);"},
      {d, 1, "0001_start", "CREATE TABLE a (id BIGINT PRIMARY KEY);\nINSERT INTO a VALUES (1);"},
      {is_pg() ? "sqlite" : "postgresql", 9, "0009_other_dialect", "THIS IS NOT SQL"},
  };
  auto report = apply_migrations(*db_, files);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->applied, (std::vector<std::string>{"0001_start", "0002_more"}));
  EXPECT_EQ(count("a").value_or(-1), 2);

  files.push_back(
      {d, 3, "0003_broken", "CREATE TABLE c (id BIGINT);\nINSERT INTO nowhere VALUES (1);"});
  auto broken = apply_migrations(*db_, files);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("0003_broken"), std::string::npos);
  EXPECT_EQ(schema_version(*db_).value_or(-1), 2);
  // Table c was created inside the failed migration's transaction and rolled back with it.
  EXPECT_FALSE(count("c"));
}

TEST_P(StorageContract, ConcurrentMigratorsApplyEachFileOnce) {
  auto other = open();
  ASSERT_TRUE(other);
  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  auto migrate = [&](Database& db) {
    start.wait();
    return apply_migrations(db);
  };
  auto a = std::async(std::launch::async, migrate, std::ref(*db_));
  auto b = std::async(std::launch::async, migrate, std::ref(*other));
  go.set_value();
  auto ra = a.get();
  auto rb = b.get();
  ASSERT_TRUE(ra) << ra.error().message;
  ASSERT_TRUE(rb) << rb.error().message;
  EXPECT_FALSE(ra->applied.empty() && rb->applied.empty());
  auto rows = count("schema_migrations");
  EXPECT_EQ(rows.value_or(-1), static_cast<std::int64_t>(ra->applied.size() + rb->applied.size()));
}

// 16 threads each add 1 to one counter 200 times by reading it and writing back value + 1.
// Lost updates would leave it below 3200. TxMode::serializable is the portable way to write a
// read-modify-write: SQLite takes the write lock up front, PostgreSQL detects the conflict and
// the driver re-runs the body.
void hammer_counter(Database& db, TxMode mode, const std::string& select_sql) {
  constexpr int kThreads = 16;
  constexpr int kIncrements = 200;
  std::atomic<int> failures{0};
  std::string first_error;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        Status st = db.run(mode, [&](Tx& tx) -> Status {
          WEILAI_TRY(Rows r, tx.exec(select_sql, {std::int64_t{1}}));
          const std::int64_t v = r.front().i64(0);
          WEILAI_TRY(Rows u, tx.exec("UPDATE counter SET value = $1 WHERE id = $2",
                                     {v + 1, std::int64_t{1}}));
          return {};
        });
        if (!st) {
          ++failures;
          std::lock_guard lock(mu);
          if (first_error.empty()) first_error = st.error().message;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0) << first_error;
  auto value = db.transact(TxMode::read, [&](Tx& tx) -> Result<std::int64_t> {
    WEILAI_TRY(Rows r, tx.exec("SELECT value FROM counter WHERE id = 1"));
    return r.front().i64(0);
  });
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(*value, kThreads * kIncrements - failures.load());
  EXPECT_EQ(*value, kThreads * kIncrements);
}

TEST_P(StorageContract, ConcurrentReadModifyWriteLosesNothing) {
  ASSERT_TRUE(exec_all({"CREATE TABLE counter (id BIGINT PRIMARY KEY, value BIGINT NOT NULL)",
                        "INSERT INTO counter (id, value) VALUES (1, 0)"}));
  OpenOptions options;
  options.pool_size = 8;
  options.max_retries = 50;  // 16 writers on one row is a worst case; see the report
  auto db = open(options);
  ASSERT_TRUE(db);
  hammer_counter(*db, TxMode::serializable, "SELECT value FROM counter WHERE id = $1");
  EXPECT_LE(db->pool_stats().size, 8);
  EXPECT_EQ(db->pool_stats().in_use, 0);
}

TEST_P(StorageContract, WriteModeWithRowLockLosesNothing) {
  ASSERT_TRUE(exec_all({"CREATE TABLE counter (id BIGINT PRIMARY KEY, value BIGINT NOT NULL)",
                        "INSERT INTO counter (id, value) VALUES (1, 0)"}));
  // TxMode::write: SQLite is already serial; PostgreSQL (READ COMMITTED) needs the row lock,
  // which is PostgreSQL-only syntax; hot counters should prefer SET value = value + 1.
  const std::string select = is_pg() ? "SELECT value FROM counter WHERE id = $1 FOR UPDATE"
                                     : "SELECT value FROM counter WHERE id = $1";
  hammer_counter(*db_, TxMode::write, select);
}

TEST_P(StorageContract, BackupIsAConsistentCopy) {
  ASSERT_TRUE(exec_all({"CREATE TABLE vals (id BIGINT PRIMARY KEY, t TEXT)",
                        "INSERT INTO vals (id, t) VALUES (1, '一')",
                        "INSERT INTO vals (id, t) VALUES (2, 'two')"}));
  const std::string path = (dir_ / "out" / "backup.bin").string();
  Status st = db_->backup_to(path);
  ASSERT_TRUE(st) << st.error().message;
  ASSERT_TRUE(fs::exists(path));
  EXPECT_GT(fs::file_size(path), 0u);
  Status again = db_->backup_to(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::already_exists);

  std::unique_ptr<PgScratch> restored_db;
  std::string restored_url = "sqlite:" + path;
  if (is_pg()) {
    restored_db = std::make_unique<PgScratch>(pg_base_url());
    restored_url = restored_db->url();
    const std::string cmd = "pg_restore --no-owner -d '" + restored_url + "' '" + path + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  auto copy = open_database(restored_url);
  ASSERT_TRUE(copy) << copy.error().message;
  auto rows = (*copy)->transact(
      TxMode::read, [](Tx& tx) { return tx.exec("SELECT id, t FROM vals ORDER BY id"); });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->rows[0].text(1), "一");
  EXPECT_EQ(rows->rows[1].text(1), "two");
  (*copy)->close();
}

TEST_P(StorageContract, PoolReusesConnectionsAndCloseStopsIt) {
  OpenOptions options;
  options.pool_size = 2;
  auto db = open(options);
  ASSERT_TRUE(db);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(db->ping());
  PoolStats stats = db->pool_stats();
  EXPECT_EQ(stats.size, 1);
  EXPECT_EQ(stats.in_use, 0);
  db->close();
  Status st = db->ping();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
}

INSTANTIATE_TEST_SUITE_P(Drivers, StorageContract,
                         ::testing::Values(Driver::sqlite, Driver::postgresql),
                         [](const ::testing::TestParamInfo<Driver>& info) {
                           return info.param == Driver::sqlite ? "sqlite" : "postgresql";
                         });

// ---- Driver-specific behaviour ----

TEST(SqliteDriver, MemoryDatabaseIsSharedByPooledConnections) {
  OpenOptions options;
  options.pool_size = 2;
  auto opened = open_database("sqlite::memory:", options);
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  ASSERT_TRUE(db.run(TxMode::write, [](Tx& tx) -> Status {
    WEILAI_TRY(Rows a, tx.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
    WEILAI_TRY(Rows b, tx.exec("INSERT INTO t (v) VALUES ($1)", {std::string("hello")}));
    return {};
  }));
  // Hold the first connection in a transaction on another thread, so the second read must use
  // a second pooled connection, which has to see the same in-memory database.
  std::promise<void> holding;
  std::promise<void> release;
  std::thread holder([&] {
    Status st = db.run(TxMode::read, [&](Tx& tx) -> Status {
      WEILAI_TRY(Rows r, tx.exec("SELECT count(*) FROM t"));
      holding.set_value();
      release.get_future().wait();
      return {};
    });
    EXPECT_TRUE(st);
  });
  holding.get_future().wait();
  auto v = db.transact(TxMode::read, [](Tx& tx) -> Result<std::string> {
    WEILAI_TRY(Rows r, tx.exec("SELECT v FROM t"));
    return r.front().text(0);
  });
  EXPECT_EQ(db.pool_stats().size, 2);
  release.set_value();
  holder.join();
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, "hello");

  // Two memory databases are separate.
  auto other = open_database("sqlite::memory:");
  ASSERT_TRUE(other);
  auto missing =
      (*other)->transact(TxMode::read, [](Tx& tx) { return tx.exec("SELECT * FROM t"); });
  EXPECT_FALSE(missing);
}

TEST(SqliteDriver, MemoryDatabaseTakesConcurrentWritersAndReaders) {
  auto opened = open_database("sqlite::memory:");
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  ASSERT_TRUE(db.run(TxMode::write, [](Tx& tx) -> Status {
    WEILAI_TRY(Rows a, tx.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)"));
    WEILAI_TRY(Rows b, tx.exec("INSERT INTO counter (id, value) VALUES (1, 0)"));
    return {};
  }));
  std::atomic<int> read_failures{0};
  std::thread reader([&] {
    for (int i = 0; i < 200; ++i) {
      auto v = db.transact(TxMode::read, [](Tx& tx) -> Result<std::int64_t> {
        WEILAI_TRY(Rows r, tx.exec("SELECT value FROM counter WHERE id = 1"));
        return r.front().i64(0);
      });
      if (!v) ++read_failures;
    }
  });
  hammer_counter(db, TxMode::write, "SELECT value FROM counter WHERE id = $1");
  reader.join();
  EXPECT_EQ(read_failures.load(), 0);
}

TEST(SqliteDriver, FileDatabaseUsesWalAndForeignKeys) {
  auto dir = fs::temp_directory_path() / ("weilai_storage_" + unique_suffix());
  auto opened = open_database("sqlite:" + (dir / "db.sqlite").string());
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  EXPECT_EQ(db.describe(), "sqlite:" + (dir / "db.sqlite").string());
  ASSERT_TRUE(db.run(TxMode::write, [](Tx& tx) -> Status {
    WEILAI_TRY(Rows r, tx.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
    return {};
  }));
  auto mode = db.transact(TxMode::write, [](Tx& tx) -> Result<std::string> {
    WEILAI_TRY(Rows r, tx.exec("PRAGMA journal_mode"));
    return r.front().text(0);
  });
  EXPECT_EQ(mode.value_or(""), "wal");
  auto fk = db.transact(TxMode::write, [](Tx& tx) -> Result<std::int64_t> {
    WEILAI_TRY(Rows r, tx.exec("PRAGMA foreign_keys"));
    return r.front().i64(0);
  });
  EXPECT_EQ(fk.value_or(0), 1);
  opened->reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(OpenDatabase, RejectsUnknownSchemesAndUnreachableServers) {
  auto bad = open_database("mysql://localhost/x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  auto empty = open_database("sqlite:");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
  auto down = open_database("postgresql://nobody:hunter2@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::unavailable);
  EXPECT_EQ(down.error().message.find("hunter2"), std::string::npos) << down.error().message;
}

class PostgresDriver : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = pg_base_url();
    if (base.empty()) {
      if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
      GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
    }
    pg_ = std::make_unique<PgScratch>(base);
  }
  std::unique_ptr<PgScratch> pg_;
};

TEST_F(PostgresDriver, DescribeStripsThePassword) {
  // Trust authentication ignores the password, so the URL still connects.
  std::string url = pg_->url();
  url.insert(url.find('@'), ":s3cret");
  auto db = open_database(url);
  ASSERT_TRUE(db) << db.error().message;
  const std::string shown = (*db)->describe();
  EXPECT_EQ(shown.find("s3cret"), std::string::npos) << shown;
  EXPECT_NE(shown.find(pg_->name()), std::string::npos) << shown;
  (*db)->close();
}

TEST_F(PostgresDriver, SurvivesATerminatedBackend) {
  OpenOptions options;
  options.pool_size = 1;  // the next transaction must reuse (or replace) that one connection
  auto opened = open_database(pg_->url(), options);
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  auto pid = db.transact(TxMode::read, [](Tx& tx) -> Result<std::int64_t> {
    WEILAI_TRY(Rows r, tx.exec("SELECT pg_backend_pid()"));
    return r.front().i64(0);
  });
  ASSERT_TRUE(pid) << pid.error().message;
  pg_->admin_exec("SELECT pg_terminate_backend(" + std::to_string(*pid) + ")");
  // Give the server a moment to actually close the socket.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto next = db.transact(TxMode::read, [](Tx& tx) -> Result<std::int64_t> {
    WEILAI_TRY(Rows r, tx.exec("SELECT pg_backend_pid()"));
    return r.front().i64(0);
  });
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_NE(*next, *pid);
  EXPECT_EQ(db.pool_stats().size, 1);
  EXPECT_TRUE(db.ping());
  db.close();
}

TEST_F(PostgresDriver, RerunsABodyWhoseConnectionDiedMidTransaction) {
  auto opened = open_database(pg_->url());
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  int calls = 0;
  Status st = db.run(TxMode::write, [&](Tx& tx) -> Status {
    ++calls;
    WEILAI_TRY(Rows pid, tx.exec("SELECT pg_backend_pid()"));
    if (calls == 1) {
      pg_->admin_exec("SELECT pg_terminate_backend(" + std::to_string(pid.front().i64(0)) + ")");
    }
    WEILAI_TRY(Rows again, tx.exec("SELECT 1"));
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(calls, 2);
  db.close();
}

TEST_F(PostgresDriver, ReplacesEveryConnectionAfterAMassDisconnect) {
  OpenOptions options;
  options.pool_size = 4;
  auto opened = open_database(pg_->url(), options);
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  // Open four connections at once, as a busy server would have.
  {
    std::promise<void> all_in;
    std::shared_future<void> go = all_in.get_future().share();
    std::atomic<int> inside{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&] {
        EXPECT_TRUE(db.run(TxMode::read, [&](Tx&) -> Status {
          if (++inside == 4) all_in.set_value();
          go.wait();
          return {};
        }));
      });
    }
    for (auto& t : threads) t.join();
  }
  ASSERT_EQ(db.pool_stats().size, 4);
  // What a server restart does to every idle session.
  pg_->admin_exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                  pg_->name() + "' AND pid <> pg_backend_pid()");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(db.ping()) << i;
  EXPECT_LE(db.pool_stats().size, 4);
  db.close();
}

// A real PostgreSQL restart under load is the cluster drill's job (tests/cluster, ctest
// cluster_drill): three servers keep serving and lose no acknowledged write. A test here that only
// ran when an environment variable said how to restart the server was skipped in every `make test`.

}  // namespace
}  // namespace weilai::storage
