-- Programme management (issue #5, project record and lifecycle half): the full project record,
-- field-level revision history, lifecycle transitions, content-addressed attachments and county
-- action plans whose candidate projects form the reserve pool.

CREATE TABLE action_plans (
  id INTEGER PRIMARY KEY,
  county_id INTEGER NOT NULL REFERENCES org_units(id),
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  priorities TEXT NOT NULL DEFAULT '',
  constraints_json TEXT NOT NULL DEFAULT '{}',
  phasing TEXT NOT NULL DEFAULT '',
  rolled_from INTEGER REFERENCES action_plans(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (county_id, year)
) STRICT;

ALTER TABLE projects ADD COLUMN site_geojson TEXT;
ALTER TABLE projects ADD COLUMN milestones_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE projects ADD COLUMN safety_hazards_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE projects ADD COLUMN action_plan_id INTEGER REFERENCES action_plans(id);
CREATE INDEX projects_stage ON projects(stage);

CREATE TABLE project_revisions (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  version INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor_login TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
) STRICT;
CREATE INDEX project_revisions_project ON project_revisions(project_id, id);

CREATE TABLE project_transitions (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor_login TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  from_stage TEXT NOT NULL,
  to_stage TEXT NOT NULL,
  comments TEXT NOT NULL DEFAULT '',
  details_json TEXT NOT NULL DEFAULT '{}',
  attachment_ids_json TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX project_transitions_project ON project_transitions(project_id, id);

-- Content-addressed blobs (base64 text so both drivers store them with the existing Value type).
CREATE TABLE attachment_blobs (
  sha256 TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  data_base64 TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE project_attachments (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  sha256 TEXT NOT NULL REFERENCES attachment_blobs(sha256),
  kind TEXT NOT NULL CHECK (kind IN ('implementation_plan','plan','photo','evidence','other')),
  filename TEXT NOT NULL,
  uploaded_by INTEGER,
  uploaded_login TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX project_attachments_project ON project_attachments(project_id, id);
