// A scratch PostgreSQL database created through a maintenance connection to $WEILAI_TEST_PG_URL
// and dropped (WITH FORCE, in case a test left connections open) at the end. Unique per process
// and object, so parallel ctest processes never share one.
#pragma once

#include <string>

namespace weilai::testing {

// "<pid>_<n>": unique within the machine for the life of the process.
std::string unique_suffix();

class PgScratch {
 public:
  explicit PgScratch(const std::string& base_url, const std::string& prefix = "weilai_t_");
  ~PgScratch();
  PgScratch(const PgScratch&) = delete;
  PgScratch& operator=(const PgScratch&) = delete;

  // The base URL with its database name replaced by ours.
  std::string url() const;
  const std::string& name() const { return name_; }
  // Runs one statement outside any transaction, as the maintenance user.
  void admin_exec(const std::string& sql) const;

 private:
  std::string base_url_;
  std::string name_;
};

}  // namespace weilai::testing
