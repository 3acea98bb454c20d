// Each group of subcommands registers itself on the root CLI11 app. main.cpp calls these in order.
#pragma once

#include <string>

#include "core/result.hpp"

namespace CLI {
class App;
}

namespace weilai::app {

void add_server_commands(CLI::App& root);    // serve, migrate, user, audit, backup (cmd_server.cpp)
void add_planning_commands(CLI::App& root);  // graph, analyze, isochrone, suggest-sites, gen-city
void add_ops_commands(
    CLI::App& root);  // config check, restore, migrate-data, checksum, org import (cmd_ops.cpp)
void add_ledger_commands(CLI::App& root);  // ledger verify (cmd_ledger.cpp)

// Prints "weilai: <what>: <message> (<field>)" to stderr and ends the command with `exit_code`
// (1 failed, 2 bad usage).
[[noreturn]] void fail(const std::string& what, const Error& e, int exit_code = 1);
// The same for errors about a database: its URL's password is scrubbed from the message first.
[[noreturn]] void fail_on_database(const std::string& what, const Error& e,
                                   const std::string& database_url);

}  // namespace weilai::app
