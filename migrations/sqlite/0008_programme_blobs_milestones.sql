-- Programme record storage, one place each (issue #5 follow-up):
-- 1. Milestones (时间节点) live only in project_milestones: the project record's milestones_json
--    (0003) is moved into the table (a milestone marked done gets its due date as done date, the
--    only date the JSON held) and the column is dropped.
-- 2. The content-addressed file store is shared by every module: planning_blobs becomes `blobs`,
--    and the programme's attachments (base64 TEXT in attachment_blobs, 0003) move into it. SQLite's
--    SQL cannot decode base64, so the bytes were already copied into planning_blobs by the C++
--    step the migration runner runs before this file (storage/migrations.cpp); here the links
--    are rebuilt to reference `blobs`, keep their own content type and size, and the old table
--    goes.
ALTER TABLE project_milestones ADD COLUMN phase TEXT NOT NULL DEFAULT '';
INSERT INTO project_milestones (project_id, phase, name, due_on, done_on, created_at)
SELECT p.id, COALESCE(json_extract(m.value, '$.phase'), ''), json_extract(m.value, '$.name'),
       json_extract(m.value, '$.due'),
       CASE WHEN json_extract(m.value, '$.done') THEN json_extract(m.value, '$.due') END,
       p.updated_at
FROM projects p, json_each(p.milestones_json) m
WHERE json_valid(p.milestones_json)
  AND json_extract(m.value, '$.name') IS NOT NULL AND json_extract(m.value, '$.due') IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM project_milestones x WHERE x.project_id = p.id
                  AND x.name = json_extract(m.value, '$.name')
                  AND x.due_on = json_extract(m.value, '$.due'));
ALTER TABLE projects DROP COLUMN milestones_json;

ALTER TABLE planning_blobs RENAME TO blobs;

CREATE TABLE project_attachments_new (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  kind TEXT NOT NULL CHECK (kind IN ('implementation_plan','plan','photo','evidence','other')),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  uploaded_by INTEGER,
  uploaded_login TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
INSERT INTO project_attachments_new (id, project_id, sha256, kind, filename, content_type,
                                     size_bytes, uploaded_by, uploaded_login, at)
SELECT a.id, a.project_id, a.sha256, a.kind, a.filename, b.content_type, b.size_bytes,
       a.uploaded_by, a.uploaded_login, a.at
FROM project_attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256;
DROP TABLE project_attachments;
ALTER TABLE project_attachments_new RENAME TO project_attachments;
CREATE INDEX project_attachments_project ON project_attachments(project_id, id);
CREATE INDEX project_attachments_sha256 ON project_attachments(sha256);
CREATE INDEX planning_datasets_sha256 ON planning_datasets(sha256);
DROP TABLE attachment_blobs;
