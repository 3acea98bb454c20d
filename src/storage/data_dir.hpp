// Where the read-only data files are at run time (the repository's data/: the OSM extracts the
// demo loads, indicator drafts, planning defaults). A build tree reads the source tree's data/;
// an installed package has no source tree and reads /usr/share/weilai/data.
//
// Resolution, first match wins:
//   1. set_data_dir() — `weilai serve --data-dir`, else WEILAI_DATA_DIR, else the configuration's
//      server.data_dir (the usual flag > environment > file precedence, applied by serve);
//   2. the environment variable WEILAI_DATA_DIR (for the other subcommands);
//   3. <directory of the running binary>/../share/weilai/data when it exists (an installed or
//      unpacked package finds its own data, even on a machine that also has a source tree);
//   4. the source tree's data/ compiled into the binary, when it exists (build trees);
//   5. /usr/share/weilai/data.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace weilai::storage {

inline constexpr const char* kInstalledDataDir = "/usr/share/weilai/data";

// Overrides the lookup for this process (empty: back to automatic). Call before serving.
void set_data_dir(std::string dir);
// The resolved directory (it may not exist when nothing was found: rule 5).
std::string data_dir();
// A file under the data directory, e.g. data_file("osm/monaco.osm.pbf").
std::string data_file(const std::string& relative);

// The pure rule behind data_dir(), for tests.
struct DataDirInputs {
  std::string explicit_dir;          // set_data_dir
  std::optional<std::string> env;    // WEILAI_DATA_DIR
  std::filesystem::path executable;  // /proc/self/exe
  std::string compiled;              // the source tree's data/ ("" when not compiled in)
  std::function<bool(const std::string&)> is_dir;
};
std::string resolve_data_dir(const DataDirInputs& in);

}  // namespace weilai::storage
