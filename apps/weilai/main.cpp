// weilai: the one binary. Subcommand groups live in cmd_*.cpp; this file only wires them.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Weilai 未来社区 — the Future Community programme platform"};
  app.require_subcommand(1);
  app.set_version_flag("--version", WEILAI_VERSION);
  app.add_subcommand("version", "Print the version")->callback([] {
    std::printf("weilai %s\n", WEILAI_VERSION);
  });
  weilai::app::add_server_commands(app);
  weilai::app::add_planning_commands(app);
  weilai::app::add_ops_commands(app);
  weilai::app::add_ledger_commands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
