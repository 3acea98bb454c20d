// Reading JSON request bodies and query parameters with strict types, ranges and lengths, and
// writing JSON responses. Failures of the request's form (not JSON, wrong content type, a bad
// query parameter) throw Problem (400/415); a field with a wrong type or value is a 422 with the
// field's JSON pointer. Unknown members are rejected so typos never pass silently.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace weilai::http {

// Upper bounds for ids and millisecond times in requests: the largest integer a browser's
// JavaScript number holds exactly (2^53), and a time far past any booking or deadline (2^50 ms,
// about the year 37648).
inline constexpr std::int64_t kMaxId = std::int64_t{1} << 53;
inline constexpr std::int64_t kMaxMs = std::int64_t{1} << 50;

// A nullable member: the value, or JSON null when absent.
template <class T>
boost::json::value opt_json(const std::optional<T>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// The body as a JSON object. Throws Problem: 415 when Content-Type is not application/json,
// 400 malformed_json when it does not parse or is not an object (nesting depth limited to 32).
boost::json::object parse_json_object(const Request& request);

// Typed access to a parsed object; every getter names the field in its error.
class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& object) : object_(object) {}

  // Required string of 1..max_chars code points (after trimming nothing: stored as sent).
  Result<std::string> string(std::string_view key, std::size_t max_chars,
                             std::size_t min_chars = 1) const;
  Result<std::optional<std::string>> optional_string(std::string_view key,
                                                     std::size_t max_chars) const;
  Result<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) const;
  Result<std::optional<std::int64_t>> optional_integer(std::string_view key, std::int64_t min,
                                                       std::int64_t max) const;
  Result<std::optional<bool>> optional_boolean(std::string_view key) const;
  // Fails on any member not listed.
  Status only(std::initializer_list<std::string_view> allowed) const;
  bool has(std::string_view key) const { return object_.contains(key); }

 private:
  const boost::json::object& object_;
};

// Query parameters; throw Problem 400 invalid_query on a bad value.
std::optional<std::int64_t> query_int(const Request& request, std::string_view name,
                                      std::int64_t min, std::int64_t max);
std::optional<std::string> query_string(const Request& request, std::string_view name,
                                        std::size_t max_chars);

struct Page {
  int limit = 50;
  std::int64_t after_id = 0;  // decoded cursor: items with a key greater than this
};
// ?limit=1..200 (default 50) and ?cursor=<opaque>.
Page page_params(const Request& request);
// The cursor for the next page: empty when this page was not full.
std::optional<std::string> next_cursor(std::size_t items, const Page& page, std::int64_t last_key);
// {"items": items, "next_cursor": ...}
boost::json::object page_body(boost::json::array items, const std::optional<std::string>& cursor);

Response json_response(const boost::json::value& body, int status = 200);
Response no_content();

}  // namespace weilai::http
