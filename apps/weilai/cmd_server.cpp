#include "commands.hpp"
namespace weilai::app {
void add_server_commands(CLI::App&) {}
}  // namespace weilai::app
