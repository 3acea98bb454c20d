-- Planning over HTTP (docs/PLANNING_API.md): uploaded site data, analysis jobs and their results.
-- File contents are stored once per SHA-256 (several datasets may share them) in the database,
-- so every server process sees them.
CREATE TABLE planning_blobs (
  sha256 TEXT PRIMARY KEY,
  size_bytes INTEGER NOT NULL,
  content BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE planning_datasets (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  kind TEXT NOT NULL CHECK (kind IN ('osm','facilities','residences','rules')),
  filename TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES planning_blobs(sha256),
  size_bytes INTEGER NOT NULL,
  summary TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES accounts(id)
);
CREATE INDEX planning_datasets_project ON planning_datasets (project_id, id);

-- One analysis = one background job. status: queued → running → succeeded | failed | cancelled
-- (running → queued again when its server stops or its lease expires).
CREATE TABLE planning_analyses (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled')),
  progress REAL NOT NULL DEFAULT 0,
  stage TEXT NOT NULL DEFAULT '',
  params TEXT NOT NULL,
  error TEXT,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  summary TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES accounts(id)
);
CREATE INDEX planning_analyses_project ON planning_analyses (project_id, id);
CREATE INDEX planning_analyses_status ON planning_analyses (status, id);

-- Which datasets an analysis reads (a referenced dataset cannot be deleted).
CREATE TABLE planning_analysis_inputs (
  analysis_id INTEGER NOT NULL REFERENCES planning_analyses(id) ON DELETE CASCADE,
  dataset_id INTEGER NOT NULL REFERENCES planning_datasets(id),
  PRIMARY KEY (analysis_id, dataset_id)
);
CREATE INDEX planning_analysis_inputs_dataset ON planning_analysis_inputs (dataset_id);

-- Every result document of a succeeded analysis, computed once when the job finishes, so a fetch
-- is one row read (the gap list is paged from gaps.csv). name: report.json, coverage.json, suggestions.json, network.geojson,
-- facilities.geojson, residences.geojson, nearest.csv, counts.csv, gaps.csv, coverage.csv.
CREATE TABLE planning_results (
  analysis_id INTEGER NOT NULL REFERENCES planning_analyses(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (analysis_id, name)
);

