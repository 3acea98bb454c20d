#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.hpp"
#include "ops/config.hpp"

namespace weilai::app {

void fail(const std::string& what, const Error& e, int exit_code) {
  const std::string field = e.field.empty() ? "" : " (" + e.field + ")";
  std::fprintf(stderr, "weilai: %s: %s%s\n", what.c_str(), e.message.c_str(), field.c_str());
  throw CLI::RuntimeError(exit_code);
}

void fail_on_database(const std::string& what, const Error& e, const std::string& database_url) {
  Error scrubbed = e;
  scrubbed.message = ops::scrub(e.message, database_url);
  fail(what, scrubbed);
}

}  // namespace weilai::app
