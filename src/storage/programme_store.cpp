#include "storage/programme_store.hpp"

#include <charconv>

#include "storage/blob_store.hpp"

namespace weilai::storage {
namespace {

std::optional<std::string> text_of(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
  return std::string(buf, end);
}
std::optional<std::string> text_of(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}
std::optional<std::string> text_of(const std::string& v) {
  return v;
}
Status add_revision(Tx& tx, std::int64_t project_id, std::int64_t version, std::int64_t now,
                    const Who& who, const std::string& field,
                    const std::optional<std::string>& old_value,
                    const std::optional<std::string>& new_value) {
  WEILAI_CHECK(tx.exec(
      "INSERT INTO project_revisions (project_id, version, at, actor_id, actor_login, field, "
      "old_value, new_value) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
      {project_id, version, now, nullable(who.id), who.login, field, nullable(old_value),
       nullable(new_value)}));
  return {};
}

TransitionRow transition_from(const Row& r) {
  TransitionRow t;
  t.id = r.i64(0);
  t.project_id = r.i64(1);
  t.at = r.i64(2);
  t.actor_id = r.opt_i64(3);
  t.actor_login = r.text(4);
  t.role = r.text(5);
  t.action = r.text(6);
  t.from_stage = r.text(7);
  t.to_stage = r.text(8);
  t.comments = r.text(9);
  t.details_json = r.text(10);
  t.attachment_ids_json = r.text(11);
  return t;
}

constexpr const char* kAttachmentSelect =
    "SELECT a.id, a.project_id, a.sha256, a.kind, a.filename, a.content_type, a.size_bytes, "
    "a.uploaded_login, a.at FROM project_attachments a ";

AttachmentRow attachment_from(const Row& r) {
  return {r.i64(0),  r.i64(1), r.text(2), r.text(3), r.text(4),
          r.text(5), r.i64(6), r.text(7), r.i64(8)};
}

constexpr const char* kPlanSelect =
    "SELECT a.id, a.county_id, c.name_zh, a.year, a.title, a.priorities, a.constraints_json, "
    "a.phasing, a.rolled_from, a.version, (SELECT COUNT(*) FROM projects p WHERE "
    "p.action_plan_id = a.id) FROM action_plans a JOIN org_units c ON c.id = a.county_id ";

ActionPlanRow plan_from(const Row& r) {
  ActionPlanRow p;
  p.id = r.i64(0);
  p.county_id = r.i64(1);
  p.county_name_zh = r.text(2);
  p.year = r.i64(3);
  p.title = r.text(4);
  p.priorities = r.text(5);
  p.constraints_json = r.text(6);
  p.phasing = r.text(7);
  p.rolled_from = r.opt_i64(8);
  p.version = r.i64(9);
  p.candidates = r.i64(10);
  return p;
}

}  // namespace

Status record_revision(Tx& tx, std::int64_t project_id, std::int64_t version, std::int64_t now,
                       const Who& who, const std::string& field,
                       const std::optional<std::string>& old_value,
                       const std::optional<std::string>& new_value) {
  return add_revision(tx, project_id, version, now, who, field, old_value, new_value);
}

std::vector<std::pair<std::string, std::optional<std::string>>> project_fields(
    const ProjectRow& p) {
  return {
      {"name", text_of(p.name)},
      {"community_id", text_of(p.community_id)},
      {"project_type", text_of(p.project_type)},
      {"sub_form", text_of(p.sub_form)},
      {"land_area_mu", text_of(p.land_area_mu)},
      {"floor_area_m2", text_of(p.floor_area_m2)},
      {"investment_yuan", text_of(p.investment_yuan)},
      {"households", text_of(p.households)},
      {"population", text_of(p.population)},
      {"implementing_entity", text_of(p.implementing_entity)},
      {"summary", text_of(p.summary)},
      {"lon", text_of(p.lon)},
      {"lat", text_of(p.lat)},
      {"site", p.site_geojson},
      {"safety_hazards", text_of(p.safety_hazards_json)},
      {"action_plan_id", text_of(p.action_plan_id)},
  };
}

Result<ProjectRow> insert_project(Tx& tx, const ProjectRow& p, const Who& who, std::int64_t now) {
  WEILAI_TRY(
      std::int64_t id,
      tx.insert_returning_id(
          "INSERT INTO projects (name, county_id, community_id, project_type, sub_form, stage, "
          "land_area_mu, floor_area_m2, investment_yuan, households, population, "
          "implementing_entity, summary, is_sample, lon, lat, site_geojson, "
          "safety_hazards_json, action_plan_id, created_at, updated_at, version) VALUES "
          "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,0,$14,$15,$16,$17,$18,$19,$19,1) "
          "RETURNING id",
          {p.name, p.county_id, nullable(p.community_id), p.project_type, p.sub_form, p.stage,
           nullable(p.land_area_mu), nullable(p.floor_area_m2), nullable(p.investment_yuan),
           nullable(p.households), nullable(p.population), p.implementing_entity, p.summary,
           nullable(p.lon), nullable(p.lat), nullable(p.site_geojson), p.safety_hazards_json,
           nullable(p.action_plan_id), now}));
  WEILAI_TRY(ProjectRow created, get_project(tx, id));
  const ProjectRow empty;
  const auto before = project_fields(empty);
  const auto after = project_fields(created);
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (after[i].second && after[i].second != before[i].second)
      WEILAI_CHECK(
          add_revision(tx, id, 1, now, who, after[i].first, std::nullopt, after[i].second));
  }
  return created;
}

Result<ProjectRow> update_project(Tx& tx, const ProjectRow& n, std::int64_t expected_version,
                                  const Who& who, std::int64_t now) {
  WEILAI_TRY(ProjectRow old, get_project(tx, n.id));
  if (old.version != expected_version)
    return Error::conflict("project " + std::to_string(n.id) + " is at version " +
                           std::to_string(old.version) + ", not " +
                           std::to_string(expected_version));
  WEILAI_TRY(
      Rows done,
      tx.exec("UPDATE projects SET name=$3, community_id=$4, project_type=$5, sub_form=$6, "
              "land_area_mu=$7, floor_area_m2=$8, investment_yuan=$9, households=$10, "
              "population=$11, implementing_entity=$12, summary=$13, lon=$14, lat=$15, "
              "site_geojson=$16, safety_hazards_json=$17, "
              "action_plan_id=$18, updated_at=$19, version = version + 1 "
              "WHERE id = $1 AND version = $2",
              {n.id, expected_version, n.name, nullable(n.community_id), n.project_type, n.sub_form,
               nullable(n.land_area_mu), nullable(n.floor_area_m2), nullable(n.investment_yuan),
               nullable(n.households), nullable(n.population), n.implementing_entity, n.summary,
               nullable(n.lon), nullable(n.lat), nullable(n.site_geojson), n.safety_hazards_json,
               nullable(n.action_plan_id), now}));
  if (done.affected != 1)
    return Error::conflict("project " + std::to_string(n.id) + " changed meanwhile");
  WEILAI_TRY(ProjectRow updated, get_project(tx, n.id));
  const auto before = project_fields(old);
  const auto after = project_fields(updated);
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (after[i].second != before[i].second)
      WEILAI_CHECK(add_revision(tx, n.id, updated.version, now, who, after[i].first,
                                before[i].second, after[i].second));
  }
  return updated;
}

Result<std::vector<RevisionRow>> list_revisions(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT id, project_id, version, at, actor_id, actor_login, field, old_value, "
                     "new_value FROM project_revisions WHERE project_id = $1 ORDER BY id",
                     {project_id}));
  std::vector<RevisionRow> out;
  for (const auto& r : rows.rows) {
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.opt_i64(4), r.text(5), r.text(6),
                   r.opt_text(7), r.opt_text(8)});
  }
  return out;
}

Result<ProjectRow> apply_transition(Tx& tx, std::int64_t project_id, std::int64_t expected_version,
                                    TransitionRow t, std::int64_t now) {
  // One conditional UPDATE: of two reviewers acting at once exactly one matches; on PostgreSQL
  // the second waits for the first's row lock, re-reads the row and matches nothing.
  WEILAI_TRY(Rows done, tx.exec("UPDATE projects SET stage = $3, version = version + 1, "
                                "updated_at = $4 WHERE id = $1 AND version = $2 AND stage = $5",
                                {project_id, expected_version, t.to_stage, now, t.from_stage}));
  if (done.affected != 1)
    return Error::conflict("project " + std::to_string(project_id) +
                           " was changed by someone else meanwhile");
  WEILAI_CHECK(tx.exec(
      "INSERT INTO project_transitions (project_id, at, actor_id, actor_login, role, action, "
      "from_stage, to_stage, comments, details_json, attachment_ids_json) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
      {project_id, now, nullable(t.actor_id), t.actor_login, t.role, t.action, t.from_stage,
       t.to_stage, t.comments, t.details_json, t.attachment_ids_json}));
  return get_project(tx, project_id);
}

Result<std::vector<TransitionRow>> list_transitions(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows, tx.exec("SELECT id, project_id, at, actor_id, actor_login, role, action, "
                                "from_stage, to_stage, comments, details_json, attachment_ids_json "
                                "FROM project_transitions WHERE project_id = $1 ORDER BY id",
                                {project_id}));
  std::vector<TransitionRow> out;
  for (const auto& r : rows.rows) out.push_back(transition_from(r));
  return out;
}

Result<std::vector<std::string>> reviews_since_recommend(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec("SELECT action FROM project_transitions WHERE project_id = $1 AND id > "
                     "(SELECT COALESCE(MAX(id), 0) FROM project_transitions WHERE project_id = $1 "
                     "AND to_stage = 'provincial_review' AND from_stage <> 'provincial_review') "
                     "AND action IN ('expert_review','joint_review','site_check') ORDER BY id",
                     {project_id}));
  std::vector<std::string> out;
  for (const auto& r : rows.rows) out.push_back(r.text(0));
  return out;
}

Result<AttachmentRow> insert_attachment(Tx& tx, const AttachmentRow& a, const std::string& bytes,
                                        const Who& who, std::int64_t now) {
  WEILAI_CHECK(put_blob(tx, a.sha256, bytes, now));
  WEILAI_TRY(std::int64_t id,
             tx.insert_returning_id(
                 "INSERT INTO project_attachments (project_id, sha256, kind, filename, "
                 "content_type, size_bytes, uploaded_by, uploaded_login, at) VALUES "
                 "($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                 {a.project_id, a.sha256, a.kind, a.filename, a.content_type,
                  static_cast<std::int64_t>(bytes.size()), nullable(who.id), who.login, now}));
  WEILAI_TRY(Rows rows, tx.exec(std::string(kAttachmentSelect) + "WHERE a.id = $1", {id}));
  return attachment_from(rows.front());
}

Result<std::vector<AttachmentRow>> list_attachments(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kAttachmentSelect) + "WHERE a.project_id = $1 ORDER BY a.id",
                     {project_id}));
  std::vector<AttachmentRow> out;
  for (const auto& r : rows.rows) out.push_back(attachment_from(r));
  return out;
}

Result<std::pair<AttachmentRow, std::string>> get_attachment(Tx& tx, std::int64_t project_id,
                                                             std::int64_t attachment_id) {
  WEILAI_TRY(Rows rows,
             tx.exec(std::string(kAttachmentSelect) + "WHERE a.id = $1 AND a.project_id = $2",
                     {attachment_id, project_id}));
  if (rows.empty()) return Error::not_found("no attachment " + std::to_string(attachment_id));
  AttachmentRow a = attachment_from(rows.front());
  auto bytes = get_blob(tx, a.sha256);
  if (!bytes) return Error::internal("attachment " + a.sha256 + " has no stored file");
  return std::pair<AttachmentRow, std::string>{a, std::move(*bytes)};
}

Result<std::vector<ActionPlanRow>> list_action_plans(
    Tx& tx, const std::optional<std::vector<std::int64_t>>& county_scope) {
  std::string sql = kPlanSelect;
  std::vector<Value> params;
  if (county_scope) {
    if (county_scope->empty()) return std::vector<ActionPlanRow>{};
    sql += "WHERE a.county_id IN (";
    for (std::size_t i = 0; i < county_scope->size(); ++i) {
      params.emplace_back((*county_scope)[i]);
      sql += (i ? ",$" : "$") + std::to_string(params.size());
    }
    sql += ") ";
  }
  sql += "ORDER BY a.county_id, a.year";
  WEILAI_TRY(Rows rows, tx.exec(sql, params));
  std::vector<ActionPlanRow> out;
  for (const auto& r : rows.rows) out.push_back(plan_from(r));
  return out;
}

Result<ActionPlanRow> get_action_plan(Tx& tx, std::int64_t id) {
  WEILAI_TRY(Rows rows, tx.exec(std::string(kPlanSelect) + "WHERE a.id = $1", {id}));
  if (rows.empty()) return Error::not_found("no action plan " + std::to_string(id));
  return plan_from(rows.front());
}

Result<ActionPlanRow> insert_action_plan(Tx& tx, const ActionPlanRow& p, std::int64_t now) {
  WEILAI_TRY(Rows exists, tx.exec("SELECT id FROM action_plans WHERE county_id = $1 AND year = $2",
                                  {p.county_id, p.year}));
  if (!exists.empty())
    return Error{ErrorCode::already_exists,
                 "this county already has an action plan for " + std::to_string(p.year), "/year"};
  WEILAI_TRY(std::int64_t id,
             tx.insert_returning_id(
                 "INSERT INTO action_plans (county_id, year, title, priorities, constraints_json, "
                 "phasing, rolled_from, created_at, updated_at, version) VALUES "
                 "($1,$2,$3,$4,$5,$6,$7,$8,$8,1) RETURNING id",
                 {p.county_id, p.year, p.title, p.priorities, p.constraints_json, p.phasing,
                  nullable(p.rolled_from), now}));
  return get_action_plan(tx, id);
}

Result<ActionPlanRow> roll_forward_action_plan(Tx& tx, std::int64_t id, std::int64_t now) {
  WEILAI_TRY(ActionPlanRow old, get_action_plan(tx, id));
  ActionPlanRow next = old;
  next.year = old.year + 1;
  next.rolled_from = old.id;
  auto title = old.title;
  const auto y = std::to_string(old.year);
  if (auto pos = title.find(y); pos != std::string::npos)
    title.replace(pos, y.size(), std::to_string(next.year));
  next.title = title;
  WEILAI_TRY(ActionPlanRow created, insert_action_plan(tx, next, now));
  WEILAI_CHECK(
      tx.exec("UPDATE projects SET action_plan_id = $1 WHERE action_plan_id = $2 AND "
              "stage IN ('reserve','returned')",
              {created.id, old.id}));
  return get_action_plan(tx, created.id);
}

}  // namespace weilai::storage
