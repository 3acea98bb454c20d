// ledger verify: checks the community ledgers (time bank, points, foundation) offline or beside a
// running server: every cached balance equals the sum of its entries, no account is below its
// limit, every transaction's entries and every unit's balances sum to zero. Exit 1 on any problem.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.hpp"
#include "storage/database.hpp"
#include "storage/ledger_store.hpp"
#include "storage/migrations.hpp"

namespace weilai::app {

void add_ledger_commands(CLI::App& root) {
  static std::string db_url = "sqlite:var/weilai.db";
  auto* ledger =
      root.add_subcommand("ledger", "Community ledgers: time bank, points, foundation (账本)");
  ledger->require_subcommand(1);
  auto* verify = ledger->add_subcommand(
      "verify", "Check balances against entries, limits and zero sums; exit 1 on any mismatch");
  verify->add_option("--db", db_url, "Database: sqlite:PATH or postgresql://user@host:port/dbname")
      ->envname("WEILAI_DB")
      ->capture_default_str();
  verify->callback([] {
    storage::OpenOptions opts;
    opts.pool_size = 1;
    auto db = storage::open_database(db_url, opts);
    if (!db) {
      std::fprintf(stderr, "weilai: cannot open database %s: %s\n", db_url.c_str(),
                   db.error().message.c_str());
      throw CLI::RuntimeError(2);
    }
    auto migrated = storage::apply_migrations(**db);
    if (!migrated) {
      std::fprintf(stderr, "weilai: cannot migrate: %s\n", migrated.error().message.c_str());
      throw CLI::RuntimeError(2);
    }
    auto report = storage::verify_ledger(**db);
    if (!report) {
      std::fprintf(stderr, "weilai: cannot read the ledger: %s\n", report.error().message.c_str());
      throw CLI::RuntimeError(2);
    }
    for (const auto& [unit, sum] : report->unit_sums)
      std::printf("unit %-5s balances sum to %lld\n", community::unit_code(unit),
                  static_cast<long long>(sum));
    if (report->ok) {
      std::printf("ledger OK: %lld accounts, %lld transactions verified\n",
                  static_cast<long long>(report->accounts),
                  static_cast<long long>(report->transactions));
      return;
    }
    for (const auto& p : report->problems) std::printf("MISMATCH %s\n", p.c_str());
    std::printf("ledger BROKEN: %zu problems in %lld accounts, %lld transactions\n",
                report->problems.size(), static_cast<long long>(report->accounts),
                static_cast<long long>(report->transactions));
    throw CLI::RuntimeError(1);
  });
}

}  // namespace weilai::app
