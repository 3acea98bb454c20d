// The operator's commands through the real binary (docs/OPERATIONS.md):
// - the restore drill: a database filled through the API is backed up, restored into a fresh one
//   and every table's checksum compared (both drivers);
// - migrate-data: the demo SQLite database moved to PostgreSQL serves the same project list and
//   its audit chain verifies; a second run is refused;
// - serve --config and config check; the database password never reaches the logs.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "storage/database.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace weilai::testing {
namespace {

namespace fs = std::filesystem;
const std::string kDemoPassword = "Demo-Pass-2026!";

struct Run {
  int exit_code;
  std::string output;
};

Run run(const std::string& args) {
  const std::string cmd = std::string(WEILAI_BIN) + " " + args + " 2>&1 </dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / ("weilai_ops_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// A `weilai serve` child process with its stdout+stderr in a log file.
class Server {
 public:
  Server(const std::string& args, fs::path log) : log_(std::move(log)) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setenv("WEILAI_DEMO_PASSWORD", kDemoPassword.c_str(), 1);
      const std::string cmd = "exec " + std::string(WEILAI_BIN) + " serve " + args + " >'" +
                              log_.string() + "' 2>&1 </dev/null";
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const std::regex serving("Weilai is serving http://127\\.0\\.0\\.1:([0-9]+)/");
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::smatch m;
      const std::string text = slurp(log_);
      if (std::regex_search(text, m, serving)) port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
      int status = 0;
      if (port_ == 0 && ::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Server() { stop(); }
  std::uint16_t port() const { return port_; }
  // Stops the server (SIGTERM, a clean shutdown) and returns everything it logged.
  std::string stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    return slurp(log_);
  }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

std::string login(HttpClient& c, const std::string& who) {
  auto r = c.post_json("/api/v1/auth/login",
                       R"({"login":")" + who + R"(","password":")" + kDemoPassword + R"("})");
  EXPECT_EQ(r.status, 200) << r.body;
  const std::regex token("\"token\"\\s*:\\s*\"([^\"]+)\"");
  std::smatch m;
  if (!std::regex_search(r.body, m, token)) return {};
  return m[1];
}

std::string with_password(const std::string& url, const std::string& password) {
  const auto b = url.find("://") + 3;
  const auto at = url.find('@', b);
  if (at == std::string::npos)
    return url.substr(0, b) + "postgres:" + password + "@" + url.substr(b);
  return url.substr(0, at) + ":" + password + url.substr(at);
}

class OpsCli : public ::testing::TestWithParam<Driver> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<ScratchDatabase>(GetParam());
    if (!scratch_->available()) {
      if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
      GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
    }
  }
  std::unique_ptr<ScratchDatabase> scratch_;
};

TEST_P(OpsCli, RestoreDrillReproducesEveryTable) {
  TempDir dir("restore_" + driver_name(GetParam()));
  const std::string url = scratch_->url();
  {
    Server server("--demo --db '" + url + "' --listen 127.0.0.1:0", dir.path / "serve.log");
    ASSERT_NE(server.port(), 0) << server.stop();
    HttpClient c(server.port());
    const std::string admin = login(c, "admin");
    auto created = c.post_json(
        "/api/v1/accounts",
        R"({"login":"drill_user","display_name":"演练","password":"Drill-Pass-2026!"})", admin);
    EXPECT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(c.get("/api/v1/projects", login(c, "drc")).status, 200);
  }
  const std::string backup = (dir.path / "weilai.backup").string();
  auto b = run("backup --to '" + backup + "' --db '" + url + "'");
  ASSERT_EQ(b.exit_code, 0) << b.output;

  std::unique_ptr<ScratchDatabase> fresh;
  std::string target;
  if (GetParam() == Driver::sqlite) {
    target = "sqlite:" + (dir.path / "restored.db").string();
  } else {
    fresh = std::make_unique<ScratchDatabase>(Driver::postgresql);
    target = fresh->url();
  }
  auto r = run("restore --from '" + backup + "' --db '" + target + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("audit chain intact"), std::string::npos) << r.output;

  auto original = run("checksum --db '" + url + "'");
  auto restored = run("checksum --db '" + target + "'");
  ASSERT_EQ(original.exit_code, 0) << original.output;
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  EXPECT_NE(original.output.find("accounts"), std::string::npos);
  EXPECT_NE(original.output.find("audit_log"), std::string::npos);
  EXPECT_GT(std::count(original.output.begin(), original.output.end(), '\n'), 10);
  EXPECT_EQ(original.output, restored.output);

  // A restore never overwrites, and a file that is no backup is refused.
  auto again = run("restore --from '" + backup + "' --db '" + target + "'");
  EXPECT_EQ(again.exit_code, 1) << again.output;
  std::ofstream(dir.path / "junk.bin") << "not a backup";
  auto junk = run("restore --from '" + (dir.path / "junk.bin").string() +
                  "' --db 'sqlite:" + (dir.path / "x.db").string() + "'");
  EXPECT_EQ(junk.exit_code, 1);
  EXPECT_NE(junk.output.find("neither"), std::string::npos) << junk.output;

  // A changed row changes the checksum (the comparison above can fail).
  if (fresh) {
    fresh->exec_direct("UPDATE accounts SET display_name = 'x' WHERE login = 'drill_user'");
  } else {
    auto db = storage::open_database(target);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->run(storage::TxMode::write, [](storage::Tx& tx) -> Status {
      WEILAI_CHECK(tx.exec("UPDATE accounts SET display_name = 'x' WHERE login = 'drill_user'"));
      return {};
    }));
  }
  EXPECT_NE(run("checksum --db '" + target + "'").output, original.output);
}

TEST_P(OpsCli, ServeTakesItsConfigurationFromTheFileAndNeverLogsThePassword) {
  TempDir dir("config_" + driver_name(GetParam()));
  const std::string secret = "Sup3r-Secret-Pw";
  const std::string url =
      GetParam() == Driver::postgresql ? with_password(scratch_->url(), secret) : scratch_->url();
  const fs::path conf = dir.path / "weilai.conf";
  std::ofstream(conf) << "[server]\nlisten = \"127.0.0.1:0\"\nworkers = 4\n[database]\nurl = \""
                      << url << "\"\n[log]\nlevel = \"debug\"\n";
  auto check = run("config check --config '" + conf.string() + "'");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("configuration OK"), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find(secret), std::string::npos) << check.output;

  Server server("--config '" + conf.string() + "' --demo", dir.path / "serve.log");
  ASSERT_NE(server.port(), 0) << server.stop();
  HttpClient c(server.port());
  EXPECT_EQ(c.get("/readyz").status, 200);
  login(c, "admin");
  const std::string log = server.stop();
  EXPECT_NE(log.find("database "), std::string::npos) << log;
  EXPECT_EQ(log.find(secret), std::string::npos) << log;

  // A backup of the database named with its password (pg_dump gets it through PGPASSWORD).
  auto backup = run("backup --to '" + (dir.path / "b.bak").string() + "' --db '" + url + "'");
  EXPECT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_EQ(backup.output.find(secret), std::string::npos) << backup.output;

  // Unknown keys stop the server before it opens anything.
  std::ofstream(conf, std::ios::app) << "[server2]\n";
  auto bad = run("serve --config '" + conf.string() + "'");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("unknown section [server2]"), std::string::npos) << bad.output;

  // An unreachable database with a password: every failing command keeps the secret.
  const std::string dead = "postgresql://weilai:" + secret + "@127.0.0.1:1/weilai";
  for (const std::string& cmd :
       {"serve --listen 127.0.0.1:0 --db '" + dead + "'", "migrate --db '" + dead + "'",
        "migrate-data --from '" + url + "' --to '" + dead + "'",
        "restore --from '" + conf.string() + "' --db '" + dead + "'"}) {
    auto res = run(cmd);
    EXPECT_NE(res.exit_code, 0) << cmd;
    EXPECT_EQ(res.output.find(secret), std::string::npos) << cmd << "\n" << res.output;
  }
  ::setenv("WEILAI_DB", dead.c_str(), 1);
  auto env_check = run("config check");
  ::unsetenv("WEILAI_DB");
  EXPECT_EQ(env_check.exit_code, 1);
  EXPECT_NE(env_check.output.find("unreachable"), std::string::npos) << env_check.output;
  EXPECT_NE(env_check.output.find("env WEILAI_DB"), std::string::npos) << env_check.output;
  EXPECT_EQ(env_check.output.find(secret), std::string::npos) << env_check.output;
}

INSTANTIATE_TEST_SUITE_P(Drivers, OpsCli, ::testing::Values(Driver::sqlite, Driver::postgresql),
                         [](const auto& info) { return driver_name(info.param); });

TEST(MigrateData, DemoSqliteMovedToPostgresServesTheSameScreens) {
  ScratchDatabase sqlite(Driver::sqlite);
  ScratchDatabase pg(Driver::postgresql);
  if (!pg.available()) {
    if (pg_required()) FAIL() << "WEILAI_REQUIRE_PG=1 but WEILAI_TEST_PG_URL is not set";
    GTEST_SKIP() << "WEILAI_TEST_PG_URL is not set";
  }
  TempDir dir("migrate");
  std::string projects_before, stats_before;
  {
    Server server("--demo --db '" + sqlite.url() + "' --listen 127.0.0.1:0", dir.path / "a.log");
    ASSERT_NE(server.port(), 0) << server.stop();
    HttpClient c(server.port());
    const std::string token = login(c, "province");
    auto projects = c.get("/api/v1/projects?limit=100", token);
    ASSERT_EQ(projects.status, 200) << projects.body;
    EXPECT_NE(projects.body.find("灵山"), std::string::npos);
    projects_before = projects.body;
    stats_before = c.get("/api/v1/stats/projects", token).body;
  }
  auto moved = run("migrate-data --from '" + sqlite.url() + "' --to '" + pg.url() + "'");
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_NE(moved.output.find("audit chain intact"), std::string::npos) << moved.output;
  EXPECT_NE(moved.output.find("identity sequences reset"), std::string::npos) << moved.output;
  EXPECT_NE(moved.output.find("ledger verified ("), std::string::npos) << moved.output;

  auto twice = run("migrate-data --from '" + sqlite.url() + "' --to '" + pg.url() + "'");
  EXPECT_EQ(twice.exit_code, 1) << twice.output;
  EXPECT_NE(twice.output.find("not empty"), std::string::npos) << twice.output;
  EXPECT_NE(twice.output.find("target is unchanged"), std::string::npos) << twice.output;
  auto forced = run("migrate-data --force --from '" + sqlite.url() + "' --to '" + pg.url() + "'");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;

  auto verify = run("audit verify --db '" + pg.url() + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("audit chain intact"), std::string::npos) << verify.output;

  Server server("--db '" + pg.url() + "' --listen 127.0.0.1:0", dir.path / "b.log");
  ASSERT_NE(server.port(), 0) << server.stop();
  HttpClient c(server.port());
  const std::string token = login(c, "province");
  auto projects = c.get("/api/v1/projects?limit=100", token);
  ASSERT_EQ(projects.status, 200);
  EXPECT_EQ(projects.body, projects_before);
  EXPECT_EQ(c.get("/api/v1/stats/projects", token).body, stats_before);
  // New rows get fresh ids on the target (identity sequences were moved past the copied ids).
  auto created =
      c.post_json("/api/v1/accounts",
                  R"({"login":"after_move","display_name":"迁移后","password":"After-Move-2026!"})",
                  login(c, "admin"));
  EXPECT_EQ(created.status, 201) << created.body;
  server.stop();
  EXPECT_EQ(run("audit verify --db '" + pg.url() + "'").exit_code, 0);
}

TEST(OrgImportCli, DefaultFileThenABadFileWithLineNumbersThenDataDirFlag) {
  TempDir dir("org");
  const std::string db = "sqlite:" + (dir.path / "w.db").string();
  auto first =
      run("org import " WEILAI_SOURCE_DIR "/data/org/lishui-default.csv --db '" + db + "'");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("11 org unit(s) created, 0 already present"), std::string::npos)
      << first.output;
  auto again =
      run("org import " WEILAI_SOURCE_DIR "/data/org/lishui-default.csv --db '" + db + "'");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("0 org unit(s) created, 11 already present"), std::string::npos)
      << again.output;
  const auto bad = dir.path / "bad.csv";
  std::ofstream(bad) << "code,name,kind,parent\n331102-LS,灵山社区,community,331102\n"
                        "331102-X,,community,331102\n";
  auto refused = run("org import '" + bad.string() + "' --db '" + db + "'");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find(bad.string() + ":3: name is empty"), std::string::npos)
      << refused.output;
  EXPECT_NE(refused.output.find("nothing was written"), std::string::npos) << refused.output;
  auto audit = run("audit verify --db '" + db + "'");
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  // config check names the data directory; --data-dir/WEILAI_DATA_DIR override it.
  auto check = run("config check");
  EXPECT_NE(check.output.find("data directory " WEILAI_SOURCE_DIR "/data"), std::string::npos)
      << check.output;
  ::setenv("WEILAI_DATA_DIR", "/nowhere", 1);
  auto env = run("config check");
  ::unsetenv("WEILAI_DATA_DIR");
  EXPECT_NE(env.output.find("note data directory /nowhere has no osm/monaco.osm.pbf"),
            std::string::npos)
      << env.output;
}

}  // namespace
}  // namespace weilai::testing
