#include "storage/security_store.hpp"

#include <set>

#include "storage/blob_store.hpp"
#include "storage/work_order_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kDeviceSelect =
    "SELECT id, community_id, code, kind, name, location, secret, registered_by, active, "
    "created_at, updated_at, version FROM security_devices ";

SecurityDevice device_from(const Row& r) {
  SecurityDevice d;
  d.id = r.i64(0);
  d.community_id = r.i64(1);
  d.code = r.text(2);
  d.kind = r.text(3);
  d.name = r.text(4);
  d.location = r.text(5);
  d.secret = r.text(6);
  d.registered_by = r.i64(7);
  d.active = r.i64(8) != 0;
  d.created_at = r.i64(9);
  d.updated_at = r.i64(10);
  d.version = r.i64(11);
  return d;
}

constexpr const char* kEventSelect =
    "SELECT e.id, e.device_id, d.code, d.name, d.kind, d.location, e.community_id, e.event_id, "
    "e.signed_at, e.received_at, e.body_sha256, e.type, e.severity, e.message, e.image_sha256, "
    "e.status, e.work_order_id, e.patrol_account_id, e.dispatched_at, e.feedback_at, "
    "e.feedback_note, e.version FROM security_events e JOIN security_devices d ON d.id = "
    "e.device_id ";

SecurityEvent event_from(const Row& r) {
  SecurityEvent e;
  e.id = r.i64(0);
  e.device_id = r.i64(1);
  e.device_code = r.text(2);
  e.device_name = r.text(3);
  e.device_kind = r.text(4);
  e.device_location = r.text(5);
  e.community_id = r.i64(6);
  e.event_id = r.text(7);
  e.signed_at = r.i64(8);
  e.received_at = r.i64(9);
  e.body_sha256 = r.text(10);
  e.type = r.text(11);
  e.severity = r.text(12);
  e.message = r.text(13);
  e.image_sha256 = r.opt_text(14);
  e.status = r.text(15);
  e.work_order_id = r.opt_i64(16);
  e.patrol_account_id = r.opt_i64(17);
  e.dispatched_at = r.opt_i64(18);
  e.feedback_at = r.opt_i64(19);
  e.feedback_note = r.text(20);
  e.version = r.i64(21);
  return e;
}

}  // namespace

Result<SecuritySettings> get_security_settings(Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(Rows r, tx.exec("SELECT face_images_enabled, retention_days, version FROM "
                             "security_settings WHERE community_id = $1",
                             {community_id}));
  SecuritySettings s;
  s.community_id = community_id;
  if (!r.empty()) {
    s.face_images_enabled = r.front().i64(0) != 0;
    s.retention_days = r.front().i64(1);
    s.version = r.front().i64(2);
  }
  return s;
}

Status put_security_settings(Tx& tx, const SecuritySettings& s, std::int64_t expected_version,
                             std::int64_t now) {
  const std::int64_t face = s.face_images_enabled ? 1 : 0;
  if (expected_version == 0) {
    WEILAI_TRY(Rows r, tx.exec("INSERT INTO security_settings (community_id, face_images_enabled, "
                               "retention_days, updated_at, version) VALUES ($1,$2,$3,$4,1) "
                               "ON CONFLICT (community_id) DO NOTHING",
                               {s.community_id, face, s.retention_days, now}));
    if (r.affected == 0) return Error::conflict("the settings were saved meanwhile");
    return {};
  }
  WEILAI_TRY(Rows r, tx.exec("UPDATE security_settings SET face_images_enabled = $2, "
                             "retention_days = $3, updated_at = $4, version = version + 1 "
                             "WHERE community_id = $1 AND version = $5",
                             {s.community_id, face, s.retention_days, now, expected_version}));
  if (r.affected == 0) return Error::conflict("the settings changed meanwhile");
  return {};
}

Result<std::int64_t> insert_security_device(Tx& tx, const SecurityDevice& d, std::int64_t now) {
  return tx.insert_returning_id(
      "INSERT INTO security_devices (community_id, code, kind, name, location, secret, "
      "registered_by, active, created_at, updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,1,$8,"
      "$8,1) RETURNING id",
      {d.community_id, d.code, d.kind, d.name, d.location, d.secret, d.registered_by, now});
}

Result<SecurityDevice> get_security_device(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec(std::string(kDeviceSelect) + "WHERE id = $1", {id}));
  if (r.empty()) return Error::not_found("no security device " + std::to_string(id));
  return device_from(r.front());
}

Result<std::vector<SecurityDevice>> list_security_devices(Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(Rows r,
             tx.exec(std::string(kDeviceSelect) + "WHERE community_id = $1 ORDER BY code, id",
                     {community_id}));
  std::vector<SecurityDevice> out;
  for (const auto& row : r.rows) out.push_back(device_from(row));
  return out;
}

Status update_security_device(Tx& tx, const SecurityDevice& d, std::int64_t expected_version,
                              std::int64_t now) {
  WEILAI_TRY(
      Rows r,
      tx.exec("UPDATE security_devices SET name = $2, location = $3, active = $4, "
              "updated_at = $5, version = version + 1 WHERE id = $1 AND version = $6",
              {d.id, d.name, d.location, std::int64_t{d.active ? 1 : 0}, now, expected_version}));
  if (r.affected == 0)
    return Error::conflict("security device " + std::to_string(d.id) + " changed meanwhile");
  return {};
}

Status set_security_device_secret(Tx& tx, std::int64_t id, const std::string& secret,
                                  std::int64_t now) {
  WEILAI_TRY(Rows r, tx.exec("UPDATE security_devices SET secret = $2, updated_at = $3, "
                             "version = version + 1 WHERE id = $1",
                             {id, secret, now}));
  if (r.affected == 0) return Error::not_found("no security device " + std::to_string(id));
  return {};
}

Result<std::optional<SecurityEvent>> find_security_event(Tx& tx, std::int64_t device_id,
                                                         const std::string& event_id) {
  WEILAI_TRY(Rows r,
             tx.exec(std::string(kEventSelect) + "WHERE e.device_id = $1 AND e.event_id = $2",
                     {device_id, event_id}));
  if (r.empty()) return std::optional<SecurityEvent>{};
  return std::optional<SecurityEvent>{event_from(r.front())};
}

Result<std::int64_t> insert_security_event(Tx& tx, const SecurityEvent& e) {
  return tx.insert_returning_id(
      "INSERT INTO security_events (device_id, community_id, event_id, signed_at, received_at, "
      "body_sha256, type, severity, message, image_sha256, status, work_order_id, version) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,1) RETURNING id",
      {e.device_id, e.community_id, e.event_id, e.signed_at, e.received_at, e.body_sha256, e.type,
       e.severity, e.message, nullable(e.image_sha256), e.status, nullable(e.work_order_id)});
}

Status record_security_event(Tx& tx, const SecurityDevice& device, SecurityEvent& e,
                             std::int64_t now) {
  const bool alarm = e.severity == "alarm";
  e.status = alarm ? "open" : "logged";
  if (alarm) {
    WorkOrder w;
    w.community_id = e.community_id;
    w.reporter_account_id = device.registered_by;
    w.category = "security";
    w.description =
        "【安防告警】" + device.name + "：" + e.type + (e.message.empty() ? "" : " — " + e.message);
    w.location = device.location;
    w.status = "reported";
    WEILAI_TRY(w.id, insert_work_order(tx, w, now));
    WEILAI_CHECK(insert_work_order_event(tx, w.id, now, std::nullopt, "report", "reported",
                                         "device " + device.code + " event " + e.event_id));
    e.work_order_id = w.id;
  }
  WEILAI_TRY(e.id, insert_security_event(tx, e));
  return {};
}

Result<SecurityEvent> get_security_event(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows r, tx.exec(std::string(kEventSelect) + "WHERE e.id = $1", {id}));
  if (r.empty()) return Error::not_found("no security event " + std::to_string(id));
  return event_from(r.front());
}

Result<std::vector<SecurityEvent>> list_security_events(Tx& tx, std::int64_t community_id,
                                                        std::optional<std::int64_t> device_id,
                                                        bool alerts_only, std::int64_t before_id,
                                                        int limit) {
  WEILAI_TRY(Rows r,
             tx.exec(std::string(kEventSelect) +
                         "WHERE e.community_id = $1 AND ($2 = 0 OR e.device_id = $2) AND ($3 = 0 "
                         "OR e.work_order_id IS NOT NULL) AND ($4 = 0 OR e.id < $4) ORDER BY "
                         "e.id DESC LIMIT $5",
                     {community_id, device_id.value_or(0), std::int64_t{alerts_only ? 1 : 0},
                      before_id, std::int64_t{limit}}));
  std::vector<SecurityEvent> out;
  for (const auto& row : r.rows) out.push_back(event_from(row));
  return out;
}

Status update_security_event(Tx& tx, const SecurityEvent& e, std::int64_t expected_version) {
  WEILAI_TRY(Rows r,
             tx.exec("UPDATE security_events SET status = $2, patrol_account_id = $3, "
                     "dispatched_at = $4, feedback_note = $5, feedback_at = $6, "
                     "version = version + 1 WHERE id = $1 AND version = $7",
                     {e.id, e.status, nullable(e.patrol_account_id), nullable(e.dispatched_at),
                      e.feedback_note, nullable(e.feedback_at), expected_version}));
  if (r.affected == 0)
    return Error::conflict("security event " + std::to_string(e.id) + " changed meanwhile");
  return {};
}

Result<std::vector<SecurityPurge>> purge_security_events(Tx& tx,
                                                         std::optional<std::int64_t> community_id,
                                                         std::int64_t now) {
  WEILAI_TRY(Rows communities,
             tx.exec("SELECT DISTINCT community_id FROM security_events WHERE ($1 = 0 OR "
                     "community_id = $1) ORDER BY community_id",
                     {community_id.value_or(0)}));
  std::vector<SecurityPurge> out;
  for (const auto& c : communities.rows) {
    SecurityPurge p;
    p.community_id = c.i64(0);
    WEILAI_TRY(auto settings, get_security_settings(tx, p.community_id));
    const std::int64_t cutoff = now - settings.retention_days * kDayMs;
    WEILAI_TRY(Rows images, tx.exec("SELECT DISTINCT image_sha256 FROM security_events WHERE "
                                    "community_id = $1 AND received_at < $2 AND image_sha256 IS "
                                    "NOT NULL",
                                    {p.community_id, cutoff}));
    WEILAI_TRY(Rows deleted, tx.exec("DELETE FROM security_events WHERE community_id = $1 AND "
                                     "received_at < $2",
                                     {p.community_id, cutoff}));
    p.events = deleted.affected;
    for (const auto& img : images.rows) {
      WEILAI_TRY(bool gone, delete_blob_if_unused(tx, img.text(0)));
      if (gone) ++p.images;
    }
    if (p.events > 0) out.push_back(p);
  }
  return out;
}

}  // namespace weilai::storage
