#include "storage/demo_security.hpp"

#include <vector>

#include "core/clock.hpp"
#include "crypto/crypto.hpp"
#include "storage/security_store.hpp"

namespace weilai::storage {
namespace {

struct DemoDevice {
  const char* code;
  const char* kind;
  const char* name;
  const char* location;
};

struct DemoEvent {
  std::size_t device;  // index into the devices
  const char* event_id;
  std::int64_t minutes_ago;
  const char* type;
  const char* severity;
  const char* message;
};

}  // namespace

Status load_demo_security(Tx& tx, const std::map<std::string, std::int64_t>& unit_ids,
                          const std::map<std::string, std::int64_t>& account_ids,
                          std::int64_t now) {
  const std::int64_t lingshan = unit_ids.at("331102-LS");
  // Each device gets a random secret nobody knows: to drive one, the community admin replaces it
  // on the security screen (the new secret is shown once), as after a real installation.
  const std::vector<DemoDevice> devices{
      {"LS-YG-0301", "smoke_sensor", "3幢2单元楼道烟感", "3幢2单元3楼楼道"},
      {"LS-MJ-E01", "access_gate", "东门人行门禁", "小区东门"},
      {"LS-SXJ-S01", "camera", "南门出入口摄像机", "小区南门"},
  };
  std::vector<SecurityDevice> stored;
  for (const auto& d : devices) {
    SecurityDevice dev;
    dev.community_id = lingshan;
    dev.code = d.code;
    dev.kind = d.kind;
    dev.name = d.name;
    dev.location = d.location;
    dev.secret = crypto::random_token(32);
    dev.registered_by = account_ids.at("community");
    WEILAI_TRY(dev.id, insert_security_device(tx, dev, now - 30 * kDayMs));
    stored.push_back(dev);
  }
  // A logged history without alarms: an alarm would open a case (a work order) and change the
  // flagship's work-order figures and SLA reading. The alarm path is shown by driving a device.
  const std::vector<DemoEvent> events{
      {1, "gate-hb-0001", 180, "heartbeat", "info", ""},
      {1, "gate-0002", 95, "door_held_open", "warning", "东门门禁常开超过 5 分钟"},
      {2, "cam-0001", 26 * 60, "loitering", "warning", "南门外人员长时间逗留"},
      {0, "smoke-hb-0001", 60, "heartbeat", "info", ""},
  };
  for (const auto& ev : events) {
    const SecurityDevice& device = stored.at(ev.device);
    SecurityEvent e;
    e.device_id = device.id;
    e.community_id = lingshan;
    e.event_id = ev.event_id;
    e.signed_at = e.received_at = now - ev.minutes_ago * kMinuteMs;
    e.type = ev.type;
    e.severity = ev.severity;
    e.message = ev.message;
    e.body_sha256 = crypto::sha256_hex(std::string(R"({"type":")") + ev.type + R"(","severity":")" +
                                       ev.severity + R"("})");
    WEILAI_CHECK(record_security_event(tx, device, e, e.received_at));
  }
  return {};
}

}  // namespace weilai::storage
