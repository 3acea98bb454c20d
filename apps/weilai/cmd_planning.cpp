// Placeholder until the planning engine lands: registers no subcommands.
#include "commands.hpp"

namespace weilai::app {
void add_planning_commands(CLI::App&) {}
}  // namespace weilai::app
