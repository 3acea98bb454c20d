#include "storage/data_dir.hpp"

#include <cstdlib>
#include <mutex>

namespace weilai::storage {
namespace {

std::mutex g_mutex;
std::string g_dir;  // set_data_dir

}  // namespace

std::string resolve_data_dir(const DataDirInputs& in) {
  if (!in.explicit_dir.empty()) return in.explicit_dir;
  if (in.env && !in.env->empty()) return *in.env;
  if (!in.executable.empty()) {
    const auto beside =
        (in.executable.parent_path().parent_path() / "share" / "weilai" / "data").string();
    if (in.is_dir(beside)) return beside;
  }
  if (!in.compiled.empty() && in.is_dir(in.compiled)) return in.compiled;
  return kInstalledDataDir;
}

void set_data_dir(std::string dir) {
  std::lock_guard lock(g_mutex);
  g_dir = std::move(dir);
}

std::string data_dir() {
  DataDirInputs in;
  {
    std::lock_guard lock(g_mutex);
    in.explicit_dir = g_dir;
  }
  if (const char* env = std::getenv("WEILAI_DATA_DIR")) in.env = std::string(env);
  std::error_code ec;
  in.executable = std::filesystem::read_symlink("/proc/self/exe", ec);
#ifdef WEILAI_DATA_DIR
  in.compiled = WEILAI_DATA_DIR;
#endif
  in.is_dir = [](const std::string& p) {
    std::error_code e;
    return std::filesystem::is_directory(p, e);
  };
  return resolve_data_dir(in);
}

std::string data_file(const std::string& relative) {
  return (std::filesystem::path(data_dir()) / relative).string();
}

}  // namespace weilai::storage
