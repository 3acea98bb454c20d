// Rows of smart security (智慧安防, issue #8): per-community privacy settings, registered devices
// with their HMAC secrets, and the events they post. The signature check and the rules live in
// http/security_routes.cpp; these functions only read and write.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace weilai::storage {

struct SecuritySettings {
  std::int64_t community_id = 0;
  bool face_images_enabled = false;  // off unless the community turns it on
  std::int64_t retention_days = 30;
  std::int64_t version = 0;  // 0: never saved (the defaults)
};

struct SecurityDevice {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string code, kind, name, location;
  std::string secret;  // the HMAC key; never sent to a client after registration
  std::int64_t registered_by = 0;
  bool active = true;
  std::int64_t created_at = 0, updated_at = 0, version = 1;
};

struct SecurityEvent {
  std::int64_t id = 0;
  std::int64_t device_id = 0;
  std::string device_code, device_name, device_kind, device_location;
  std::int64_t community_id = 0;
  std::string event_id;
  std::int64_t signed_at = 0, received_at = 0;
  std::string body_sha256, type, severity, message;
  std::optional<std::string> image_sha256;
  std::string status;  // logged | open | dispatched | false_alarm | confirmed
  std::optional<std::int64_t> work_order_id, patrol_account_id, dispatched_at, feedback_at;
  std::string feedback_note;
  std::int64_t version = 1;
};

Result<SecuritySettings> get_security_settings(Tx& tx, std::int64_t community_id);
// Saves the settings; conflict when the stored version is not `expected_version` (0: none yet).
Status put_security_settings(Tx& tx, const SecuritySettings& s, std::int64_t expected_version,
                             std::int64_t now);

Result<std::int64_t> insert_security_device(Tx& tx, const SecurityDevice& d, std::int64_t now);
Result<SecurityDevice> get_security_device(Tx& tx, std::int64_t id);  // not_found
Result<std::vector<SecurityDevice>> list_security_devices(Tx& tx, std::int64_t community_id);
// Saves name, location and active when the row is still at `expected_version` (conflict if not,
// not_found without the row).
Status update_security_device(Tx& tx, const SecurityDevice& d, std::int64_t expected_version,
                              std::int64_t now);
Status set_security_device_secret(Tx& tx, std::int64_t id, const std::string& secret,
                                  std::int64_t now);

// The event a device already posted under that id, if any.
Result<std::optional<SecurityEvent>> find_security_event(Tx& tx, std::int64_t device_id,
                                                         const std::string& event_id);
Result<std::int64_t> insert_security_event(Tx& tx, const SecurityEvent& e);
// Stores an event a device sent, status "open" for an alarm and "logged" otherwise; an alarm also
// opens its case: a "security" work order reported by whoever registered the device. Sets e.id,
// e.status and (alarms) e.work_order_id.
Status record_security_event(Tx& tx, const SecurityDevice& device, SecurityEvent& e,
                             std::int64_t now);
Result<SecurityEvent> get_security_event(Tx& tx, std::int64_t id);  // not_found
// Newest first, ids below `before_id` (0: from the newest). `device_id` narrows to one device,
// `alerts_only` to events that opened a case.
Result<std::vector<SecurityEvent>> list_security_events(Tx& tx, std::int64_t community_id,
                                                        std::optional<std::int64_t> device_id,
                                                        bool alerts_only, std::int64_t before_id,
                                                        int limit);
// Optimistic: conflict when the version moved.
Status update_security_event(Tx& tx, const SecurityEvent& e, std::int64_t expected_version);

struct SecurityPurge {
  std::int64_t community_id = 0;
  std::int64_t events = 0;  // rows deleted
  std::int64_t images = 0;  // stored images deleted with them
};
// Deletes the events older than each community's retention (received before now - days), and
// their images unless another event still holds the same image. `community_id` narrows it.
Result<std::vector<SecurityPurge>> purge_security_events(Tx& tx,
                                                         std::optional<std::int64_t> community_id,
                                                         std::int64_t now);

}  // namespace weilai::storage
