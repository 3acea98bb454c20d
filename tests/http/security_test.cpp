// Smart security through the HTTP API on both drivers (issue #8): device registration with a
// secret shown once, signed events (bad signatures, stale timestamps and replayed ids refused with
// nothing written; duplicate deliveries answered idempotently, also when racing), alarms opened as
// security work orders, patrol dispatch and false-alarm feedback, face images refused unless the
// community enables them, and the retention purge run by housekeeping on a manual clock.
#include "http/security.hpp"

#include <atomic>
#include <thread>

#include "crypto/crypto.hpp"
#include "http/server_fixture.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

struct Device {
  std::int64_t id = 0;
  std::string secret;
};

class Security : public ServerFixture {
 protected:
  std::int64_t written() {  // every row a refused event could have left behind
    return scalar(
        "SELECT (SELECT COUNT(*) FROM security_events) + (SELECT COUNT(*) FROM "
        "work_orders) + (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM "
        "blobs)");
  }
  Device register_device(const std::string& token, const std::string& code,
                         const std::string& kind = "smoke_sensor") {
    auto res = client().post_json("/api/v1/security/devices",
                                  R"({"community_id":)" + std::to_string(unit_id("331102-LS")) +
                                      R"(,"code":")" + code + R"(","kind":")" + kind +
                                      R"(","name":"1幢烟感","location":"1幢1单元"})",
                                  token);
    EXPECT_EQ(res.status, 201) << res.body;
    auto o = parse(res.body).as_object();
    return {o.at("id").as_int64(), std::string(o.at("secret").as_string())};
  }
  HttpResponse post_event(const Device& d, const std::string& event_id, const std::string& body,
                          std::optional<std::int64_t> ts = std::nullopt,
                          std::optional<std::string> secret = std::nullopt) {
    const auto t = std::to_string(ts.value_or(clock_->now_ms()));
    const auto dev = std::to_string(d.id);
    const auto sig = crypto::hmac_sha256_hex(secret.value_or(d.secret),
                                             dev + "\n" + event_id + "\n" + t + "\n" + body);
    return client().request("POST", "/api/v1/security/events", body,
                            {{"Content-Type", "application/json"},
                             {"X-Weilai-Device", dev},
                             {"X-Weilai-Event-Id", event_id},
                             {"X-Weilai-Timestamp", t},
                             {"X-Weilai-Signature", sig}});
  }
};

const std::string kSmoke = R"({"type":"smoke","severity":"alarm","message":"烟雾浓度超标"})";

TEST_P(Security, SignedAlarmBecomesCaseAndBadEventsWriteNothing) {
  const auto admin = login("community"), butler = login("butler"), resident = login("resident");
  auto c = client();
  // Only the community admin registers; the secret is in the answer once and never again.
  EXPECT_EQ(c.post_json("/api/v1/security/devices", "{}", butler).status, 403);
  auto dev = register_device(admin, "LS-SMK-01");
  EXPECT_EQ(dev.secret.size(), 43u);
  auto listed = c.get(
      "/api/v1/security/devices?community_id=" + std::to_string(unit_id("331102-LS")), butler);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(dev.secret), std::string::npos);
  EXPECT_EQ(listed.body.find("secret"), std::string::npos);

  const auto before = written();
  // Unsigned, wrongly signed, unknown device, tampered body, stale or future timestamp: 401.
  EXPECT_EQ(
      c.request("POST", "/api/v1/security/events", kSmoke, {{"Content-Type", "application/json"}})
          .status,
      401);
  auto bad = post_event(dev, "e-1", kSmoke, std::nullopt, std::string("not-the-secret"));
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(parse(bad.body).at("code").as_string(), "bad_signature");
  EXPECT_EQ(post_event(Device{dev.id + 1000, dev.secret}, "e-1", kSmoke).status, 401);
  {
    const auto t = std::to_string(clock_->now_ms());
    const auto sig =
        crypto::hmac_sha256_hex(dev.secret, std::to_string(dev.id) + "\ne-1\n" + t + "\n" + kSmoke);
    auto tampered =
        c.request("POST", "/api/v1/security/events", R"({"type":"smoke","severity":"info"})",
                  {{"Content-Type", "application/json"},
                   {"X-Weilai-Device", std::to_string(dev.id)},
                   {"X-Weilai-Event-Id", "e-1"},
                   {"X-Weilai-Timestamp", t},
                   {"X-Weilai-Signature", sig}});
    EXPECT_EQ(tampered.status, 401);
  }
  auto stale = post_event(dev, "e-1", kSmoke, clock_->now_ms() - 6 * kMinuteMs);
  EXPECT_EQ(stale.status, 401);
  EXPECT_EQ(parse(stale.body).at("code").as_string(), "stale_timestamp");
  EXPECT_EQ(post_event(dev, "e-1", kSmoke, clock_->now_ms() + 6 * kMinuteMs).status, 401);
  // Signed but invalid: 422, nothing written.
  EXPECT_EQ(post_event(dev, "e-1", R"({"type":"smoke","severity":"panic"})").status, 422);
  EXPECT_EQ(post_event(dev, "e-1", R"({"type":"smoke","severity":"alarm","face":"x"})").status,
            422);
  EXPECT_EQ(written(), before);

  // A good alarm: stored, and a security work order opened.
  auto ok = post_event(dev, "e-1", kSmoke, clock_->now_ms() - 4 * kMinuteMs);
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto ev = parse(ok.body).as_object();
  EXPECT_EQ(ev.at("status").as_string(), "open");
  const auto order = ev.at("work_order_id").as_int64();
  auto wo = parse(c.get("/api/v1/work-orders/" + std::to_string(order), butler).body).as_object();
  EXPECT_EQ(wo.at("category").as_string(), "security");
  EXPECT_EQ(wo.at("status").as_string(), "reported");
  EXPECT_EQ(wo.at("location").as_string(), "1幢1单元");

  // The same delivery again (even re-signed later): 200, the stored event, nothing written.
  const auto after = written();
  clock_->advance_ms(kMinuteMs);
  auto dup = post_event(dev, "e-1", kSmoke);
  ASSERT_EQ(dup.status, 200) << dup.body;
  EXPECT_TRUE(parse(dup.body).at("duplicate").as_bool());
  EXPECT_EQ(parse(dup.body).at("id").as_int64(), ev.at("id").as_int64());
  // The id reused for another event: a replay, 409, nothing written.
  auto replay = post_event(dev, "e-1", R"({"type":"smoke","severity":"info"})");
  EXPECT_EQ(replay.status, 409);
  EXPECT_EQ(parse(replay.body).at("code").as_string(), "replayed_event_id");
  EXPECT_EQ(written(), after);

  // An info event is logged without a case; the device's history holds both.
  ASSERT_EQ(post_event(dev, "e-2", R"({"type":"heartbeat","severity":"info"})").status, 201);
  const auto ls = std::to_string(unit_id("331102-LS"));
  auto hist = parse(c.get("/api/v1/security/events?community_id=" + ls +
                              "&device_id=" + std::to_string(dev.id),
                          butler)
                        .body)
                  .at("items")
                  .as_array();
  ASSERT_EQ(hist.size(), 2u);
  EXPECT_TRUE(hist[0].at("case").is_null());
  auto alerts = parse(c.get("/api/v1/security/events?alerts_only=true&community_id=" + ls +
                                "&device_id=" + std::to_string(dev.id),
                            butler)
                          .body)
                    .at("items")
                    .as_array();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].at("case").at("status").as_string(), "reported");
  EXPECT_EQ(c.get("/api/v1/security/events?community_id=" + ls, resident).status, 403);

  // Patrol dispatch (to the grid worker), then false-alarm feedback; both noted on the case.
  const auto eid = std::to_string(ev.at("id").as_int64());
  EXPECT_EQ(c.post_json("/api/v1/security/events/" + eid + "/dispatch",
                        R"({"patrol_account_id":)" + std::to_string(account_id("resident")) +
                            R"(,"version":1})",
                        butler)
                .status,
            422);
  auto sent = c.post_json("/api/v1/security/events/" + eid + "/dispatch",
                          R"({"patrol_account_id":)" + std::to_string(account_id("grid")) +
                              R"(,"note":"请巡查","version":1})",
                          butler);
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(parse(sent.body).at("status").as_string(), "dispatched");
  auto stale_v = c.post_json("/api/v1/security/events/" + eid + "/feedback",
                             R"({"verdict":"false_alarm","version":1})", butler);
  EXPECT_EQ(stale_v.status, 409);
  EXPECT_EQ(parse(stale_v.body).at("current").at("version").as_int64(), 2);
  auto fb = c.post_json("/api/v1/security/events/" + eid + "/feedback",
                        R"({"verdict":"false_alarm","note":"做饭油烟","version":2})", butler);
  ASSERT_EQ(fb.status, 200) << fb.body;
  EXPECT_EQ(parse(fb.body).at("status").as_string(), "false_alarm");
  EXPECT_EQ(c.post_json("/api/v1/security/events/" + eid + "/feedback",
                        R"({"verdict":"confirmed","version":3})", butler)
                .status,
            409);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM work_order_events WHERE work_order_id = " +
                   std::to_string(order)),
            3);  // report, patrol_dispatch, false_alarm

  // A rotated secret: the old one stops working.
  auto rotated =
      c.post_json("/api/v1/security/devices/" + std::to_string(dev.id) + "/secret", "{}", admin);
  ASSERT_EQ(rotated.status, 200);
  EXPECT_EQ(post_event(dev, "e-3", kSmoke).status, 401);
  dev.secret = std::string(parse(rotated.body).at("secret").as_string());
  EXPECT_EQ(post_event(dev, "e-3", kSmoke).status, 201);
}

TEST_P(Security, FaceImagesOnlyWhenEnabledAndRetentionPurged) {
  // The purge counts below are of this test's events: the demo's history goes first.
  ASSERT_TRUE(db_->run(storage::TxMode::write, [](storage::Tx& tx) -> Status {
    WEILAI_CHECK(tx.exec("DELETE FROM security_events"));
    return {};
  }));
  const auto admin = login("community");
  auto c = client();
  auto cam = register_device(admin, "LS-CAM-01", "camera");
  const std::string image = "\xFF\xD8\xFF\xE0 fake jpeg bytes";
  const std::string with_image = R"({"type":"intrusion","severity":"alarm","image":")" +
                                 std::string("/9j/4CBmYWtlIGpwZWcgYnl0ZXM=") + R"("})";
  const auto before = written();
  auto refused = post_event(cam, "img-1", with_image);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(parse(refused.body).at("code").as_string(), "image_not_allowed");
  EXPECT_EQ(written(), before);

  const auto ls = std::to_string(unit_id("331102-LS"));
  auto settings = parse(c.get("/api/v1/security/settings?community_id=" + ls, admin).body);
  EXPECT_FALSE(settings.at("face_images_enabled").as_bool());
  EXPECT_EQ(settings.at("retention_days").as_int64(), 30);
  EXPECT_EQ(c.send_json("PUT", "/api/v1/security/settings",
                        R"({"community_id":)" + ls + R"(,"face_images_enabled":true,"version":0})",
                        login("butler"))
                .status,
            403);
  auto saved = c.send_json(
      "PUT", "/api/v1/security/settings",
      R"({"community_id":)" + ls + R"(,"face_images_enabled":true,"retention_days":2,"version":0})",
      admin);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(c.send_json("PUT", "/api/v1/security/settings",
                        R"({"community_id":)" + ls + R"(,"retention_days":5,"version":0})", admin)
                .status,
            409);

  // Enabled, an image must still be one: a PDF's bytes are refused and nothing is written.
  const auto before_pdf = written();
  auto not_image = post_event(
      cam, "img-0", R"({"type":"intrusion","severity":"alarm","image":"JVBERi0xLjQgZmFrZQ=="})");
  ASSERT_EQ(not_image.status, 422) << not_image.body;
  EXPECT_EQ(parse(not_image.body).at("field").as_string(), "/image");
  EXPECT_EQ(written(), before_pdf);

  auto stored = post_event(cam, "img-1", with_image);
  ASSERT_EQ(stored.status, 201) << stored.body;
  const auto eid = std::to_string(parse(stored.body).at("id").as_int64());
  EXPECT_TRUE(parse(stored.body).at("has_image").as_bool());
  auto img = c.get("/api/v1/security/events/" + eid + "/image", admin);
  ASSERT_EQ(img.status, 200);
  EXPECT_EQ(img.body, image);
  EXPECT_EQ(img.header("content-type"), "image/jpeg");
  const auto sha = crypto::sha256_hex(image);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM blobs WHERE sha256 = '" + sha + "'"), 1);

  // A day later another event; housekeeping at day 1 purges nothing.
  clock_->advance_ms(kDayMs);
  ASSERT_EQ(post_event(cam, "hb-1", R"({"type":"heartbeat","severity":"info"})").status, 201);
  auto round = http::run_housekeeping(*app_);
  ASSERT_TRUE(round) << round.error().message;
  EXPECT_EQ(round->at("security").at("events").as_int64(), 0);
  // Past the 2-day retention of the first: it and its image go; the newer one stays; audited.
  clock_->advance_ms(kDayMs + kMinuteMs);
  round = http::run_housekeeping(*app_);
  ASSERT_TRUE(round) << round.error().message;
  EXPECT_EQ(round->at("security").at("events").as_int64(), 1);
  EXPECT_EQ(round->at("security").at("images").as_int64(), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM security_events"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM blobs WHERE sha256 = '" + sha + "'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'security.purge'"), 1);
  // The admin trigger: nothing left to purge, still answered (and recorded).
  auto now =
      c.post_json("/api/v1/security/purge", R"({"community_id":)" + ls + "}", login("community"));
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(parse(now.body).at("events").as_int64(), 0);
}

// The demo: 灵山's devices (secrets never shown) and their logged history, no alarm (no case).
TEST_P(Security, DemoDevicesAndTheirHistory) {
  const auto butler = login("butler");
  auto c = client();
  const auto ls = std::to_string(unit_id("331102-LS"));
  auto devices = c.get("/api/v1/security/devices?community_id=" + ls, butler);
  ASSERT_EQ(devices.status, 200) << devices.body;
  EXPECT_NE(devices.body.find("LS-YG-0301"), std::string::npos);
  EXPECT_NE(devices.body.find("LS-MJ-E01"), std::string::npos);
  EXPECT_NE(devices.body.find("LS-SXJ-S01"), std::string::npos);
  EXPECT_EQ(devices.body.find("secret"), std::string::npos);
  auto events = parse(c.get("/api/v1/security/events?community_id=" + ls, butler).body)
                    .at("items")
                    .as_array();
  ASSERT_EQ(events.size(), 4u);
  for (const auto& e : events) {
    EXPECT_EQ(e.at("status").as_string(), "logged");
    EXPECT_TRUE(e.at("case").is_null());
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM work_orders WHERE category = 'security'"), 0);
}

// A device taken out of service: its events are refused like an unknown device's (nothing written)
// until it is reactivated; a stale version is a 409 carrying the device as it is.
TEST_P(Security, DeactivatedDeviceIsRefusedUntilReactivated) {
  const auto admin = login("community");
  auto c = client();
  auto dev = register_device(admin, "LS-OFF-01");
  const auto path = "/api/v1/security/devices/" + std::to_string(dev.id);
  EXPECT_EQ(c.send_json("PATCH", path, R"({"active":false,"version":1})", login("butler")).status,
            403);
  EXPECT_EQ(c.send_json("PATCH", path, R"({"name":"","version":1})", admin).status, 422);
  auto off =
      c.send_json("PATCH", path, R"({"active":false,"location":"停用检修","version":1})", admin);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(parse(off.body).at("active").as_bool());
  EXPECT_EQ(parse(off.body).at("version").as_int64(), 2);
  const auto before = written();
  auto refused = post_event(dev, "off-1", kSmoke);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_EQ(written(), before);
  auto stale = c.send_json("PATCH", path, R"({"active":true,"version":1})", admin);
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_FALSE(parse(stale.body).at("current").at("active").as_bool());
  ASSERT_EQ(c.send_json("PATCH", path, R"({"active":true,"version":2})", admin).status, 200);
  EXPECT_EQ(post_event(dev, "off-1", kSmoke).status, 201);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'security.device.deactivate'"),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'security.device.activate'"), 1);
}

// Several servers share one database: only the holder of the "housekeeping" lease sweeps; another
// takes over once the lease has run out (a server that died).
TEST_P(Security, HousekeepingRunsOnlyOnTheLeaseHolder) {
  using std::chrono::minutes;
  auto first = http::run_housekeeping_as(*app_, "server-a", minutes(10));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->has_value());
  auto second = http::run_housekeeping_as(*app_, "server-b", minutes(10));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->has_value());  // a holds the lease
  clock_->advance_ms(5 * kMinuteMs);
  auto renewed = http::run_housekeeping_as(*app_, "server-a", minutes(10));
  ASSERT_TRUE(renewed);
  EXPECT_TRUE(renewed->has_value());
  clock_->advance_ms(11 * kMinuteMs);  // a went quiet: its lease ran out
  auto taken = http::run_housekeeping_as(*app_, "server-b", minutes(10));
  ASSERT_TRUE(taken);
  EXPECT_TRUE(taken->has_value());
  auto refused = http::run_housekeeping_as(*app_, "server-a", minutes(10));
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->has_value());
}

TEST_P(Security, RacingDuplicateDeliveriesStoreOneEvent) {
  const auto admin = login("community");
  auto dev = register_device(admin, "LS-GATE-01", "access_gate");
  constexpr int kClients = 8;
  std::atomic<int> created = 0, duplicates = 0, other = 0;
  std::vector<std::thread> threads;
  const auto ts = clock_->now_ms();
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&] {
      auto r = post_event(dev, "forced-1", R"({"type":"forced_open","severity":"alarm"})", ts);
      (r.status == 201 ? created : r.status == 200 ? duplicates : other)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(duplicates.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
  const auto device = std::to_string(dev.id);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM security_events WHERE device_id = " + device), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM work_orders WHERE category = 'security'"), 1);
}

WEILAI_BOTH_DRIVERS(Security);

}  // namespace
}  // namespace weilai::testing
