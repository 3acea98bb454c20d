-- Programme record storage, one place each (issue #5 follow-up):
-- 1. Milestones (时间节点) live only in project_milestones: the project record's milestones_json
--    (0003) is moved into the table (a milestone marked done gets its due date as done date, the
--    only date the JSON held) and the column is dropped.
-- 2. The content-addressed file store is shared by every module: planning_blobs becomes `blobs`,
--    and the programme's attachments (base64 TEXT in attachment_blobs, 0003) move into it. The
--    bytes were already decoded into planning_blobs by the C++ step the migration runner runs
--    before this file (storage/migrations.cpp, the same code as on SQLite, whose SQL cannot
--    decode base64); here the links reference `blobs`, keep their own content type and size, and
--    the old table goes.
ALTER TABLE project_milestones ADD COLUMN phase TEXT NOT NULL DEFAULT '';
INSERT INTO project_milestones (project_id, phase, name, due_on, done_on, created_at)
SELECT p.id, COALESCE(m->>'phase', ''), m->>'name', m->>'due',
       CASE WHEN (m->>'done')::boolean THEN m->>'due' END, p.updated_at
FROM projects p CROSS JOIN LATERAL jsonb_array_elements(p.milestones_json::jsonb) AS m
WHERE m->>'name' IS NOT NULL AND m->>'due' IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM project_milestones x WHERE x.project_id = p.id
                  AND x.name = m->>'name' AND x.due_on = m->>'due');
ALTER TABLE projects DROP COLUMN milestones_json;

ALTER TABLE planning_blobs RENAME TO blobs;
ALTER INDEX planning_blobs_pkey RENAME TO blobs_pkey;

ALTER TABLE project_attachments ADD COLUMN content_type TEXT;
ALTER TABLE project_attachments ADD COLUMN size_bytes BIGINT;
UPDATE project_attachments a SET content_type = b.content_type, size_bytes = b.size_bytes
FROM attachment_blobs b WHERE b.sha256 = a.sha256;
ALTER TABLE project_attachments ALTER COLUMN content_type SET NOT NULL;
ALTER TABLE project_attachments ALTER COLUMN size_bytes SET NOT NULL;
ALTER TABLE project_attachments DROP CONSTRAINT project_attachments_sha256_fkey;
ALTER TABLE project_attachments ADD CONSTRAINT project_attachments_sha256_fkey
  FOREIGN KEY (sha256) REFERENCES blobs(sha256);
CREATE INDEX project_attachments_sha256 ON project_attachments(sha256);
CREATE INDEX planning_datasets_sha256 ON planning_datasets(sha256);
DROP TABLE attachment_blobs;
