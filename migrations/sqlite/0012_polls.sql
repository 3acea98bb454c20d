-- Collective choice of services (集体选择配套服务, issue #8): community polls. A poll starts as a
-- proposal (by a resident, gathering support, or by the community admin), opens for voting, closes
-- and is published with the decision taken. See docs/SERVICES.md "Anonymous ballots".
CREATE TABLE polls (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES org_units(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('single','multiple','approval','ranked','budget')),
  min_choices INTEGER NOT NULL DEFAULT 1,
  max_choices INTEGER NOT NULL DEFAULT 1,
  budget INTEGER NOT NULL DEFAULT 0,
  scope TEXT NOT NULL CHECK (scope IN ('community','grid','building')),
  scope_id INTEGER,
  voters TEXT NOT NULL CHECK (voters IN ('all','owners','tenants')),
  ballot_unit TEXT NOT NULL CHECK (ballot_unit IN ('household','person')),
  quorum_pct INTEGER NOT NULL DEFAULT 0 CHECK (quorum_pct BETWEEN 0 AND 100),
  hide_results INTEGER NOT NULL DEFAULT 1,
  phase TEXT NOT NULL CHECK (phase IN ('proposal','voting','closed','published')),
  support_threshold INTEGER NOT NULL DEFAULT 0,
  proposed_by INTEGER REFERENCES accounts(id),
  proposer_household_id INTEGER REFERENCES households(id),
  voting_opened_at INTEGER,
  closes_at INTEGER,
  closed_at INTEGER,
  published_at INTEGER,
  eligible_households INTEGER,
  decision TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK ((scope = 'community') = (scope_id IS NULL))
) STRICT;
CREATE INDEX polls_community ON polls(community_id, phase);

CREATE TABLE poll_options (
  poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  cost INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (poll_id, position)
) STRICT;

-- One supporting household per proposal (public: supporting is not voting).
CREATE TABLE poll_supports (
  poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  household_id INTEGER NOT NULL REFERENCES households(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (poll_id, household_id)
) STRICT;

-- Who took part (turnout, one ballot per household or person, proxies), never what they chose.
-- voter_key is 'h<household id>' or 'm<member id>'. No time column; WITHOUT ROWID so rows are
-- kept in key order, not in the order people voted.
CREATE TABLE poll_participation (
  poll_id INTEGER NOT NULL REFERENCES polls(id),
  voter_key TEXT NOT NULL,
  household_id INTEGER NOT NULL REFERENCES households(id),
  member_id INTEGER REFERENCES household_members(id),
  cast_by INTEGER NOT NULL REFERENCES accounts(id),
  by_proxy INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (poll_id, voter_key)
) WITHOUT ROWID, STRICT;

-- What was chosen, never by whom: a random id (no sequence, no time), the option indices.
-- WITHOUT ROWID so the table is stored in random-id order, not insertion order.
CREATE TABLE poll_ballots (
  id TEXT NOT NULL PRIMARY KEY,
  poll_id INTEGER NOT NULL REFERENCES polls(id),
  choices TEXT NOT NULL
) WITHOUT ROWID, STRICT;
CREATE INDEX poll_ballots_poll ON poll_ballots(poll_id);
