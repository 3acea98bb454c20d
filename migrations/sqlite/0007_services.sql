-- Community services (issue #8), shared parking (共享停车): slots owned by a household (on its
-- dwelling) or an organisation, weekly availability windows, blackouts and bookings. SQLite
-- serialises writers, so the booking transaction's overlap check cannot race; PostgreSQL locks
-- the slot row and also carries an exclusion constraint (see the postgresql migration).
CREATE TABLE parking_slots (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  code TEXT NOT NULL,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('household','organisation')),
  owner_household_id INTEGER REFERENCES households(id),
  dwelling_id INTEGER REFERENCES dwellings(id),
  owner_name TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  lon REAL,
  lat REAL,
  min_minutes INTEGER NOT NULL,
  max_minutes INTEGER NOT NULL,
  buffer_minutes INTEGER NOT NULL,
  horizon_days INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (community_id, code),
  CHECK ((owner_kind = 'household') = (owner_household_id IS NOT NULL))
) STRICT;

CREATE TABLE parking_windows (
  id INTEGER PRIMARY KEY,
  slot_id INTEGER NOT NULL REFERENCES parking_slots(id),
  rrule TEXT NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  exdates TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX parking_windows_slot ON parking_windows(slot_id);

CREATE TABLE parking_blackouts (
  id INTEGER PRIMARY KEY,
  slot_id INTEGER NOT NULL REFERENCES parking_slots(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX parking_blackouts_slot ON parking_blackouts(slot_id);

CREATE TABLE parking_bookings (
  id INTEGER PRIMARY KEY,
  slot_id INTEGER NOT NULL REFERENCES parking_slots(id),
  household_id INTEGER NOT NULL REFERENCES households(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('booked','checked_in','completed','cancelled','released')),
  plate TEXT NOT NULL DEFAULT '',
  checked_in_at INTEGER,
  checked_out_at INTEGER,
  overstay_minutes INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (ends_at > starts_at AND blocked_until >= ends_at)
) STRICT;
CREATE INDEX parking_bookings_slot ON parking_bookings(slot_id, starts_at);
CREATE INDEX parking_bookings_household ON parking_bookings(household_id, status);

-- "Platform + butler" work orders (平台+管家): categories with SLA targets, orders, and their
-- status history (the SLA clock is computed from it; see community/work_order.hpp).
CREATE TABLE work_order_categories (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  response_minutes INTEGER NOT NULL,
  resolution_minutes INTEGER NOT NULL
) STRICT;
INSERT INTO work_order_categories VALUES ('water_leak', '漏水', 'Water leak', 30, 240);
INSERT INTO work_order_categories VALUES ('electrical', '电路故障', 'Electrical fault', 30, 480);
INSERT INTO work_order_categories VALUES ('public_area', '公共区域', 'Public area', 60, 1440);
INSERT INTO work_order_categories VALUES ('noise', '噪音扰民', 'Noise', 120, 2880);
INSERT INTO work_order_categories VALUES ('other', '其他', 'Other', 120, 4320);

CREATE TABLE work_orders (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  household_id INTEGER REFERENCES households(id),
  reporter_account_id INTEGER NOT NULL REFERENCES accounts(id),
  category TEXT NOT NULL REFERENCES work_order_categories(code),
  description TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  assignee_account_id INTEGER REFERENCES accounts(id),
  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  return_visit_note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX work_orders_community ON work_orders(community_id, status);
CREATE INDEX work_orders_reporter ON work_orders(reporter_account_id);

CREATE TABLE work_order_events (
  id INTEGER PRIMARY KEY,
  work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
  at INTEGER NOT NULL,
  actor_account_id INTEGER REFERENCES accounts(id),
  action TEXT NOT NULL,
  to_status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX work_order_events_order ON work_order_events(work_order_id, id);
