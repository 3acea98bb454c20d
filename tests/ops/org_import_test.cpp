// `weilai org import`: CSV/JSON parsing, validation with line numbers, all or nothing,
// idempotence, audit records; and the shipped default file (data/org/lishui-default.csv).
#include "ops/org_import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "storage/audit_store.hpp"
#include "storage/migrations.hpp"
#include "storage/org_store.hpp"
#include "support/test_db.hpp"

namespace weilai::testing {
namespace {

using storage::TxMode;

class OrgImport : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::open_database(scratch_.url());
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(db).value();
    ASSERT_TRUE(storage::apply_migrations(*db_));
  }
  // Imports in one transaction, committed only when valid (as the command does).
  ops::OrgImportReport import(const std::string& text, bool dry_run = false) {
    auto parsed = ops::parse_org_file(text);
    if (!parsed.issues.empty()) {
      ops::OrgImportReport r;
      r.issues = parsed.issues;
      return r;
    }
    ops::OrgImportReport report;
    auto st = db_->run(TxMode::write, [&](storage::Tx& tx) -> Status {
      WEILAI_TRY(report, ops::import_org_units(tx, parsed.rows, 1'780'000'000'000, dry_run));
      if (!report.ok()) return Error::invalid("rollback");
      return {};
    });
    if (report.ok()) EXPECT_TRUE(st) << st.error().message;
    return report;
  }
  std::int64_t count(const std::string& sql) {
    auto n = db_->transact(TxMode::read, [&](storage::Tx& tx) -> Result<std::int64_t> {
      WEILAI_TRY(auto r, tx.exec(sql));
      return r.front().i64(0);
    });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }
  static std::string joined(const ops::OrgImportReport& r) {
    std::string s;
    for (const auto& i : r.issues) s += std::to_string(i.line) + ": " + i.message + "\n";
    return s;
  }
  ScratchDatabase scratch_{Driver::sqlite};
  std::unique_ptr<storage::Database> db_;
};

TEST_F(OrgImport, TheShippedDefaultFileCreatesLishuiAndItsNineCountiesOnceAudited) {
  std::ifstream in(WEILAI_SOURCE_DIR "/data/org/lishui-default.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto first = import(text.str());
  ASSERT_TRUE(first.ok()) << joined(first);
  EXPECT_EQ(first.created, 11);
  EXPECT_EQ(count("SELECT COUNT(*) FROM org_units WHERE kind = 'county' AND parent_id = (SELECT "
                  "id FROM org_units WHERE code = '331100')"),
            9);
  EXPECT_EQ(count("SELECT COUNT(*) FROM org_units WHERE code = '331127' AND name_zh = "
                  "'景宁畲族自治县'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'org_unit.import'"), 11);
  // Idempotent: the second run changes nothing and audits nothing.
  auto second = import(text.str());
  ASSERT_TRUE(second.ok()) << joined(second);
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(second.unchanged, 11);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'org_unit.import'"), 11);
  auto audit = storage::verify_audit(*db_);
  ASSERT_TRUE(audit);
  EXPECT_TRUE(audit->ok) << audit->reason;
  // A community under an existing county, parent listed after the child (any order works).
  auto more = import(
      "code,name,kind,parent\n"
      "331102-LS-G1,灵山第一网格,grid,331102-LS\n"
      "331102-LS,\"灵山社区, 莲都\",community,331102\n");
  ASSERT_TRUE(more.ok()) << joined(more);
  EXPECT_EQ(more.created, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM org_units WHERE name_zh = '灵山社区, 莲都'"), 1);
}

TEST_F(OrgImport, EveryProblemIsReportedWithItsLineAndNothingIsWritten) {
  auto r = import(
      "code,name,kind,parent\n"
      "330000,浙江省,province,\n"
      "331100,丽水市,city,330000\n"
      "331102,,county,331100\n"          // line 4: empty name
      "331121,青田县,town,331100\n"      // line 5: bad kind
      "331100,丽水,city,330000\n"        // line 6: duplicate code
      "bad code,x,county,331100\n"       // line 7: bad code
      "331122,缙云县,county,999999\n");  // line 8: unknown parent
  ASSERT_FALSE(r.ok());
  const std::string all = joined(r);
  for (const char* want : {"4: name is empty", "5: kind \"town\"", "6: code 331100 appears twice",
                           "7: code \"bad code\""}) {
    EXPECT_NE(all.find(want), std::string::npos) << want << " in\n" << all;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM org_units"), 0);
  // Structure: unknown parent, a county under a county, a city without a parent.
  auto s = import(
      "code,name,kind,parent\n"
      "330000,浙江省,province,\n"
      "331100,丽水市,city,330000\n"
      "331102,莲都区,county,331100\n"
      "331122,缙云县,county,999999\n"
      "331123,遂昌县,county,331102\n"
      "331200,某市,city,\n");
  ASSERT_FALSE(s.ok());
  const std::string st = joined(s);
  EXPECT_NE(st.find("5: parent 999999 is neither"), std::string::npos) << st;
  EXPECT_NE(st.find("6: a county cannot be placed under 331102"), std::string::npos) << st;
  EXPECT_NE(st.find("7: only a province may have no parent"), std::string::npos) << st;
  EXPECT_EQ(count("SELECT COUNT(*) FROM org_units"), 0);
  // Header problems stop at line 1.
  auto h = import("code,name,type\n1,a,city\n");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.issues.front().line, 1);
}

TEST_F(OrgImport, AConflictingExistingCodeIsRefusedAndJsonWorksLikeCsv) {
  auto json = import(R"([
    {"code": "330000", "name": "浙江省", "kind": "province", "parent": null},
    {"code": "331100", "name": "丽水市", "kind": "city", "parent": "330000", "name_en": "Lishui"}
  ])");
  ASSERT_TRUE(json.ok()) << joined(json);
  EXPECT_EQ(json.created, 2);
  auto conflict = import(
      "code,name,kind,parent\n"
      "331100,丽水,city,330000\n"
      "331102,莲都区,county,331100\n");
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.issues.size(), 1u);
  EXPECT_EQ(conflict.issues.front().line, 2);
  EXPECT_NE(conflict.issues.front().message.find("already exists with different values"),
            std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM org_units"), 2);  // 331102 was not written either
  auto bad = import(R"([{"code": "331102", "name": 5, "kind": "county", "parent": "331100"},
                        {"code": "x", "colour": "red"}])");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.issues.size(), 2u) << joined(bad);
  // Dry run validates without writing.
  auto dry = import("code,name,kind,parent\n331102,莲都区,county,331100\n", true);
  ASSERT_TRUE(dry.ok()) << joined(dry);
  EXPECT_EQ(dry.created, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM org_units"), 2);
}

}  // namespace
}  // namespace weilai::testing
