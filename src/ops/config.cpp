// The configuration file: toml++ (Debian's libtomlplusplus-dev) parses, this file validates.
#include "ops/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace weilai::ops {
namespace {

enum class Kind { text, integer, boolean };

using Check = std::optional<std::string> (*)(const std::string&);

struct Spec {
  KeyInfo info;
  Kind kind;
  std::int64_t lo = 0, hi = 0;
  std::string Config::*text = nullptr;
  int Config::*integer = nullptr;
  bool Config::*boolean = nullptr;
  Check check = nullptr;
};

std::optional<std::string> check_listen(const std::string& v) {
  const auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0) return "expected HOST:PORT, e.g. 127.0.0.1:8080";
  int port = -1;
  const char* b = v.data() + colon + 1;
  const char* e = v.data() + v.size();
  auto [p, ec] = std::from_chars(b, e, port);
  if (ec != std::errc{} || p != e || port < 0 || port > 65535) {
    return "the port must be a number from 0 to 65535";
  }
  return std::nullopt;
}

std::optional<std::string> check_url(const std::string& v) {
  if (v.rfind("sqlite:", 0) == 0 && v.size() > 7) return std::nullopt;
  if (v.rfind("postgresql://", 0) == 0 || v.rfind("postgres://", 0) == 0) return std::nullopt;
  return "expected sqlite:PATH or postgresql://USER@HOST:PORT/DBNAME";
}

std::optional<std::string> check_level(const std::string& v) {
  for (const char* l : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    if (v == l) return std::nullopt;
  }
  return "expected one of trace, debug, info, warn, error, critical, off";
}

const std::vector<Spec>& specs() {
  static const std::vector<Spec> all = [] {
    std::vector<Spec> s;
    auto text = [&](const char* sec, const char* key, const char* env, const char* help,
                    std::string Config::*m, Check c) {
      Spec x{{sec, key, env, help}, Kind::text};
      x.text = m;
      x.check = c;
      s.push_back(x);
    };
    auto integer = [&](const char* sec, const char* key, const char* env, const char* help,
                       int Config::*m, std::int64_t lo, std::int64_t hi) {
      Spec x{{sec, key, env, help}, Kind::integer, lo, hi};
      x.integer = m;
      s.push_back(x);
    };
    auto boolean = [&](const char* sec, const char* key, const char* env, const char* help,
                       bool Config::*m) {
      Spec x{{sec, key, env, help}, Kind::boolean};
      x.boolean = m;
      s.push_back(x);
    };
    text("server", "listen", "WEILAI_LISTEN", "HOST:PORT to listen on (port 0: any free port)",
         &Config::listen, check_listen);
    text("server", "web_root", "WEILAI_WEB_ROOT",
         "directory of the built web app (empty: API only)", &Config::web_root, nullptr);
    text("server", "data_dir", "WEILAI_DATA_DIR",
         "read-only data files, e.g. the demo's OSM extract (empty: automatic, see "
         "docs/OPERATIONS.md)",
         &Config::data_dir, nullptr);
    integer("server", "io_threads", "WEILAI_IO_THREADS", "threads doing network I/O",
            &Config::io_threads, 1, 64);
    integer("server", "workers", "WEILAI_WORKERS",
            "threads running handlers (0: twice the cores, at least 4)", &Config::workers, 0, 256);
    integer("server", "body_limit_mib", "WEILAI_BODY_LIMIT_MIB", "largest request body, MiB",
            &Config::body_limit_mib, 1, 1024);
    boolean("server", "access_log", "WEILAI_ACCESS_LOG", "write one JSON access-log line a request",
            &Config::access_log);
    boolean("server", "secure_cookies", "WEILAI_SECURE_COOKIES",
            "mark the session cookie Secure (behind an HTTPS proxy)", &Config::secure_cookies);
    boolean("server", "demo", "WEILAI_DEMO", "load the Lishui demo data into an empty database",
            &Config::demo);
    text("database", "url", "WEILAI_DB",
         "sqlite:PATH or postgresql://USER:PASSWORD@HOST:PORT/DBNAME (the password is masked "
         "whenever the configuration is shown)",
         &Config::database_url, check_url);
    integer("database", "pool_size", "WEILAI_DB_POOL_SIZE",
            "database connections (0: workers + 2 + 2 per planning worker)", &Config::pool_size, 0,
            1024);
    integer("database", "busy_timeout_ms", "WEILAI_DB_BUSY_TIMEOUT_MS",
            "SQLite busy timeout / PostgreSQL lock_timeout, ms", &Config::busy_timeout_ms, 1,
            600000);
    text("log", "level", "WEILAI_LOG_LEVEL", "trace, debug, info, warn, error, critical or off",
         &Config::log_level, check_level);
    return s;
  }();
  return all;
}

std::optional<bool> parse_bool(std::string v) {
  for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return std::nullopt;
}

std::string name_of(const Spec& s) {
  return s.info.section + "." + s.info.key;
}

// Sets a text/integer value after checking it; returns the problem, if any.
std::optional<std::string> set_text(Config& c, const Spec& s, const std::string& v) {
  if (s.check) {
    if (auto bad = s.check(v)) return bad;
  }
  c.*(s.text) = v;
  return std::nullopt;
}
std::optional<std::string> set_int(Config& c, const Spec& s, std::int64_t v) {
  if (v < s.lo || v > s.hi) {
    return "must be from " + std::to_string(s.lo) + " to " + std::to_string(s.hi);
  }
  c.*(s.integer) = static_cast<int>(v);
  return std::nullopt;
}

std::string quote(const std::string& v) {
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

const std::vector<KeyInfo>& config_keys() {
  static const std::vector<KeyInfo> keys = [] {
    std::vector<KeyInfo> k;
    for (const auto& s : specs()) k.push_back(s.info);
    return k;
  }();
  return keys;
}

LoadedConfig parse_config(std::string_view toml_text, std::string_view source,
                          const EnvLookup& env) {
  LoadedConfig out;
  const std::string src(source);
  if (!toml_text.empty()) {
    toml::table root;
    try {
      root = toml::parse(toml_text, source);
    } catch (const toml::parse_error& e) {
      out.issues.push_back(
          {src + ":" + std::to_string(e.source().begin.line), std::string(e.description())});
      root = toml::table{};
    }
    for (auto&& [section_key, section_node] : root) {
      const std::string section(section_key.str());
      const std::string at = src + ":" + std::to_string(section_key.source().begin.line);
      bool known_section = false;
      for (const auto& s : specs()) known_section = known_section || s.info.section == section;
      if (!known_section || !section_node.is_table()) {
        out.issues.push_back({at, "unknown section [" + section + "]"});
        continue;
      }
      for (auto&& [key, node] : *section_node.as_table()) {
        const std::string name = section + "." + std::string(key.str());
        const std::string where = src + ":" + std::to_string(node.source().begin.line);
        const Spec* spec = nullptr;
        for (const auto& s : specs()) {
          if (name_of(s) == name) spec = &s;
        }
        if (spec == nullptr) {
          out.issues.push_back({where, "unknown key " + name});
          continue;
        }
        std::optional<std::string> bad;
        if (spec->kind == Kind::text) {
          if (auto v = node.value<std::string>(); v && node.is_string()) {
            bad = set_text(out.config, *spec, *v);
          } else {
            bad = "must be a string";
          }
        } else if (spec->kind == Kind::integer) {
          if (node.is_integer()) {
            bad = set_int(out.config, *spec, *node.value<std::int64_t>());
          } else {
            bad = "must be an integer";
          }
        } else {
          if (node.is_boolean()) {
            out.config.*(spec->boolean) = *node.value<bool>();
          } else {
            bad = "must be true or false";
          }
        }
        if (bad) {
          out.issues.push_back({where, name + " " + *bad});
        } else {
          out.origin[name] = where;
        }
      }
    }
  }
  for (const auto& s : specs()) {
    auto v = env(s.info.env);
    if (!v) continue;
    std::optional<std::string> bad;
    if (s.kind == Kind::text) {
      bad = set_text(out.config, s, *v);
    } else if (s.kind == Kind::integer) {
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
      bad = (ec != std::errc{} || p != v->data() + v->size())
                ? std::optional<std::string>("must be an integer")
                : set_int(out.config, s, n);
    } else if (auto b = parse_bool(*v)) {
      out.config.*(s.boolean) = *b;
    } else {
      bad = "must be true or false (1/0, yes/no, on/off)";
    }
    if (bad) {
      out.issues.push_back({s.info.env, name_of(s) + " " + *bad});
    } else {
      out.origin[name_of(s)] = "env " + s.info.env;
    }
  }
  return out;
}

LoadedConfig load_config(const std::string& path, const EnvLookup& env) {
  if (path.empty()) return parse_config({}, "", env);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadedConfig out = parse_config({}, path, env);
    out.issues.insert(out.issues.begin(), {path, "cannot read the configuration file"});
    return out;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path, env);
}

std::string render_config(const LoadedConfig& loaded) {
  std::string out;
  std::string section;
  for (const auto& s : specs()) {
    if (s.info.section != section) {
      section = s.info.section;
      out += (out.empty() ? "[" : "\n[") + section + "]\n";
    }
    std::string value;
    if (s.kind == Kind::text) {
      const std::string& v = loaded.config.*(s.text);
      value = quote(s.text == &Config::database_url ? mask_url(v) : v);
    } else if (s.kind == Kind::integer) {
      value = std::to_string(loaded.config.*(s.integer));
    } else {
      value = loaded.config.*(s.boolean) ? "true" : "false";
    }
    auto o = loaded.origin.find(name_of(s));
    out += s.info.key + " = " + value + "  # " +
           (o == loaded.origin.end() ? std::string("default") : o->second) + "\n";
  }
  return out;
}

std::string mask_url(std::string_view url) {
  std::string out(url);
  const auto scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    const std::size_t auth_begin = scheme_end + 3;
    std::size_t auth_end = out.find_first_of("/?", auth_begin);
    if (auth_end == std::string::npos) auth_end = out.size();
    const std::size_t at = out.rfind('@', auth_end);
    if (at != std::string::npos && at >= auth_begin) {
      const std::size_t colon = out.find(':', auth_begin);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... as a query parameter or a conninfo keyword.
  for (std::size_t p = 0; (p = out.find("password=", p)) != std::string::npos;) {
    if (p > 0 && std::string_view("?& ").find(out[p - 1]) == std::string_view::npos) {
      p += 9;
      continue;
    }
    const std::size_t v = p + 9;
    const std::size_t end = out.find_first_of("& ", v);
    out.replace(v, (end == std::string::npos ? out.size() : end) - v, "***");
    p = v + 3;
  }
  return out;
}

std::string scrub(std::string text, std::string_view secret_url) {
  const std::string url(secret_url);
  const std::string masked = mask_url(url);
  if (masked == url) return text;
  for (std::size_t at; (at = text.find(url)) != std::string::npos;)
    text.replace(at, url.size(), masked);
  // The bare password, wherever it appears (e.g. quoted by a library in an error).
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string::npos) {
    const std::size_t b = scheme_end + 3;
    std::size_t e = url.find_first_of("/?", b);
    if (e == std::string::npos) e = url.size();
    const std::size_t at = url.rfind('@', e);
    const std::size_t colon = url.find(':', b);
    if (at != std::string::npos && at >= b && colon != std::string::npos && colon < at) {
      const std::string pw = url.substr(colon + 1, at - colon - 1);
      if (pw.size() >= 3) {
        for (std::size_t p; (p = text.find(pw)) != std::string::npos;)
          text.replace(p, pw.size(), "***");
      }
    }
  }
  return text;
}

}  // namespace weilai::ops
