-- Shared parking priced in points through the ledger (issue #8). A slot may be priced `points`
-- (price_per_hour in points); a booking of such a slot records who paid (payer_person_id), the
-- ledger transaction that charged it (charge_tx_id), the owner's lot the charge became
-- (owner_award_id, household-owned slots), the reversal that refunded it (refund_tx_id) and the
-- payer's award lots it drew from (parking_point_draws, restored by a refund).
ALTER TABLE parking_slots DROP CONSTRAINT parking_slots_price_kind_check;
ALTER TABLE parking_slots ADD CONSTRAINT parking_slots_price_kind_check
  CHECK (price_kind IN ('free','money','points'));

ALTER TABLE parking_bookings ADD COLUMN payer_person_id BIGINT REFERENCES household_members(id);
ALTER TABLE parking_bookings ADD COLUMN charge_tx_id BIGINT REFERENCES ledger_transactions(id);
ALTER TABLE parking_bookings ADD COLUMN owner_award_id BIGINT REFERENCES point_awards(id);
ALTER TABLE parking_bookings ADD COLUMN refund_tx_id BIGINT REFERENCES ledger_transactions(id);

CREATE TABLE parking_point_draws (
  booking_id BIGINT NOT NULL REFERENCES parking_bookings(id),
  award_id BIGINT NOT NULL REFERENCES point_awards(id),
  points BIGINT NOT NULL CHECK (points > 0),
  PRIMARY KEY (booking_id, award_id)
);
