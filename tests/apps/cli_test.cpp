// The administration commands through the real binary: migrate, user add/passwd/list, audit
// verify (including a tampered log), backup, refusing a database newer than the binary, and
// serve --demo running the planning demo analysis.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

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

// `weilai serve --demo` starts the planning job runner, which runs the demo analysis (Monaco's
// real road network) to success; SIGTERM then stops the server cleanly.
TEST_P(Cli, ServeDemoRunsThePlanningDemoAnalysis) {
  const std::string url = scratch_->url();
  std::vector<std::string> args{WEILAI_BIN, "serve",    "--demo",      "--db",
                                url,        "--listen", "127.0.0.1:0", "--no-access-log"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings{"WEILAI_DEMO_PASSWORD=Demo-Pass-2026!"};
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, WEILAI_BIN, &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  std::string status;
  for (int i = 0; i < 480 && status != "succeeded" && status != "failed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    auto db = storage::open_database(url);
    if (!db) continue;
    auto rows = (*db)->transact(storage::TxMode::read, [](storage::Tx& tx) {
      return tx.exec("SELECT status, error FROM planning_analyses ORDER BY id LIMIT 1");
    });
    if (rows && !rows->empty()) {
      status = rows->front().text(0);
      if (status == "failed") ADD_FAILURE() << *rows->front().opt_text(1);
    }
  }
  EXPECT_EQ(status, "succeeded");
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << wstatus;
  auto db = storage::open_database(url);
  ASSERT_TRUE(db);
  auto docs = (*db)->transact(storage::TxMode::read, [](storage::Tx& tx) {
    return tx.exec("SELECT count(*) FROM planning_results");
  });
  ASSERT_TRUE(docs);
  EXPECT_EQ(docs->front().i64(0), 10);  // every document, suggestions.json included
}

INSTANTIATE_TEST_SUITE_P(Drivers, Cli, ::testing::Values(Driver::sqlite, Driver::postgresql),
                         [](const auto& info) { return driver_name(info.param); });

}  // namespace
}  // namespace weilai::testing
