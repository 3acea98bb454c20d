// Rows of shared parking (issue #8): slots, weekly windows, blackouts, bookings. The rules live in
// community/parking.hpp; these functions only read and write.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "community/parking.hpp"
#include "community/points.hpp"
#include "storage/database.hpp"

namespace weilai::storage {

struct ParkingSlot {
  std::int64_t id = 0;
  std::int64_t community_id = 0;
  std::string code;
  std::string owner_kind;  // household | organisation
  std::optional<std::int64_t> owner_household_id;
  std::optional<std::int64_t> dwelling_id;
  std::string owner_name;
  std::string location;
  std::optional<double> lon, lat;
  community::SlotPolicy policy;
  std::string price_kind = "free";  // free | money (fen per hour) | points (points per hour)
  std::int64_t price_per_hour = 0;
  bool requires_approval = false;  // the owner approves each booking
  std::int64_t created_at = 0;
  std::int64_t version = 1;
};

struct ParkingWindow {
  std::int64_t id = 0;
  std::int64_t slot_id = 0;
  std::string rrule;
  std::string start;  // HH:MM
  std::string end;
  std::vector<std::string> exdates;
  community::WeeklyWindow window;
};

struct ParkingBlackout {
  std::int64_t id = 0;
  std::int64_t slot_id = 0;
  community::Interval span;
  std::string reason;
};

struct ParkingBooking {
  std::int64_t id = 0;
  std::int64_t slot_id = 0;
  std::string slot_code;
  std::string slot_location;
  std::int64_t household_id = 0;
  std::int64_t account_id = 0;
  community::Interval span;
  std::int64_t blocked_until = 0;
  std::string status;
  std::string plate;
  std::string visitor_name;  // a visitor the resident invited ('' for the household itself)
  std::string price_kind = "free";
  std::int64_t price_amount = 0;  // fen or points for the whole booking
  std::string approval = "none";  // none | pending | approved | rejected
  std::optional<std::int64_t> checked_in_at, checked_out_at;
  std::int64_t overstay_minutes = 0;
  std::int64_t created_at = 0;
  std::int64_t version = 1;
  // Points bookings (migration 0014): who paid, the charge, the owner's lot, the refund.
  std::optional<std::int64_t> payer_person_id, charge_tx_id, owner_award_id, refund_tx_id;
};

Result<std::int64_t> insert_parking_slot(Tx& tx, const ParkingSlot& s, std::int64_t now);
Result<ParkingSlot> get_parking_slot(Tx& tx, std::int64_t id);  // not_found
// The slot, locked against concurrent bookings until the transaction ends (PostgreSQL: FOR
// UPDATE; SQLite write transactions are already serial).
Result<ParkingSlot> lock_parking_slot(Tx& tx, std::int64_t id);
Status lock_household(Tx& tx, std::int64_t household_id);
Result<std::vector<ParkingSlot>> list_parking_slots(Tx& tx, std::int64_t community_id);

Result<std::vector<ParkingWindow>> list_parking_windows(Tx& tx, std::int64_t slot_id);
Result<std::int64_t> insert_parking_window(Tx& tx, std::int64_t slot_id, const ParkingWindow& w,
                                           std::int64_t now);
Result<std::vector<ParkingBlackout>> list_parking_blackouts(Tx& tx, std::int64_t slot_id);
Result<std::int64_t> insert_parking_blackout(Tx& tx, std::int64_t slot_id,
                                             const community::Interval& span,
                                             const std::string& reason, std::int64_t now);

// Active bookings (booked or checked in) of a slot whose blocked range reaches past `from`.
Result<std::vector<ParkingBooking>> active_parking_bookings(Tx& tx, std::int64_t slot_id,
                                                            std::int64_t from);
// Marks booked-but-not-checked-in bookings whose grace has passed as released; returns them.
// `slot_id` or `community_id` narrows it (one of them must be set).
Result<std::vector<ParkingBooking>> release_parking_no_shows(
    Tx& tx, std::optional<std::int64_t> slot_id, std::optional<std::int64_t> community_id,
    std::int64_t now, int grace_minutes);
Result<int> count_active_parking_bookings(Tx& tx, std::int64_t household_id, std::int64_t now,
                                          int grace_minutes);
// Minutes booked by the household's active bookings (as counted above).
Result<std::int64_t> active_parking_minutes(Tx& tx, std::int64_t household_id, std::int64_t now,
                                            int grace_minutes);
// Records the running overstay of checked-in bookings past their end (whole minutes); returns
// the bookings whose figure changed.
Result<std::vector<ParkingBooking>> record_parking_overstays(Tx& tx, std::int64_t now);
Result<std::int64_t> insert_parking_booking(Tx& tx, const ParkingBooking& b, std::int64_t now);
Result<ParkingBooking> get_parking_booking(Tx& tx, std::int64_t id);  // not_found
Result<std::vector<ParkingBooking>> parking_bookings_of_households(
    Tx& tx, const std::vector<std::int64_t>& household_ids, int limit);
// Booked, still-pending bookings of slots owned by these households (earliest start first).
Result<std::vector<ParkingBooking>> pending_parking_requests(
    Tx& tx, const std::vector<std::int64_t>& owner_household_ids);
// Optimistic: conflict when the version moved.
Status update_parking_booking(Tx& tx, const ParkingBooking& b, std::int64_t expected_version,
                              std::int64_t now);

// Points bookings: records the charge (once: conflict when already charged) and the payer's award
// lots it drew from; the draws; the refund (once, only for a charged booking); and giving points
// back to a lot (never above the award's points).
Status set_parking_charge(Tx& tx, std::int64_t booking_id, std::int64_t payer_person_id,
                          std::int64_t charge_tx_id, std::optional<std::int64_t> owner_award_id,
                          const std::vector<community::Draw>& draws);
Result<std::vector<community::Draw>> parking_point_draws(Tx& tx, std::int64_t booking_id);
Status set_parking_refund(Tx& tx, std::int64_t booking_id, std::int64_t refund_tx_id);
Status restore_point_lot(Tx& tx, std::int64_t award_id, std::int64_t points);

struct ParkingStats {
  std::int64_t slots = 0;
  std::int64_t shared_slots = 0;  // with at least one availability window
  std::int64_t bookings = 0;      // not cancelled, overlapping the range
  double booked_hours = 0;        // booked, checked in or completed, within the range
  double used_hours = 0;          // checked in or completed, within the range
  std::int64_t no_shows = 0;
  std::int64_t overstays = 0;
};
Result<ParkingStats> parking_stats(Tx& tx, std::int64_t community_id,
                                   const community::Interval& range);

}  // namespace weilai::storage
