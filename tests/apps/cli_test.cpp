// The administration commands through the real binary: migrate, user add/passwd/list, audit
// verify (including a tampered log), backup, and refusing a database newer than the binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "storage/database.hpp"
#include "support/test_db.hpp"

namespace weilai::testing {
namespace {

struct Run {
  int exit_code;
  std::string output;  // stdout and stderr together
};

Run run(const std::string& args, const std::string& input = {}) {
  const std::string cmd =
      "printf '%s\\n' '" + input + "' | " + std::string(WEILAI_BIN) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class Cli : public ::testing::TestWithParam<Driver> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<ScratchDatabase>(GetParam());
    if (!scratch_->available()) {
      if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
      GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
    }
    db_ = " --db '" + scratch_->url() + "'";
  }
  std::unique_ptr<ScratchDatabase> scratch_;
  std::string db_;
};

TEST_P(Cli, HelpAndVersion) {
  auto help = run("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* sub : {"serve", "migrate", "user", "audit", "backup", "version"}) {
    EXPECT_NE(help.output.find(sub), std::string::npos) << sub;
  }
  auto serve_help = run("serve --help");
  EXPECT_NE(serve_help.output.find("--listen"), std::string::npos);
  EXPECT_NE(serve_help.output.find("--demo"), std::string::npos);
  EXPECT_NE(run("version").output.find("weilai "), std::string::npos);
  EXPECT_NE(run("no-such-command").exit_code, 0);
}

TEST_P(Cli, UsersAreCreatedListedAndAudited) {
  ASSERT_EQ(run("migrate" + db_).exit_code, 0);
  auto weak = run("user add --login ops --name 运维" + db_, "short");
  EXPECT_EQ(weak.exit_code, 2) << weak.output;
  EXPECT_NE(weak.output.find("at least 10"), std::string::npos);
  auto bad_role =
      run("user add --login ops --name 运维 --role king --org 330000" + db_, "Strong-Key-2026!");
  EXPECT_EQ(bad_role.exit_code, 2);
  // No org units exist in a bare database, so a grant on 330000 fails and nothing is written.
  auto no_org = run("user add --login ops --name 运维 --role system_admin --org 330000" + db_,
                    "Strong-Key-2026!");
  EXPECT_EQ(no_org.exit_code, 1) << no_org.output;
  auto ok = run("user add --login ops --name 运维" + db_, "Strong-Key-2026!");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  auto again = run("user add --login ops --name 运维" + db_, "Strong-Key-2026!");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("taken"), std::string::npos);
  auto list = run("user list" + db_);
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.output.find("ops"), std::string::npos);
  EXPECT_NE(list.output.find("运维"), std::string::npos);
  EXPECT_EQ(run("user passwd --login ops" + db_, "Another-Pass-99").exit_code, 0);
  EXPECT_EQ(run("user passwd --login nobody" + db_, "Another-Pass-99").exit_code, 1);
  auto verify = run("audit verify" + db_);
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("2 records verified"), std::string::npos) << verify.output;
}

TEST_P(Cli, AuditVerifyFindsTampering) {
  ASSERT_EQ(run("migrate" + db_).exit_code, 0);
  for (const char* login : {"aaa", "bbb", "ccc"}) {
    ASSERT_EQ(run(std::string("user add --login ") + login + " --name x" + db_, "Good-Pass-2026")
                  .exit_code,
              0);
  }
  scratch_->exec_direct("UPDATE audit_log SET target_id = '999' WHERE seq = 2");
  auto verify = run("audit verify" + db_);
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.output.find("BROKEN at record 2"), std::string::npos) << verify.output;
}

TEST_P(Cli, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_EQ(run("migrate" + db_).exit_code, 0);
  scratch_->exec_direct(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)");
  auto res = run("migrate" + db_);
  EXPECT_NE(res.exit_code, 0);
  EXPECT_NE(res.output.find("newer than this binary"), std::string::npos) << res.output;
}

TEST_P(Cli, BackupWritesAConsistentCopy) {
  ASSERT_EQ(run("migrate" + db_).exit_code, 0);
  ASSERT_EQ(run("user add --login keep --name 保存" + db_, "Saved-Data-2026").exit_code, 0);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("weilai_backup_" + std::to_string(::getpid()) + driver_name(GetParam()));
  std::filesystem::create_directories(dir);
  const auto file = (dir / "copy.bak").string();
  auto res = run("backup --to " + file + db_);
  EXPECT_EQ(res.exit_code, 0) << res.output;
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_GT(std::filesystem::file_size(file), 1000u);
  EXPECT_NE(run("backup --to " + file + db_).exit_code, 0);  // never overwrites
  if (GetParam() == Driver::sqlite) {
    auto copy = storage::open_database("sqlite:" + file);
    ASSERT_TRUE(copy);
    auto rows = (*copy)->transact(storage::TxMode::read, [](storage::Tx& tx) {
      return tx.exec("SELECT display_name FROM accounts WHERE login = 'keep'");
    });
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().text(0), "保存");
  }
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Drivers, Cli, ::testing::Values(Driver::sqlite, Driver::postgresql),
                         [](const auto& info) { return driver_name(info.param); });

}  // namespace
}  // namespace weilai::testing
