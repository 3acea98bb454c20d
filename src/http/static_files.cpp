#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace weilai::http {
namespace fs = std::filesystem;

StaticFiles::StaticFiles(std::string root) {
  if (root.empty()) return;
  std::error_code ec;
  auto canonical = fs::canonical(root, ec);
  if (!ec) root_ = canonical.string();
}

std::string StaticFiles::mime_type(const std::string& path) {
  const auto ext = fs::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".geojson") return "application/geo+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

namespace {
std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::optional<Response> StaticFiles::serve(const Request& request) const {
  if (root_.empty() || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
  const std::string& path = request.path;
  // Any ".." segment, backslash or NUL is refused outright; canonicalisation below is the backstop.
  if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos ||
      path.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  fs::path candidate = fs::path(root_) / fs::path(path).relative_path();
  std::error_code ec;
  auto resolved = fs::weakly_canonical(candidate, ec);
  const bool inside =
      !ec && (resolved.string() == root_ || resolved.string().starts_with(root_ + "/"));
  bool is_file = inside && fs::is_regular_file(resolved, ec);
  std::string served = resolved.string();
  if (!is_file) {
    // A client route (no extension) falls back to the app; a missing asset is a 404.
    if (fs::path(path).has_extension()) return std::nullopt;
    served = root_ + "/index.html";
    if (!fs::is_regular_file(served, ec)) return std::nullopt;
  }
  auto body = read_file(served);
  if (!body) return std::nullopt;
  Response r;
  r.content_type = mime_type(served);
  if (served.ends_with("/index.html")) {
    r.set_header("Cache-Control", "no-cache");
  } else if (path.starts_with("/assets/")) {
    r.set_header("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    r.set_header("Cache-Control", "public, max-age=3600");
  }
  r.set_header("X-Content-Type-Options", "nosniff");
  r.body = request.method == "HEAD" ? std::string() : std::move(*body);
  return r;
}

}  // namespace weilai::http
