-- Community ledgers (issue #7): one double-entry ledger with three units (HOUR in minutes, POINT,
-- CNY in fen), the time bank (时间银行), points (积分) and the community foundation (社区基金会).
-- Persons are household_members rows (an elderly person may have no account of their own).

-- Per-community policy; a missing row means the defaults below.
CREATE TABLE ledger_settings (
  community_id INTEGER PRIMARY KEY REFERENCES org_units(id),
  daily_cap_minutes INTEGER NOT NULL DEFAULT 120,
  storage_cap_minutes INTEGER NOT NULL DEFAULT 90000,
  starter_grant_minutes INTEGER NOT NULL DEFAULT 0,
  spend_min_age INTEGER NOT NULL DEFAULT 60,
  transfer_annual_cap_minutes INTEGER NOT NULL DEFAULT 6000,
  hour_expiry_days INTEGER,
  point_expiry_days INTEGER,
  service_points INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE ledger_accounts (
  id INTEGER PRIMARY KEY,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('person','household','organisation','system')),
  owner_id INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  unit TEXT NOT NULL CHECK (unit IN ('HOUR','POINT','CNY')),
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  lower_limit INTEGER,
  balance INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (owner_kind, owner_id, purpose, unit),
  CHECK (lower_limit IS NULL OR balance >= lower_limit)
) STRICT;
CREATE INDEX ledger_accounts_community ON ledger_accounts(community_id, unit);

CREATE TABLE ledger_transactions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  memo TEXT NOT NULL DEFAULT '',
  reverses_id INTEGER UNIQUE REFERENCES ledger_transactions(id),
  ref_type TEXT NOT NULL DEFAULT '',
  ref_id INTEGER,
  actor_id INTEGER,
  proxy INTEGER NOT NULL DEFAULT 0,
  posted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ledger_transactions_community ON ledger_transactions(community_id, posted_at);

CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  tx_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
  account_id INTEGER NOT NULL REFERENCES ledger_accounts(id),
  unit TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount <> 0),
  expires_at INTEGER
) STRICT;
CREATE INDEX ledger_entries_account ON ledger_entries(account_id, id);
CREATE INDEX ledger_entries_tx ON ledger_entries(tx_id);

-- Posted rows are immutable: corrections are reversing transactions.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions
BEGIN SELECT RAISE(ABORT, 'ledger transactions are immutable'); END;
CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions
BEGIN SELECT RAISE(ABORT, 'ledger transactions are immutable'); END;

-- Idempotency keys of posting requests: (account, key) → the request's hash and the answer.
CREATE TABLE ledger_idempotency (
  scope_key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Registered lineal relatives (same-household members need no row). Stored both ways round.
CREATE TABLE family_relations (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES household_members(id),
  relative_id INTEGER NOT NULL REFERENCES household_members(id),
  relation TEXT NOT NULL CHECK (relation IN ('parent','child','grandparent','grandchild','spouse')),
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (person_id, relative_id)
) STRICT;

CREATE TABLE timebank_services (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  kind TEXT NOT NULL CHECK (kind IN ('request','offer')),
  category TEXT NOT NULL,
  title TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  window_start INTEGER NOT NULL,
  window_end INTEGER NOT NULL,
  for_person_id INTEGER REFERENCES household_members(id),
  volunteer_person_id INTEGER REFERENCES household_members(id),
  volunteer_account_id INTEGER REFERENCES accounts(id),
  pay_with_hours INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('open','taken','checked_in','checked_out','confirmed','cancelled')),
  created_by INTEGER REFERENCES accounts(id),
  proxy_by INTEGER REFERENCES accounts(id),
  check_in_at INTEGER, check_in_lat REAL, check_in_lon REAL,
  check_out_at INTEGER, check_out_lat REAL, check_out_lon REAL,
  minutes INTEGER,
  confirmed_by INTEGER REFERENCES accounts(id),
  confirmed_as TEXT,
  confirmed_at INTEGER,
  credit_tx_id INTEGER REFERENCES ledger_transactions(id),
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX timebank_services_community ON timebank_services(community_id, status);

CREATE TABLE point_rules (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  act TEXT NOT NULL,
  points INTEGER NOT NULL CHECK (points > 0),
  cap_per_person INTEGER,
  cap_period TEXT NOT NULL DEFAULT 'month' CHECK (cap_period IN ('day','month','year')),
  programme TEXT NOT NULL,
  budget INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  UNIQUE (community_id, code, version)
) STRICT;

CREATE TABLE point_awards (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL,
  rule_id INTEGER NOT NULL REFERENCES point_rules(id),
  person_id INTEGER NOT NULL REFERENCES household_members(id),
  points INTEGER NOT NULL,
  tx_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
  note TEXT NOT NULL DEFAULT '',
  awarded_at INTEGER NOT NULL,
  expires_at INTEGER,
  remaining INTEGER NOT NULL,
  revoked_tx_id INTEGER REFERENCES ledger_transactions(id),
  revoke_reason TEXT
) STRICT;
CREATE INDEX point_awards_person ON point_awards(person_id, awarded_at);

CREATE TABLE point_catalogue (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('service','goods','space')),
  points INTEGER NOT NULL CHECK (points > 0),
  stock INTEGER NOT NULL CHECK (stock >= 0),
  per_person_limit INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE point_redemptions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES point_catalogue(id),
  person_id INTEGER NOT NULL REFERENCES household_members(id),
  points INTEGER NOT NULL,
  tx_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
  redeemed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX point_redemptions_person ON point_redemptions(person_id, item_id);

CREATE TABLE ranking_opt_outs (
  person_id INTEGER PRIMARY KEY REFERENCES household_members(id),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE foundation_funds (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  approvals_required INTEGER NOT NULL DEFAULT 2 CHECK (approvals_required >= 1),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE foundation_donations (
  id INTEGER PRIMARY KEY,
  fund_id INTEGER NOT NULL REFERENCES foundation_funds(id),
  donor_name TEXT NOT NULL,
  public_name INTEGER NOT NULL DEFAULT 1,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  tx_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
  donated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE foundation_proposals (
  id INTEGER PRIMARY KEY,
  fund_id INTEGER NOT NULL REFERENCES foundation_funds(id),
  title TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  payee TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  proposer_id INTEGER NOT NULL REFERENCES accounts(id),
  status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','paid')),
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE foundation_approvals (
  proposal_id INTEGER NOT NULL REFERENCES foundation_proposals(id),
  approver_id INTEGER NOT NULL REFERENCES accounts(id),
  decision TEXT NOT NULL CHECK (decision IN ('approve','reject')),
  note TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL,
  PRIMARY KEY (proposal_id, approver_id)
) STRICT;

CREATE TABLE foundation_expenses (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL UNIQUE REFERENCES foundation_proposals(id),
  fund_id INTEGER NOT NULL REFERENCES foundation_funds(id),
  amount_fen INTEGER NOT NULL,
  receipt_no TEXT NOT NULL,
  receipt_note TEXT NOT NULL DEFAULT '',
  tx_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
  paid_at INTEGER NOT NULL
) STRICT;
