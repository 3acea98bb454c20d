// Rows of the programme (issue #5, record and lifecycle half): creating and editing projects
// with a revision row per changed field, lifecycle transitions written with an optimistic
// compare-and-set on (stage, version), content-addressed attachments, county action plans.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/project_store.hpp"

namespace weilai::storage {

struct Who {
  std::optional<std::int64_t> id;
  std::string login;
};

struct RevisionRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::int64_t version = 0;  // the version the change produced
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor_login;
  std::string field;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
};

struct TransitionRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor_login;
  std::string role;
  std::string action;
  std::string from_stage;
  std::string to_stage;
  std::string comments;
  std::string details_json = "{}";         // reviewers and scores, acceptance record
  std::string attachment_ids_json = "[]";  // project_attachments ids
};

// The editable fields of a project as text (NULL as nullopt), in a fixed order: what the
// revision history compares.
std::vector<std::pair<std::string, std::optional<std::string>>> project_fields(const ProjectRow& p);

// Inserts a project (stage as given, version 1) and one revision row per set field.
// One field-history row (project_revisions) for a field kept outside the projects row (milestones).
Status record_revision(Tx& tx, std::int64_t project_id, std::int64_t version, std::int64_t now,
                       const Who& who, const std::string& field,
                       const std::optional<std::string>& old_value,
                       const std::optional<std::string>& new_value);
Result<ProjectRow> insert_project(Tx& tx, const ProjectRow& p, const Who& who, std::int64_t now);
// Writes every editable field of `next` when the stored version is `expected_version`
// (conflict otherwise), bumping the version and adding a revision row per changed field.
// Stage, county and sample flag are not editable here.
Result<ProjectRow> update_project(Tx& tx, const ProjectRow& next, std::int64_t expected_version,
                                  const Who& who, std::int64_t now);
Result<std::vector<RevisionRow>> list_revisions(Tx& tx, std::int64_t project_id);

// Moves the project from `record.from_stage` to `record.to_stage` when it is still there at
// `expected_version` (conflict otherwise: a concurrent reviewer won) and appends the record.
Result<ProjectRow> apply_transition(Tx& tx, std::int64_t project_id, std::int64_t expected_version,
                                    TransitionRow record, std::int64_t now);
Result<std::vector<TransitionRow>> list_transitions(Tx& tx, std::int64_t project_id);
// Provincial review steps (action codes) recorded since the project last entered
// provincial_review.
Result<std::vector<std::string>> reviews_since_recommend(Tx& tx, std::int64_t project_id);

struct AttachmentRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string sha256;
  std::string kind;
  std::string filename;
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::string uploaded_login;
  std::int64_t at = 0;
};
// Stores the bytes in the shared content-addressed store (blob_store: once per SHA-256) and links
// them to the project with their sniffed content type and size.
Result<AttachmentRow> insert_attachment(Tx& tx, const AttachmentRow& a, const std::string& bytes,
                                        const Who& who, std::int64_t now);
Result<std::vector<AttachmentRow>> list_attachments(Tx& tx, std::int64_t project_id);
// The link and the file's bytes.
Result<std::pair<AttachmentRow, std::string>> get_attachment(Tx& tx, std::int64_t project_id,
                                                             std::int64_t attachment_id);

struct ActionPlanRow {
  std::int64_t id = 0;
  std::int64_t county_id = 0;
  std::string county_name_zh;
  std::int64_t year = 0;
  std::string title;
  std::string priorities;
  std::string constraints_json = "{}";  // {traffic_capacity, funding_balance, cultural_heritage}
  std::string phasing;
  std::optional<std::int64_t> rolled_from;
  std::int64_t version = 1;
  std::int64_t candidates = 0;  // projects in the plan's reserve pool
};
Result<std::vector<ActionPlanRow>> list_action_plans(
    Tx& tx, const std::optional<std::vector<std::int64_t>>& county_scope);
Result<ActionPlanRow> get_action_plan(Tx& tx, std::int64_t id);
Result<ActionPlanRow> insert_action_plan(Tx& tx, const ActionPlanRow& p, std::int64_t now);
// Copies the plan to year+1 (already_exists when that year has one) and moves its candidates
// still in the reserve pool (reserve / returned) to the new plan. Returns the new plan.
Result<ActionPlanRow> roll_forward_action_plan(Tx& tx, std::int64_t id, std::int64_t now);

}  // namespace weilai::storage
