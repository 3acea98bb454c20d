-- Programme operations (issue 5, "Monitoring and money"): milestones, monitoring reports, county
-- targets, funding lines, municipal rewards, incentives after naming, talent awards, approval
-- green channel, holidays, leadership meetings and action items. Money is integer fen (分), shares
-- basis points (1/10000), dates 'YYYY-MM-DD' text, times Unix ms. Depends only on 0001.
CREATE TABLE project_milestones (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  name TEXT NOT NULL,
  due_on TEXT NOT NULL,
  done_on TEXT,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX project_milestones_project ON project_milestones(project_id);

-- Per project: reporting cadence and the share of construction surplus for the operation fund.
CREATE TABLE project_ops_settings (
  project_id INTEGER PRIMARY KEY REFERENCES projects(id),
  cadence TEXT NOT NULL DEFAULT 'month' CHECK (cadence IN ('month','quarter')),
  surplus_share_bp INTEGER NOT NULL DEFAULT 0 CHECK (surplus_share_bp BETWEEN 0 AND 10000),
  version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE monitoring_reports (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  period TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','submitted','reviewed','returned')),
  investment_fen INTEGER NOT NULL DEFAULT 0,
  satisfaction_pct INTEGER,
  progress_json TEXT NOT NULL DEFAULT '[]',
  indicators_json TEXT NOT NULL DEFAULT '[]',
  problems TEXT NOT NULL DEFAULT '',
  review_comment TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER,
  reviewed_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (project_id, period)
) STRICT;

CREATE TABLE county_targets (
  id INTEGER PRIMARY KEY,
  county_id INTEGER NOT NULL REFERENCES org_units(id),
  year INTEGER NOT NULL,
  provincial_target INTEGER NOT NULL,
  municipal_target INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (county_id, year)
) STRICT;

CREATE TABLE funding_lines (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  direction TEXT NOT NULL CHECK (direction IN ('source','use')),
  kind TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  gross_fen INTEGER,
  state_share_bp INTEGER,
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX funding_lines_project ON funding_lines(project_id);

CREATE TABLE county_rewards (
  id INTEGER PRIMARY KEY,
  county_id INTEGER NOT NULL REFERENCES org_units(id),
  year INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE incentives (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  policy TEXT NOT NULL,
  owed_fen INTEGER NOT NULL CHECK (owed_fen > 0),
  paid_fen INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX incentives_project ON incentives(project_id);

CREATE TABLE talent_awards (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  person_name TEXT NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('A','B','C','D')),
  introduced_on TEXT NOT NULL,
  housing_fen INTEGER NOT NULL DEFAULT 0,
  purchase_discount_fen INTEGER NOT NULL DEFAULT 0,
  rent_relief_fen INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX talent_awards_project ON talent_awards(project_id);

CREATE TABLE approval_items (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  submitted_on TEXT NOT NULL,
  approved_on TEXT,
  visits INTEGER NOT NULL CHECK (visits BETWEEN 1 AND 99),
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX approval_items_project ON approval_items(project_id);

CREATE TABLE holidays (
  day TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE leadership_meetings (
  id INTEGER PRIMARY KEY,
  held_on TEXT NOT NULL,
  title TEXT NOT NULL,
  minutes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE action_items (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES leadership_meetings(id),
  decision TEXT NOT NULL,
  department TEXT NOT NULL,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','done')),
  done_on TEXT,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX action_items_meeting ON action_items(meeting_id);
