// The runtime data directory (storage/data_dir.hpp): flag/config > environment > beside the
// binary > the compiled source tree > /usr/share/weilai/data.
#include "storage/data_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

namespace weilai::testing {
namespace {

storage::DataDirInputs inputs(std::set<std::string> dirs) {
  storage::DataDirInputs in;
  in.executable = "/opt/w/usr/bin/weilai";
  in.compiled = "/src/weilai/data";
  in.is_dir = [dirs](const std::string& p) { return dirs.count(p) > 0; };
  return in;
}

TEST(DataDir, ExplicitThenEnvironmentThenBesideTheBinaryThenSourceThenInstalled) {
  auto in = inputs({"/opt/w/usr/share/weilai/data", "/src/weilai/data"});
  in.explicit_dir = "/flag";
  in.env = "/env";
  EXPECT_EQ(storage::resolve_data_dir(in), "/flag");
  in.explicit_dir.clear();
  EXPECT_EQ(storage::resolve_data_dir(in), "/env");
  in.env = "";  // set but empty: ignored
  EXPECT_EQ(storage::resolve_data_dir(in), "/opt/w/usr/share/weilai/data");
  in.is_dir = [](const std::string& p) { return p == "/src/weilai/data"; };
  EXPECT_EQ(storage::resolve_data_dir(in), "/src/weilai/data");
  in.is_dir = [](const std::string&) { return false; };
  EXPECT_EQ(storage::resolve_data_dir(in), storage::kInstalledDataDir);
  in.compiled.clear();
  in.executable.clear();
  EXPECT_EQ(storage::resolve_data_dir(in), "/usr/share/weilai/data");
}

TEST(DataDir, TheBuildTreeBinaryFindsTheSourceTreeAndSetOverrides) {
  // This test binary lives in the build tree, so (without WEILAI_DATA_DIR) it resolves to the
  // repository's data/, where the demo's extract is.
  if (std::getenv("WEILAI_DATA_DIR") == nullptr) {
    EXPECT_EQ(storage::data_dir(), std::string(WEILAI_SOURCE_DIR) + "/data");
    EXPECT_TRUE(std::filesystem::is_regular_file(storage::data_file("osm/monaco.osm.pbf")));
  }
  storage::set_data_dir("/elsewhere");
  EXPECT_EQ(storage::data_file("osm/x.pbf"), "/elsewhere/osm/x.pbf");
  storage::set_data_dir("");
  EXPECT_NE(storage::data_dir(), "/elsewhere");
}

}  // namespace
}  // namespace weilai::testing
