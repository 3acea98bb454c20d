// Generic table discovery, checksums and migrate-data's copy, on both drivers: the demo data is
// loaded into a SQLite source and copied into a scratch target of each kind.
#include "ops/tables.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.hpp"
#include "storage/audit_store.hpp"
#include "storage/demo_data.hpp"
#include "storage/migrations.hpp"
#include "support/test_db.hpp"

namespace weilai::testing {
namespace {

using storage::TxMode;

std::unique_ptr<storage::Database> open_migrated(const std::string& url) {
  auto db = storage::open_database(url);
  EXPECT_TRUE(db) << db.error().message;
  auto m = storage::apply_migrations(**db);
  EXPECT_TRUE(m) << m.error().message;
  return std::move(db).value();
}

void load_demo(storage::Database& db) {
  ManualClock clock(1'780'000'000'000);
  auto demo = storage::load_demo_data(
      db, clock, "Demo-Pass-2026!",
      [](const std::string&) -> Result<std::string> { return std::string("$argon2id$test"); },
      [] { return std::string("Wl-test"); });
  ASSERT_TRUE(demo) << demo.error().message;
}

std::vector<ops::TableSum> sums(storage::Database& db) {
  auto s = db.transact(TxMode::read, [](storage::Tx& tx) { return ops::checksum_all(tx); });
  EXPECT_TRUE(s) << s.error().message;
  return s ? *s : std::vector<ops::TableSum>{};
}

class OpsTables : public ::testing::TestWithParam<Driver> {
 protected:
  void SetUp() override {
    source_ = std::make_unique<ScratchDatabase>(Driver::sqlite);
    target_ = std::make_unique<ScratchDatabase>(GetParam());
    if (!target_->available()) {
      if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
      GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
    }
  }
  std::unique_ptr<ScratchDatabase> source_, target_;
};

TEST_P(OpsTables, TablesComeInForeignKeyOrder) {
  auto db = open_migrated(target_->url());
  auto tables = db->transact(TxMode::read, [](storage::Tx& tx) { return ops::list_tables(tx); });
  ASSERT_TRUE(tables) << tables.error().message;
  ASSERT_GT(tables->size(), 10u);
  std::vector<std::string> names;
  int with_parents = 0;
  for (const auto& t : *tables) {
    for (const auto& p : t.parents) {
      EXPECT_NE(std::find(names.begin(), names.end(), p), names.end())
          << t.name << " comes before its parent " << p;
    }
    with_parents += t.parents.empty() ? 0 : 1;
    EXPECT_FALSE(t.columns.empty()) << t.name;
    names.push_back(t.name);
  }
  EXPECT_GT(with_parents, 3);
  for (const char* must : {"accounts", "org_units", "audit_log", "schema_migrations"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), must), names.end()) << must;
  }
}

TEST_P(OpsTables, CopiesTheDemoDatabaseVerifiedAndNewInsertsWork) {
  auto src = open_migrated(source_->url());
  load_demo(*src);
  auto dst = open_migrated(target_->url());
  std::vector<std::string> progressed;
  ops::CopyOptions options;
  options.progress = [&](const std::string& t, std::int64_t) { progressed.push_back(t); };
  auto report = ops::copy_database(*src, *dst, options);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_GT(report->audit_records, 0);
  // The demo ledger was verified on the target (storage::verify_ledger).
  EXPECT_GT(report->ledger_accounts, 0);
  EXPECT_GT(report->ledger_transactions, 0);
  EXPECT_FALSE(progressed.empty());
  // Checksums are driver-independent: the whole database sums the same on both sides.
  auto a = sums(*src);
  auto b = sums(*dst);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].table, b[i].table);
    EXPECT_EQ(a[i].rows, b[i].rows) << a[i].table;
    if (a[i].table != "schema_migrations") {
      EXPECT_EQ(a[i].digest, b[i].digest) << a[i].table;
    }
  }
  auto audit = storage::verify_audit(*dst);
  ASSERT_TRUE(audit);
  EXPECT_TRUE(audit->ok) << audit->reason;
  if (GetParam() == Driver::postgresql) {
    EXPECT_FALSE(report->sequences_reset.empty());
  }
  // Identity sequences moved past the copied ids: a new row gets a fresh id.
  auto inserted = dst->transact(TxMode::write, [](storage::Tx& tx) -> Result<std::int64_t> {
    WEILAI_TRY(auto before, tx.exec("SELECT MAX(id) FROM accounts"));
    WEILAI_TRY(auto id, tx.insert_returning_id(
                            "INSERT INTO accounts (login, display_name, password_hash, disabled, "
                            "password_changed_at, created_at, version) VALUES ('after_copy', "
                            "'x', 'h', 0, 1, 1, 1) "
                            "RETURNING id",
                            {}));
    return id - before.front().i64(0);
  });
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(*inserted, 1);
}

TEST_P(OpsTables, RefusesANonEmptyTargetUnlessReplacing) {
  auto src = open_migrated(source_->url());
  load_demo(*src);
  auto dst = open_migrated(target_->url());
  ASSERT_TRUE(ops::copy_database(*src, *dst));
  const auto before = sums(*dst);
  auto again = ops::copy_database(*src, *dst);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(again.error().message.find("not empty"), std::string::npos);
  EXPECT_EQ(sums(*dst).size(), before.size());
  ops::CopyOptions replace;
  replace.replace = true;
  auto replaced = ops::copy_database(*src, *dst, replace);
  ASSERT_TRUE(replaced) << replaced.error().message;
  auto after = sums(*dst);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].digest, before[i].digest);
}

TEST_P(OpsTables, AFailedVerificationLeavesTheTargetUnchanged) {
  auto src = open_migrated(source_->url());
  load_demo(*src);
  // Break the source's audit chain: the copy must refuse to commit anything.
  source_->exec_direct("UPDATE audit_log SET target_id = 'tampered' WHERE seq = 1");
  auto dst = open_migrated(target_->url());
  const auto before = sums(*dst);
  auto report = ops::copy_database(*src, *dst);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("audit chain"), std::string::npos)
      << report.error().message;
  auto after = sums(*dst);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].rows, before[i].rows) << after[i].table;
  }
}

TEST_P(OpsTables, ABrokenLedgerIsRefusedAndTheTargetUnchanged) {
  auto src = open_migrated(source_->url());
  load_demo(*src);
  // A cached balance that no longer equals its entries: the copy must not commit.
  source_->exec_direct(
      "UPDATE ledger_accounts SET balance = balance + 7 WHERE id = (SELECT MIN(id) FROM "
      "ledger_accounts)");
  auto dst = open_migrated(target_->url());
  const auto before = sums(*dst);
  auto report = ops::copy_database(*src, *dst);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("ledger does not verify"), std::string::npos)
      << report.error().message;
  auto after = sums(*dst);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].digest, before[i].digest) << after[i].table;
  }
}

TEST_P(OpsTables, RefusesDifferentSchemaVersions) {
  auto src = open_migrated(source_->url());
  auto dst = open_migrated(target_->url());
  target_->exec_direct(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9000, 'later', 0)");
  auto report = ops::copy_database(*src, *dst);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("schema version"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Drivers, OpsTables, ::testing::Values(Driver::sqlite, Driver::postgresql),
                         [](const auto& info) { return driver_name(info.param); });

TEST(OpsTablesCycle, AReferenceCycleIsReported) {
  auto db = storage::open_database("sqlite::memory:");
  ASSERT_TRUE(db);
  auto st = (*db)->run(TxMode::write, [](storage::Tx& tx) -> Status {
    WEILAI_CHECK(
        tx.exec_script("CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id));"
                       "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));"
                       "CREATE TABLE c (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES c(id))"));
    auto t = ops::list_tables(tx);
    EXPECT_FALSE(t);
    if (!t) {
      EXPECT_NE(t.error().message.find("cycle: a, b"), std::string::npos) << t.error().message;
    }
    return {};
  });
  EXPECT_TRUE(st);
}

TEST(OpsTablesChecksum, ChangesWhenAValueChangesNotWhenRowOrderDoes) {
  auto db = storage::open_database("sqlite::memory:");
  ASSERT_TRUE(db);
  auto run = [&](const std::string& script) {
    std::string digest;
    auto st = (*db)->run(TxMode::write, [&](storage::Tx& tx) -> Status {
      WEILAI_CHECK(tx.exec_script(script));
      WEILAI_TRY(auto s, ops::checksum_table(tx, "t", {"id", "v"}));
      digest = s.digest;
      return {};
    });
    EXPECT_TRUE(st);
    return digest;
  };
  const auto one =
      run("CREATE TABLE t (id INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  const auto two = run("DELETE FROM t; INSERT INTO t VALUES (2, 'b'), (1, 'a')");
  const auto three = run("UPDATE t SET v = 'c' WHERE id = 2");
  EXPECT_EQ(one, two);
  EXPECT_NE(one, three);
  EXPECT_EQ(one.size(), 32u);
}

}  // namespace
}  // namespace weilai::testing
