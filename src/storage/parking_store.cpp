#include "storage/parking_store.hpp"

namespace weilai::storage {
namespace {

constexpr const char* kSlotSelect =
    "SELECT id, community_id, code, owner_kind, owner_household_id, dwelling_id, owner_name, "
    "location, lon, lat, min_minutes, max_minutes, buffer_minutes, horizon_days, created_at, "
    "version, price_kind, price_per_hour, requires_approval FROM parking_slots ";

ParkingSlot slot_from(const Row& r) {
  ParkingSlot s;
  s.id = r.i64(0);
  s.community_id = r.i64(1);
  s.code = r.text(2);
  s.owner_kind = r.text(3);
  s.owner_household_id = r.opt_i64(4);
  s.dwelling_id = r.opt_i64(5);
  s.owner_name = r.text(6);
  s.location = r.text(7);
  if (!r.is_null(8)) s.lon = r.f64(8);
  if (!r.is_null(9)) s.lat = r.f64(9);
  s.policy.min_minutes = static_cast<int>(r.i64(10));
  s.policy.max_minutes = static_cast<int>(r.i64(11));
  s.policy.buffer_minutes = static_cast<int>(r.i64(12));
  s.policy.horizon_days = static_cast<int>(r.i64(13));
  s.created_at = r.i64(14);
  s.version = r.i64(15);
  s.price_kind = r.text(16);
  s.price_per_hour = r.i64(17);
  s.requires_approval = r.i64(18) != 0;
  return s;
}

constexpr const char* kBookingSelect =
    "SELECT b.id, b.slot_id, s.code, s.location, b.household_id, b.account_id, b.starts_at, "
    "b.ends_at, b.blocked_until, b.status, b.plate, b.checked_in_at, b.checked_out_at, "
    "b.overstay_minutes, b.created_at, b.version, b.visitor_name, b.price_kind, b.price_amount, "
    "b.approval, b.payer_person_id, b.charge_tx_id, b.owner_award_id, b.refund_tx_id "
    "FROM parking_bookings b "
    "JOIN parking_slots s ON s.id = b.slot_id ";

ParkingBooking booking_from(const Row& r) {
  ParkingBooking b;
  b.id = r.i64(0);
  b.slot_id = r.i64(1);
  b.slot_code = r.text(2);
  b.slot_location = r.text(3);
  b.household_id = r.i64(4);
  b.account_id = r.i64(5);
  b.span = {r.i64(6), r.i64(7)};
  b.blocked_until = r.i64(8);
  b.status = r.text(9);
  b.plate = r.text(10);
  b.checked_in_at = r.opt_i64(11);
  b.checked_out_at = r.opt_i64(12);
  b.overstay_minutes = r.i64(13);
  b.created_at = r.i64(14);
  b.version = r.i64(15);
  b.visitor_name = r.text(16);
  b.price_kind = r.text(17);
  b.price_amount = r.i64(18);
  b.approval = r.text(19);
  b.payer_person_id = r.opt_i64(20);
  b.charge_tx_id = r.opt_i64(21);
  b.owner_award_id = r.opt_i64(22);
  b.refund_tx_id = r.opt_i64(23);
  return b;
}
std::vector<std::string> split_dates(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    auto j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

Result<std::int64_t> insert_parking_slot(Tx& tx, const ParkingSlot& s, std::int64_t now) {
  return tx.insert_returning_id(
      "INSERT INTO parking_slots (community_id, code, owner_kind, owner_household_id, "
      "dwelling_id, owner_name, location, lon, lat, min_minutes, max_minutes, buffer_minutes, "
      "horizon_days, created_at, updated_at, version, price_kind, price_per_hour, "
      "requires_approval) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14,1,$15,$16,$17) RETURNING id",
      {s.community_id, s.code, s.owner_kind, nullable(s.owner_household_id),
       nullable(s.dwelling_id), s.owner_name, s.location, nullable(s.lon), nullable(s.lat),
       std::int64_t{s.policy.min_minutes}, std::int64_t{s.policy.max_minutes},
       std::int64_t{s.policy.buffer_minutes}, std::int64_t{s.policy.horizon_days}, now,
       s.price_kind, s.price_per_hour, std::int64_t{s.requires_approval ? 1 : 0}});
}

Result<ParkingSlot> get_parking_slot(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kSlotSelect) + "WHERE id = $1", {id}));
  if (rows.empty()) return Error::not_found("no parking slot " + std::to_string(id));
  return slot_from(rows.front());
}

Result<ParkingSlot> lock_parking_slot(Tx& tx, std::int64_t id) {
  if (tx.dialect() == Dialect::sqlite) return get_parking_slot(tx, id);
  WEILAI_TRY(Rows rows, tx.exec(std::string(kSlotSelect) + "WHERE id = $1 FOR UPDATE", {id}));
  if (rows.empty()) return Error::not_found("no parking slot " + std::to_string(id));
  return slot_from(rows.front());
}

Status lock_household(Tx& tx, std::int64_t household_id) {
  if (tx.dialect() == Dialect::sqlite) return {};
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT id FROM households WHERE id = $1 FOR UPDATE", {household_id}));
  if (rows.empty()) return Error::not_found("no household " + std::to_string(household_id));
  return {};
}

Result<std::vector<ParkingSlot>> list_parking_slots(Tx& tx, std::int64_t community_id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kSlotSelect) + "WHERE community_id = $1 ORDER BY code",
                                {community_id}));
  std::vector<ParkingSlot> out;
  for (const auto& r : rows.rows) out.push_back(slot_from(r));
  return out;
}

Result<std::vector<ParkingWindow>> list_parking_windows(Tx& tx, std::int64_t slot_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, slot_id, rrule, start_minute, end_minute, exdates "
                                "FROM parking_windows WHERE slot_id = $1 ORDER BY id",
                                {slot_id}));
  std::vector<ParkingWindow> out;
  for (const auto& r : rows.rows) {
    ParkingWindow w;
    w.id = r.i64(0);
    w.slot_id = r.i64(1);
    w.rrule = r.text(2);
    w.start = community::format_time_of_day(static_cast<int>(r.i64(3)));
    w.end = community::format_time_of_day(static_cast<int>(r.i64(4)));
    w.exdates = split_dates(r.text(5));
    auto parsed = community::make_window(w.rrule, w.start, w.end, w.exdates);
    if (!parsed) return Error::internal("stored window " + std::to_string(w.id) + " is invalid");
    w.window = std::move(parsed).value();
    out.push_back(std::move(w));
  }
  return out;
}

Result<std::int64_t> insert_parking_window(Tx& tx, std::int64_t slot_id, const ParkingWindow& w,
                                           std::int64_t now) {
  std::string exdates;
  for (const auto& d : w.window.exdates) {
    if (!exdates.empty()) exdates += ',';
    exdates += community::format_local_date(d);
  }
  return tx.insert_returning_id(
      "INSERT INTO parking_windows (slot_id, rrule, start_minute, end_minute, exdates, "
      "created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
      {slot_id, community::format_weekly_rrule(w.window.days), std::int64_t{w.window.start_minute},
       std::int64_t{w.window.end_minute}, exdates, now});
}

Result<std::vector<ParkingBlackout>> list_parking_blackouts(Tx& tx, std::int64_t slot_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, slot_id, starts_at, ends_at, reason FROM "
                                "parking_blackouts WHERE slot_id = $1 ORDER BY starts_at",
                                {slot_id}));
  std::vector<ParkingBlackout> out;
  for (const auto& r : rows.rows)
    out.push_back({r.i64(0), r.i64(1), {r.i64(2), r.i64(3)}, r.text(4)});
  return out;
}

Result<std::int64_t> insert_parking_blackout(Tx& tx, std::int64_t slot_id,
                                             const community::Interval& span,
                                             const std::string& reason, std::int64_t now) {
  return tx.insert_returning_id(
      "INSERT INTO parking_blackouts (slot_id, starts_at, ends_at, reason, created_at) VALUES "
      "($1,$2,$3,$4,$5) RETURNING id",
      {slot_id, span.start, span.end, reason, now});
}

Result<std::vector<ParkingBooking>> active_parking_bookings(Tx& tx, std::int64_t slot_id,
                                                            std::int64_t from) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kBookingSelect) +
                                    "WHERE b.slot_id = $1 AND b.status IN ('booked','checked_in') "
                                    "AND b.blocked_until > $2 ORDER BY b.starts_at",
                                {slot_id, from}));
  std::vector<ParkingBooking> out;
  for (const auto& r : rows.rows) out.push_back(booking_from(r));
  return out;
}

Result<std::vector<ParkingBooking>> release_parking_no_shows(
    Tx& tx, std::optional<std::int64_t> slot_id, std::optional<std::int64_t> community_id,
    std::int64_t now, int grace_minutes) {
  const std::int64_t cutoff = now - grace_minutes * kMinuteMs;
  Result<Rows> due =
      slot_id ? tx.exec(std::string(kBookingSelect) +
                            "WHERE b.slot_id = $1 AND b.status = 'booked' AND b.starts_at <= $2",
                        {*slot_id, cutoff})
              : tx.exec(std::string(kBookingSelect) +
                            "WHERE s.community_id = $1 AND b.status = 'booked' AND "
                            "b.starts_at <= $2 ORDER BY b.id",
                        {community_id.value_or(0), cutoff});
  if (!due) return std::move(due).error();
  std::vector<ParkingBooking> out;
  for (const auto& r : due->rows) {
    auto b = booking_from(r);
    WEILAI_TRY(Rows u, tx.exec("UPDATE parking_bookings SET status = 'released', updated_at = $2, "
                               "version = version + 1 WHERE id = $1 AND status = 'booked'",
                               {b.id, now}));
    if (u.affected == 1) {
      b.status = "released";
      ++b.version;
      out.push_back(std::move(b));
    }
  }
  return out;
}

Result<int> count_active_parking_bookings(Tx& tx, std::int64_t household_id, std::int64_t now,
                                          int grace_minutes) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT COUNT(*) FROM parking_bookings WHERE household_id = $1 AND "
                                "(status = 'checked_in' OR (status = 'booked' AND starts_at > $2))",
                                {household_id, now - grace_minutes * kMinuteMs}));
  return static_cast<int>(rows.front().i64(0));
}

Result<std::int64_t> active_parking_minutes(Tx& tx, std::int64_t household_id, std::int64_t now,
                                            int grace_minutes) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT COALESCE(SUM(ends_at - starts_at), 0) FROM "
                                "parking_bookings WHERE household_id = $1 AND "
                                "(status = 'checked_in' OR (status = 'booked' AND starts_at > $2))",
                                {household_id, now - grace_minutes * kMinuteMs}));
  return rows.front().i64(0) / kMinuteMs;
}

Result<std::vector<ParkingBooking>> record_parking_overstays(Tx& tx, std::int64_t now) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kBookingSelect) +
                                    "WHERE b.status = 'checked_in' AND b.ends_at + 60000 <= $1 "
                                    "AND b.overstay_minutes < ($1 - b.ends_at) / 60000",
                                {now}));
  std::vector<ParkingBooking> out;
  for (const auto& r : rows.rows) {
    auto b = booking_from(r);
    b.overstay_minutes = (now - b.span.end) / kMinuteMs;
    WEILAI_TRY(Rows u,
               tx.exec("UPDATE parking_bookings SET overstay_minutes = $2, updated_at = $3, "
                       "version = version + 1 WHERE id = $1 AND version = $4",
                       {b.id, b.overstay_minutes, now, b.version}));
    if (u.affected != 1) continue;  // checked out meanwhile
    ++b.version;
    out.push_back(std::move(b));
  }
  return out;
}

Result<std::int64_t> insert_parking_booking(Tx& tx, const ParkingBooking& b, std::int64_t now) {
  return tx.insert_returning_id(
      "INSERT INTO parking_bookings (slot_id, household_id, account_id, starts_at, ends_at, "
      "blocked_until, status, plate, created_at, updated_at, version, visitor_name, price_kind, "
      "price_amount, approval) VALUES "
      "($1,$2,$3,$4,$5,$6,'booked',$7,$8,$8,1,$9,$10,$11,$12) RETURNING id",
      {b.slot_id, b.household_id, b.account_id, b.span.start, b.span.end, b.blocked_until, b.plate,
       now, b.visitor_name, b.price_kind, b.price_amount, b.approval});
}

Result<ParkingBooking> get_parking_booking(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kBookingSelect) + "WHERE b.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no parking booking " + std::to_string(id));
  return booking_from(rows.front());
}

Result<std::vector<ParkingBooking>> parking_bookings_of_households(
    Tx& tx, const std::vector<std::int64_t>& household_ids, int limit) {
  std::vector<ParkingBooking> out;
  for (auto h : household_ids) {
    WEILAI_TRY(Rows rows,
               tx.exec(std::string(kBookingSelect) +
                           "WHERE b.household_id = $1 ORDER BY b.starts_at DESC LIMIT $2",
                       {h, std::int64_t{limit}}));
    for (const auto& r : rows.rows) out.push_back(booking_from(r));
  }
  return out;
}

Result<std::vector<ParkingBooking>> pending_parking_requests(
    Tx& tx, const std::vector<std::int64_t>& owner_household_ids) {
  std::vector<ParkingBooking> out;
  for (auto h : owner_household_ids) {
    WEILAI_TRY(Rows rows, tx.exec(std::string(kBookingSelect) +
                                      "WHERE s.owner_household_id = $1 AND b.status = 'booked' "
                                      "AND b.approval = 'pending' ORDER BY b.starts_at",
                                  {h}));
    for (const auto& r : rows.rows) out.push_back(booking_from(r));
  }
  return out;
}

Status update_parking_booking(Tx& tx, const ParkingBooking& b, std::int64_t expected_version,
                              std::int64_t now) {
  WEILAI_TRY(Rows rows,
             tx.exec("UPDATE parking_bookings SET status = $3, checked_in_at = $4, "
                     "checked_out_at = $5, overstay_minutes = $6, updated_at = $7, approval = $8, "
                     "version = version + 1 WHERE id = $1 AND version = $2",
                     {b.id, expected_version, b.status, nullable(b.checked_in_at),
                      nullable(b.checked_out_at), b.overstay_minutes, now, b.approval}));
  if (rows.affected != 1)
    return Error::conflict("parking booking " + std::to_string(b.id) + " changed meanwhile");
  return {};
}

Status set_parking_charge(Tx& tx, std::int64_t booking_id, std::int64_t payer_person_id,
                          std::int64_t charge_tx_id, std::optional<std::int64_t> owner_award_id,
                          const std::vector<community::Draw>& draws) {
  WEILAI_TRY(Rows rows,
             tx.exec("UPDATE parking_bookings SET payer_person_id = $2, charge_tx_id = "
                     "$3, owner_award_id = $4 WHERE id = $1 AND charge_tx_id IS NULL",
                     {booking_id, payer_person_id, charge_tx_id, nullable(owner_award_id)}));
  if (rows.affected != 1)
    return Error::conflict("parking booking " + std::to_string(booking_id) + " is already charged");
  for (const auto& d : draws)
    WEILAI_CHECK(
        tx.exec("INSERT INTO parking_point_draws (booking_id, award_id, points) VALUES "
                "($1, $2, $3)",
                {booking_id, d.award_id, d.take}));
  return {};
}

Result<std::vector<community::Draw>> parking_point_draws(Tx& tx, std::int64_t booking_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT award_id, points FROM parking_point_draws WHERE "
                                "booking_id = $1 ORDER BY award_id",
                                {booking_id}));
  std::vector<community::Draw> out;
  for (const auto& r : rows.rows) out.push_back({r.i64(0), r.i64(1)});
  return out;
}

Status set_parking_refund(Tx& tx, std::int64_t booking_id, std::int64_t refund_tx_id) {
  WEILAI_TRY(Rows rows, tx.exec("UPDATE parking_bookings SET refund_tx_id = $2 WHERE id = $1 AND "
                                "charge_tx_id IS NOT NULL AND refund_tx_id IS NULL",
                                {booking_id, refund_tx_id}));
  if (rows.affected != 1)
    return Error::conflict("parking booking " + std::to_string(booking_id) +
                           " has no charge to refund");
  return {};
}

Status restore_point_lot(Tx& tx, std::int64_t award_id, std::int64_t points) {
  WEILAI_TRY(Rows rows, tx.exec("UPDATE point_awards SET remaining = remaining + $2 WHERE id = $1 "
                                "AND remaining + $2 <= points",
                                {award_id, points}));
  if (rows.affected != 1)
    return Error::conflict("award " + std::to_string(award_id) + " cannot take back the points");
  return {};
}

Result<ParkingStats> parking_stats(Tx& tx, std::int64_t community_id,
                                   const community::Interval& range) {
  ParkingStats s;
  WEILAI_TRY(Rows slots,
             tx.exec("SELECT COUNT(*), COUNT(DISTINCT w.slot_id) FROM parking_slots s LEFT JOIN "
                     "parking_windows w ON w.slot_id = s.id WHERE s.community_id = $1",
                     {community_id}));
  // COUNT(*) counts window rows; count slots separately.
  WEILAI_TRY(Rows n,
             tx.exec("SELECT COUNT(*) FROM parking_slots WHERE community_id = $1", {community_id}));
  s.slots = n.front().i64(0);
  s.shared_slots = slots.front().i64(1);
  WEILAI_TRY(Rows rows, tx.exec("SELECT b.starts_at, b.ends_at, b.status, b.overstay_minutes "
                                "FROM parking_bookings b JOIN parking_slots s ON s.id = b.slot_id "
                                "WHERE s.community_id = $1 AND b.starts_at < $3 AND b.ends_at > $2",
                                {community_id, range.start, range.end}));
  for (const auto& r : rows.rows) {
    const community::Interval span{r.i64(0), r.i64(1)};
    const auto& status = r.text(2);
    if (status == "cancelled") continue;
    ++s.bookings;
    if (status == "released") {
      ++s.no_shows;
      continue;
    }
    const double h = community::hours_within(span, range);
    s.booked_hours += h;
    if (status != "booked") s.used_hours += h;
    if (r.i64(3) > 0) ++s.overstays;
  }
  return s;
}

}  // namespace weilai::storage
