-- Evaluation (#6): indicator rulesets (versioned JSON documents with a lifecycle), site inputs per
-- project (one JSON document: plots, buildings' floor areas by use, balconies, greening,
-- facilities), reported indicator values with evidence and DRC review, stored evaluation results,
-- and resident satisfaction surveys with one response per household (no account id is stored).
CREATE TABLE eval_rulesets (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  version_label TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','published','retired')),
  provenance TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  body TEXT NOT NULL,
  copied_from INTEGER REFERENCES eval_rulesets(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER,
  retired_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (code, version_label)
) STRICT;

CREATE TABLE eval_site_inputs (
  project_id INTEGER PRIMARY KEY REFERENCES projects(id),
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES accounts(id),
  version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE eval_reported_values (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  indicator_code TEXT NOT NULL,
  value_number REAL,
  value_flag INTEGER,
  period TEXT NOT NULL,
  evidence TEXT NOT NULL,
  attachment_ref TEXT NOT NULL DEFAULT '',
  review_status TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending','accepted','queried')),
  review_note TEXT NOT NULL DEFAULT '',
  reported_by INTEGER REFERENCES accounts(id),
  reported_at INTEGER NOT NULL,
  reviewed_by INTEGER REFERENCES accounts(id),
  reviewed_at INTEGER
) STRICT;
CREATE INDEX eval_reported_values_project ON eval_reported_values(project_id, indicator_code);

CREATE TABLE eval_evaluations (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  ruleset_id INTEGER NOT NULL REFERENCES eval_rulesets(id),
  ruleset_code TEXT NOT NULL,
  ruleset_version TEXT NOT NULL,
  as_of TEXT NOT NULL,
  score REAL NOT NULL,
  pass_mark REAL NOT NULL,
  binding_failed INTEGER NOT NULL,
  no_data INTEGER NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')),
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES accounts(id)
) STRICT;
CREATE INDEX eval_evaluations_project ON eval_evaluations(project_id, id);

CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  questions TEXT NOT NULL,
  opens_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL,
  min_group_size INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX surveys_project ON surveys(project_id);

CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  household_id INTEGER NOT NULL REFERENCES households(id),
  answers TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  revisions INTEGER NOT NULL DEFAULT 1,
  UNIQUE (survey_id, household_id)
) STRICT;
