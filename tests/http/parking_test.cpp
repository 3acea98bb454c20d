// Shared parking through the HTTP API on both drivers (issue #8): publishing windows, booking
// rules, the lifecycle with an injected clock, statistics, and many clients racing for one slot.
#include "community/parking.hpp"

#include <atomic>
#include <set>
#include <thread>

#include "http/security.hpp"
#include "http/server_fixture.hpp"
#include "storage/ledger_store.hpp"

namespace weilai::testing {
namespace {
namespace json = boost::json;

class Parking : public ServerFixture {
 protected:
  // Monday 2026-12-07 07:00 local.
  static std::int64_t local(const char* date, int h, int m = 0) {
    return *community::parse_local_date(date) * kDayMs - community::kLocalOffsetMs +
           (h * 60 + m) * kMinuteMs;
  }
  std::int64_t slot(const std::string& code) {
    auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id FROM parking_slots WHERE code = $1", {code});
    });
    return rows->front().i64(0);
  }
  std::string booking(std::int64_t slot_id, std::int64_t s, std::int64_t e) {
    return json::serialize(json::object{{"slot_id", slot_id}, {"starts_at", s}, {"ends_at", e}});
  }
  // One signed-in resident per 灵山 household (the demo resident heads the first).
  std::vector<std::string> residents_of_every_household() {
    const auto admin = login("admin");
    auto c = client();
    std::vector<std::string> tokens{login("resident")};
    auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
      return tx.exec("SELECT id FROM households WHERE community_id = $1 ORDER BY id",
                     {unit_id("331102-LS")});
    });
    for (std::size_t i = 1; i < rows->size(); ++i) {
      const std::string name = "park" + std::to_string(i);
      auto created =
          c.post_json("/api/v1/accounts",
                      json::serialize(json::object{
                          {"login", name}, {"display_name", name}, {"password", "Park-Pass-2026"}}),
                      admin);
      EXPECT_EQ(created.status, 201) << created.body;
      const auto aid = parse(created.body).at("id").as_int64();
      EXPECT_EQ(c.post_json("/api/v1/accounts/" + std::to_string(aid) + "/grants",
                            json::serialize(json::object{{"role", "resident"},
                                                         {"org_unit_id", unit_id("331102-LS")}}),
                            admin)
                    .status,
                201);
      EXPECT_TRUE(db_->transact(storage::TxMode::write, [&](storage::Tx& tx) {
        return tx.exec(
            "INSERT INTO household_members (household_id, account_id, person_name, member_role) "
            "VALUES ($1,$2,$3,'member')",
            {rows->rows[i].i64(0), aid, name});
      }));
      tokens.push_back(login(name, "Park-Pass-2026"));
    }
    return tokens;
  }
};

TEST_P(Parking, PublishWindowsStrictly) {
  clock_->set_ms(local("2026-12-07", 7));
  const auto resident = login("resident"), community = login("community");
  auto c = client();
  const auto own = std::to_string(slot("LS-P01"));  // SA,SU 09:00-18:00
  const auto audit_before = scalar("SELECT COUNT(*) FROM audit_log");
  for (
      const char* bad :
      {R"({"rrule":"FREQ=DAILY","start":"08:00","end":"10:00"})",
       R"({"rrule":"FREQ=WEEKLY;BYDAY=MO;INTERVAL=2","start":"08:00","end":"10:00"})",
       R"({"rrule":"FREQ=WEEKLY;BYDAY=1MO","start":"08:00","end":"10:00"})",
       R"({"rrule":"FREQ=WEEKLY;BYDAY=MO","start":"10:00","end":"08:00"})",
       R"({"rrule":"FREQ=WEEKLY;BYDAY=MO","start":"8:00","end":"10:00"})",
       R"({"rrule":"FREQ=WEEKLY;BYDAY=MO","start":"08:00","end":"10:00","exdates":["2026-02-30"]})",
       // overlaps the existing weekend window
       R"({"rrule":"FREQ=WEEKLY;BYDAY=SU","start":"17:00","end":"20:00"})"}) {
    auto res = c.post_json("/api/v1/parking/slots/" + own + "/windows", bad, resident);
    EXPECT_EQ(res.status, 422) << bad << " " << res.body;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log"), audit_before);  // nothing written
  auto ok = c.post_json("/api/v1/parking/slots/" + own + "/windows",
                        R"({"rrule":"FREQ=WEEKLY;BYDAY=SU,WE","start":"18:00","end":"22:00",)"
                        R"("exdates":["2026-12-09"]})",
                        resident);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(parse(ok.body).at("rrule").as_string(), "FREQ=WEEKLY;BYDAY=WE,SU");
  // Another household's slot is not the resident's to publish; the community admin may.
  const auto other = std::to_string(slot("LS-P02"));
  EXPECT_EQ(
      c.post_json("/api/v1/parking/slots/" + other + "/windows",
                  R"({"rrule":"FREQ=WEEKLY;BYDAY=SA","start":"08:00","end":"10:00"})", resident)
          .status,
      403);
  EXPECT_EQ(
      c.post_json("/api/v1/parking/slots/" + other + "/windows",
                  R"({"rrule":"FREQ=WEEKLY;BYDAY=SA","start":"08:00","end":"10:00"})", community)
          .status,
      201);
  // The EXDATE holds: Wednesday 2026-12-09 evening is not bookable, the next one is.
  const auto own_id = slot("LS-P01");
  auto ex =
      c.post_json("/api/v1/parking/bookings",
                  booking(own_id, local("2026-12-09", 18), local("2026-12-09", 19)), resident);
  EXPECT_EQ(ex.status, 422) << ex.body;
  EXPECT_EQ(c.post_json("/api/v1/parking/bookings",
                        booking(own_id, local("2026-12-16", 18), local("2026-12-16", 19)), resident)
                .status,
            201);
  // A registered household slot and an organisation's slot.
  auto mine = parse(c.get("/api/v1/households/mine", resident).body).at("items").as_array();
  auto created =
      c.post_json("/api/v1/parking/slots",
                  json::serialize(json::object{{"owner_kind", "household"},
                                               {"code", "LS-NEW"},
                                               {"household_id", mine[0].at("id").as_int64()}}),
                  resident);
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(c.post_json("/api/v1/parking/slots",
                        json::serialize(json::object{{"owner_kind", "organisation"},
                                                     {"code", "LS-ORG"},
                                                     {"owner_name", "灵山幼儿园"},
                                                     {"community_id", unit_id("331102-LS")}}),
                        resident)
                .status,
            403);
  EXPECT_EQ(c.post_json("/api/v1/parking/slots",
                        json::serialize(json::object{{"owner_kind", "organisation"},
                                                     {"code", "LS-ORG"},
                                                     {"owner_name", "灵山幼儿园"},
                                                     {"community_id", unit_id("331102-LS")}}),
                        community)
                .status,
            201);
}

TEST_P(Parking, BookingRulesLifecycleAndStats) {
  clock_->set_ms(local("2026-12-07", 7));
  auto resident = login("resident"), butler = login("butler");
  // Sessions expire when idle, so sign in again after moving the clock.
  auto at = [&](std::int64_t t) {
    clock_->set_ms(t);
    resident = login("resident");
    butler = login("butler");
  };
  auto c = client();
  const auto all_day = slot("LS-C01");   // every day, min 30, max 240, buffer 15, horizon 14
  const auto weekdays = slot("LS-P02");  // MO-FR 08:00-18:00
  const auto before = scalar("SELECT COUNT(*) FROM parking_bookings");
  struct Bad {
    std::int64_t slot, s, e;
    int status;
  };
  for (const auto& b : std::vector<Bad>{
           {weekdays, local("2026-12-12", 9), local("2026-12-12", 10), 422},       // Saturday
           {weekdays, local("2026-12-07", 17), local("2026-12-07", 18, 30), 422},  // past end
           {all_day, local("2026-12-07", 9), local("2026-12-07", 9, 20), 422},     // too short
           {all_day, local("2026-12-07", 9), local("2026-12-07", 13, 1), 422},     // too long
           {all_day, local("2026-12-06", 9), local("2026-12-06", 10), 422},        // past
           {all_day, local("2026-12-22", 9), local("2026-12-22", 10), 422},        // horizon
           {999999, local("2026-12-07", 9), local("2026-12-07", 10), 422},
       }) {
    auto res = c.post_json("/api/v1/parking/bookings", booking(b.slot, b.s, b.e), resident);
    EXPECT_EQ(res.status, b.status) << res.body;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM parking_bookings"), before);
  // Book 09:00-10:00; the buffer (15 min) refuses 10:10 but allows 10:15.
  auto first =
      c.post_json("/api/v1/parking/bookings",
                  booking(all_day, local("2026-12-07", 9), local("2026-12-07", 10)), resident);
  ASSERT_EQ(first.status, 201) << first.body;
  auto taken =
      c.post_json("/api/v1/parking/bookings",
                  booking(all_day, local("2026-12-07", 10, 10), local("2026-12-07", 11)), resident);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(parse(taken.body).at("code").as_string(), "slot_taken");
  auto second =
      c.post_json("/api/v1/parking/bookings",
                  booking(all_day, local("2026-12-07", 10, 15), local("2026-12-07", 11)), resident);
  ASSERT_EQ(second.status, 201) << second.body;
  // Quota: two active bookings per household.
  auto third =
      c.post_json("/api/v1/parking/bookings",
                  booking(weekdays, local("2026-12-08", 9), local("2026-12-08", 10)), resident);
  EXPECT_EQ(third.status, 409);
  EXPECT_EQ(parse(third.body).at("code").as_string(), "quota_exceeded");
  // Search: the slot is not free at 09:30, is free at 12:00.
  auto search =
      parse(c.get("/api/v1/parking/slots?from=" + std::to_string(local("2026-12-07", 9, 30)) +
                      "&to=" + std::to_string(local("2026-12-07", 10)),
                  resident)
                .body)
          .at("items")
          .as_array();
  for (const auto& s : search)
    if (s.at("id").as_int64() == all_day) {
      EXPECT_FALSE(s.at("free").as_bool());
    }
  auto later = parse(c.get("/api/v1/parking/slots?from=" + std::to_string(local("2026-12-07", 12)) +
                               "&to=" + std::to_string(local("2026-12-07", 13)) + "&free_only=true",
                           resident)
                         .body)
                   .at("items")
                   .as_array();
  std::set<std::int64_t> free_ids;
  for (const auto& s : later) free_ids.insert(s.at("id").as_int64());
  EXPECT_TRUE(free_ids.count(all_day));
  EXPECT_TRUE(free_ids.count(weekdays));
  EXPECT_FALSE(free_ids.count(slot("LS-P03")));  // not shared

  const auto b1 = parse(first.body).at("id").as_int64();
  const auto b2 = parse(second.body).at("id").as_int64();
  auto act = [&](std::int64_t id, const char* action, const std::string& token) {
    return c.post_json("/api/v1/parking/bookings/" + std::to_string(id) + "/actions",
                       std::string(R"({"action":")") + action + "\"}", token);
  };
  // Check-in opens 15 minutes before; at 08:40 it is too early.
  at(local("2026-12-07", 8, 40));
  EXPECT_EQ(act(b1, "check_in", resident).status, 409);
  at(local("2026-12-07", 8, 50));
  EXPECT_EQ(act(b1, "check_in", resident).status, 200);
  EXPECT_EQ(act(b1, "cancel", resident).status, 409);  // out of order
  // A gate event through the butler: check-out 7 minutes late records the overstay.
  at(local("2026-12-07", 10, 7));
  auto out = act(b1, "check_out", butler);
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(parse(out.body).at("overstay_minutes").as_int64(), 7);
  // Version check: a stale version is refused.
  EXPECT_EQ(c.post_json("/api/v1/parking/bookings/" + std::to_string(b2) + "/actions",
                        R"({"action":"cancel","version":99})", resident)
                .status,
            409);
  // No-show: nobody checks in to b2 (10:15) by 10:30; it reads as released and the time is
  // bookable again by another household; the sweep releases it for good.
  at(local("2026-12-07", 10, 31));
  auto mine = parse(c.get("/api/v1/parking/bookings/mine", resident).body).at("items").as_array();
  bool seen = false;
  for (const auto& b : mine)
    if (b.at("id").as_int64() == b2) {
      EXPECT_EQ(b.at("status").as_string(), "released");
      seen = true;
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(act(b2, "check_in", resident).status, 409);
  auto sweep =
      c.post_json("/api/v1/parking/sweep",
                  R"({"community_id":)" + std::to_string(unit_id("331102-LS")) + "}", butler);
  ASSERT_EQ(sweep.status, 200) << sweep.body;
  EXPECT_EQ(parse(sweep.body).at("released").as_array().size(), 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM parking_bookings WHERE status = 'released'"), 1);
  // Quota freed: the resident can book again (cancel it, too).
  auto again =
      c.post_json("/api/v1/parking/bookings",
                  booking(weekdays, local("2026-12-08", 9), local("2026-12-08", 10)), resident);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(act(parse(again.body).at("id").as_int64(), "cancel", resident).status, 200);
  // Others cannot act on the resident's booking.
  EXPECT_EQ(act(b2, "cancel", login("grid")).status, 403);

  auto stats = parse(c.get("/api/v1/parking/stats?from=" + std::to_string(local("2026-12-07", 0)) +
                               "&to=" + std::to_string(local("2026-12-14", 0)),
                           butler)
                         .body);
  EXPECT_EQ(stats.at("slots").as_int64(), 5);
  EXPECT_EQ(stats.at("shared_slots").as_int64(), 4);
  EXPECT_EQ(stats.at("bookings").as_int64(), 2);  // the completed one and the no-show
  EXPECT_EQ(stats.at("no_shows").as_int64(), 1);
  EXPECT_EQ(stats.at("overstays").as_int64(), 1);
  EXPECT_DOUBLE_EQ(stats.at("booked_hours").as_double(), 1.0);
  EXPECT_DOUBLE_EQ(stats.at("used_hours").as_double(), 1.0);
}

// Many clients (one per household) race for one slot, round after round; in every round all the
// requested times overlap each other (start i*5 min later, one hour long), so exactly one wins
// and every other gets 409, and afterwards no two active bookings of the slot overlap.
TEST_P(Parking, VisitorsPricesApprovalHourQuotaNearAndHousekeeping) {
  clock_->set_ms(local("2026-12-07", 7));
  auto resident = login("resident"), admin = login("community");
  auto at = [&](std::int64_t t) {
    clock_->set_ms(t);
    resident = login("resident");
    admin = login("community");
  };
  auto c = client();
  const auto ls = unit_id("331102-LS");
  // A priced organisation slot that needs the owner's approval, about 98 m east of LS-P03.
  auto bad_price = c.post_json("/api/v1/parking/slots",
                               json::serialize(json::object{{"owner_kind", "organisation"},
                                                            {"code", "LS-T01"},
                                                            {"community_id", ls},
                                                            {"owner_name", "社区卫生站"},
                                                            {"price_kind", "money"}}),
                               admin);
  EXPECT_EQ(bad_price.status, 422) << bad_price.body;
  auto created = c.post_json("/api/v1/parking/slots",
                             json::serialize(json::object{{"owner_kind", "organisation"},
                                                          {"code", "LS-T01"},
                                                          {"community_id", ls},
                                                          {"owner_name", "社区卫生站"},
                                                          {"price_kind", "money"},
                                                          {"price_per_hour", 500},
                                                          {"requires_approval", true},
                                                          {"lon", 119.9071},
                                                          {"lat", 28.4714}}),
                             admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto t01 = parse(created.body).at("id").as_int64();
  ASSERT_EQ(
      c.post_json(
           "/api/v1/parking/slots/" + std::to_string(t01) + "/windows",
           R"({"rrule":"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU","start":"00:00","end":"24:00"})",
           admin)
          .status,
      201);
  // Near a place: only slots within the radius, nearest first.
  auto near = parse(c.get("/api/v1/parking/slots?community_id=" + std::to_string(ls) +
                              "&lon=119.9061&lat=28.4714&radius_m=150",
                          resident)
                        .body)
                  .at("items")
                  .as_array();
  ASSERT_GE(near.size(), 2u);
  EXPECT_EQ(near[0].at("code").as_string(), "LS-P03");
  double last = -1;
  bool has_t01 = false;
  for (const auto& s : near) {
    const double d = s.at("distance_m").to_number<double>();
    EXPECT_LE(d, 150);
    EXPECT_GE(d, last);
    last = d;
    if (s.at("code").as_string() == "LS-T01") {
      has_t01 = true;
      EXPECT_NEAR(d, 98, 2);
    }
  }
  EXPECT_TRUE(has_t01);
  EXPECT_EQ(
      c.get("/api/v1/parking/slots?lon=119.9&community_id=" + std::to_string(ls), resident).status,
      422);

  // A visitor invited by the resident: priced (3 h × 5 元), waiting for approval.
  auto a = c.post_json("/api/v1/parking/bookings",
                       json::serialize(json::object{{"slot_id", t01},
                                                    {"starts_at", local("2026-12-07", 9)},
                                                    {"ends_at", local("2026-12-07", 12)},
                                                    {"visitor_name", "王先生"},
                                                    {"plate", "浙K·12345"}}),
                       resident);
  ASSERT_EQ(a.status, 201) << a.body;
  auto ab = parse(a.body).as_object();
  EXPECT_EQ(ab.at("visitor_name").as_string(), "王先生");
  EXPECT_EQ(ab.at("price_kind").as_string(), "money");
  EXPECT_EQ(ab.at("price_amount").as_int64(), 1500);
  EXPECT_EQ(ab.at("approval").as_string(), "pending");
  const auto a_id = std::to_string(ab.at("id").as_int64());
  // Hours quota: 3 h active + 4 h more passes 6 h.
  auto over = c.post_json("/api/v1/parking/bookings",
                          booking(slot("LS-C01"), local("2026-12-07", 13), local("2026-12-07", 17)),
                          resident);
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(parse(over.body).at("code").as_string(), "quota_exceeded");
  // Only the owner (here the community admin) approves; the booker cannot.
  EXPECT_EQ(c.post_json("/api/v1/parking/bookings/" + a_id + "/actions", R"({"action":"approve"})",
                        resident)
                .status,
            403);
  auto approved = c.post_json("/api/v1/parking/bookings/" + a_id + "/actions",
                              R"({"action":"approve","version":1})", admin);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(parse(approved.body).at("approval").as_string(), "approved");
  EXPECT_EQ(
      c.post_json("/api/v1/parking/bookings/" + a_id + "/actions", R"({"action":"approve"})", admin)
          .status,
      409);
  auto b = c.post_json("/api/v1/parking/bookings",
                       booking(slot("LS-C01"), local("2026-12-07", 13), local("2026-12-07", 14)),
                       resident);
  ASSERT_EQ(b.status, 201) << b.body;
  const auto b_id = std::to_string(parse(b.body).at("id").as_int64());

  // Housekeeping: the visitor never came — released after the 15-minute grace.
  at(local("2026-12-07", 9, 10));
  auto round = http::run_housekeeping(*app_);
  ASSERT_TRUE(round);
  EXPECT_EQ(round->at("parking_released").as_int64(), 0);
  at(local("2026-12-07", 9, 20));
  round = http::run_housekeeping(*app_);
  ASSERT_TRUE(round);
  EXPECT_EQ(round->at("parking_released").as_int64(), 1);
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM parking_bookings WHERE status = 'released' AND id = " + a_id),
      1);
  // Overstay recorded while still parked, then kept on check-out.
  at(local("2026-12-07", 13));
  ASSERT_EQ(c.post_json("/api/v1/parking/bookings/" + b_id + "/actions", R"({"action":"check_in"})",
                        resident)
                .status,
            200);
  at(local("2026-12-07", 14, 30));
  round = http::run_housekeeping(*app_);
  ASSERT_TRUE(round);
  EXPECT_EQ(round->at("parking_overstays").as_int64(), 1);
  EXPECT_EQ(scalar("SELECT overstay_minutes FROM parking_bookings WHERE id = " + b_id), 30);
  // A refused request is cancelled.
  auto r = c.post_json("/api/v1/parking/bookings",
                       booking(t01, local("2026-12-08", 9), local("2026-12-08", 10)), resident);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto r_id = std::to_string(parse(r.body).at("id").as_int64());
  auto rejected =
      c.post_json("/api/v1/parking/bookings/" + r_id + "/actions", R"({"action":"reject"})", admin);
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(parse(rejected.body).at("status").as_string(), "cancelled");
  EXPECT_EQ(parse(rejected.body).at("approval").as_string(), "rejected");
}

TEST_P(Parking, ManyClientsRaceForOneSlot) {
  clock_->set_ms(local("2026-12-07", 7));
  const auto tokens = residents_of_every_household();
  ASSERT_EQ(tokens.size(), 12u);
  const auto target = slot("LS-C01");
  constexpr int kRounds = 6;
  constexpr int kPerClient = 2;  // each client fires twice per round (24 requests a round)
  int total_winners = 0, total_attempts = 0;
  for (int round = 0; round < kRounds; ++round) {
    const auto base = local("2026-12-08", 8) + round * 2 * kHourMs;
    std::atomic<bool> go{false};
    std::atomic<int> wins{0}, refused{0}, other{0};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      threads.emplace_back([&, i] {
        auto c = client();
        while (!go) std::this_thread::yield();
        for (int k = 0; k < kPerClient; ++k) {
          const auto s = base + static_cast<std::int64_t>((i + k) % 12) * 5 * kMinuteMs;
          auto res =
              c.post_json("/api/v1/parking/bookings", booking(target, s, s + kHourMs), tokens[i]);
          if (res.status == 201)
            ++wins;
          else if (res.status == 409)
            ++refused;
          else
            ++other;
        }
      });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), static_cast<int>(tokens.size()) * kPerClient - 1);
    EXPECT_EQ(other.load(), 0);
    total_winners += wins;
    total_attempts += wins + refused + other;
  }
  EXPECT_EQ(total_winners, kRounds);
  std::printf("parking race (%s): %zu clients, %d attempts, %d winners over %d rounds\n",
              driver_name(GetParam()).c_str(), tokens.size(), total_attempts, total_winners,
              kRounds);
  auto rows = db_->transact(storage::TxMode::read, [&](storage::Tx& tx) {
    return tx.exec(
        "SELECT starts_at, blocked_until FROM parking_bookings WHERE slot_id = $1 AND status IN "
        "('booked','checked_in') ORDER BY starts_at",
        {target});
  });
  ASSERT_EQ(rows->size(), static_cast<std::size_t>(kRounds));
  for (std::size_t i = 1; i < rows->size(); ++i)
    EXPECT_LE(rows->rows[i - 1].i64(1), rows->rows[i].i64(0));
}

WEILAI_BOTH_DRIVERS(Parking);

// ---- points pricing through the ledger ----
class ParkingPoints : public Parking {
 protected:
  std::int64_t person_of(const std::string& login) {
    return scalar(
        "SELECT m.id FROM household_members m JOIN accounts a ON a.id = m.account_id WHERE "
        "a.login = '" +
        login + "' ORDER BY m.id");
  }
  std::int64_t lots(std::int64_t person_id) {
    return scalar(
        "SELECT COALESCE(SUM(remaining), 0) FROM point_awards WHERE revoked_tx_id IS NULL AND "
        "person_id = " +
        std::to_string(person_id));
  }
  std::int64_t charges() {
    return scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'parking_charge'");
  }
  void expect_verified() {
    auto rep = storage::verify_ledger(*db_);
    ASSERT_TRUE(rep);
    EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems.front());
  }
  HttpResponse book(const json::object& body, const std::string& token,
                    const std::string& key = {}) {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"},
                                                       {"Authorization", "Bearer " + token}};
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return client().request("POST", "/api/v1/parking/bookings", json::serialize(body), h);
  }
  // A slot priced in points, open all week all day; a household's (by its id) or the service
  // centre's.
  std::int64_t points_slot(const std::string& code, std::int64_t per_hour,
                           std::optional<std::int64_t> household, bool approval,
                           const std::string& admin) {
    auto c = client();
    json::object body{{"code", code},
                      {"price_kind", "points"},
                      {"price_per_hour", per_hour},
                      {"requires_approval", approval}};
    if (household) {
      body["owner_kind"] = "household";
      body["household_id"] = *household;
    } else {
      body["owner_kind"] = "organisation";
      body["community_id"] = unit_id("331102-LS");
      body["owner_name"] = "社区卫生站";
    }
    auto created = c.post_json("/api/v1/parking/slots", json::serialize(body), admin);
    EXPECT_EQ(created.status, 201) << created.body;
    const auto id = parse(created.body).at("id").as_int64();
    EXPECT_EQ(parse(created.body).at("price_kind").as_string(), "points");
    EXPECT_EQ(
        c.post_json(
             "/api/v1/parking/slots/" + std::to_string(id) + "/windows",
             R"({"rrule":"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU","start":"00:00","end":"24:00"})",
             admin)
            .status,
        201);
    return id;
  }
};

TEST_P(ParkingPoints, ChargeRefundRejectRetryAndRefusal) {
  clock_->set_ms(local("2026-12-07", 7));
  const auto resident = login("resident"), admin = login("community");
  auto c = client();
  const auto me = person_of("resident");
  const auto start_points = point_balance(me);
  ASSERT_GE(start_points, 12) << "the demo resident's points";
  ASSERT_EQ(lots(me), start_points);
  // Another 灵山 household owns a slot priced 3 points an hour that needs its approval.
  const auto owner_hh =
      scalar("SELECT owner_household_id FROM parking_slots WHERE code = 'LS-P02'");
  const auto owner =
      scalar("SELECT id FROM household_members WHERE household_id = " + std::to_string(owner_hh) +
             " ORDER BY id");
  const auto owner_start = point_balance(owner);
  const auto hh_slot = points_slot("LS-Q01", 3, owner_hh, true, admin);
  const auto org_slot = points_slot("LS-Q02", 2, std::nullopt, false, admin);
  const auto dear_slot = points_slot("LS-Q03", 50, std::nullopt, false, admin);
  // A points slot names its price.
  EXPECT_EQ(c.post_json("/api/v1/parking/slots",
                        json::serialize(json::object{{"owner_kind", "organisation"},
                                                     {"code", "LS-Q09"},
                                                     {"community_id", unit_id("331102-LS")},
                                                     {"owner_name", "x"},
                                                     {"price_kind", "points"}}),
                        admin)
                .status,
            422);

  // Booking debits exactly the price (2 h × 3) and credits the owner, in one transaction.
  auto a = book({{"slot_id", hh_slot},
                 {"starts_at", local("2026-12-08", 9)},
                 {"ends_at", local("2026-12-08", 11)}},
                resident);
  ASSERT_EQ(a.status, 201) << a.body;
  auto ab = parse(a.body).as_object();
  EXPECT_EQ(ab.at("price_kind").as_string(), "points");
  EXPECT_EQ(ab.at("price_amount").as_int64(), 6);
  EXPECT_EQ(ab.at("payer_person_id").as_int64(), me);
  EXPECT_EQ(ab.at("approval").as_string(), "pending");
  const auto charge_tx = ab.at("charge_tx_id").as_int64();
  EXPECT_EQ(point_balance(me), start_points - 6);
  EXPECT_EQ(lots(me), start_points - 6);
  EXPECT_EQ(point_balance(owner), owner_start + 6);
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM ledger_entries WHERE tx_id = " + std::to_string(charge_tx)), 2);
  // The owner refuses: the charge is reversed (the ledger's reversal, pointing to it).
  const auto a_id = std::to_string(ab.at("id").as_int64());
  auto rejected =
      c.post_json("/api/v1/parking/bookings/" + a_id + "/actions", R"({"action":"reject"})", admin);
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  const auto refund_tx = parse(rejected.body).at("refund_tx_id").as_int64();
  EXPECT_EQ(
      scalar("SELECT reverses_id FROM ledger_transactions WHERE id = " + std::to_string(refund_tx)),
      charge_tx);
  EXPECT_EQ(point_balance(me), start_points);
  EXPECT_EQ(lots(me), start_points);
  EXPECT_EQ(point_balance(owner), owner_start);

  // A retry with the same Idempotency-Key books and charges once; a visitor's booking is charged
  // to the inviting household.
  const json::object visitor{{"slot_id", org_slot},
                             {"starts_at", local("2026-12-08", 9)},
                             {"ends_at", local("2026-12-08", 11)},
                             {"visitor_name", "王先生"}};
  const auto bookings_before = scalar("SELECT COUNT(*) FROM parking_bookings");
  auto v1 = book(visitor, resident, "park-points-1");
  ASSERT_EQ(v1.status, 201) << v1.body;
  auto v2 = book(visitor, resident, "park-points-1");
  EXPECT_EQ(v2.status, 201);
  EXPECT_EQ(v2.header("idempotent-replayed"), "true");
  EXPECT_EQ(v2.body, v1.body);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM parking_bookings"), bookings_before + 1);
  EXPECT_EQ(point_balance(me), start_points - 4);
  EXPECT_EQ(parse(v1.body).at("payer_person_id").as_int64(), me);
  EXPECT_EQ(charges(), 2);

  // Too dear (2 h × 50): 409 insufficient_points, and neither a booking nor a posting.
  const auto txs_before = scalar("SELECT COUNT(*) FROM ledger_transactions");
  auto dear = book({{"slot_id", dear_slot},
                    {"starts_at", local("2026-12-09", 9)},
                    {"ends_at", local("2026-12-09", 11)}},
                   resident);
  EXPECT_EQ(dear.status, 409) << dear.body;
  EXPECT_EQ(parse(dear.body).at("code").as_string(), "insufficient_points");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM parking_bookings"), bookings_before + 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_transactions"), txs_before);
  EXPECT_EQ(point_balance(me), start_points - 4);

  // A refused booking (overlap) writes no posting either.
  auto overlap = book({{"slot_id", org_slot},
                       {"starts_at", local("2026-12-08", 10)},
                       {"ends_at", local("2026-12-08", 12)}},
                      resident);
  EXPECT_EQ(overlap.status, 409);
  EXPECT_EQ(parse(overlap.body).at("code").as_string(), "slot_taken");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_transactions"), txs_before);

  // Cancelling before the start refunds; the lots drawn are given back.
  const auto v_id = std::to_string(parse(v1.body).at("id").as_int64());
  auto cancelled = c.post_json("/api/v1/parking/bookings/" + v_id + "/actions",
                               R"({"action":"cancel"})", resident);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_FALSE(parse(cancelled.body).at("refund_tx_id").is_null());
  EXPECT_EQ(point_balance(me), start_points);
  EXPECT_EQ(lots(me), start_points);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_transactions WHERE reverses_id IS NOT NULL"), 2);

  // A no-show keeps the charge: booked, never checked in, released after the grace.
  auto n = book({{"slot_id", org_slot},
                 {"starts_at", local("2026-12-07", 8)},
                 {"ends_at", local("2026-12-07", 9)}},
                resident);
  ASSERT_EQ(n.status, 201) << n.body;
  clock_->set_ms(local("2026-12-07", 8, 20));
  auto round = http::run_housekeeping(*app_);
  ASSERT_TRUE(round);
  EXPECT_EQ(point_balance(me), start_points - 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ledger_transactions WHERE reverses_id IS NOT NULL"), 2);
  expect_verified();
}

TEST_P(ParkingPoints, ManyClientsOfOneHouseholdCannotDoubleSpend) {
  clock_->set_ms(local("2026-12-07", 7));
  const auto resident = login("resident"), admin = login("community");
  const auto me = person_of("resident");
  const auto balance = point_balance(me);
  ASSERT_GE(balance, 8);
  // One booking (1 h) costs just over half the balance: exactly one of 16 racing clients wins.
  const auto per_hour = balance / 2 + 1;
  const auto target = points_slot("LS-Q04", per_hour, std::nullopt, false, admin);
  constexpr int kClients = 16;
  std::atomic<bool> go{false};
  std::atomic<int> wins{0}, short_of_points{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      // Different times on one day (no overlaps, buffer kept): only the points limit binds.
      const auto s = local("2026-12-08", 0) + i * 80 * kMinuteMs;
      auto res = book({{"slot_id", target}, {"starts_at", s}, {"ends_at", s + kHourMs}}, resident,
                      i % 2 ? "race-" + std::to_string(i) : std::string());
      if (res.status == 201)
        ++wins;
      else if (res.status == 409 && parse(res.body).at("code").as_string() == "insufficient_points")
        ++short_of_points;
      else {
        ++other;
        ADD_FAILURE() << res.status << " " << res.body;
      }
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(short_of_points.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(point_balance(me), balance - per_hour);
  EXPECT_GE(point_balance(me), 0);
  EXPECT_EQ(lots(me), point_balance(me));
  EXPECT_EQ(charges(), 1);
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM parking_bookings WHERE slot_id = " + std::to_string(target)), 1);
  expect_verified();
}

WEILAI_BOTH_DRIVERS(ParkingPoints);

}  // namespace
}  // namespace weilai::testing
