// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the work-order engine, so
// existing Open311 clients, city systems and the 12345 hotline can read and file requests:
//   GET  /open311/v2/services.json                 service list (public)
//   GET  /open311/v2/services/{service_code}.json  service definition (public)
//   POST /open311/v2/requests.json                 file a request (api_key)
//   GET  /open311/v2/requests.json                 query requests (api_key)
//   GET  /open311/v2/requests/{id}.json            one request (api_key)
// Each in both of the spec's formats, named by the URL: .json, or .xml (the spec's element names,
// written by Boost.PropertyTree). Errors follow the spec, not RFC 9457: a list of {code,
// description} in the request's format with the HTTP status (400 bad field, 403 bad api_key, 404
// unknown service or request). Everything else in the API stays problem+json. A URL without a
// format is not an Open311 URL and gets the ordinary problem+json 404.
// Each api_key belongs to one community (its jurisdiction) and the account that issued it; a
// request filed with it is audited as that key. GET needs a key too: residents' reports describe
// their homes, so they are not published to anonymous callers (a documented departure).
#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <utility>

#include "community/work_order.hpp"
#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/work_order_views.hpp"
#include "storage/org_store.hpp"
#include "storage/work_order_store.hpp"

namespace weilai::http {
namespace json = boost::json;
namespace cw = community;

namespace {

constexpr std::int64_t kTzMs = 8 * 3600 * 1000;  // China Standard Time, UTC+8, no DST

// GeoReport v2 answers in the format the URL names.
enum class Format { json, xml };
constexpr std::pair<const char*, Format> kFormats[] = {{".json", Format::json},
                                                       {".xml", Format::xml}};

// The spec's XML: a list's element holds one element per item, named after the list.
std::string xml_item_name(std::string_view list) {
  if (list == "services") return "service";
  if (list == "service_requests") return "request";
  if (list == "errors") return "error";
  if (list == "attributes") return "attribute";
  if (list == "values") return "value";
  return "item";
}

void put_xml(boost::property_tree::ptree& node, const json::value& v, std::string_view name) {
  switch (v.kind()) {
    case json::kind::object:
      for (const auto& [k, x] : v.as_object()) {
        auto& child = node.add_child(std::string(k), {});
        put_xml(child, x, k);
      }
      break;
    case json::kind::array:
      for (const auto& x : v.as_array()) {
        const auto item = xml_item_name(name);
        auto& child = node.add_child(item, {});
        put_xml(child, x, item);
      }
      break;
    case json::kind::string:
      node.put_value(std::string(v.as_string()));
      break;
    case json::kind::bool_:
      node.put_value(std::string(v.as_bool() ? "true" : "false"));
      break;
    case json::kind::null:
      break;  // an empty element
    default:
      node.put_value(json::serialize(v));
  }
}

// `v` as JSON, or as XML under the element `root` (services, service_definition,
// service_requests, errors).
Response open311_answer(Format format, std::string_view root, const json::value& v,
                        int status = 200) {
  Response r;
  r.status = status;
  if (format == Format::json) {
    r.body = json::serialize(v);
    r.content_type = "application/json";
    return r;
  }
  boost::property_tree::ptree doc;
  put_xml(doc.add_child(std::string(root), {}), v, root);
  std::ostringstream out;
  boost::property_tree::write_xml(
      out, doc, boost::property_tree::xml_writer_make_settings<std::string>(' ', 2));
  r.body = out.str();
  r.content_type = "text/xml; charset=utf-8";
  return r;
}

Response open311_error(Format format, int status, const std::string& description) {
  return open311_answer(format, "errors",
                        json::array{json::object{{"code", status}, {"description", description}}},
                        status);
}

// Days since 1970-01-01 of a civil date and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// W3C datetime in China Standard Time: 2026-11-30T09:15:00+08:00.
std::string w3c(std::int64_t ms) {
  std::int64_t local = ms + kTzMs;
  std::int64_t days = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
  std::int64_t secs = (local - days * kDayMs) / 1000;
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld+08:00",
                static_cast<long long>(y), m, d, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

// Parses YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM) into Unix ms.
std::optional<std::int64_t> parse_w3c(std::string_view s) {
  int y, mo, d, h, mi, sec, n = 0;
  const std::string str(s);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 ||
      n != 19)
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::size_t i = 19;
  if (i < str.size() && str[i] == '.') {
    ++i;
    while (i < str.size() && str[i] >= '0' && str[i] <= '9') ++i;
  }
  std::int64_t offset_ms = 0;
  const std::string rest = str.substr(i);
  if (rest == "Z") {
    offset_ms = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d", &oh, &om) != 2 || oh > 14 || om > 59)
      return std::nullopt;
    offset_ms = (oh * 60 + om) * 60'000LL * (rest[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60'000LL + sec * 1000LL - offset_ms;
}

// The POST fields: application/x-www-form-urlencoded (what Open311 clients send) or a JSON
// object of strings and numbers.
std::optional<std::map<std::string, std::string>> post_fields(const Request& req) {
  std::map<std::string, std::string> out;
  std::string type(req.header("content-type").value_or(""));
  type = type.substr(0, type.find(';'));
  if (type == "application/json") {
    json::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    for (const auto& [k, val] : v.as_object()) {
      if (val.is_string())
        out[std::string(k)] = std::string(val.as_string());
      else if (val.is_number())
        out[std::string(k)] = json::serialize(val);
      else if (!val.is_null())
        return std::nullopt;
    }
    return out;
  }
  if (type != "application/x-www-form-urlencoded" && !type.empty()) return std::nullopt;
  // A form body is a query string with '+' for space (Boost.URL decodes it).
  if (!boost::urls::parse_query(req.body)) return std::nullopt;
  boost::urls::encoding_opts plus_is_space;
  plus_is_space.space_as_plus = true;
  for (const auto& param : boost::urls::params_view(req.body, plus_is_space)) {
    if (param.key.empty()) continue;
    out[param.key] = param.has_value ? param.value : std::string();
  }
  return out;
}

std::optional<std::string> query(const Request& req, std::string_view name) {
  if (auto v = req.query_param(name)) return std::string(*v);
  return std::nullopt;
}

// The last path segment without its format; nullopt unless it ends in .json or .xml.
std::optional<std::pair<std::string, Format>> formatted(const Request& req,
                                                        const std::string& param) {
  const auto& v = req.path_params.at(param);
  for (const auto& [ext, format] : kFormats) {
    const std::string_view e(ext);
    if (v.size() > e.size() && v.ends_with(e))
      return std::pair{v.substr(0, v.size() - e.size()), format};
  }
  return std::nullopt;
}

json::object service_json(const storage::WorkOrderCategory& c) {
  return {
      {"service_code", c.code},
      {"service_name", c.name_zh},
      {"description", c.name_en + " (" + c.name_zh + "); response within " +
                          std::to_string(c.target.response_minutes) + " min, resolution within " +
                          std::to_string(c.target.resolution_minutes) + " min"},
      {"metadata", false},
      {"type", "realtime"},
      {"keywords", c.name_en},
      {"group", "community"}};
}

const char* agency(const std::string& body) {
  if (body == "committee") return "社区居委会 Community committee";
  if (body == "hotline") return "12345 热线 Hotline";
  return "物业服务中心 Property company";
}

Result<json::object> request_json(storage::Tx& tx, const storage::WorkOrder& w,
                                  const std::vector<storage::WorkOrderCategory>& cats,
                                  std::int64_t now) {
  const auto st = cw::parse_work_order_status(w.status).value_or(cw::WorkOrderStatus::reported);
  const bool closed = st == cw::WorkOrderStatus::finished || cw::is_final(st);
  std::string name = w.category;
  for (const auto& c : cats)
    if (c.code == w.category) name = c.name_zh;
  WEILAI_TRY(auto sla, order_sla(tx, w, now));
  json::object o{{"service_request_id", std::to_string(w.id)},
                 {"status", closed ? "closed" : "open"},
                 {"status_notes", w.status},
                 {"service_name", name},
                 {"service_code", w.category},
                 {"description", w.description},
                 {"agency_responsible", agency(w.body)},
                 {"service_notice", ""},
                 {"requested_datetime", w3c(w.created_at)},
                 {"updated_datetime", w3c(w.updated_at)},
                 {"address", w.location},
                 {"address_id", ""},
                 {"zipcode", ""},
                 {"media_url", ""}};
  // Expected: now plus what is left of the resolution target while the clock runs.
  if (!closed) {
    const auto left = sla.target.resolution_minutes * 60'000LL - sla.state.active_ms;
    o["expected_datetime"] = w3c(now + std::max<std::int64_t>(left, 0));
  } else {
    o["expected_datetime"] = nullptr;
  }
  o["lat"] = w.lat ? json::value(*w.lat) : json::value(nullptr);
  o["long"] = w.lon ? json::value(*w.lon) : json::value(nullptr);
  return o;
}

// The live key of the api_key parameter (query string for GET, the fields for POST).
Result<storage::Open311Key> key_of(App& app, const std::optional<std::string>& api_key) {
  if (!api_key || api_key->empty() || api_key->size() > 200)
    return Error{ErrorCode::unauthenticated, "api_key was not provided or is invalid", {}};
  const auto hash = crypto::sha256_hex(*api_key);
  return app.read<storage::Open311Key>(
      [&](storage::Tx& tx) { return storage::find_open311_key(tx, hash); });
}

identity::Actor key_actor(const storage::Open311Key& k) {
  identity::Actor a;
  a.account_id = k.account_id;
  a.login = "open311:" + std::to_string(k.id);
  return a;
}

}  // namespace

void add_open311_routes(App& app) {
  auto& r = app.router();

  for (const auto& [ext, format] : kFormats) {
    r.add("GET", std::string("/open311/v2/services") + ext,
          [&app, format](Request&) -> Result<Response> {
            WEILAI_TRY(auto cats,
                       app.read<std::vector<storage::WorkOrderCategory>>([&](storage::Tx& tx) {
                         return storage::list_work_order_categories(tx);
                       }));
            json::array out;
            for (const auto& c : cats) out.push_back(service_json(c));
            return open311_answer(format, "services", out);
          },
          {std::string("Open311 GeoReport v2: the service list (work-order categories), ") +
               (format == Format::json ? "JSON" : "XML"),
           "open311",
           false,
           {"jurisdiction_id"}});
  }

  r.add("GET", "/open311/v2/services/{service_code}",
        [&app](Request& req) -> Result<Response> {
          const auto named = formatted(req, "service_code");
          if (!named) return Error::not_found("an Open311 URL ends in .json or .xml");
          const auto& [code, format] = *named;
          auto cat = app.read<storage::WorkOrderCategory>(
              [&](storage::Tx& tx) { return storage::get_work_order_category(tx, code); });
          if (!cat) return open311_error(format, 404, "service_code " + code + " not found");
          return open311_answer(
              format, "service_definition",
              json::object{{"service_code", cat->code}, {"attributes", json::array{}}});
        },
        {"Open311 GeoReport v2: a service definition ({service_code}.json or .xml; no extra "
         "attributes)",
         "open311",
         false,
         {"jurisdiction_id"},
         "",
         {404}});

  auto file_request = [&app](Request& req, Format format) -> Result<Response> {
    const auto fields = post_fields(req);
    if (!fields)
      return open311_error(format, 400,
                           "the body must be application/x-www-form-urlencoded "
                           "or a JSON object of strings and numbers");
    auto field = [&](const char* k) -> std::string {
      auto it = fields->find(k);
      return it == fields->end() ? std::string() : it->second;
    };
    auto key =
        key_of(app, fields->count("api_key") ? std::optional(field("api_key")) : std::nullopt);
    if (!key) return open311_error(format, 403, "api_key was not provided or is invalid");
    const auto code = field("service_code");
    if (code.empty()) return open311_error(format, 400, "service_code is required");
    std::string description = field("description");
    if (description.empty()) return open311_error(format, 400, "description is required");
    if (description.size() > 4000) return open311_error(format, 400, "description is too long");
    std::optional<double> lat, lon;
    const auto lat_s = field("lat"), lon_s = field("long");
    if (!lat_s.empty() || !lon_s.empty()) {
      char* end1 = nullptr;
      char* end2 = nullptr;
      const double la = std::strtod(lat_s.c_str(), &end1);
      const double lo = std::strtod(lon_s.c_str(), &end2);
      if (lat_s.empty() || lon_s.empty() || *end1 || *end2 || !std::isfinite(la) ||
          !std::isfinite(lo) || la < -90 || la > 90 || lo < -180 || lo > 180)
        return open311_error(format, 400, "lat and long must both be valid WGS84 degrees");
      lat = la;
      lon = lo;
    }
    const auto address = field("address_string"), address_id = field("address_id");
    if (!lat && address.empty() && address_id.empty())
      return open311_error(format, 400,
                           "a location is required: lat & long, address_string or address_id");
    if (address.size() > 200 || address_id.size() > 100)
      return open311_error(format, 400, "address_string or address_id is too long");
    std::string contact;
    for (const char* k : {"first_name", "last_name", "email", "phone"}) {
      const auto v = field(k);
      if (v.size() > 100) return open311_error(format, 400, std::string(k) + " is too long");
      if (!v.empty()) contact += (contact.empty() ? "" : "; ") + std::string(k) + "=" + v;
    }
    const auto media = field("media_url");
    if (media.size() > 500) return open311_error(format, 400, "media_url is too long");
    const auto now = app.clock().now_ms();
    const auto actor = key_actor(*key);
    auto filed = app.write<std::int64_t>(
        req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<std::int64_t> {
          if (!storage::get_work_order_category(tx, code))
            return Error::not_found("service_code " + code + " not found");
          storage::WorkOrder w;
          w.community_id = key->community_id;
          w.reporter_account_id = key->account_id;
          w.category = code;
          w.description = description;
          w.location = !address.empty() ? address : address_id;
          w.lat = lat;
          w.lon = lon;
          w.status = "reported";
          w.source = "open311";
          w.open311_key_id = key->id;
          w.contact = contact;
          WEILAI_TRY(w.id, storage::insert_work_order(tx, w, now));
          WEILAI_CHECK(storage::insert_work_order_event(
              tx, w.id, now, key->account_id, "report", "reported",
              "Open311 (" + key->label + ")" + (media.empty() ? "" : " media_url=" + media)));
          ch.record(
              "work_order.report", "work_order", std::to_string(w.id),
              json::object{{"source", "open311"}, {"open311_key_id", key->id}, {"category", code}});
          return w.id;
        });
    if (!filed && filed.error().code == ErrorCode::not_found)
      return open311_error(format, 404, filed.error().message);
    if (!filed) return open311_error(format, 400, filed.error().message);
    return open311_answer(format, "service_requests",
                          json::array{json::object{{"service_request_id", std::to_string(*filed)},
                                                   {"service_notice", ""},
                                                   {"account_id", nullptr}}},
                          201);
  };
  for (const auto& [ext, format] : kFormats) {
    r.add("POST", std::string("/open311/v2/requests") + ext,
          [file_request, format](Request& req) { return file_request(req, format); },
          {std::string("Open311 GeoReport v2: file a request (form or JSON fields; api_key "
                       "required; errors are Open311 error lists, not problem+json), ") +
               (format == Format::json ? "JSON" : "XML"),
           "open311",
           false,
           {},
           "api_key, service_code, description, lat & long | address_string | "
           "address_id, email?, first_name?, last_name?, phone?, media_url?",
           {201, 400, 403, 404}});
  }

  auto query_requests = [&app](Request& req, std::optional<std::string> one,
                               Format format) -> Result<Response> {
    auto key = key_of(app, query(req, "api_key"));
    if (!key) return open311_error(format, 403, "api_key was not provided or is invalid");
    const auto now = app.clock().now_ms();
    std::vector<std::int64_t> ids;
    auto ids_text = one ? one : query(req, "service_request_id");
    if (ids_text) {
      std::string_view rest = *ids_text;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string part(rest.substr(0, comma));
        char* end = nullptr;
        const long long v = std::strtoll(part.c_str(), &end, 10);
        if (part.empty() || *end || v <= 0)
          return one ? open311_error(format, 404, "service_request_id " + part + " not found")
                     : open311_error(format, 400,
                                     "service_request_id is a comma-separated list of ids");
        ids.push_back(v);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      if (ids.size() > 100) return open311_error(format, 400, "at most 100 service_request_id");
    }
    std::optional<std::int64_t> start, end;
    if (auto s = query(req, "start_date")) {
      start = parse_w3c(*s);
      if (!start)
        return open311_error(format, 400,
                             "start_date is a W3C datetime (2026-11-30T09:00:00+08:00)");
    }
    if (auto s = query(req, "end_date")) {
      end = parse_w3c(*s);
      if (!end)
        return open311_error(format, 400, "end_date is a W3C datetime (2026-11-30T09:00:00+08:00)");
    }
    const auto status = query(req, "status").value_or("");
    if (!status.empty() && status != "open" && status != "closed" && status != "open,closed" &&
        status != "closed,open")
      return open311_error(format, 400, "status is open or closed");
    const auto service_code = query(req, "service_code");
    auto out = app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
      WEILAI_TRY(auto cats, storage::list_work_order_categories(tx));
      std::vector<storage::WorkOrder> rows;
      if (!ids.empty()) {
        for (auto id : ids) {
          auto w = storage::get_work_order(tx, id);
          if (w && w->community_id == key->community_id) rows.push_back(*w);
        }
      } else {
        // The spec's default window: the past 90 days; at most 1000 requests.
        const auto to = end.value_or(now + 1);
        const auto from = start.value_or(to - 90 * kDayMs);
        WEILAI_TRY(rows, storage::list_work_orders_between(tx, key->community_id, from, to, 1000));
      }
      json::array items;
      for (const auto& w : rows) {
        WEILAI_TRY(auto j, request_json(tx, w, cats, now));
        if (ids.empty()) {
          if (service_code && *service_code != w.category) continue;
          if ((status == "open" || status == "closed") && j.at("status").as_string() != status)
            continue;
        }
        items.push_back(std::move(j));
      }
      return items;
    });
    if (!out) return open311_error(format, 400, out.error().message);
    if (one && out->empty())
      return open311_error(format, 404, "service_request_id " + *one + " not found");
    return open311_answer(format, "service_requests", *out);
  };

  for (const auto& [ext, format] : kFormats) {
    r.add("GET", std::string("/open311/v2/requests") + ext,
          [query_requests, format](Request& req) -> Result<Response> {
            return query_requests(req, std::nullopt, format);
          },
          {std::string("Open311 GeoReport v2: query requests of the key's community (api_key "
                       "required; filters service_request_id, service_code, start_date, "
                       "end_date, status), ") +
               (format == Format::json ? "JSON" : "XML"),
           "open311",
           false,
           {"api_key", "service_request_id", "service_code", "start_date", "end_date", "status",
            "jurisdiction_id"},
           "",
           {400, 403}});
  }

  r.add("GET", "/open311/v2/requests/{id}",
        [query_requests](Request& req) -> Result<Response> {
          const auto named = formatted(req, "id");
          if (!named) return Error::not_found("an Open311 URL ends in .json or .xml");
          return query_requests(req, named->first, named->second);
        },
        {"Open311 GeoReport v2: one request ({id}.json or .xml; api_key required)",
         "open311",
         false,
         {"api_key", "jurisdiction_id"},
         "",
         {403, 404}});
}

}  // namespace weilai::http
