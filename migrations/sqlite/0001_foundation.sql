-- Foundation: org units, accounts, roles, sessions, throttling, dwellings and households,
-- pilot projects (the programme issue extends them) and the hash-chained audit log.
CREATE TABLE org_units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES org_units(id),
  kind TEXT NOT NULL CHECK (kind IN ('province','city','county','community','grid')),
  code TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  phone TEXT,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  password_changed_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE role_grants (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, role, org_unit_id)
) STRICT;
CREATE INDEX role_grants_account ON role_grants(account_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE buildings (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  name TEXT NOT NULL,
  lon REAL,
  lat REAL,
  floors INTEGER,
  UNIQUE (community_id, name)
) STRICT;

CREATE TABLE dwellings (
  id INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings(id),
  unit TEXT NOT NULL,
  room TEXT NOT NULL,
  floor_area_m2 REAL,
  UNIQUE (building_id, unit, room)
) STRICT;

CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  dwelling_id INTEGER NOT NULL UNIQUE REFERENCES dwellings(id),
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  grid_id INTEGER REFERENCES org_units(id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX households_community ON households(community_id);

CREATE TABLE household_members (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  account_id INTEGER REFERENCES accounts(id),
  person_name TEXT NOT NULL,
  member_role TEXT NOT NULL CHECK (member_role IN ('head','member','tenant','proxy')),
  birth_year INTEGER,
  UNIQUE (household_id, account_id)
) STRICT;
CREATE INDEX household_members_account ON household_members(account_id);

CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  county_id INTEGER NOT NULL REFERENCES org_units(id),
  community_id INTEGER REFERENCES org_units(id),
  project_type TEXT NOT NULL CHECK (project_type IN ('renewal','new_build')),
  sub_form TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL,
  land_area_mu REAL,
  floor_area_m2 REAL,
  investment_yuan INTEGER,
  households INTEGER,
  population INTEGER,
  implementing_entity TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  is_sample INTEGER NOT NULL DEFAULT 0,
  lon REAL,
  lat REAL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX projects_county ON projects(county_id);

-- The audit chain's head: one row whose update serialises appends so the chain never forks.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor_login TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  digest TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_target ON audit_log(target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
