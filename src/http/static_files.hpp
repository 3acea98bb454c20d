// Serves the built web app from a directory: correct MIME types, a year's cache for hashed assets
// (under /assets/), no cache for index.html, the SPA fallback (an unknown path without a file
// extension gets index.html so client routes work on reload), no directory listing and no path
// traversal (the resolved path must stay inside the root).
#pragma once

#include <optional>
#include <string>

#include "http/message.hpp"

namespace weilai::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);  // empty root: serve nothing
  // A response for GET/HEAD of `path`, or nullopt when nothing matches (the caller answers 404).
  std::optional<Response> serve(const Request& request) const;
  static std::string mime_type(const std::string& path);

 private:
  std::string root_;  // canonical, without a trailing slash
};

}  // namespace weilai::http
