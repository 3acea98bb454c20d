// Shared parking (共享停车, issue #8): slots, weekly availability windows, blackouts, bookings,
// check-in/out, no-show release and statistics. The rules are community/parking.hpp; two bookings
// of one slot can never overlap because the booking transaction locks the slot (PostgreSQL FOR
// UPDATE; SQLite's single writer) before checking, and PostgreSQL also has an exclusion
// constraint.
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "community/parking.hpp"
#include "community/points.hpp"
#include "geo/lat_lon.hpp"
#include "http/app.hpp"
#include "http/community_scope.hpp"
#include "http/json_io.hpp"
#include "http/ledger_common.hpp"
#include "http/problem.hpp"
#include "storage/community_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/org_store.hpp"
#include "storage/parking_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;
namespace cp = community;

namespace {

const cp::CommunityPolicy kPolicy{};  // quota 2, grace 15 min, early check-in 15 min

bool in_path(const std::vector<std::int64_t>& path, std::int64_t id) {
  return std::find(path.begin(), path.end(), id) != path.end();
}

bool admin_of(const identity::Actor& actor, const std::vector<std::int64_t>& path) {
  for (const auto& g : actor.grants)
    if ((g.role == identity::Role::community_admin || g.role == identity::Role::system_admin) &&
        in_path(path, g.org_unit_id))
      return true;
  return false;
}

// Who may read a community's slots: residents who may book there and its parking staff.
Status may_see_slots(const identity::Actor& actor, const std::vector<std::int64_t>& path) {
  identity::Resource res;
  res.org_path = path;
  if (identity::authorize(actor, Action::parking_use, res)) return {};
  if (identity::authorize(actor, Action::parking_publish, res)) return {};
  return identity::authorize(actor, Action::parking_manage, res);
}

// The slot's owner: a member of the owning household, or an admin of its community.
Status may_publish(const identity::Actor& actor, const storage::ParkingSlot& slot,
                   const std::vector<std::int64_t>& path) {
  identity::Resource res;
  res.org_path = path;
  WEILAI_CHECK(identity::authorize(actor, Action::parking_publish, res));
  if (admin_of(actor, path)) return {};
  if (slot.owner_household_id && member_of(actor, *slot.owner_household_id)) return {};
  return Error::denied("only the slot's owner or the community admin may change its availability");
}

json::object window_json(const storage::ParkingWindow& w) {
  json::array ex;
  for (const auto& d : w.exdates) ex.push_back(json::string(d));
  return json::object{{"id", w.id},
                      {"rrule", w.rrule},
                      {"start", w.start},
                      {"end", w.end},
                      {"exdates", std::move(ex)}};
}

json::object slot_json(const storage::ParkingSlot& s) {
  json::object o{{"id", s.id},
                 {"community_id", s.community_id},
                 {"code", s.code},
                 {"owner_kind", s.owner_kind},
                 {"owner_name", s.owner_name},
                 {"location", s.location},
                 {"min_minutes", s.policy.min_minutes},
                 {"max_minutes", s.policy.max_minutes},
                 {"buffer_minutes", s.policy.buffer_minutes},
                 {"horizon_days", s.policy.horizon_days},
                 {"price_kind", s.price_kind},
                 {"price_per_hour", s.price_per_hour},
                 {"requires_approval", s.requires_approval},
                 {"version", s.version}};
  o["owner_household_id"] = s.owner_household_id ? json::value(*s.owner_household_id) : nullptr;
  o["lon"] = s.lon ? json::value(*s.lon) : nullptr;
  o["lat"] = s.lat ? json::value(*s.lat) : nullptr;
  return o;
}

std::string effective_status(const storage::ParkingBooking& b, std::int64_t now) {
  auto st = cp::parse_booking_status(b.status);
  if (st && cp::is_no_show(*st, b.span, now, kPolicy)) return "released";
  return b.status;
}

json::object booking_json(const storage::ParkingBooking& b, std::int64_t now) {
  json::object o{{"id", b.id},
                 {"slot_id", b.slot_id},
                 {"slot_code", b.slot_code},
                 {"slot_location", b.slot_location},
                 {"household_id", b.household_id},
                 {"starts_at", b.span.start},
                 {"ends_at", b.span.end},
                 {"starts_at_iso", format_iso8601(b.span.start)},
                 {"ends_at_iso", format_iso8601(b.span.end)},
                 {"status", effective_status(b, now)},
                 {"plate", b.plate},
                 {"visitor_name", b.visitor_name},
                 {"price_kind", b.price_kind},
                 {"price_amount", b.price_amount},
                 {"approval", b.approval},
                 {"overstay_minutes", b.overstay_minutes},
                 {"version", b.version}};
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : nullptr; };
  o["payer_person_id"] = opt(b.payer_person_id);
  o["charge_tx_id"] = opt(b.charge_tx_id);
  o["refund_tx_id"] = opt(b.refund_tx_id);
  o["checked_in_at"] = b.checked_in_at ? json::value(*b.checked_in_at) : nullptr;
  o["checked_out_at"] = b.checked_out_at ? json::value(*b.checked_out_at) : nullptr;
  return o;
}

struct SlotView {
  storage::ParkingSlot slot;
  std::vector<storage::ParkingWindow> windows;
  std::vector<storage::ParkingBlackout> blackouts;
  std::vector<storage::ParkingBooking> active;
};

Result<SlotView> load_view(storage::Tx& tx, storage::ParkingSlot slot, std::int64_t now) {
  SlotView v;
  WEILAI_TRY(v.windows, storage::list_parking_windows(tx, slot.id));
  WEILAI_TRY(v.blackouts, storage::list_parking_blackouts(tx, slot.id));
  WEILAI_TRY(v.active, storage::active_parking_bookings(tx, slot.id, now));
  v.slot = std::move(slot);
  return v;
}

std::vector<cp::WeeklyWindow> windows_of(const SlotView& v) {
  std::vector<cp::WeeklyWindow> out;
  for (const auto& w : v.windows) out.push_back(w.window);
  return out;
}
std::vector<cp::Interval> blackouts_of(const SlotView& v) {
  std::vector<cp::Interval> out;
  for (const auto& b : v.blackouts) out.push_back(b.span);
  return out;
}

// Whether [range) is bookable on the slot now: inside a window and clear of active bookings
// (with the buffer); no-shows past their grace do not count.
bool is_free(const SlotView& v, const cp::Interval& range, std::int64_t now) {
  if (!cp::within_windows(windows_of(v), blackouts_of(v), range)) return false;
  for (const auto& b : v.active) {
    auto st = cp::parse_booking_status(b.status);
    if (st && cp::is_no_show(*st, b.span, now, kPolicy)) continue;
    if (cp::overlaps(b.span, range, v.slot.policy.buffer_minutes * kMinuteMs)) return false;
  }
  return true;
}

json::object view_json(const SlotView& v, std::int64_t now, bool detail) {
  json::object o = slot_json(v.slot);
  json::array ws, bs;
  for (const auto& w : v.windows) ws.push_back(window_json(w));
  o["windows"] = std::move(ws);
  o["shared"] = !v.windows.empty();
  if (detail) {
    for (const auto& b : v.blackouts)
      bs.push_back(json::object{{"id", b.id},
                                {"starts_at", b.span.start},
                                {"ends_at", b.span.end},
                                {"reason", b.reason}});
    o["blackouts"] = std::move(bs);
    // Busy times without who booked them.
    json::array busy;
    for (const auto& b : v.active) {
      if (effective_status(b, now) == "released") continue;
      busy.push_back(json::object{{"starts_at", b.span.start}, {"ends_at", b.span.end}});
    }
    o["busy"] = std::move(busy);
    json::array occ;
    for (const auto& i : cp::occurrences(windows_of(v), blackouts_of(v),
                                         {now, now + v.slot.policy.horizon_days * kDayMs}))
      occ.push_back(json::object{{"starts_at", i.start}, {"ends_at", i.end}});
    o["open"] = std::move(occ);
  }
  return o;
}

// ---- points pricing through the ledger ----
// A points booking is one balanced `parking_charge` transaction (payer's POINT account → the
// owner's), posted in the booking's own database transaction right after the booking row, with
// an idempotency key derived from the booking id (a second charge of one booking is impossible).
// The payer's points are drawn from their award lots like a redemption (oldest expiry first,
// never expired ones); the owner's income becomes a lot under the community's inactive
// `parking_income` rule so it can be spent like awarded points. A refund is the ledger's
// reversal of the charge (`storage::reverse`), gives the payer's lots back and revokes the
// owner's lot.
constexpr const char* kInsufficient = "insufficient points: ";
constexpr const char* kRefundUnavailable = "refund unavailable: ";
constexpr const char* kIncomeRule = "parking_income";

// The community's rule under which owners' parking income becomes point lots (made on first use,
// inactive: never listed as an earning rule nor awardable by staff).
Result<std::int64_t> income_rule(storage::Tx& tx, std::int64_t community_id, UnixMillis now) {
  WEILAI_TRY(auto rows, tx.exec("SELECT id FROM point_rules WHERE community_id = $1 AND code = $2 "
                                "ORDER BY version DESC LIMIT 1",
                                {community_id, std::string(kIncomeRule)}));
  if (!rows.empty()) return rows.front().i64(0);
  storage::PointRule r;
  r.community_id = community_id;
  r.code = kIncomeRule;
  r.act = "共享车位收入 (shared parking income)";
  r.points = 1;
  r.programme = "parking";
  r.budget = 0;
  WEILAI_TRY(auto added, storage::add_rule_version(tx, r, now));
  WEILAI_CHECK(tx.exec("UPDATE point_rules SET active = 0 WHERE id = $1", {added.id}));
  return added.id;
}

// Who pays: the named member of the booking household, else the signed-in person's own member
// row in it.
Result<std::int64_t> payer_of(storage::Tx& tx, const identity::Actor& actor,
                              std::int64_t household_id, std::optional<std::int64_t> named) {
  if (named) {
    auto p = storage::get_person(tx, *named);
    if (!p || p->household_id != household_id)
      return Error::invalid("payer_person_id is a member of the booking household",
                            "/payer_person_id");
    return p->id;
  }
  WEILAI_TRY(auto rows, tx.exec("SELECT id FROM household_members WHERE household_id = $1 AND "
                                "account_id = $2 ORDER BY id LIMIT 1",
                                {household_id, actor.account_id.value_or(0)}));
  if (rows.empty())
    return Error::invalid("name payer_person_id: the household member whose points pay",
                          "/payer_person_id");
  return rows.front().i64(0);
}

Status charge_points(storage::Tx& tx, storage::ParkingBooking& b, const storage::ParkingSlot& slot,
                     std::int64_t payer, const identity::Actor& actor, UnixMillis now,
                     Changes& ch) {
  const auto community_id = slot.community_id;
  WEILAI_TRY(auto pacc,
             storage::person_account(tx, payer, community_id, community::Unit::point, now));
  // The payee: the owner household's first member, else (an organisation's slot, or a household
  // without members) the community's `parking` POINT account.
  std::optional<std::int64_t> owner_person;
  if (slot.owner_household_id) {
    WEILAI_TRY(auto rows, tx.exec("SELECT id FROM household_members WHERE household_id = $1 "
                                  "ORDER BY id LIMIT 1",
                                  {*slot.owner_household_id}));
    if (!rows.empty()) owner_person = rows.front().i64(0);
  }
  std::int64_t payee = 0;
  if (owner_person) {
    WEILAI_TRY(auto acc, storage::person_account(tx, *owner_person, community_id,
                                                 community::Unit::point, now));
    payee = acc.id;
  } else {
    WEILAI_TRY(payee,
               storage::system_account(tx, community_id, "parking", community::Unit::point, now));
  }
  // Both rows locked before the lots are read: read-then-post stays atomic.
  WEILAI_CHECK(storage::lock_accounts(tx, {pacc.id, payee}));
  WEILAI_TRY(auto lot_rows, storage::open_lots(tx, payer));
  std::vector<community::Lot> lots;
  for (const auto& l : lot_rows.rows) lots.push_back({l.i64(0), l.i64(1), l.opt_i64(2)});
  auto draws = community::draw_lots(lots, b.price_amount, now);
  if (!draws)
    return Error{ErrorCode::failed_precondition,
                 kInsufficient + draws.error().message + " (the booking costs " +
                     std::to_string(b.price_amount) + " points)",
                 "/slot_id"};
  for (const auto& d : *draws) WEILAI_CHECK(storage::take_from_lot(tx, d.award_id, d.take));
  const std::string key = "parking_booking:" + std::to_string(b.id) + ":charge";
  WEILAI_TRY(bool claimed, storage::claim_idempotent(tx, key, key, now));
  if (!claimed) return Error::conflict("booking " + std::to_string(b.id) + " is already charged");
  community::Posting p;
  p.kind = "parking_charge";
  p.community_id = community_id;
  p.memo = "共享停车 " + slot.code + " " + format_iso8601(b.span.start);
  p.ref_type = "parking_booking";
  p.ref_id = b.id;
  p.actor_id = actor.account_id;
  p.entries = {{pacc.id, community::Unit::point, -b.price_amount, std::nullopt},
               {payee, community::Unit::point, b.price_amount, std::nullopt}};
  auto txid = storage::post(tx, p, now);
  if (!txid && txid.error().code == ErrorCode::failed_precondition)
    return Error{ErrorCode::failed_precondition,
                 std::string(kInsufficient) + "the balance is below " +
                     std::to_string(b.price_amount) + " points",
                 "/slot_id"};
  if (!txid) return txid.error();
  std::optional<std::int64_t> owner_award;
  if (owner_person) {
    WEILAI_TRY(auto rule, income_rule(tx, community_id, now));
    WEILAI_TRY(auto policy, storage::load_policy(tx, community_id));
    storage::PointAward a;
    a.community_id = community_id;
    a.rule_id = rule;
    a.person_id = *owner_person;
    a.points = b.price_amount;
    a.tx_id = *txid;
    if (policy.point_expiry_days) a.expires_at = now + *policy.point_expiry_days * kDayMs;
    WEILAI_TRY(owner_award,
               storage::insert_award(tx, a, "共享停车预订 " + std::to_string(b.id), now));
  }
  WEILAI_CHECK(storage::set_parking_charge(tx, b.id, payer, *txid, owner_award, *draws));
  WEILAI_CHECK(
      storage::store_idempotent(tx, key, 201, json::serialize(json::object{{"tx_id", *txid}})));
  b.payer_person_id = payer;
  b.charge_tx_id = *txid;
  b.owner_award_id = owner_award;
  ch.record("parking.booking.charge", "parking_booking", std::to_string(b.id),
            json::object{{"tx_id", *txid},
                         {"points", b.price_amount},
                         {"payer_person_id", payer},
                         {"payee_account_id", payee}});
  return {};
}

// Gives a charged booking's points back: the reversal of its charge, the payer's lots restored,
// the owner's lot revoked. Nothing for a booking that was never charged or is already refunded.
Status refund_points(storage::Tx& tx, storage::ParkingBooking& b, const std::string& reason,
                     const identity::Actor& actor, UnixMillis now, Changes& ch) {
  if (!b.charge_tx_id || b.refund_tx_id) return {};
  const std::string key = "parking_booking:" + std::to_string(b.id) + ":refund";
  WEILAI_TRY(bool claimed, storage::claim_idempotent(tx, key, key, now));
  if (!claimed) return Error::conflict("booking " + std::to_string(b.id) + " is already refunded");
  auto rtx = storage::reverse(tx, *b.charge_tx_id, reason, actor.account_id, now);
  if (!rtx && rtx.error().code == ErrorCode::failed_precondition)
    return Error{ErrorCode::failed_precondition,
                 std::string(kRefundUnavailable) +
                     "the slot's owner has already spent the points of this booking",
                 "/action"};
  if (!rtx && rtx.error().code == ErrorCode::conflict)
    return Error{ErrorCode::failed_precondition,
                 std::string(kRefundUnavailable) + "the charge was already reversed in the ledger",
                 "/action"};
  if (!rtx) return rtx.error();
  if (b.owner_award_id) {
    auto revoked = storage::mark_revoked(tx, *b.owner_award_id, *rtx, reason);
    if (!revoked)
      return Error{ErrorCode::failed_precondition,
                   std::string(kRefundUnavailable) +
                       "the slot's owner has already spent the points of this booking",
                   "/action"};
  }
  WEILAI_TRY(auto draws, storage::parking_point_draws(tx, b.id));
  for (const auto& d : draws) WEILAI_CHECK(storage::restore_point_lot(tx, d.award_id, d.take));
  WEILAI_CHECK(storage::set_parking_refund(tx, b.id, *rtx));
  WEILAI_CHECK(
      storage::store_idempotent(tx, key, 200, json::serialize(json::object{{"tx_id", *rtx}})));
  b.refund_tx_id = *rtx;
  ch.record("parking.booking.refund", "parking_booking", std::to_string(b.id),
            json::object{{"tx_id", *rtx},
                         {"reverses_tx_id", *b.charge_tx_id},
                         {"points", b.price_amount},
                         {"reason", reason}});
  return {};
}

// Maps the booking errors to stable problem codes the web app shows.
Result<Response> booking_problem(const Error& e) {
  if (e.code == ErrorCode::already_exists) throw Problem(409, "slot_taken", e.message);
  if (e.code == ErrorCode::failed_precondition && e.message.rfind(kInsufficient, 0) == 0)
    throw Problem(409, "insufficient_points", e.message, e.field);
  if (e.code == ErrorCode::failed_precondition && e.message.rfind(kRefundUnavailable, 0) == 0)
    throw Problem(409, "refund_unavailable", e.message, e.field);
  if (e.code == ErrorCode::failed_precondition &&
      e.message.find("active bookings") != std::string::npos)
    throw Problem(409, "quota_exceeded", e.message);
  return e;
}

std::vector<std::string> string_array(const json::object& body, std::string_view key,
                                      std::size_t max_items) {
  std::vector<std::string> out;
  if (!body.contains(key)) return out;
  const auto& v = body.at(key);
  if (!v.is_array() || v.as_array().size() > max_items)
    throw Problem(
        422, "validation_failed",
        std::string(key) + " is an array of at most " + std::to_string(max_items) + " strings",
        "/" + std::string(key));
  for (const auto& item : v.as_array()) {
    if (!item.is_string())
      throw Problem(422, "validation_failed", std::string(key) + " holds strings",
                    "/" + std::string(key));
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace

void add_parking_routes(App& app) {
  auto& r = app.router();

  r.add("GET", "/api/v1/parking/slots",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          auto community_id = query_int(req, "community_id", 1, kMaxMs);
          if (!community_id) community_id = default_community(actor);
          if (!community_id) return Error::invalid("community_id is required", "?community_id");
          const auto from = query_int(req, "from", 0, kMaxMs);
          const auto to = query_int(req, "to", 0, kMaxMs);
          if (from.has_value() != to.has_value())
            return Error::invalid("give both from and to, or neither", "?to");
          if (from && *to <= *from) return Error::invalid("to must be after from", "?to");
          // Near a place: lon/lat (WGS84 degrees, as micro-degrees would be overkill: decimal text)
          // and an optional radius (metres, default 1000).
          std::optional<geo::LatLon> near;
          const auto lon_text = query_string(req, "lon", 20),
                     lat_text = query_string(req, "lat", 20);
          if (lon_text.has_value() != lat_text.has_value())
            return Error::invalid("give both lon and lat, or neither", "?lat");
          if (lon_text) {
            try {
              near = geo::LatLon{std::stod(*lat_text), std::stod(*lon_text)};
            } catch (const std::exception&) {
              return Error::invalid("lon and lat are decimal degrees", "?lon");
            }
            if (!(near->lat >= -90 && near->lat <= 90 && near->lon >= -180 && near->lon <= 180))
              return Error::invalid("lon and lat are decimal degrees", "?lon");
          }
          const auto radius = query_int(req, "radius_m", 1, 100000).value_or(1000);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto items, app.read<json::array>([&](storage::Tx& tx) -> Result<json::array> {
            WEILAI_TRY(auto path, community_path(tx, *community_id));
            WEILAI_CHECK(may_see_slots(actor, path));
            WEILAI_TRY(auto slots, storage::list_parking_slots(tx, *community_id));
            json::array out;
            for (auto& s : slots) {
              WEILAI_TRY(auto v, load_view(tx, std::move(s), now));
              auto o = view_json(v, now, false);
              if (near) {
                if (!v.slot.lon || !v.slot.lat) continue;  // no place: not near anything
                const double d = geo::haversine_m(*near, geo::LatLon{*v.slot.lat, *v.slot.lon});
                if (d > static_cast<double>(radius)) continue;
                o["distance_m"] = std::round(d);
              }
              o["mine"] = v.slot.owner_household_id && member_of(actor, *v.slot.owner_household_id);
              if (from) {
                const bool free = is_free(v, {*from, *to}, now);
                if (!free && query_string(req, "free_only", 5) == "true") continue;
                o["free"] = free;
              }
              out.push_back(std::move(o));
            }
            if (near)
              std::stable_sort(out.begin(), out.end(),
                               [](const json::value& a, const json::value& b) {
                                 return a.at("distance_m").to_number<double>() <
                                        b.at("distance_m").to_number<double>();
                               });
            return out;
          }));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Parking slots of a community; with from/to (Unix ms) each says whether it is free then; "
         "with lon/lat only slots within radius_m (default 1000) metres, nearest first, with "
         "distance_m",
         "parking",
         true,
         {"community_id", "from", "to", "free_only", "lon", "lat", "radius_m"}});

  r.add("POST", "/api/v1/parking/slots",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::parking_publish));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(
              f.only({"code", "location", "owner_kind", "household_id", "community_id",
                      "owner_name", "min_minutes", "max_minutes", "buffer_minutes", "horizon_days",
                      "price_kind", "price_per_hour", "requires_approval", "lon", "lat"}));
          storage::ParkingSlot s;
          WEILAI_TRY(s.owner_kind, f.string("owner_kind", 20));
          if (s.owner_kind != "household" && s.owner_kind != "organisation")
            return Error::invalid("owner_kind is household or organisation", "/owner_kind");
          WEILAI_TRY(s.code, f.string("code", 40));
          WEILAI_TRY(auto location, f.optional_string("location", 200));
          s.location = location.value_or("");
          WEILAI_TRY(auto hh, f.optional_integer("household_id", 1, kMaxMs));
          WEILAI_TRY(auto cid, f.optional_integer("community_id", 1, kMaxMs));
          WEILAI_TRY(auto owner_name, f.optional_string("owner_name", 100));
          WEILAI_TRY(auto mn, f.optional_integer("min_minutes", 0, 100000));
          WEILAI_TRY(auto mx, f.optional_integer("max_minutes", 0, 100000));
          WEILAI_TRY(auto bf, f.optional_integer("buffer_minutes", -1000, 100000));
          WEILAI_TRY(auto hz, f.optional_integer("horizon_days", 0, 100000));
          if (mn) s.policy.min_minutes = static_cast<int>(*mn);
          if (mx) s.policy.max_minutes = static_cast<int>(*mx);
          if (bf) s.policy.buffer_minutes = static_cast<int>(*bf);
          if (hz) s.policy.horizon_days = static_cast<int>(*hz);
          WEILAI_TRY(auto pk, f.optional_string("price_kind", 10));
          WEILAI_TRY(auto pph, f.optional_integer("price_per_hour", 0, 100000));
          WEILAI_TRY(auto approval, f.optional_boolean("requires_approval"));
          s.price_kind = pk.value_or("free");
          if (!cp::valid_price_kind(s.price_kind))
            return Error::invalid(
                "price_kind is free, money (fen per hour) or points (points per hour)",
                "/price_kind");
          s.price_per_hour = s.price_kind == "free" ? 0 : pph.value_or(0);
          if (s.price_kind != "free" && s.price_per_hour <= 0)
            return Error::invalid(
                "a priced slot names price_per_hour (fen, or points for price_kind points)",
                "/price_per_hour");
          s.requires_approval = approval.value_or(false);
          for (const char* key : {"lon", "lat"})
            if (body.contains(key)) {
              if (!body.at(key).is_number())
                return Error::invalid(std::string(key) + " is decimal degrees",
                                      std::string("/") + key);
              const double v = body.at(key).to_number<double>();
              if (std::string_view(key) == "lon")
                s.lon = v;
              else
                s.lat = v;
            }
          if (s.lon.has_value() != s.lat.has_value())
            return Error::invalid("give both lon and lat, or neither", "/lat");
          WEILAI_CHECK(cp::check_slot_policy(s.policy));
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto created,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           if (s.owner_kind == "household") {
                             if (!hh)
                               return Error::invalid("a household slot names its household_id",
                                                     "/household_id");
                             WEILAI_TRY(auto h, storage::get_household(tx, *hh));
                             WEILAI_TRY(auto path, community_path(tx, h.community_id));
                             if (!member_of(actor, h.id) && !admin_of(actor, path))
                               return Error::denied("you may only share your own household's slot");
                             identity::Resource res;
                             res.org_path = path;
                             WEILAI_CHECK(identity::authorize(actor, Action::parking_publish, res));
                             s.owner_household_id = h.id;
                             s.community_id = h.community_id;
                             s.owner_name = h.name;
                             WEILAI_TRY(auto d, tx.exec("SELECT dwelling_id FROM households "
                                                        "WHERE id = $1",
                                                        {h.id}));
                             s.dwelling_id = d.front().i64(0);
                             if (s.location.empty()) s.location = h.building + h.unit + h.room;
                           } else {
                             if (!cid)
                               return Error::invalid("an organisation's slot names community_id",
                                                     "/community_id");
                             if (!owner_name)
                               return Error::invalid("an organisation's slot names owner_name",
                                                     "/owner_name");
                             WEILAI_TRY(auto path, community_path(tx, *cid));
                             if (!admin_of(actor, path))
                               return Error::denied(
                                   "only the community admin registers organisations' slots");
                             s.community_id = *cid;
                             s.owner_name = *owner_name;
                           }
                           WEILAI_TRY(s.id, storage::insert_parking_slot(tx, s, now));
                           auto o = slot_json(s);
                           ch.record("parking.slot.create", "parking_slot", std::to_string(s.id),
                                     o);
                           return o;
                         }));
          auto res = json_response(created, 201);
          res.set_header("Location", "/api/v1/parking/slots/" + std::to_string(s.id));
          return res;
        },
        {"Register a parking slot (a household's, by its member; an organisation's, by the "
         "community admin)",
         "parking",
         true,
         {},
         "{owner_kind: household|organisation, code, location?, household_id? | community_id + "
         "owner_name, min_minutes?, max_minutes?, buffer_minutes?, horizon_days?, price_kind?: "
         "free|money|points, price_per_hour? (fen, or points), requires_approval?, lon?, lat?}",
         {201, 409, 422}});

  r.add("GET", "/api/v1/parking/slots/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o, app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
            WEILAI_TRY(auto slot, storage::get_parking_slot(tx, id));
            WEILAI_TRY(auto path, storage::org_path(tx, slot.community_id));
            WEILAI_CHECK(may_see_slots(actor, path));
            WEILAI_TRY(auto v, load_view(tx, std::move(slot), now));
            auto out = view_json(v, now, true);
            out["mine"] = v.slot.owner_household_id && member_of(actor, *v.slot.owner_household_id);
            out["can_publish"] = static_cast<bool>(may_publish(actor, v.slot, path));
            return out;
          }));
          return json_response(o);
        },
        {"One slot with its windows, blackouts, busy times and open times in its horizon",
         "parking",
         true,
         {},
         "",
         {404}});

  r.add("POST", "/api/v1/parking/slots/{id}/windows",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::parking_publish));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(
              auto o,
              app.write<json::object>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                    WEILAI_TRY(auto slot, storage::lock_parking_slot(tx, id));
                    WEILAI_TRY(auto path, storage::org_path(tx, slot.community_id));
                    WEILAI_CHECK(may_publish(actor, slot, path));
                    JsonFields f(body);
                    WEILAI_CHECK(f.only({"rrule", "start", "end", "exdates"}));
                    storage::ParkingWindow w;
                    WEILAI_TRY(w.rrule, f.string("rrule", 200));
                    WEILAI_TRY(w.start, f.string("start", 5));
                    WEILAI_TRY(w.end, f.string("end", 5));
                    w.exdates = string_array(body, "exdates", 100);
                    WEILAI_TRY(w.window, cp::make_window(w.rrule, w.start, w.end, w.exdates));
                    WEILAI_TRY(auto existing, storage::list_parking_windows(tx, id));
                    for (const auto& e : existing)
                      if (cp::windows_overlap(e.window, w.window))
                        return Error::invalid("overlaps the slot's window " + std::to_string(e.id) +
                                                  " (" + e.rrule + " " + e.start + "-" + e.end +
                                                  ")",
                                              "/rrule");
                    WEILAI_TRY(w.id, storage::insert_parking_window(tx, id, w, now));
                    w.rrule = cp::format_weekly_rrule(w.window.days);
                    auto out = window_json(w);
                    out["slot_id"] = id;
                    ch.record("parking.window.create", "parking_slot", std::to_string(id), out);
                    return out;
                  }));
          return json_response(o, 201);
        },
        {"Publish a weekly availability window (RRULE FREQ=WEEKLY;BYDAY=… with local start/end "
         "and EXDATE dates); other RRULE parts are refused with 422",
         "parking",
         true,
         {},
         "{rrule, start: HH:MM, end: HH:MM, exdates?: [YYYY-MM-DD]}",
         {201, 404, 422}});

  r.add("POST", "/api/v1/parking/slots/{id}/blackouts",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::parking_publish));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_TRY(auto slot, storage::lock_parking_slot(tx, id));
                           WEILAI_TRY(auto path, storage::org_path(tx, slot.community_id));
                           WEILAI_CHECK(may_publish(actor, slot, path));
                           JsonFields f(body);
                           WEILAI_CHECK(f.only({"starts_at", "ends_at", "reason"}));
                           WEILAI_TRY(auto s, f.integer("starts_at", 0, kMaxMs));
                           WEILAI_TRY(auto e, f.integer("ends_at", 0, kMaxMs));
                           WEILAI_TRY(auto reason, f.optional_string("reason", 200));
                           if (e <= s)
                             return Error::invalid("ends_at must be after starts_at", "/ends_at");
                           WEILAI_TRY(auto bid, storage::insert_parking_blackout(
                                                    tx, id, {s, e}, reason.value_or(""), now));
                           json::object out{{"id", bid},
                                            {"slot_id", id},
                                            {"starts_at", s},
                                            {"ends_at", e},
                                            {"reason", reason.value_or("")}};
                           ch.record("parking.blackout.create", "parking_slot", std::to_string(id),
                                     out);
                           return out;
                         }));
          return json_response(o, 201);
        },
        {"Block a slot for a time (existing bookings stand)",
         "parking",
         true,
         {},
         "{starts_at, ends_at (Unix ms), reason?}",
         {201, 404, 422}});

  r.add("POST", "/api/v1/parking/bookings",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::parking_use));
          const auto body = parse_json_object(req);
          const auto now = app.clock().now_ms();
          const std::function<Result<json::object>(storage::Tx&, Changes&)> book =
              [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
            JsonFields f(body);
            WEILAI_CHECK(f.only({"slot_id", "starts_at", "ends_at", "household_id", "plate",
                                 "visitor_name", "payer_person_id"}));
            WEILAI_TRY(auto slot_id, f.integer("slot_id", 1, kMaxMs));
            WEILAI_TRY(auto s, f.integer("starts_at", 0, kMaxMs));
            WEILAI_TRY(auto e, f.integer("ends_at", 0, kMaxMs));
            WEILAI_TRY(auto hh, f.optional_integer("household_id", 1, kMaxMs));
            WEILAI_TRY(auto plate, f.optional_string("plate", 16));
            WEILAI_TRY(auto visitor, f.optional_string("visitor_name", 50));
            WEILAI_TRY(auto payer_named, f.optional_integer("payer_person_id", 1, kMaxMs));
            if (actor.household_ids.empty())
              return Error::invalid("you belong to no household", "/household_id");
            const std::int64_t household = hh.value_or(actor.household_ids.front());
            if (!member_of(actor, household))
              return Error::denied("you may book only for your own household");
            // The slot row lock serialises every booking of this slot (PostgreSQL).
            auto locked = storage::lock_parking_slot(tx, slot_id);
            if (!locked && locked.error().code == ErrorCode::not_found)
              return Error::invalid(locked.error().message, "/slot_id");
            if (!locked) return std::move(locked).error();
            auto slot = std::move(locked).value();
            WEILAI_TRY(auto path, storage::org_path(tx, slot.community_id));
            identity::Resource res;
            res.org_path = path;
            WEILAI_CHECK(identity::authorize(actor, Action::parking_use, res));
            WEILAI_TRY(auto h, storage::get_household(tx, household));
            if (h.community_id != slot.community_id)
              return Error::invalid("the slot is in another community", "/slot_id");
            WEILAI_CHECK(storage::lock_household(tx, household));  // the quota's lock
            const cp::Interval span{s, e};
            WEILAI_CHECK(cp::check_booking_times(slot.policy, now, span));
            WEILAI_TRY(auto released, storage::release_parking_no_shows(
                                          tx, slot_id, std::nullopt, now, kPolicy.grace_minutes));
            for (const auto& b : released)
              ch.record("parking.booking.release", "parking_booking", std::to_string(b.id),
                        json::object{{"status", "released"}, {"reason", "no_show"}});
            WEILAI_TRY(auto v, load_view(tx, slot, now));
            if (!cp::within_windows(windows_of(v), blackouts_of(v), span))
              return Error::invalid(
                  "the time is outside the slot's published availability (or blacked out)",
                  "/starts_at");
            for (const auto& b : v.active)
              if (cp::overlaps(b.span, span, slot.policy.buffer_minutes * kMinuteMs))
                return Error{ErrorCode::already_exists,
                             "the slot is already booked from " + format_iso8601(b.span.start) +
                                 " to " + format_iso8601(b.span.end) + " (with " +
                                 std::to_string(slot.policy.buffer_minutes) + " minutes' buffer)",
                             "/starts_at"};
            WEILAI_TRY(auto active, storage::count_active_parking_bookings(tx, household, now,
                                                                           kPolicy.grace_minutes));
            WEILAI_CHECK(cp::check_quota(kPolicy, active));
            WEILAI_TRY(auto minutes,
                       storage::active_parking_minutes(tx, household, now, kPolicy.grace_minutes));
            WEILAI_CHECK(cp::check_hour_quota(kPolicy, minutes, (e - s) / kMinuteMs));
            storage::ParkingBooking b;
            b.slot_id = slot_id;
            b.slot_code = slot.code;
            b.slot_location = slot.location;
            b.household_id = household;
            b.account_id = *actor.account_id;
            b.span = span;
            b.blocked_until = e + slot.policy.buffer_minutes * kMinuteMs;
            b.status = "booked";
            b.plate = plate.value_or("");
            b.visitor_name = visitor.value_or("");
            b.price_kind = slot.price_kind;
            b.price_amount = cp::booking_price(slot.price_per_hour, span);
            const bool own_slot = slot.owner_household_id && *slot.owner_household_id == household;
            b.approval = slot.requires_approval && !own_slot ? "pending" : "none";
            // Points: the household pays the owner through the ledger (its own slot is free).
            const bool charged = slot.price_kind == "points" && !own_slot;
            if (slot.price_kind == "points" && own_slot) b.price_amount = 0;
            std::int64_t payer = 0;
            if (charged) {
              WEILAI_TRY(payer, payer_of(tx, actor, household, payer_named));
            }
            WEILAI_TRY(b.id, storage::insert_parking_booking(tx, b, now));
            auto created = booking_json(b, now);
            ch.record("parking.booking.create", "parking_booking", std::to_string(b.id), created);
            if (charged) {
              WEILAI_CHECK(charge_points(tx, b, slot, payer, actor, now, ch));
            }
            return booking_json(b, now);
          };
          // With an Idempotency-Key header a retry gets the first answer and books (and charges)
          // nothing more; without one each request books anew.
          if (req.header("idempotency-key")) {
            auto res = idempotent_post(app, req, actor, book, 201);
            if (!res) return booking_problem(res.error());
            return res;
          }
          auto done = app.write<json::object>(req, actor, book);
          if (!done) return booking_problem(done.error());
          auto res = json_response(*done, 201);
          res.set_header("Location",
                         "/api/v1/parking/bookings/" + std::to_string(done->at("id").as_int64()));
          return res;
        },
        {"Book a shared slot for your household (409 slot_taken when it overlaps another booking "
         "with the buffer; 409 quota_exceeded past the household's active bookings; a slot priced "
         "in points debits the payer's points in the same transaction, 409 insufficient_points; "
         "optional Idempotency-Key header: a retry books and charges once)",
         "parking",
         true,
         {},
         "{slot_id, starts_at, ends_at (Unix ms, whole minutes), household_id?, plate?, "
         "visitor_name? (a visitor you invite), payer_person_id? (points slots: the household "
         "member who pays; default yourself)}",
         {201, 403, 409, 422}});

  r.add(
      "GET", "/api/v1/parking/bookings/mine",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.signed_in(req));
        const auto now = app.clock().now_ms();
        WEILAI_TRY(auto rows, app.read<std::vector<storage::ParkingBooking>>([&](storage::Tx& tx) {
          return storage::parking_bookings_of_households(tx, actor.household_ids, 100);
        }));
        json::array items;
        for (const auto& b : rows) items.push_back(booking_json(b, now));
        return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
      },
      {"The bookings of the households the signed-in person belongs to (newest first)", "parking"});

  r.add("POST", "/api/v1/parking/bookings/{id}/actions",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"action", "version"}));
          WEILAI_TRY(auto action_name, f.string("action", 20));
          WEILAI_TRY(auto version, f.optional_integer("version", 1, kMaxMs));
          const auto action = cp::parse_booking_action(action_name);
          const auto now = app.clock().now_ms();
          auto o = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto b, storage::get_parking_booking(tx, id));
                WEILAI_TRY(auto slot, storage::get_parking_slot(tx, b.slot_id));
                WEILAI_TRY(auto path, storage::org_path(tx, slot.community_id));
                identity::Resource res;
                res.org_path = path;
                if (action_name == "approve" || action_name == "reject") {
                  // The slot's owner (a member of its household) or the community admin.
                  WEILAI_CHECK(may_publish(actor, slot, path));
                  if (version && *version != b.version)
                    return Error::conflict("booking " + std::to_string(id) + " is at version " +
                                           std::to_string(b.version));
                  if (b.approval != "pending" || b.status != "booked")
                    return Error{ErrorCode::failed_precondition,
                                 "the booking is not waiting for approval", "/action"};
                  const auto from = b.version;
                  b.approval = action_name == "approve" ? "approved" : "rejected";
                  if (action_name == "reject") b.status = "cancelled";
                  WEILAI_CHECK(storage::update_parking_booking(tx, b, from, now));
                  ++b.version;
                  if (action_name == "reject")
                    WEILAI_CHECK(refund_points(tx, b, "共享停车预订被车位主人拒绝 (rejected)",
                                               actor, now, ch));
                  auto out = booking_json(b, now);
                  ch.record("parking.booking." + action_name, "parking_booking", std::to_string(id),
                            out);
                  return out;
                }
                const bool own = member_of(actor, b.household_id) &&
                                 identity::authorize(actor, Action::parking_use, res);
                if (!own) WEILAI_CHECK(identity::authorize(actor, Action::parking_manage, res));
                if (!action)
                  return Error::invalid("action is cancel, check_in, check_out, approve or reject",
                                        "/action");
                if (version && *version != b.version)
                  return Error::conflict("booking " + std::to_string(id) + " is at version " +
                                         std::to_string(b.version));
                const auto current = cp::parse_booking_status(b.status);
                if (!current) return Error::internal("bad stored status");
                if (*action == cp::BookingAction::check_in && b.approval == "pending")
                  return Error{ErrorCode::failed_precondition,
                               "the slot's owner has not approved the booking yet", "/action"};
                WEILAI_TRY(auto next, cp::next_status(*current, *action, b.span, now, kPolicy));
                const auto from = b.version;
                b.status = cp::to_string(next);
                if (*action == cp::BookingAction::check_in) b.checked_in_at = now;
                if (*action == cp::BookingAction::check_out) {
                  b.checked_out_at = now;
                  b.overstay_minutes = cp::overstay_minutes(b.span, now);
                }
                WEILAI_CHECK(storage::update_parking_booking(tx, b, from, now));
                ++b.version;
                if (cp::refunds_points(*current, next))
                  WEILAI_CHECK(
                      refund_points(tx, b, "共享停车预订已取消 (cancelled)", actor, now, ch));
                auto out = booking_json(b, now);
                ch.record("parking.booking." + action_name, "parking_booking", std::to_string(id),
                          out);
                return out;
              });
          if (!o) return booking_problem(o.error());
          return json_response(*o);
        },
        {"Cancel, check in or check out a booking (the household's member, or parking staff for "
         "a gate event), or approve / reject it (the slot's owner or the community admin, when "
         "the slot requires approval); version optional, 409 when it moved",
         "parking",
         true,
         {},
         "{action: cancel|check_in|check_out|approve|reject, version?} (cancelling or rejecting a "
         "points booking refunds it by a reversal; 409 refund_unavailable when the owner spent "
         "the points)",
         {404, 409, 422}});

  r.add("GET", "/api/v1/parking/requests",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto rows,
                     app.read<std::vector<storage::ParkingBooking>>([&](storage::Tx& tx) {
                       return storage::pending_parking_requests(tx, actor.household_ids);
                     }));
          json::array items;
          for (const auto& b : rows) items.push_back(booking_json(b, now));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Bookings waiting for the signed-in owner's approval on their households' slots",
         "parking"});

  r.add("POST", "/api/v1/parking/sweep",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::parking_manage));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"community_id"}));
          WEILAI_TRY(auto cid, f.integer("community_id", 1, kMaxMs));
          const auto now = app.clock().now_ms();
          WEILAI_TRY(auto o,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           WEILAI_TRY(auto path, community_path(tx, cid));
                           identity::Resource res;
                           res.org_path = path;
                           WEILAI_CHECK(identity::authorize(actor, Action::parking_manage, res));
                           WEILAI_TRY(auto released,
                                      storage::release_parking_no_shows(tx, std::nullopt, cid, now,
                                                                        kPolicy.grace_minutes));
                           json::array ids;
                           for (const auto& b : released) {
                             ids.push_back(b.id);
                             ch.record("parking.booking.release", "parking_booking",
                                       std::to_string(b.id),
                                       json::object{{"status", "released"}, {"reason", "no_show"}});
                           }
                           json::object out{{"community_id", cid}, {"released", std::move(ids)}};
                           ch.record("parking.sweep", "org_unit", std::to_string(cid), out);
                           return out;
                         }));
          return json_response(o);
        },
        {"Release the community's no-show bookings now (also done lazily on booking)",
         "parking",
         true,
         {},
         "{community_id}",
         {404, 422}});

  r.add("GET", "/api/v1/parking/stats",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::parking_manage));
          auto community_id = query_int(req, "community_id", 1, kMaxMs);
          if (!community_id) community_id = default_community(actor);
          if (!community_id) return Error::invalid("community_id is required", "?community_id");
          const auto now = app.clock().now_ms();
          const auto from = query_int(req, "from", 0, kMaxMs).value_or(now - 30 * kDayMs);
          const auto to = query_int(req, "to", 0, kMaxMs).value_or(now + 14 * kDayMs);
          if (to <= from) return Error::invalid("to must be after from", "?to");
          WEILAI_TRY(auto s,
                     app.read<storage::ParkingStats>(
                         [&](storage::Tx& tx) -> Result<storage::ParkingStats> {
                           WEILAI_TRY(auto path, community_path(tx, *community_id));
                           identity::Resource res;
                           res.org_path = path;
                           WEILAI_CHECK(identity::authorize(actor, Action::parking_manage, res));
                           return storage::parking_stats(tx, *community_id, {from, to});
                         }));
          return json_response(json::object{
              {"community_id", *community_id},
              {"from", from},
              {"to", to},
              {"slots", s.slots},
              {"shared_slots", s.shared_slots},
              {"shared_share", s.slots ? static_cast<double>(s.shared_slots) / s.slots : 0.0},
              {"bookings", s.bookings},
              {"booked_hours", s.booked_hours},
              {"used_hours", s.used_hours},
              {"no_shows", s.no_shows},
              {"overstays", s.overstays}});
        },
        {"Shared-parking utilisation of a community: share of slots shared, hours booked and used",
         "parking",
         true,
         {"community_id", "from", "to"}});
}

}  // namespace weilai::http
