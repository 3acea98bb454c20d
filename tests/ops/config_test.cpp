// The configuration file: strict parsing, environment overrides, masking of secrets.
#include "ops/config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "ops/restore.hpp"

namespace weilai::ops {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

bool has_issue(const LoadedConfig& c, const std::string& where_prefix, const std::string& text) {
  for (const auto& i : c.issues) {
    if (i.where.rfind(where_prefix, 0) == 0 && i.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

TEST(Config, DefaultsWithoutFileOrEnvironment) {
  auto c = parse_config("", "", env_of({}));
  EXPECT_TRUE(c.ok());
  EXPECT_EQ(c.config.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.config.database_url, "sqlite:var/weilai.db");
  EXPECT_TRUE(c.config.access_log);
  EXPECT_EQ(c.config.workers, 0);
}

TEST(Config, ReadsEveryKindOfValue) {
  auto c = parse_config(R"(
# a comment
[server]
listen = "0.0.0.0:9000"
web_root = "/usr/share/weilai/web"
workers = 12
access_log = false
demo = true
[database]
url = "postgresql://weilai:pw@db:5432/weilai"
pool_size = 20
[log]
level = "warn"
)",
                        "w.conf", env_of({}));
  ASSERT_TRUE(c.ok()) << c.issues.front().message;
  EXPECT_EQ(c.config.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.config.web_root, "/usr/share/weilai/web");
  EXPECT_EQ(c.config.workers, 12);
  EXPECT_FALSE(c.config.access_log);
  EXPECT_TRUE(c.config.demo);
  EXPECT_EQ(c.config.pool_size, 20);
  EXPECT_EQ(c.config.log_level, "warn");
  EXPECT_EQ(c.origin.at("server.workers"), "w.conf:6");
}

TEST(Config, UnknownSectionsKeysAndBadValuesAreIssuesWithTheirLine) {
  auto c = parse_config(R"([server]
listen = "nowhere"
wokers = 3
io_threads = 0
body_limit_mib = "8"
secure_cookies = 1
[databse]
url = "x"
[database]
url = "mysql://x"
[log]
level = "loud"
)",
                        "w.conf", env_of({}));
  EXPECT_TRUE(has_issue(c, "w.conf:2", "HOST:PORT"));
  EXPECT_TRUE(has_issue(c, "w.conf:3", "unknown key server.wokers"));
  EXPECT_TRUE(has_issue(c, "w.conf:4", "from 1 to 64"));
  EXPECT_TRUE(has_issue(c, "w.conf:5", "must be an integer"));
  EXPECT_TRUE(has_issue(c, "w.conf:6", "true or false"));
  EXPECT_TRUE(has_issue(c, "w.conf:7", "unknown section [databse]"));
  EXPECT_TRUE(has_issue(c, "w.conf:10", "sqlite:PATH"));
  EXPECT_TRUE(has_issue(c, "w.conf:12", "one of trace"));
  EXPECT_EQ(c.issues.size(), 8u);
  // Bad values leave the defaults in place.
  EXPECT_EQ(c.config.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.config.io_threads, 2);
}

TEST(Config, SyntaxErrorsAreReportedWithTheLine) {
  auto c = parse_config("[server]\nlisten = \"a:1\"\nworkers = \n", "w.conf", env_of({}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.issues.front().where, "w.conf:3");
}

TEST(Config, EnvironmentOverridesTheFile) {
  auto c = parse_config("[server]\nlisten = \"127.0.0.1:1\"\nworkers = 3\n", "w.conf",
                        env_of({{"WEILAI_LISTEN", "127.0.0.1:2"},
                                {"WEILAI_DB", "sqlite:/tmp/x.db"},
                                {"WEILAI_DEMO", "yes"},
                                {"WEILAI_ACCESS_LOG", "off"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.listen, "127.0.0.1:2");
  EXPECT_EQ(c.config.workers, 3);
  EXPECT_EQ(c.config.database_url, "sqlite:/tmp/x.db");
  EXPECT_TRUE(c.config.demo);
  EXPECT_FALSE(c.config.access_log);
  EXPECT_EQ(c.origin.at("server.listen"), "env WEILAI_LISTEN");
  auto bad = parse_config("", "", env_of({{"WEILAI_WORKERS", "many"}, {"WEILAI_DEMO", "maybe"}}));
  EXPECT_TRUE(has_issue(bad, "WEILAI_WORKERS", "integer"));
  EXPECT_TRUE(has_issue(bad, "WEILAI_DEMO", "true or false"));
}

TEST(Config, AnUnreadableFileIsAnIssue) {
  auto c = load_config("/nonexistent/weilai.conf", env_of({}));
  EXPECT_TRUE(has_issue(c, "/nonexistent/weilai.conf", "cannot read"));
}

TEST(Config, RenderingMasksThePassword) {
  auto c = parse_config("[database]\nurl = \"postgresql://weilai:Hunter2-Secret@db/weilai\"\n",
                        "w.conf", env_of({}));
  ASSERT_TRUE(c.ok());
  const std::string text = render_config(c);
  EXPECT_EQ(text.find("Hunter2-Secret"), std::string::npos) << text;
  EXPECT_NE(text.find("postgresql://weilai:***@db/weilai"), std::string::npos) << text;
  EXPECT_NE(text.find("# w.conf:2"), std::string::npos);
  EXPECT_NE(text.find("# default"), std::string::npos);
  // Every documented key is rendered.
  for (const auto& k : config_keys())
    EXPECT_NE(text.find(k.key + " = "), std::string::npos) << k.key;
}

TEST(Config, MaskUrlAndScrub) {
  EXPECT_EQ(mask_url("postgresql://u:p%40ss@h:5432/d"), "postgresql://u:***@h:5432/d");
  EXPECT_EQ(mask_url("postgresql://u@h/d"), "postgresql://u@h/d");
  EXPECT_EQ(mask_url("postgresql://h/d?user=u&password=abc&sslmode=require"),
            "postgresql://h/d?user=u&password=***&sslmode=require");
  EXPECT_EQ(mask_url("host=h password=abc dbname=d"), "host=h password=*** dbname=d");
  EXPECT_EQ(mask_url("sqlite:/var/lib/weilai/weilai.db"), "sqlite:/var/lib/weilai/weilai.db");
  const std::string url = "postgresql://u:TopSecret9@h/d";
  EXPECT_EQ(scrub("failed: " + url + " said TopSecret9", url),
            "failed: postgresql://u:***@h/d said ***");
}

TEST(Restore, ThePasswordLeavesTheUrlForPgpassword) {
  auto [url, pw] = split_password("postgresql://weilai:p%40ss%2Fw0rd@db:5432/weilai");
  EXPECT_EQ(url, "postgresql://weilai@db:5432/weilai");
  EXPECT_EQ(pw, "p@ss/w0rd");
  auto [plain, none] = split_password("postgresql://weilai@db/weilai");
  EXPECT_EQ(plain, "postgresql://weilai@db/weilai");
  EXPECT_EQ(none, "");
}

TEST(Restore, DetectsTheBackupFormatByItsHeader) {
  EXPECT_EQ(detect_backup_format("/nonexistent"), BackupFormat::unknown);
  EXPECT_EQ(detect_backup_format("/etc/hostname"), BackupFormat::unknown);
}

}  // namespace
}  // namespace weilai::ops
