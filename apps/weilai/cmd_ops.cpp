// config check, restore, migrate-data, checksum: the operator's commands (docs/OPERATIONS.md).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "core/clock.hpp"
#include "ops/config.hpp"
#include "ops/org_import.hpp"
#include "ops/restore.hpp"
#include "ops/tables.hpp"
#include "storage/audit_store.hpp"
#include "storage/data_dir.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace weilai::app {
namespace {

int newest_migration(storage::Dialect d) {
  const std::string name = d == storage::Dialect::sqlite ? "sqlite" : "postgresql";
  int newest = 0;
  for (const auto& m : storage::embedded_migrations()) {
    if (m.dialect == name) newest = std::max(newest, m.version);
  }
  return newest;
}

std::unique_ptr<storage::Database> open_plain(const std::string& url, const std::string& what) {
  if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:" &&
      !std::filesystem::exists(url.substr(7))) {
    fail(what, Error::not_found("no database file " + url.substr(7)));
  }
  storage::OpenOptions o;
  o.pool_size = 1;
  auto db = storage::open_database(url, o);
  if (!db) fail_on_database(what + " " + ops::mask_url(url), db.error(), url);
  return std::move(db).value();
}

// Returns the problems found (printed as they are found).
int check_config(const std::string& path) {
  auto loaded = ops::load_config(path, ops::process_env());
  std::printf("# configuration: %s\n",
              path.empty() ? "(no file: defaults and environment)" : path.c_str());
  std::printf("%s\n", ops::render_config(loaded).c_str());
  int problems = 0;
  for (const auto& i : loaded.issues) {
    std::printf("FAIL %s: %s\n", i.where.c_str(), i.message.c_str());
    ++problems;
  }
  const ops::Config& c = loaded.config;
  if (!c.web_root.empty()) {
    if (std::filesystem::is_regular_file(std::filesystem::path(c.web_root) / "index.html")) {
      std::printf("ok   web root %s has index.html\n", c.web_root.c_str());
    } else {
      std::printf("FAIL server.web_root: %s has no index.html\n", c.web_root.c_str());
      ++problems;
    }
  }
  if (!c.data_dir.empty()) storage::set_data_dir(c.data_dir);
  const std::string data = storage::data_dir();
  if (std::filesystem::is_regular_file(storage::data_file("osm/monaco.osm.pbf"))) {
    std::printf("ok   data directory %s\n", data.c_str());
  } else {
    // Not fatal: only the demo's planning example needs it.
    std::printf(
        "note data directory %s has no osm/monaco.osm.pbf (the demo's planning example "
        "stays empty)\n",
        data.c_str());
  }
  const std::string& url = c.database_url;
  const std::string shown = ops::mask_url(url);
  if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:" &&
      !std::filesystem::exists(url.substr(7))) {
    auto dir = std::filesystem::path(url.substr(7)).parent_path();
    if (dir.empty()) dir = ".";
    if (std::filesystem::is_directory(dir) && ::access(dir.c_str(), W_OK) == 0) {
      std::printf("ok   database %s does not exist yet; `weilai serve` creates it in %s\n",
                  shown.c_str(), dir.c_str());
    } else {
      std::printf("FAIL database.url: the directory %s does not exist or is not writable\n",
                  dir.c_str());
      ++problems;
    }
  } else {
    storage::OpenOptions o;
    o.pool_size = 1;
    auto db = storage::open_database(url, o);
    Status ping = db ? (*db)->ping() : Status(db.error());
    if (!ping) {
      std::printf("FAIL database %s is unreachable: %s\n", shown.c_str(),
                  ops::scrub(ping.error().message, url).c_str());
      ++problems;
    } else {
      auto v = storage::schema_version(**db);
      const int newest = newest_migration((*db)->dialect());
      if (!v) {
        std::printf("FAIL database %s: cannot read the schema version\n", shown.c_str());
        ++problems;
      } else if (*v > newest) {
        std::printf("FAIL database %s is at schema version %d, newer than this binary (%d)\n",
                    shown.c_str(), *v, newest);
        ++problems;
      } else {
        std::printf("ok   database %s reachable, schema version %d (this binary: %d%s)\n",
                    shown.c_str(), *v, newest, *v < newest ? ", serve will migrate" : "");
      }
    }
  }
  std::printf(problems == 0 ? "configuration OK\n" : "%d problem(s)\n", problems);
  return problems;
}

}  // namespace

void add_ops_commands(CLI::App& root) {
  static std::string config_path;
  auto* config_cmd = root.add_subcommand("config", "The configuration file (配置)");
  config_cmd->require_subcommand(1);
  auto* check_cmd = config_cmd->add_subcommand(
      "check",
      "Validate the configuration (unknown keys, bad values, unreachable database) and print the "
      "effective configuration with secrets masked; exit 1 on any problem");
  check_cmd->add_option("--config", config_path, "Configuration file (TOML)")
      ->envname("WEILAI_CONFIG");
  check_cmd->callback([] {
    std::fflush(stdout);
    if (check_config(config_path) != 0) {
      std::fflush(stdout);
      throw CLI::RuntimeError(1);
    }
  });

  static std::string restore_from, restore_db;
  auto* restore_cmd = root.add_subcommand(
      "restore",
      "Restore a backup made by `weilai backup` into a NEW database (SQLite file that does not "
      "exist yet, or an empty PostgreSQL database), then verify its audit chain");
  restore_cmd->add_option("--from", restore_from, "Backup file")->required();
  restore_cmd->add_option("--db", restore_db, "Target: sqlite:PATH or postgresql://...")
      ->required();
  restore_cmd->callback([] {
    auto r = ops::restore_backup(restore_from, restore_db);
    if (!r) fail_on_database("restore failed", r.error(), restore_db);
    std::printf("restored %s into %s: %lld tables, audit chain intact (%lld records)\n",
                restore_from.c_str(), ops::mask_url(restore_db).c_str(),
                static_cast<long long>(r->tables), static_cast<long long>(r->audit_records));
  });

  static std::string md_from, md_to;
  static bool md_force = false;
  auto* md_cmd = root.add_subcommand(
      "migrate-data",
      "Copy every table from one database to another (e.g. SQLite to PostgreSQL) in foreign-key "
      "order, in one transaction on the target (all or nothing, not resumable), verified (row "
      "counts, "
      "checksums, audit chain, ledger invariants) before commit");
  md_cmd->add_option("--from", md_from, "Source: sqlite:PATH (or postgresql://...)")->required();
  md_cmd->add_option("--to", md_to, "Target: postgresql://... (or sqlite:PATH)")->required();
  md_cmd->add_flag("--force", md_force,
                   "Replace the target's content instead of refusing a non-empty target");
  md_cmd->callback([] {
    auto source = open_plain(md_from, "cannot open the source");
    auto sv = storage::schema_version(*source);
    if (!sv) fail_on_database("cannot read the source's schema version", sv.error(), md_from);
    if (*sv != newest_migration(source->dialect())) {
      fail("the source is at schema version " + std::to_string(*sv),
           Error::invalid("this binary expects " +
                          std::to_string(newest_migration(source->dialect())) +
                          ": run `weilai migrate --db " + ops::mask_url(md_from) + "` first"));
    }
    storage::OpenOptions o;
    o.pool_size = 1;
    auto target = storage::open_database(md_to, o);
    if (!target)
      fail_on_database("cannot open the target " + ops::mask_url(md_to), target.error(), md_to);
    auto applied = storage::apply_migrations(**target);
    if (!applied) fail_on_database("cannot migrate the target's schema", applied.error(), md_to);
    ops::CopyOptions copy;
    copy.replace = md_force;
    copy.progress = [](const std::string& table, std::int64_t rows) {
      std::printf("  %-28s %10lld rows\n", table.c_str(), static_cast<long long>(rows));
      std::fflush(stdout);
    };
    std::printf("copying %s -> %s (one transaction)\n", ops::mask_url(md_from).c_str(),
                ops::mask_url(md_to).c_str());
    auto report = ops::copy_database(*source, **target, copy);
    if (!report)
      fail_on_database("migrate-data failed, the target is unchanged", report.error(), md_to);
    std::int64_t rows = 0;
    for (const auto& t : report->tables) rows += t.rows;
    std::printf(
        "done: %zu tables, %lld rows; row counts and checksums equal; audit chain intact (%lld "
        "records); ledger verified (%lld accounts, %lld transactions); %zu identity sequences "
        "reset\n",
        report->tables.size(), static_cast<long long>(rows),
        static_cast<long long>(report->audit_records),
        static_cast<long long>(report->ledger_accounts),
        static_cast<long long>(report->ledger_transactions), report->sequences_reset.size());
  });

  static std::string sum_db;
  auto* sum_cmd = root.add_subcommand(
      "checksum", "Print every table's row count and an order-independent content checksum");
  sum_cmd->add_option("--db", sum_db, "Database: sqlite:PATH or postgresql://...")
      ->envname("WEILAI_DB")
      ->required();
  sum_cmd->callback([] {
    auto db = open_plain(sum_db, "cannot open");
    auto sums =
        db->transact(storage::TxMode::read, [](storage::Tx& tx) { return ops::checksum_all(tx); });
    if (!sums) fail_on_database("checksum failed", sums.error(), sum_db);
    for (const auto& s : *sums) {
      std::printf("%-28s %10lld %s\n", s.table.c_str(), static_cast<long long>(s.rows),
                  s.digest.c_str());
    }
  });

  static std::string org_file, org_db = "sqlite:var/weilai.db", org_format;
  static bool org_dry_run = false;
  auto* org_cmd = root.add_subcommand("org", "Org units (组织机构)");
  org_cmd->require_subcommand(1);
  auto* import_cmd = org_cmd->add_subcommand(
      "import",
      "Create org units from a CSV (code,name,kind,parent[,name_en]) or JSON file: validated "
      "first (every problem with its line), all or nothing, idempotent, audited");
  import_cmd
      ->add_option("FILE", org_file, "The file, e.g. /usr/share/weilai/data/org/lishui-default.csv")
      ->required();
  import_cmd->add_option("--db", org_db, "Database: sqlite:PATH or postgresql://...")
      ->envname("WEILAI_DB")
      ->capture_default_str();
  import_cmd->add_option("--format", org_format, "csv or json (default: from the content)")
      ->check(CLI::IsMember({"csv", "json"}));
  import_cmd->add_flag("--dry-run", org_dry_run, "Validate and report, write nothing");
  import_cmd->callback([] {
    std::ifstream in(org_file, std::ios::binary);
    if (!in) fail("org import", Error::not_found("cannot read " + org_file));
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = ops::parse_org_file(text.str(), org_format);
    auto report_issues = [](const std::vector<ops::OrgIssue>& issues) {
      for (const auto& i : issues) {
        std::fprintf(stderr, "%s:%d: %s\n", org_file.c_str(), i.line, i.message.c_str());
      }
      std::fprintf(stderr, "weilai: org import: %zu problem(s), nothing was written\n",
                   issues.size());
      throw CLI::RuntimeError(1);
    };
    if (!parsed.issues.empty()) report_issues(parsed.issues);
    storage::OpenOptions o;
    o.pool_size = 1;
    auto db = storage::open_database(org_db, o);
    if (!db) fail_on_database("cannot open " + ops::mask_url(org_db), db.error(), org_db);
    auto applied = storage::apply_migrations(**db);
    if (!applied) fail_on_database("cannot migrate the database", applied.error(), org_db);
    SystemClock clock;
    ops::OrgImportReport report;
    auto st = (*db)->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
      WEILAI_TRY(report, ops::import_org_units(tx, parsed.rows, clock.now_ms(), org_dry_run));
      if (!report.ok()) return Error::invalid("invalid rows");  // roll back
      return {};
    });
    if (!report.ok()) report_issues(report.issues);
    if (!st) fail_on_database("org import failed, nothing was written", st.error(), org_db);
    std::printf("%s%lld org unit(s) created, %lld already present and unchanged\n",
                org_dry_run ? "dry run: " : "", static_cast<long long>(report.created),
                static_cast<long long>(report.unchanged));
  });
}

}  // namespace weilai::app
