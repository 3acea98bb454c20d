// Smart security (智慧安防, issue #8): devices registered per community with a per-device HMAC
// secret (shown once), signed events posted by devices or integrators (timestamp window, replayed
// ids refused, duplicates answered idempotently), alerts opened as work orders of the category
// 'security', patrol dispatch, false-alarm feedback, alarm history, and the privacy settings
// (face images refused unless enabled; retention enforced by purge). Protocol: docs/SERVICES.md.
#include <boost/json.hpp>

#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/community_scope.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/security.hpp"
#include "storage/blob_store.hpp"
#include "storage/org_store.hpp"
#include "storage/security_store.hpp"
#include "storage/work_order_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

namespace {

constexpr std::int64_t kMaxImageBytes = 512 * 1024;

Status authorize_in(const identity::Actor& actor, Action action,
                    const std::vector<std::int64_t>& path) {
  identity::Resource res;
  res.org_path = path;
  return identity::authorize(actor, action, res);
}

std::int64_t community_param(const Request& req, const identity::Actor& actor) {
  auto id = query_int(req, "community_id", 1, kMaxMs);
  if (!id) id = default_community(actor);
  if (!id) throw Problem(422, "validation_failed", "community_id is required", "?community_id");
  return *id;
}

json::object security_settings_json(const storage::SecuritySettings& s) {
  return json::object{{"community_id", s.community_id},
                      {"face_images_enabled", s.face_images_enabled},
                      {"retention_days", s.retention_days},
                      {"version", s.version}};
}

json::object device_json(const storage::SecurityDevice& d) {
  return json::object{{"id", d.id},          {"community_id", d.community_id},
                      {"code", d.code},      {"kind", d.kind},
                      {"name", d.name},      {"location", d.location},
                      {"active", d.active},  {"created_at", d.created_at},
                      {"version", d.version}};
}

json::object event_json(const storage::SecurityEvent& e) {
  return json::object{{"id", e.id},
                      {"device_id", e.device_id},
                      {"device_code", e.device_code},
                      {"device_name", e.device_name},
                      {"device_kind", e.device_kind},
                      {"location", e.device_location},
                      {"community_id", e.community_id},
                      {"event_id", e.event_id},
                      {"signed_at", e.signed_at},
                      {"received_at", e.received_at},
                      {"received_at_iso", format_iso8601(e.received_at)},
                      {"type", e.type},
                      {"severity", e.severity},
                      {"message", e.message},
                      {"has_image", e.image_sha256.has_value()},
                      {"status", e.status},
                      {"work_order_id", opt_json(e.work_order_id)},
                      {"patrol_account_id", opt_json(e.patrol_account_id)},
                      {"dispatched_at", opt_json(e.dispatched_at)},
                      {"feedback_at", opt_json(e.feedback_at)},
                      {"feedback_note", e.feedback_note},
                      {"version", e.version}};
}

bool valid_token(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == ':'))
      return false;
  return true;
}

// Whether the account may go on patrol in the community: a butler, grid worker or admin there.
Result<bool> may_patrol(storage::Tx& tx, std::int64_t account_id, std::int64_t community_id) {
  WEILAI_TRY(auto rows,
             tx.exec("SELECT count(*) FROM role_grants g JOIN org_units u ON u.id = g.org_unit_id "
                     "WHERE g.account_id = $1 AND g.role IN ('butler','grid_worker',"
                     "'community_admin') AND (u.id = $2 OR u.parent_id = $2)",
                     {account_id, community_id}));
  return rows.front().i64(0) > 0;
}

Response signature_problem(const Request& req, const std::string& code, const std::string& detail,
                           const std::string& field = {}) {
  auto res = problem_response(401, code, detail, req, field);
  res.set_header("WWW-Authenticate", "Weilai-HMAC-SHA256");
  return res;
}

// The signed ingest: verification first (nothing is parsed or written before it passes).
Response receive_event(App& app, Request& req) {
  const auto dev_h = req.header("x-weilai-device");
  const auto id_h = req.header("x-weilai-event-id");
  const auto ts_h = req.header("x-weilai-timestamp");
  const auto sig_h = req.header("x-weilai-signature");
  if (!dev_h || !id_h || !ts_h || !sig_h)
    return signature_problem(req, "signature_required",
                             "sign the event: X-Weilai-Device, X-Weilai-Event-Id, "
                             "X-Weilai-Timestamp and X-Weilai-Signature headers are required");
  const std::string device_text(*dev_h), event_id(*id_h), ts_text(*ts_h);
  std::string signature(*sig_h);
  for (auto& ch : signature) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::int64_t device_id = 0, ts = 0;
  try {
    std::size_t used = 0;
    device_id = std::stoll(device_text, &used);
    if (used != device_text.size() || device_id <= 0) throw std::invalid_argument("device");
    ts = std::stoll(ts_text, &used);
    if (used != ts_text.size()) throw std::invalid_argument("ts");
  } catch (const std::exception&) {
    return signature_problem(req, "bad_signature",
                             "X-Weilai-Device and X-Weilai-Timestamp are integers");
  }
  if (!valid_token(event_id, 100))
    return signature_problem(req, "bad_signature",
                             "X-Weilai-Event-Id is 1 to 100 of A-Z a-z 0-9 - _ . :");
  auto device = app.read<storage::SecurityDevice>(
      [&](storage::Tx& tx) { return storage::get_security_device(tx, device_id); });
  // An unknown or retired device reads like a bad signature (no probing for device ids).
  if (!device && device.error().code != ErrorCode::not_found)
    return problem_response(device.error(), req);
  const std::string message = device_text + "\n" + event_id + "\n" + ts_text + "\n" + req.body;
  if (!device || !device->active ||
      !crypto::constant_time_equal(crypto::hmac_sha256_hex(device->secret, message), signature))
    return signature_problem(req, "bad_signature",
                             "the signature does not match (HMAC-SHA256 of device id, event id, "
                             "timestamp and body, each separated by a newline)");
  const auto now = app.clock().now_ms();
  if (ts < now - kSignatureWindowMs || ts > now + kSignatureWindowMs)
    return signature_problem(req, "stale_timestamp",
                             "X-Weilai-Timestamp is more than 5 minutes from the server's time",
                             "X-Weilai-Timestamp");

  const auto body = parse_json_object(req);
  JsonFields f(body);
  if (auto s = f.only({"type", "severity", "message", "image"}); !s)
    return problem_response(s.error(), req);
  storage::SecurityEvent e;
  auto fill = [&]() -> Status {
    WEILAI_TRY(e.type, f.string("type", 40));
    if (!valid_token(e.type, 40)) return Error::invalid("type is a short code", "/type");
    WEILAI_TRY(e.severity, f.string("severity", 10));
    if (e.severity != "info" && e.severity != "warning" && e.severity != "alarm")
      return Error::invalid("severity is info, warning or alarm", "/severity");
    WEILAI_TRY(auto msg, f.optional_string("message", 500));
    e.message = msg.value_or("");
    return {};
  };
  if (auto s = fill(); !s) return problem_response(s.error(), req);
  std::optional<std::string> image;
  if (body.contains("image")) {
    if (!body.at("image").is_string())
      return problem_response(422, "validation_failed", "image is base64 text", req, "/image");
    auto bytes = crypto::base64_decode(body.at("image").as_string());
    if (!bytes)
      return problem_response(422, "validation_failed", "image is not base64", req, "/image");
    if (bytes->empty() || static_cast<std::int64_t>(bytes->size()) > kMaxImageBytes)
      return problem_response(422, "validation_failed", "image is 1 byte to 512 KiB", req,
                              "/image");
    if (const auto type = storage::file_type_of(*bytes); !type || !type->is_image)
      return problem_response(422, "validation_failed", "image is a JPEG, PNG or WebP file", req,
                              "/image");
    image = std::move(bytes).value();
  }
  e.device_id = device->id;
  e.community_id = device->community_id;
  e.event_id = event_id;
  e.signed_at = ts;
  e.received_at = now;
  e.body_sha256 = crypto::sha256_hex(req.body);
  if (image) e.image_sha256 = crypto::sha256_hex(*image);

  identity::Actor device_actor;  // a device is no account: the audit shows it in the record
  device_actor.login = "device:" + device->code;
  auto done = app.write<json::object>(
      req, device_actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
        WEILAI_TRY(auto existing, storage::find_security_event(tx, e.device_id, e.event_id));
        if (existing) return Error{ErrorCode::already_exists, "event id already used", {}};
        WEILAI_TRY(auto settings, storage::get_security_settings(tx, e.community_id));
        if (image && !settings.face_images_enabled)
          return Error{ErrorCode::failed_precondition, "image_not_allowed", "/image"};
        if (image) WEILAI_CHECK(storage::put_blob(tx, *e.image_sha256, *image, now));
        WEILAI_CHECK(storage::record_security_event(tx, *device, e, now));
        e.device_code = device->code;
        e.device_name = device->name;
        e.device_kind = device->kind;
        e.device_location = device->location;
        auto out = event_json(e);
        ch.record("security.event.receive", "security_event", std::to_string(e.id), out);
        return out;
      });
  if (done) {
    auto res = json_response(*done, 201);
    res.set_header("Location", "/api/v1/security/events/" + std::to_string(e.id));
    return res;
  }
  if (done.error().code == ErrorCode::failed_precondition &&
      done.error().message == "image_not_allowed")
    return problem_response(422, "image_not_allowed",
                            "this community does not store face images: send the event without "
                            "an image",
                            req, "/image");
  if (done.error().code != ErrorCode::already_exists) return problem_response(done.error(), req);
  // The id was used before (or by a concurrent delivery): the same body is a duplicate delivery,
  // answered with the stored event; another body under a used id is a replay, refused.
  auto stored = app.read<std::optional<storage::SecurityEvent>>(
      [&](storage::Tx& tx) { return storage::find_security_event(tx, e.device_id, e.event_id); });
  if (!stored) return problem_response(stored.error(), req);
  if (!*stored) return problem_response(done.error(), req);
  if ((*stored)->body_sha256 != e.body_sha256)
    return problem_response(
        409, "replayed_event_id",
        "event id " + e.event_id + " was already used by this device for another event", req,
        "X-Weilai-Event-Id");
  auto out = event_json(**stored);
  out["duplicate"] = true;
  return json_response(out, 200);
}

struct EventScope {
  storage::SecurityEvent event;
  std::vector<std::int64_t> path;
};

Result<EventScope> load_event(storage::Tx& tx, const identity::Actor& actor, std::int64_t id) {
  EventScope s;
  WEILAI_TRY(s.event, storage::get_security_event(tx, id));
  WEILAI_TRY(s.path, storage::org_path(tx, s.event.community_id));
  WEILAI_CHECK(authorize_in(actor, Action::security_handle, s.path));
  return s;
}

// Adds the case status to an event that opened one.
Result<json::object> event_with_case(storage::Tx& tx, const storage::SecurityEvent& e) {
  auto o = event_json(e);
  if (e.work_order_id) {
    WEILAI_TRY(auto w, storage::get_work_order(tx, *e.work_order_id));
    o["case"] = json::object{{"id", w.id},
                             {"status", w.status},
                             {"assignee_account_id", opt_json(w.assignee_account_id)},
                             {"version", w.version}};
  } else {
    o["case"] = nullptr;
  }
  return o;
}

// A refused change to an event (409 or 412): the problem carries the event as it is now.
Response problem_with_event(App& app, const Error& error, Request& req, std::int64_t id) {
  return problem_with_current(
      error, req,
      [&] {
        return app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
          WEILAI_TRY(auto e, storage::get_security_event(tx, id));
          return event_with_case(tx, e);
        });
      },
      [](json::object& o) { return std::move(o); });
}

}  // namespace

Result<json::object> purge_security(App& app, const Request& req, const identity::Actor& actor,
                                    std::optional<std::int64_t> community_id) {
  const auto now = app.clock().now_ms();
  auto done = app.write<
      json::object>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
    WEILAI_TRY(auto purged, storage::purge_security_events(tx, community_id, now));
    json::array items;
    std::int64_t events = 0, images = 0;
    for (const auto& p : purged) {
      json::object o{{"community_id", p.community_id}, {"events", p.events}, {"images", p.images}};
      events += p.events;
      images += p.images;
      ch.record("security.purge", "org_unit", std::to_string(p.community_id), o);
      items.push_back(std::move(o));
    }
    json::object out{{"events", events}, {"images", images}, {"communities", items}};
    if (purged.empty()) {
      // Nothing was old enough: record the request itself only when a person asked.
      if (!actor.authenticated()) return Error{ErrorCode::not_found, "nothing to purge", {}};
      ch.record("security.purge", "org_unit", community_id ? std::to_string(*community_id) : "all",
                out);
    }
    return out;
  });
  if (!done && done.error().code == ErrorCode::not_found &&
      done.error().message == "nothing to purge")
    return json::object{{"events", 0}, {"images", 0}, {"communities", json::array{}}};
  return done;
}

void add_security_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/security/settings",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_handle));
          const auto cid = community_param(req, actor);
          WEILAI_TRY(auto s, app.read<storage::SecuritySettings>(
                                 [&](storage::Tx& tx) -> Result<storage::SecuritySettings> {
                                   WEILAI_TRY(auto path, community_path(tx, cid));
                                   WEILAI_CHECK(authorize_in(actor, Action::security_handle, path));
                                   return storage::get_security_settings(tx, cid);
                                 }));
          return json_response(security_settings_json(s));
        },
        {"A community's security privacy settings (face-image storage, retention days)",
         "security",
         true,
         {"community_id"}});

  r.add(
      "PUT", "/api/v1/security/settings",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::security_manage));
        const auto body = parse_json_object(req);
        JsonFields f(body);
        WEILAI_CHECK(f.only({"community_id", "face_images_enabled", "retention_days", "version"}));
        WEILAI_TRY(auto cid, f.integer("community_id", 1, kMaxMs));
        WEILAI_TRY(auto face, f.optional_boolean("face_images_enabled"));
        WEILAI_TRY(auto days, f.optional_integer("retention_days", 1, 3650));
        WEILAI_TRY(auto version, f.integer("version", 0, kMaxMs));
        const auto now = app.clock().now_ms();
        auto done = app.write<json::object>(
            req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
              WEILAI_TRY(auto path, community_path(tx, cid));
              WEILAI_CHECK(authorize_in(actor, Action::security_manage, path));
              WEILAI_TRY(auto s, storage::get_security_settings(tx, cid));
              if (s.version != version)
                return Error::conflict("the settings are at version " + std::to_string(s.version));
              if (face) s.face_images_enabled = *face;
              if (days) s.retention_days = *days;
              WEILAI_CHECK(storage::put_security_settings(tx, s, version, now));
              s.version = version + 1;
              auto out = security_settings_json(s);
              ch.record("security.settings.update", "org_unit", std::to_string(cid), out);
              return out;
            });
        if (!done && done.error().code == ErrorCode::conflict)
          return problem_with_current(
              done.error(), req,
              [&] {
                return app.read<storage::SecuritySettings>(
                    [&](storage::Tx& tx) { return storage::get_security_settings(tx, cid); });
              },
              security_settings_json);
        WEILAI_TRY(auto o, std::move(done));
        return json_response(o);
      },
      {"Change a community's security privacy settings (version: 0 before the first save; "
       "409 with current when it moved)",
       "security",
       true,
       {},
       "{community_id, face_images_enabled?, retention_days? (1-3650), version}",
       {409, 422}});

  r.add("GET", "/api/v1/security/devices",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_handle));
          const auto cid = community_param(req, actor);
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto path, community_path(tx, cid));
            WEILAI_CHECK(authorize_in(actor, Action::security_handle, path));
            WEILAI_TRY(auto devices, storage::list_security_devices(tx, cid));
            json::array out;
            for (const auto& d : devices) out.push_back(device_json(d));
            return out;
          }));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"A community's registered security devices (never their secrets)",
         "security",
         true,
         {"community_id"}});

  r.add("POST", "/api/v1/security/devices",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"community_id", "code", "kind", "name", "location"}));
          storage::SecurityDevice d;
          WEILAI_TRY(d.community_id, f.integer("community_id", 1, kMaxMs));
          WEILAI_TRY(d.code, f.string("code", 40));
          if (!valid_token(d.code, 40))
            return Error::invalid("code is letters, digits, - _ . :", "/code");
          WEILAI_TRY(d.kind, f.string("kind", 20));
          if (d.kind != "camera" && d.kind != "access_gate" && d.kind != "smoke_sensor")
            return Error::invalid("kind is camera, access_gate or smoke_sensor", "/kind");
          WEILAI_TRY(d.name, f.string("name", 100));
          WEILAI_TRY(auto loc, f.optional_string("location", 200));
          d.location = loc.value_or("");
          d.registered_by = *actor.account_id;
          const std::string secret = crypto::random_token(32);
          d.secret = secret;
          const auto now = app.clock().now_ms();
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto path, community_path(tx, d.community_id));
                WEILAI_CHECK(authorize_in(actor, Action::security_manage, path));
                WEILAI_TRY(d.id, storage::insert_security_device(tx, d, now));
                d.created_at = now;
                auto out = device_json(d);
                ch.record("security.device.create", "security_device", std::to_string(d.id), out);
                return out;
              });
          if (!done && done.error().code == ErrorCode::already_exists)
            throw Problem(409, "already_exists", "a device with this code exists", "/code");
          WEILAI_TRY(auto o, std::move(done));
          o["secret"] = secret;  // shown this once
          auto res = json_response(o, 201);
          res.set_header("Location", "/api/v1/security/devices/" + std::to_string(d.id));
          res.set_header("Cache-Control", "no-store");
          return res;
        },
        {"Register a device; the answer carries its signing secret, shown only this once",
         "security",
         true,
         {},
         "{community_id, code, kind: camera|access_gate|smoke_sensor, name, location?}",
         {201, 409, 422}});

  r.add("PATCH", "/api/v1/security/devices/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_manage));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"name", "location", "active", "version"}));
          WEILAI_TRY(auto version, f.integer("version", 1, kMaxId));
          std::optional<std::string> name;
          if (f.has("name")) {
            WEILAI_TRY(name, f.string("name", 100));
          }
          WEILAI_TRY(auto location, f.optional_string("location", 200));
          WEILAI_TRY(auto active, f.optional_boolean("active"));
          const auto now = app.clock().now_ms();
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto d, storage::get_security_device(tx, id));
                WEILAI_TRY(auto path, storage::org_path(tx, d.community_id));
                WEILAI_CHECK(authorize_in(actor, Action::security_manage, path));
                const bool was_active = d.active;
                if (name) d.name = *name;
                if (location) d.location = *location;
                if (active) d.active = *active;
                WEILAI_CHECK(storage::update_security_device(tx, d, version, now));
                d.version = version + 1;
                auto out = device_json(d);
                const char* action = was_active == d.active ? "security.device.update"
                                     : d.active             ? "security.device.activate"
                                                            : "security.device.deactivate";
                ch.record(action, "security_device", std::to_string(id), out);
                return out;
              });
          if (!done && done.error().code == ErrorCode::conflict)
            return problem_with_current(
                done.error(), req,
                [&] {
                  return app.read<storage::SecurityDevice>(
                      [&](storage::Tx& tx) { return storage::get_security_device(tx, id); });
                },
                device_json);
          WEILAI_TRY(auto o, std::move(done));
          return json_response(o);
        },
        {"Rename, move, deactivate or reactivate a device (an inactive device's events are "
         "refused with 401); 409 with current when it moved",
         "security",
         true,
         {},
         "{name?, location?, active?, version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/security/devices/{id}/secret",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_manage));
          const auto id = id_param(req, "id");
          const std::string secret = crypto::random_token(32);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_TRY(auto d, storage::get_security_device(tx, id));
                           WEILAI_TRY(auto path, storage::org_path(tx, d.community_id));
                           WEILAI_CHECK(authorize_in(actor, Action::security_manage, path));
                           WEILAI_CHECK(storage::set_security_device_secret(tx, id, secret, now));
                           ++d.version;
                           auto out = device_json(d);
                           ch.record("security.device.rotate_secret", "security_device",
                                     std::to_string(id), out);
                           return out;
                         }));
          o["secret"] = secret;
          auto res = json_response(o);
          res.set_header("Cache-Control", "no-store");
          return res;
        },
        {"Replace a device's signing secret (the old one stops working); shown only this once",
         "security",
         true,
         {},
         "",
         {404}});

  r.add("POST", "/api/v1/security/events",
        [&app](Request& req) -> Result<Response> { return receive_event(app, req); },
        {"A device's event, signed with its secret (headers X-Weilai-Device, X-Weilai-Event-Id, "
         "X-Weilai-Timestamp in Unix ms, X-Weilai-Signature: hex HMAC-SHA256 of the four, newline "
         "separated, body last). 201 stored; 200 duplicate delivery; 401 bad signature or stale "
         "timestamp; 409 an event id reused for another body; 422 image_not_allowed",
         "security",
         false,
         {},
         "{type, severity: info|warning|alarm, message?, image? (base64)}",
         {201, 401, 409, 422}});

  r.add("GET", "/api/v1/security/events",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_handle));
          const auto cid = community_param(req, actor);
          const auto device_id = query_int(req, "device_id", 1, kMaxMs);
          const bool alerts_only = query_string(req, "alerts_only", 5) == "true";
          const auto page = page_params(req);
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto path, community_path(tx, cid));
            WEILAI_CHECK(authorize_in(actor, Action::security_handle, path));
            // Cursor: ids below the last one seen (newest first).
            WEILAI_TRY(auto rows, storage::list_security_events(tx, cid, device_id, alerts_only,
                                                                page.after_id, page.limit));
            json::array out;
            for (const auto& e : rows) {
              WEILAI_TRY(auto o, event_with_case(tx, e));
              out.push_back(std::move(o));
            }
            return out;
          }));
          const auto last = items.empty() ? 0 : items.back().at("id").as_int64();
          const auto n = items.size();
          return json_response(page_body(std::move(items), next_cursor(n, page, last)));
        },
        {"Alarm history of a community, newest first (device_id: one device; alerts_only=true: "
         "events that opened a case)",
         "security",
         true,
         {"community_id", "device_id", "alerts_only", "limit", "cursor"}});

  r.add("GET", "/api/v1/security/events/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto o, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
            WEILAI_TRY(auto s, load_event(tx, actor, id));
            return event_with_case(tx, s.event);
          }));
          return json_response(o);
        },
        {"One security event with its case", "security", true, {}, "", {404}});

  r.add("GET", "/api/v1/security/events/{id}/image",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto bytes, app.read<std::string>([&](storage::Tx& tx) -> Result<std::string> {
            WEILAI_TRY(auto s, load_event(tx, actor, id));
            if (!s.event.image_sha256) return Error::not_found("the event has no image");
            return storage::get_blob(tx, *s.event.image_sha256);
          }));
          Response res;
          const auto type = storage::file_type_of(bytes);
          res.content_type = type ? std::string(type->content_type) : "application/octet-stream";
          res.body = std::move(bytes);
          res.set_header("Cache-Control", "no-store");
          return res;
        },
        {"The image an event carried (only stored where the community enabled face images)",
         "security",
         true,
         {},
         "",
         {404}});

  r.add("POST", "/api/v1/security/events/{id}/dispatch",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_handle));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"patrol_account_id", "note", "version"}));
          WEILAI_TRY(auto patrol, f.optional_integer("patrol_account_id", 1, kMaxMs));
          WEILAI_TRY(auto note, f.optional_string("note", 500));
          WEILAI_TRY(auto version, f.integer("version", 1, kMaxMs));
          const auto now = app.clock().now_ms();
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto s, load_event(tx, actor, id));
                auto& e = s.event;
                if (e.version != version)
                  return Error::conflict("event " + std::to_string(id) + " is at version " +
                                         std::to_string(e.version));
                if (e.status != "open" && e.status != "dispatched")
                  return Error{
                      ErrorCode::failed_precondition,
                      "only an open alarm can have a patrol dispatched (it is " + e.status + ")",
                      {}};
                const auto who = patrol.value_or(*actor.account_id);
                WEILAI_TRY(auto ok, may_patrol(tx, who, e.community_id));
                if (!ok)
                  return Error::invalid(
                      "the patrol is a butler, grid worker or admin of the "
                      "community",
                      "/patrol_account_id");
                e.status = "dispatched";
                e.patrol_account_id = who;
                e.dispatched_at = now;
                WEILAI_CHECK(storage::update_security_event(tx, e, version));
                ++e.version;
                if (e.work_order_id) {
                  WEILAI_TRY(auto w, storage::get_work_order(tx, *e.work_order_id));
                  WEILAI_CHECK(storage::insert_work_order_event(
                      tx, w.id, now, actor.account_id, "patrol_dispatch", w.status,
                      "patrol account " + std::to_string(who) +
                          (note && !note->empty() ? ": " + *note : "")));
                }
                WEILAI_TRY(auto out, event_with_case(tx, e));
                ch.record("security.event.dispatch", "security_event", std::to_string(id), out);
                return out;
              });
          if (!done && (done.error().code == ErrorCode::conflict ||
                        done.error().code == ErrorCode::failed_precondition))
            return problem_with_event(app, done.error(), req, id);
          WEILAI_TRY(auto o, std::move(done));
          return json_response(o);
        },
        {"Send a patrol to an open alarm (default: the caller); noted on its case",
         "security",
         true,
         {},
         "{patrol_account_id?, note?, version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/security/events/{id}/feedback",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_handle));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"verdict", "note", "version"}));
          WEILAI_TRY(auto verdict, f.string("verdict", 20));
          WEILAI_TRY(auto note, f.optional_string("note", 500));
          WEILAI_TRY(auto version, f.integer("version", 1, kMaxMs));
          if (verdict != "false_alarm" && verdict != "confirmed")
            return Error::invalid("verdict is false_alarm or confirmed", "/verdict");
          const auto now = app.clock().now_ms();
          auto done = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto s, load_event(tx, actor, id));
                auto& e = s.event;
                if (e.version != version)
                  return Error::conflict("event " + std::to_string(id) + " is at version " +
                                         std::to_string(e.version));
                if (e.status != "open" && e.status != "dispatched")
                  return Error{ErrorCode::failed_precondition,
                               "feedback is given once, on an open alarm (it is " + e.status + ")",
                               {}};
                e.status = verdict;
                e.feedback_note = note.value_or("");
                e.feedback_at = now;
                WEILAI_CHECK(storage::update_security_event(tx, e, version));
                ++e.version;
                if (e.work_order_id) {
                  WEILAI_TRY(auto w, storage::get_work_order(tx, *e.work_order_id));
                  WEILAI_CHECK(storage::insert_work_order_event(
                      tx, w.id, now, actor.account_id, verdict, w.status, e.feedback_note));
                }
                WEILAI_TRY(auto out, event_with_case(tx, e));
                ch.record("security.event.feedback", "security_event", std::to_string(id), out);
                return out;
              });
          if (!done && (done.error().code == ErrorCode::conflict ||
                        done.error().code == ErrorCode::failed_precondition))
            return problem_with_event(app, done.error(), req, id);
          WEILAI_TRY(auto o, std::move(done));
          return json_response(o);
        },
        {"Record whether an alarm was real or a false alarm (once); noted on its case",
         "security",
         true,
         {},
         "{verdict: false_alarm|confirmed, note?, version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/security/purge",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::security_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"community_id"}));
          WEILAI_TRY(auto cid, f.integer("community_id", 1, kMaxMs));
          WEILAI_TRY(auto path, app.read<std::vector<std::int64_t>>(
                                    [&](storage::Tx& tx) { return community_path(tx, cid); }));
          WEILAI_CHECK(authorize_in(actor, Action::security_manage, path));
          WEILAI_TRY(auto o, purge_security(app, req, actor, cid));
          return json_response(o);
        },
        {"Delete the community's events older than its retention now (also done periodically by "
         "weilai serve)",
         "security",
         true,
         {},
         "{community_id}",
         {404, 422}});
}

}  // namespace weilai::http
