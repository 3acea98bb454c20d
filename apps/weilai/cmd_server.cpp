// serve, migrate, user, audit, backup: wiring of the server and its administration commands.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "core/clock.hpp"
#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/planning_compute.hpp"
#include "http/planning_jobs.hpp"
#include "http/process_id.hpp"
#include "http/security.hpp"
#include "http/server.hpp"
#include "identity/accounts.hpp"
#include "identity/roles.hpp"
#include "ops/config.hpp"
#include "storage/audit_store.hpp"
#include "storage/data_dir.hpp"
#include "storage/demo_data.hpp"
#include "storage/identity_store.hpp"
#include "storage/migrations.hpp"
#include "storage/org_store.hpp"

namespace weilai::app {
namespace {

// Exits the process with a message and a non-zero code (CLI11 turns this into the exit status).
std::unique_ptr<storage::Database> open_and_migrate(const std::string& url, int pool_size,
                                                    int busy_timeout_ms = 5000) {
  storage::OpenOptions opts;
  opts.pool_size = pool_size;
  opts.busy_timeout_ms = busy_timeout_ms;
  auto db = storage::open_database(url, opts);
  if (!db) {
    Error e = db.error();
    e.message = ops::scrub(e.message, url);  // never print the password
    fail("cannot open database " + ops::mask_url(url), e);
  }
  auto report = storage::apply_migrations(**db);
  if (!report) fail("cannot migrate the database", report.error());
  for (const auto& name : report->applied) spdlog::info("applied migration {}", name);
  return std::move(db).value();
}

std::string read_password_stdin() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

// Administrative changes made from the command line are audited as the "cli" actor.
Status audit_cli(storage::Tx& tx, const std::string& action, const std::string& target_type,
                 const std::string& target_id, const Clock& clock) {
  audit::Draft d;
  d.actor_login = "cli";
  d.action = action;
  d.target_type = target_type;
  d.target_id = target_id;
  d.request_id = "cli";
  d.change_json = "{}";
  WEILAI_CHECK(storage::append_audit(tx, d, clock.now_ms()));
  return {};
}

struct ServeOptions {
  std::string db = "sqlite:var/weilai.db";
  std::string listen = "127.0.0.1:8080";
  std::string web_root;
  std::string data_dir;  // empty: automatic (storage/data_dir.hpp)
  bool demo = false;
  int io_threads = 2;
  // Handler threads: twice the cores (at least 4), so a database round trip does not idle a core.
  int workers = std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
  std::size_t body_limit_mib = 8;
  bool no_access_log = false;
  bool secure_cookies = false;
  int planning_workers = 1;  // planning analyses run at once by this process (0: none)
  int planning_threads = 1;  // threads per analysis
  int housekeeping_s = 300;  // security retention purge + parking no-show release (0: none)
  int pool_size = 0;         // 0: workers + 2 + 2 per planning worker
  int busy_timeout_ms = 5000;
  std::string log_level = "info";
};

// The effective options: the configuration file (--config / WEILAI_CONFIG), then WEILAI_*
// environment variables, then flags given on the command line (see docs/OPERATIONS.md).
ServeOptions effective_options(CLI::App* cmd, const ServeOptions& flags,
                               const std::string& config_path) {
  auto loaded = ops::load_config(config_path, ops::process_env());
  if (!loaded.ok()) {
    for (const auto& i : loaded.issues) {
      std::fprintf(stderr, "weilai: %s: %s\n", i.where.c_str(), i.message.c_str());
    }
    fail("invalid configuration", Error::invalid("run `weilai config check` for details"), 2);
  }
  const ops::Config& c = loaded.config;
  ServeOptions o;
  o.db = c.database_url;
  o.listen = c.listen;
  o.web_root = c.web_root;
  o.data_dir = c.data_dir;
  o.demo = c.demo;
  o.io_threads = c.io_threads;
  if (c.workers > 0) o.workers = c.workers;
  o.body_limit_mib = static_cast<std::size_t>(c.body_limit_mib);
  o.no_access_log = !c.access_log;
  o.secure_cookies = c.secure_cookies;
  o.pool_size = c.pool_size;
  o.busy_timeout_ms = c.busy_timeout_ms;
  o.log_level = c.log_level;
  auto given = [&](const char* name) { return cmd->get_option(name)->count() > 0; };
  if (given("--db")) o.db = flags.db;
  if (given("--listen")) o.listen = flags.listen;
  if (given("--web-root")) o.web_root = flags.web_root;
  if (given("--data-dir")) o.data_dir = flags.data_dir;
  if (given("--demo")) o.demo = flags.demo;
  if (given("--io-threads")) o.io_threads = flags.io_threads;
  if (given("--workers")) o.workers = flags.workers;
  if (given("--body-limit-mib")) o.body_limit_mib = flags.body_limit_mib;
  if (given("--no-access-log")) o.no_access_log = flags.no_access_log;
  if (given("--secure-cookies")) o.secure_cookies = flags.secure_cookies;
  // Not in the configuration file yet: flags (or their defaults) only.
  o.planning_workers = flags.planning_workers;
  o.planning_threads = flags.planning_threads;
  o.housekeeping_s = flags.housekeeping_s;
  return o;
}

void serve(const ServeOptions& o) {
  SystemClock clock;
  spdlog::set_level(spdlog::level::from_str(o.log_level));
  auto colon = o.listen.rfind(':');
  if (colon == std::string::npos) fail("--listen", Error::invalid("expected HOST:PORT"));
  http::ServerOptions so;
  so.address = o.listen.substr(0, colon);
  try {
    const int port = std::stoi(o.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    so.port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    fail("--listen", Error::invalid("the port must be a number from 0 to 65535"));
  }
  so.io_threads = o.io_threads;
  so.worker_threads = o.workers;
  so.body_limit = o.body_limit_mib * 1024 * 1024;
  // Planning uploads (OSM extracts up to 64 MiB); the route checks each kind's own limit.
  so.upload_body_limit = std::max<std::size_t>(so.body_limit, 64u << 20);
  so.upload_path_prefixes = {http::planning_api::kUploadPathPattern};

  // Each planning worker holds up to two connections (its job and the lease heartbeat).
  auto db =
      open_and_migrate(o.db, o.pool_size > 0 ? o.pool_size : o.workers + 2 + 2 * o.planning_workers,
                       o.busy_timeout_ms);
  spdlog::info("database {}", db->describe());
  if (!o.data_dir.empty()) storage::set_data_dir(o.data_dir);
  spdlog::info("data directory {}", storage::data_dir());
  if (o.demo) {
    const char* fixed = std::getenv("WEILAI_DEMO_PASSWORD");
    auto demo = storage::load_demo_data(
        *db, clock, fixed ? fixed : "",
        [](const std::string& p) { return crypto::hash_password(p); },
        [] { return "Wl-" + crypto::random_token(9); });
    if (!demo) fail("cannot load the demo data", demo.error());
    if (demo->loaded) {
      std::printf("\nDemo data loaded. Demo accounts (演示账号) — passwords are shown only now:\n");
      for (const auto& a : demo->accounts) {
        std::printf("  %-10s %-20s %-14s password: %s\n", a.login.c_str(), a.role.c_str(),
                    a.org_unit.c_str(), a.password.c_str());
      }
      std::printf("\n");
      std::fflush(stdout);
    }
  }
  http::AppOptions ao;
  ao.web_root = o.web_root;
  ao.version = WEILAI_VERSION;
  ao.access_log = !o.no_access_log;
  ao.secure_cookies = o.secure_cookies;
  http::App app(*db, clock, ao);
  http::add_all_routes(app);
  http::Server server(
      so, [&app](http::Request& r) { return app.handle(r); },
      [&app](int status, const std::string& code, const std::string& detail, http::Request& r) {
        return app.early(status, code, detail, r);
      });
  // Background planning jobs. On SIGTERM the server drains first, then the runner puts the
  // jobs it is running back to `queued` (another server, or this one restarted, takes them).
  std::unique_ptr<http::JobRunner> runner;
  if (o.planning_workers > 0) {
    http::JobRunnerOptions jo;
    jo.workers = o.planning_workers;
    jo.engine_threads = static_cast<unsigned>(o.planning_threads);
    runner = std::make_unique<http::JobRunner>(*db, clock, jo);
    runner->start();
    spdlog::info("planning job runner {}: {} worker(s)", runner->owner(), o.planning_workers);
  }
  auto port = server.start();
  if (!port) fail("cannot start the server", port.error());
  std::unique_ptr<http::Housekeeper> housekeeper;
  if (o.housekeeping_s > 0)
    housekeeper = std::make_unique<http::Housekeeper>(app, std::chrono::seconds(o.housekeeping_s),
                                                      http::process_lease_holder());
  spdlog::info("weilai {} serving http://{}:{}/ (web root: {})", WEILAI_VERSION, so.address, *port,
               o.web_root.empty() ? "none" : o.web_root);
  std::printf("Weilai is serving http://%s:%u/\n", so.address.c_str(),
              static_cast<unsigned>(*port));
  std::fflush(stdout);
  server.wait(true);
  if (housekeeper) housekeeper->stop();
  if (runner) runner->stop();
  db->close();
  spdlog::info("stopped");
}

}  // namespace

void add_server_commands(CLI::App& root) {
  auto db_option = [](CLI::App* cmd, std::string& target) {
    cmd->add_option("--db", target, "Database: sqlite:PATH or postgresql://user@host:port/dbname")
        ->envname("WEILAI_DB")
        ->capture_default_str();
  };

  static ServeOptions serve_options;
  auto* serve_cmd = root.add_subcommand("serve", "Serve the web app and the API (启动服务)");
  db_option(serve_cmd, serve_options.db);
  serve_cmd
      ->add_option("--listen", serve_options.listen,
                   "HOST:PORT to listen on (port 0: any free port)")
      ->envname("WEILAI_LISTEN")
      ->capture_default_str();
  serve_cmd
      ->add_option("--web-root", serve_options.web_root,
                   "Directory of the built web app (web/dist)")
      ->envname("WEILAI_WEB_ROOT");
  serve_cmd->add_option("--data-dir", serve_options.data_dir,
                        "Read-only data files (default: WEILAI_DATA_DIR, server.data_dir, else "
                        "../share/weilai/data beside the binary, the source tree's data/, "
                        "/usr/share/weilai/data)");
  serve_cmd
      ->add_flag("--demo", serve_options.demo,
                 "Load the Lishui demo data (演示数据) when the database is empty; prints the demo "
                 "accounts once. WEILAI_DEMO_PASSWORD fixes their password (tests)")
      ->envname("WEILAI_DEMO");
  serve_cmd->add_option("--io-threads", serve_options.io_threads, "Threads doing network I/O")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd
      ->add_option("--workers", serve_options.workers,
                   "Threads running handlers (database, argon2)")
      ->check(CLI::Range(1, 256))
      ->envname("WEILAI_WORKERS")
      ->capture_default_str();
  serve_cmd
      ->add_option("--body-limit-mib", serve_options.body_limit_mib, "Largest request body, MiB")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve_cmd
      ->add_option("--planning-workers", serve_options.planning_workers,
                   "Planning analyses this process runs at once (0: run none, only serve)")
      ->check(CLI::Range(0, 64))
      ->envname("WEILAI_PLANNING_WORKERS")
      ->capture_default_str();
  serve_cmd
      ->add_option("--planning-threads", serve_options.planning_threads,
                   "Threads each planning analysis uses for its searches")
      ->check(CLI::Range(1, 256))
      ->envname("WEILAI_PLANNING_THREADS")
      ->capture_default_str();
  serve_cmd
      ->add_option("--housekeeping-interval-s", serve_options.housekeeping_s,
                   "Seconds between housekeeping rounds: security retention purge, parking "
                   "no-show release (0: none)")
      ->check(CLI::Range(0, 86400))
      ->envname("WEILAI_HOUSEKEEPING_INTERVAL_S")
      ->capture_default_str();
  serve_cmd->add_flag("--no-access-log", serve_options.no_access_log,
                      "Do not write JSON access-log lines");
  serve_cmd->add_flag("--secure-cookies", serve_options.secure_cookies,
                      "Mark the session cookie Secure (when served over HTTPS by a proxy)");
  static std::string serve_config;
  serve_cmd
      ->add_option("--config", serve_config,
                   "Configuration file (TOML, e.g. /etc/weilai/weilai.conf); environment and flags "
                   "override it")
      ->envname("WEILAI_CONFIG");
  serve_cmd->callback(
      [serve_cmd] { serve(effective_options(serve_cmd, serve_options, serve_config)); });

  static std::string migrate_db = "sqlite:var/weilai.db";
  auto* migrate_cmd =
      root.add_subcommand("migrate", "Apply pending schema migrations (数据库迁移)");
  db_option(migrate_cmd, migrate_db);
  migrate_cmd->callback([] {
    auto db = open_and_migrate(migrate_db, 1);
    auto v = storage::schema_version(*db);
    std::printf("schema version %d\n", v ? *v : -1);
  });

  // user add | passwd | list
  static std::string user_db = "sqlite:var/weilai.db";
  static std::string user_login, user_name, user_role, user_org;
  auto* user_cmd = root.add_subcommand("user", "Manage accounts (账号管理)");
  user_cmd->require_subcommand(1);
  auto* add_cmd = user_cmd->add_subcommand(
      "add", "Create an account; reads the password from standard input (one line)");
  db_option(add_cmd, user_db);
  add_cmd->add_option("--login", user_login, "Login name")->required();
  add_cmd->add_option("--name", user_name, "Display name")->required();
  add_cmd->add_option("--role", user_role, "Grant this role (e.g. system_admin, county_official)");
  add_cmd->add_option("--org", user_org, "Org unit code for the grant (e.g. 331102 for 莲都区)");
  add_cmd->callback([] {
    SystemClock clock;
    auto db = open_and_migrate(user_db, 1);
    identity::Account a;
    a.login = user_login;
    a.display_name = user_name;
    if (auto st = identity::validate_login(a.login); !st) fail("invalid login", st.error(), 2);
    if (auto st = identity::validate_display_name(a.display_name); !st)
      fail("invalid name", st.error(), 2);
    std::optional<identity::Role> role;
    if (!user_role.empty()) {
      role = identity::parse_role(user_role);
      if (!role) fail("invalid role", Error::invalid("unknown role " + user_role), 2);
      if (user_org.empty()) fail("invalid grant", Error::invalid("--role needs --org"), 2);
    }
    const std::string password = read_password_stdin();
    if (auto st = identity::validate_password(password, a.login); !st)
      fail("weak password", st.error(), 2);
    auto hash = crypto::hash_password(password);
    if (!hash) fail("cannot hash", hash.error());
    auto st = db->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
      WEILAI_TRY(auto created, storage::insert_account(tx, a, *hash, clock.now_ms()));
      if (role) {
        WEILAI_TRY(auto unit, tx.exec("SELECT id FROM org_units WHERE code = $1", {user_org}));
        if (unit.empty()) return Error::invalid("no org unit with code " + user_org, "--org");
        WEILAI_CHECK(
            storage::insert_grant(tx, created.id, *role, unit.front().i64(0), clock.now_ms()));
      }
      return audit_cli(tx, "account.create", "account", std::to_string(created.id), clock);
    });
    if (!st) fail("cannot create the account", st.error());
    std::printf("account %s created\n", a.login.c_str());
  });
  auto* passwd_cmd = user_cmd->add_subcommand(
      "passwd", "Set an account's password from standard input (one line); ends its sessions");
  db_option(passwd_cmd, user_db);
  passwd_cmd->add_option("--login", user_login, "Login name")->required();
  passwd_cmd->callback([] {
    SystemClock clock;
    auto db = open_and_migrate(user_db, 1);
    const std::string password = read_password_stdin();
    if (auto st = identity::validate_password(password, user_login); !st)
      fail("weak password", st.error(), 2);
    auto hash = crypto::hash_password(password);
    if (!hash) fail("cannot hash", hash.error());
    auto st = db->run(storage::TxMode::write, [&](storage::Tx& tx) -> Status {
      WEILAI_TRY(auto found, storage::find_account_by_login(tx, user_login));
      if (!found) return Error::not_found("no account " + user_login);
      WEILAI_CHECK(storage::set_password(tx, found->account.id, *hash, clock.now_ms()));
      WEILAI_CHECK(storage::revoke_sessions_of(tx, found->account.id));
      return audit_cli(tx, "account.password_reset", "account", std::to_string(found->account.id),
                       clock);
    });
    if (!st) fail("cannot set the password", st.error());
    std::printf("password of %s changed\n", user_login.c_str());
  });
  auto* list_cmd = user_cmd->add_subcommand("list", "List accounts and their roles");
  db_option(list_cmd, user_db);
  list_cmd->callback([] {
    auto db = open_and_migrate(user_db, 1);
    auto st = db->run(storage::TxMode::read, [&](storage::Tx& tx) -> Status {
      std::int64_t after = 0;
      for (;;) {
        WEILAI_TRY(auto page, storage::list_accounts(tx, std::nullopt, after, 200));
        for (const auto& a : page) {
          WEILAI_TRY(auto grants, storage::grants_of(tx, a.id));
          std::string roles;
          for (const auto& g : grants) {
            roles += (roles.empty() ? "" : ", ") + std::string(identity::info(g.grant.role).code) +
                     "@" + g.org_unit_name_zh;
          }
          std::printf("%-6lld %-16s %-20s %s%s\n", static_cast<long long>(a.id), a.login.c_str(),
                      a.display_name.c_str(), roles.c_str(), a.disabled ? "  (disabled)" : "");
        }
        if (page.size() < 200) return {};
        after = page.back().id;
      }
    });
    if (!st) fail("cannot list accounts", st.error());
  });

  static std::string audit_db = "sqlite:var/weilai.db";
  auto* audit_cmd = root.add_subcommand("audit", "The hash-chained audit log (审计日志)");
  audit_cmd->require_subcommand(1);
  auto* verify_cmd = audit_cmd->add_subcommand(
      "verify", "Check every link of the audit chain; exit 1 at the first broken one");
  db_option(verify_cmd, audit_db);
  verify_cmd->callback([] {
    auto db = open_and_migrate(audit_db, 1);
    auto report = storage::verify_audit(*db);
    if (!report) fail("cannot read the audit log", report.error());
    if (report->ok) {
      std::printf("audit chain intact: %lld records verified\n",
                  static_cast<long long>(report->checked));
      return;
    }
    std::printf("audit chain BROKEN at record %lld: %s (%lld records before it are intact)\n",
                static_cast<long long>(*report->first_broken_seq), report->reason.c_str(),
                static_cast<long long>(report->checked));
    throw CLI::RuntimeError(1);
  });

  static std::string backup_db = "sqlite:var/weilai.db";
  static std::string backup_to;
  auto* backup_cmd = root.add_subcommand(
      "backup",
      "Write an online, consistent copy of the database (SQLite file, or pg_dump custom format)");
  db_option(backup_cmd, backup_db);
  backup_cmd->add_option("--to", backup_to, "Output file (must not exist)")->required();
  backup_cmd->callback([] {
    storage::OpenOptions opts;
    opts.pool_size = 1;
    auto db = storage::open_database(backup_db, opts);
    if (!db) fail("cannot open database", db.error());
    if (auto st = (*db)->backup_to(backup_to); !st) fail("backup failed", st.error());
    std::printf("backup written to %s\n", backup_to.c_str());
  });
}

}  // namespace weilai::app
