-- Work orders, second part (issue #8): transfers between bodies (each with its own SLA clock),
-- paid repairs with a quote, preventive maintenance schedules, photos, Open311 API keys.
-- The body now holding an order: property (物业公司), committee (居委会), hotline (external, e.g. 12345).
ALTER TABLE work_orders ADD COLUMN body TEXT NOT NULL DEFAULT 'property';
-- Where it came from: resident, preventive, open311, security.
ALTER TABLE work_orders ADD COLUMN source TEXT NOT NULL DEFAULT 'resident';
ALTER TABLE work_orders ADD COLUMN quote_cents INTEGER;
ALTER TABLE work_orders ADD COLUMN quote_note TEXT NOT NULL DEFAULT '';
-- none, pending, accepted, declined
ALTER TABLE work_orders ADD COLUMN quote_status TEXT NOT NULL DEFAULT 'none';
ALTER TABLE work_orders ADD COLUMN lon REAL;
ALTER TABLE work_orders ADD COLUMN lat REAL;
ALTER TABLE work_orders ADD COLUMN schedule_id INTEGER;
ALTER TABLE work_orders ADD COLUMN open311_key_id INTEGER;
ALTER TABLE work_orders ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE work_orders ADD COLUMN return_visit_by INTEGER REFERENCES accounts(id);
ALTER TABLE work_order_events ADD COLUMN body TEXT NOT NULL DEFAULT 'property';
CREATE INDEX work_orders_created ON work_orders(community_id, created_at);

-- SLA targets of the committee and the hotline per category (the property company's are the
-- category's own response_minutes/resolution_minutes).
CREATE TABLE work_order_sla_targets (
  category TEXT NOT NULL REFERENCES work_order_categories(code),
  body TEXT NOT NULL CHECK (body IN ('committee', 'hotline')),
  response_minutes INTEGER NOT NULL,
  resolution_minutes INTEGER NOT NULL,
  PRIMARY KEY (category, body)
);
INSERT INTO work_order_sla_targets SELECT code, 'committee', response_minutes * 2, resolution_minutes * 2 FROM work_order_categories;
INSERT INTO work_order_sla_targets SELECT code, 'hotline', 120, 4320 FROM work_order_categories;

CREATE TABLE work_order_photos (
  id INTEGER PRIMARY KEY,
  work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  uploaded_by INTEGER REFERENCES accounts(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX work_order_photos_order ON work_order_photos(work_order_id, id);

CREATE TABLE work_order_schedules (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  category TEXT NOT NULL REFERENCES work_order_categories(code),
  title TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  interval_days INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 366),
  next_due_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX work_order_schedules_due ON work_order_schedules(community_id, next_due_at);

CREATE TABLE open311_keys (
  id INTEGER PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
