// The server's configuration: one TOML file (default /etc/weilai/weilai.conf in the package),
// overridden by WEILAI_* environment variables, overridden by command-line flags (applied by the
// caller). Every key is documented in docs/OPERATIONS.md and in packaging/weilai.conf.
//
// Parsing is strict: an unknown section or key, a value of the wrong type or out of range is an
// issue, never silently ignored. Secrets (a password inside database.url) are masked by
// mask_url() wherever the configuration is printed or logged.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::ops {

struct Config {
  // [server]
  std::string listen = "127.0.0.1:8080";
  std::string web_root;
  std::string data_dir;  // empty: automatic (storage/data_dir.hpp)
  int io_threads = 2;
  int workers = 0;  // 0: twice the cores, at least 4
  int body_limit_mib = 8;
  bool access_log = true;
  bool secure_cookies = false;
  bool demo = false;
  // [database]
  std::string database_url = "sqlite:var/weilai.db";
  int pool_size = 0;  // 0: workers + 2 + 2 per planning worker
  int busy_timeout_ms = 5000;
  // [log]
  std::string log_level = "info";
};

struct ConfigIssue {
  std::string where;  // "FILE:LINE", "FILE" or the environment variable's name
  std::string message;
};

struct LoadedConfig {
  Config config;
  std::vector<ConfigIssue> issues;
  std::map<std::string, std::string> origin;  // "section.key" -> "FILE:LINE" | "env NAME"
  bool ok() const { return issues.empty(); }
};

// Looks an environment variable up (tests pass a map; the binary passes std::getenv).
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

struct KeyInfo {
  std::string section;
  std::string key;
  std::string env;  // the overriding environment variable
  std::string help;
};
const std::vector<KeyInfo>& config_keys();

// Parses TOML text (named `source` in issues), then applies the environment. Never fails:
// problems are collected in issues.
LoadedConfig parse_config(std::string_view toml_text, std::string_view source,
                          const EnvLookup& env);
// Reads the file (an unreadable file is an issue), or only defaults + environment when path is
// empty.
LoadedConfig load_config(const std::string& path, const EnvLookup& env);

// The effective configuration as TOML, each key commented with where its value came from, with
// secrets masked.
std::string render_config(const LoadedConfig& loaded);

// "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db"; also masks
// password=... query parameters and key=value conninfo. Other text is returned unchanged.
std::string mask_url(std::string_view url);
// Replaces every occurrence of `secret_url`'s password in `text` by ***, for log lines and errors
// that may quote the URL.
std::string scrub(std::string text, std::string_view secret_url);

}  // namespace weilai::ops
