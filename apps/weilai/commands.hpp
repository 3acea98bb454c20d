// Each group of subcommands registers itself on the root CLI11 app. main.cpp calls these in order.
#pragma once

namespace CLI {
class App;
}

namespace weilai::app {

void add_server_commands(CLI::App& root);    // serve, migrate, user, audit, backup (cmd_server.cpp)
void add_planning_commands(CLI::App& root);  // graph, analyze, isochrone, suggest-sites, gen-city
void add_ops_commands(
    CLI::App& root);  // config check, restore, migrate-data, checksum, org import (cmd_ops.cpp)
void add_ledger_commands(CLI::App& root);  // ledger verify (cmd_ledger.cpp)

}  // namespace weilai::app
