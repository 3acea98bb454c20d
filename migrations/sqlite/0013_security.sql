-- Smart security (智慧安防, issue #8): devices registered per community, each with its own HMAC
-- secret; the events they post (deduplicated per device and event id); the community's privacy
-- settings (face-image storage off by default, retention in days). Alerts become work orders of
-- the category 'security' (created through the work-order storage functions).
CREATE TABLE security_settings (
  community_id INTEGER PRIMARY KEY REFERENCES org_units(id),
  face_images_enabled INTEGER NOT NULL DEFAULT 0 CHECK (face_images_enabled IN (0,1)),
  retention_days INTEGER NOT NULL DEFAULT 30 CHECK (retention_days BETWEEN 1 AND 3650),
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE security_devices (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('camera','access_gate','smoke_sensor')),
  name TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  -- The HMAC-SHA256 key the device signs with (the secret shown once at registration). It must be
  -- readable to verify signatures, so it is never returned by the API after registration.
  secret TEXT NOT NULL,
  registered_by INTEGER NOT NULL REFERENCES accounts(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (community_id, code)
) STRICT;

CREATE TABLE security_events (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES security_devices(id),
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  event_id TEXT NOT NULL,
  signed_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body_sha256 TEXT NOT NULL,
  type TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','alarm')),
  message TEXT NOT NULL DEFAULT '',
  image_sha256 TEXT,
  status TEXT NOT NULL CHECK (status IN ('logged','open','dispatched','false_alarm','confirmed')),
  work_order_id INTEGER REFERENCES work_orders(id),
  patrol_account_id INTEGER REFERENCES accounts(id),
  dispatched_at INTEGER,
  feedback_note TEXT NOT NULL DEFAULT '',
  feedback_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (device_id, event_id)
) STRICT;
CREATE INDEX security_events_community ON security_events(community_id, received_at);
CREATE INDEX security_events_device ON security_events(device_id, received_at);

INSERT INTO work_order_categories VALUES ('security', '安防告警', 'Security alert', 5, 60)
  ON CONFLICT (code) DO NOTHING;

-- Shared parking additions (issue #8): a price per hour (free, or money in fen), optional owner
-- approval, visitors invited by a resident, and the price and approval state of each booking.
-- A booking awaiting approval keeps status 'booked' (it holds the slot, so the no-overlap
-- guarantee and the exclusion constraint are unchanged); a refusal cancels it.
ALTER TABLE parking_slots ADD COLUMN price_kind TEXT NOT NULL DEFAULT 'free'
  CHECK (price_kind IN ('free','money'));
ALTER TABLE parking_slots ADD COLUMN price_per_hour INTEGER NOT NULL DEFAULT 0
  CHECK (price_per_hour >= 0);
ALTER TABLE parking_slots ADD COLUMN requires_approval INTEGER NOT NULL DEFAULT 0
  CHECK (requires_approval IN (0,1));
ALTER TABLE parking_bookings ADD COLUMN visitor_name TEXT NOT NULL DEFAULT '';
ALTER TABLE parking_bookings ADD COLUMN price_kind TEXT NOT NULL DEFAULT 'free';
ALTER TABLE parking_bookings ADD COLUMN price_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parking_bookings ADD COLUMN approval TEXT NOT NULL DEFAULT 'none'
  CHECK (approval IN ('none','pending','approved','rejected'));
