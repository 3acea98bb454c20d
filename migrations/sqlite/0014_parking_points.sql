-- Shared parking priced in points through the ledger (issue #8). A slot may be priced `points`
-- (price_per_hour in points); a booking of such a slot records who paid (payer_person_id), the
-- ledger transaction that charged it (charge_tx_id), the owner's lot the charge became
-- (owner_award_id, household-owned slots), the reversal that refunded it (refund_tx_id) and the
-- payer's award lots it drew from (parking_point_draws, restored by a refund).
--
-- Widening the slot's price_kind CHECK: SQLite cannot alter a CHECK, and rebuilding
-- parking_slots would break the foreign keys of its windows, blackouts and bookings inside a
-- transaction; loosening a CHECK does not change the stored data, so the table's schema text is
-- edited in place (the procedure the SQLite documentation gives for removing or changing CHECK
-- constraints, "ALTER TABLE", section 7). The CREATE TABLE below bumps the schema cookie.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (price_kind IN (''free'',''money''))',
                          'CHECK (price_kind IN (''free'',''money'',''points''))')
 WHERE type = 'table' AND name = 'parking_slots';
PRAGMA writable_schema = RESET;

ALTER TABLE parking_bookings ADD COLUMN payer_person_id INTEGER REFERENCES household_members(id);
ALTER TABLE parking_bookings ADD COLUMN charge_tx_id INTEGER REFERENCES ledger_transactions(id);
ALTER TABLE parking_bookings ADD COLUMN owner_award_id INTEGER REFERENCES point_awards(id);
ALTER TABLE parking_bookings ADD COLUMN refund_tx_id INTEGER REFERENCES ledger_transactions(id);

CREATE TABLE parking_point_draws (
  booking_id INTEGER NOT NULL REFERENCES parking_bookings(id),
  award_id INTEGER NOT NULL REFERENCES point_awards(id),
  points INTEGER NOT NULL CHECK (points > 0),
  PRIMARY KEY (booking_id, award_id)
) STRICT;
