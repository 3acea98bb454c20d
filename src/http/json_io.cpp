#include "http/json_io.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "http/problem.hpp"
#include "identity/accounts.hpp"

namespace weilai::http {
namespace json = boost::json;

json::object parse_json_object(const Request& request) {
  auto ct = request.header("content-type");
  if (!ct ||
      !(ct->starts_with("application/json") || ct->starts_with("application/problem+json"))) {
    throw Problem(415, "unsupported_media_type", "the body must be application/json");
  }
  json::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  json::value v = json::parse(request.body, ec, {}, opts);
  if (ec) throw Problem(400, "malformed_json", "the body is not valid JSON: " + ec.message());
  if (!v.is_object()) throw Problem(400, "malformed_json", "the body must be a JSON object");
  return std::move(v.as_object());
}

namespace {
std::string pointer(std::string_view key) {
  return "/" + std::string(key);
}

Error wrong_type(std::string_view key, const char* expected) {
  return Error::invalid(std::string(key) + " must be " + expected, pointer(key));
}
}  // namespace

Result<std::string> JsonFields::string(std::string_view key, std::size_t max_chars,
                                       std::size_t min_chars) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) {
    return Error::invalid(std::string(key) + " is required", pointer(key));
  }
  if (!it->value().is_string()) return wrong_type(key, "a string");
  std::string s(it->value().as_string());
  auto len = identity::utf8_length(s);
  if (!len) return Error::invalid(std::string(key) + " is not valid UTF-8", pointer(key));
  if (*len < min_chars || *len > max_chars) {
    return Error::invalid(std::string(key) + " must be " + std::to_string(min_chars) + " to " +
                              std::to_string(max_chars) + " characters",
                          pointer(key));
  }
  return s;
}

Result<std::optional<std::string>> JsonFields::optional_string(std::string_view key,
                                                               std::size_t max_chars) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return std::optional<std::string>{};
  WEILAI_TRY(std::string s, string(key, max_chars, 0));
  return std::optional<std::string>(std::move(s));
}

Result<std::int64_t> JsonFields::integer(std::string_view key, std::int64_t min,
                                         std::int64_t max) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) {
    return Error::invalid(std::string(key) + " is required", pointer(key));
  }
  const json::value& v = it->value();
  std::int64_t n = 0;
  if (v.is_int64()) {
    n = v.as_int64();
  } else if (v.is_uint64()) {
    return Error::invalid(std::string(key) + " is out of range", pointer(key));
  } else if (v.is_double()) {
    const double d = v.as_double();
    if (d != static_cast<double>(static_cast<std::int64_t>(d)) || d > 9.0e18 || d < -9.0e18) {
      return wrong_type(key, "an integer");
    }
    n = static_cast<std::int64_t>(d);
  } else {
    return wrong_type(key, "an integer");
  }
  if (n < min || n > max) {
    return Error::invalid(std::string(key) + " must be between " + std::to_string(min) + " and " +
                              std::to_string(max),
                          pointer(key));
  }
  return n;
}

Result<std::optional<std::int64_t>> JsonFields::optional_integer(std::string_view key,
                                                                 std::int64_t min,
                                                                 std::int64_t max) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return std::optional<std::int64_t>{};
  WEILAI_TRY(std::int64_t n, integer(key, min, max));
  return std::optional<std::int64_t>(n);
}

Result<std::optional<bool>> JsonFields::optional_boolean(std::string_view key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return std::optional<bool>{};
  if (!it->value().is_bool()) return wrong_type(key, "true or false");
  return std::optional<bool>(it->value().as_bool());
}

Status JsonFields::only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& kv : object_) {
    bool known = false;
    for (auto a : allowed) known = known || kv.key() == a;
    if (!known) {
      return Error::invalid("unknown field " + std::string(kv.key()), pointer(kv.key()));
    }
  }
  return {};
}

std::optional<std::int64_t> query_int(const Request& request, std::string_view name,
                                      std::int64_t min, std::int64_t max) {
  auto v = request.query_param(name);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || p != v->data() + v->size() || n < min || n > max) {
    throw Problem(400, "invalid_query",
                  std::string(name) + " must be an integer between " + std::to_string(min) +
                      " and " + std::to_string(max),
                  "?" + std::string(name));
  }
  return n;
}

std::optional<std::string> query_string(const Request& request, std::string_view name,
                                        std::size_t max_chars) {
  auto v = request.query_param(name);
  if (!v) return std::nullopt;
  auto len = identity::utf8_length(*v);
  if (!len || *len > max_chars) {
    throw Problem(400, "invalid_query",
                  std::string(name) + " must be valid UTF-8 of at most " +
                      std::to_string(max_chars) + " characters",
                  "?" + std::string(name));
  }
  return std::string(*v);
}

Page page_params(const Request& request) {
  Page page;
  if (auto limit = query_int(request, "limit", 1, 200)) page.limit = static_cast<int>(*limit);
  if (auto cursor = request.query_param("cursor")) {
    // The cursor is "c" followed by the last key; opaque to clients.
    std::int64_t key = 0;
    bool ok = cursor->size() > 1 && (*cursor)[0] == 'c';
    if (ok) {
      auto [p, ec] = std::from_chars(cursor->data() + 1, cursor->data() + cursor->size(), key);
      ok = ec == std::errc{} && p == cursor->data() + cursor->size() && key >= 0;
    }
    if (!ok) throw Problem(400, "invalid_query", "cursor is not one this server issued", "?cursor");
    page.after_id = key;
  }
  return page;
}

std::optional<std::string> next_cursor(std::size_t items, const Page& page, std::int64_t last_key) {
  if (items < static_cast<std::size_t>(page.limit)) return std::nullopt;
  return "c" + std::to_string(last_key);
}

json::object page_body(json::array items, const std::optional<std::string>& cursor) {
  json::object o;
  o["items"] = std::move(items);
  if (cursor)
    o["next_cursor"] = *cursor;
  else
    o["next_cursor"] = nullptr;
  return o;
}

Response json_response(const json::value& body, int status) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace weilai::http
