// Programme operations (issue 5, "Monitoring and money"): dynamic monitoring reports and
// milestones, the county targets board, funding balance and municipal rewards, incentives after
// naming and talent awards, the approval green channel with working days, and the leadership
// group's meetings and action items. County officials write their county's project data, the
// DRC reviews and keeps the city-wide records, city leaders and the province read.
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/programme_views.hpp"
#include "programme/approvals.hpp"
#include "programme/funding.hpp"
#include "programme/incentives.hpp"
#include "programme/leadership.hpp"
#include "programme/monitoring.hpp"
#include "programme/targets.hpp"
#include "storage/org_store.hpp"
#include "storage/programme_ops_store.hpp"
#include "storage/project_store.hpp"

namespace weilai::http {
namespace json = boost::json;
namespace pg = programme;
using identity::Action;
using storage::Tx;

namespace {

// Counties the actor may read for `action`: nullopt = all (a city or province grant).
std::optional<std::vector<std::int64_t>> ops_scope(const identity::Actor& actor, Action action) {
  std::vector<std::int64_t> counties;
  for (const auto& g : actor.grants) {
    if (!identity::role_allows(g.role, action)) continue;
    if (g.org_unit_kind == "province" || g.org_unit_kind == "city") return std::nullopt;
    if (g.org_unit_kind == "county") counties.push_back(g.org_unit_id);
  }
  return counties;
}

Status authorize_county(Tx& tx, const identity::Actor& actor, std::int64_t county_id,
                        Action action) {
  identity::Resource res;
  WEILAI_TRY(res.org_path, storage::org_path(tx, county_id));
  return identity::authorize(actor, action, res);
}

// The project when the actor may take `action` on it (404 when missing, 403 out of scope).
Result<storage::ProjectRow> project_in_scope(Tx& tx, const identity::Actor& actor, std::int64_t id,
                                             Action action) {
  WEILAI_TRY(auto p, storage::get_project(tx, id));
  WEILAI_CHECK(authorize_county(tx, actor, p.county_id, action));
  return p;
}

Result<std::set<pg::Day>> holiday_set(Tx& tx) {
  WEILAI_TRY(auto rows, storage::list_holidays(tx));
  std::set<pg::Day> out;
  for (const auto& h : rows)
    if (auto d = pg::parse_date(h.day)) out.insert(*d);
  return out;
}

// ------------------------------------------------------------------ field readers
Result<std::int64_t> fen_field(const JsonFields& f, std::string_view key, bool required = true) {
  if (!required && !f.has(key)) return std::int64_t{0};
  return f.integer(key, 0, pg::kMaxFen);
}

Result<std::string> date_field(const JsonFields& f, std::string_view key) {
  WEILAI_TRY(std::string s, f.string(key, 10));
  WEILAI_CHECK(pg::parse_date(s, "/" + std::string(key)));
  return s;
}

Result<std::optional<std::string>> optional_date_field(const JsonFields& f, std::string_view key) {
  WEILAI_TRY(auto s, f.optional_string(key, 10));
  if (s && s->empty()) s.reset();
  if (s) WEILAI_CHECK(pg::parse_date(*s, "/" + std::string(key)));
  return s;
}

Result<std::int64_t> version_field(const JsonFields& f) {
  return f.integer("version", 1, kMaxId);
}

// ------------------------------------------------------------------ views
json::object report_json(const storage::ReportRow& r) {
  json::object o{{"id", r.id},
                 {"project_id", r.project_id},
                 {"project_name", r.project_name},
                 {"county_id", r.county_id},
                 {"period", r.period},
                 {"status", r.status},
                 {"editable", pg::report_editable(*pg::parse_report_status(r.status))},
                 {"investment_fen", r.investment_fen},
                 {"satisfaction_pct", opt_json(r.satisfaction_pct)},
                 {"progress", json::parse(r.progress_json)},
                 {"indicators", json::parse(r.indicators_json)},
                 {"problems", r.problems},
                 {"review_comment", r.review_comment},
                 {"created_at", format_iso8601(r.created_at)},
                 {"updated_at", format_iso8601(r.updated_at)},
                 {"submitted_at", nullptr},
                 {"reviewed_at", nullptr},
                 {"version", r.version}};
  if (r.submitted_at) o["submitted_at"] = format_iso8601(*r.submitted_at);
  if (r.reviewed_at) o["reviewed_at"] = format_iso8601(*r.reviewed_at);
  return o;
}

json::object ops_settings_json(const storage::OpsSettingsRow& s) {
  return {{"project_id", s.project_id},
          {"cadence", s.cadence},
          {"surplus_share_bp", s.surplus_share_bp},
          {"version", s.version}};
}

json::object funding_line_json(const storage::FundingLineRow& l) {
  return {{"id", l.id},
          {"project_id", l.project_id},
          {"direction", l.direction},
          {"kind", l.kind},
          {"amount_fen", l.amount_fen},
          {"gross_fen", opt_json(l.gross_fen)},
          {"state_share_bp", opt_json(l.state_share_bp)},
          {"state_share_fen",
           l.gross_fen ? json::value(*l.gross_fen - l.amount_fen) : json::value(nullptr)},
          {"note", l.note},
          {"version", l.version}};
}

json::object incentive_json(const storage::IncentiveRow& i) {
  return {{"id", i.id},
          {"project_id", i.project_id},
          {"policy", i.policy},
          {"owed_fen", i.owed_fen},
          {"paid_fen", i.paid_fen},
          {"outstanding_fen", i.owed_fen - i.paid_fen},
          {"version", i.version}};
}

json::object talent_json(const storage::TalentAwardRow& a) {
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"person_name", a.person_name},
          {"tier", a.tier},
          {"introduced_on", a.introduced_on},
          {"housing_fen", a.housing_fen},
          {"purchase_discount_fen", a.purchase_discount_fen},
          {"rent_relief_fen", a.rent_relief_fen}};
}

json::object approval_json(const storage::ApprovalRow& a, pg::Day today,
                           const std::set<pg::Day>& holidays) {
  const auto submitted = pg::parse_date(a.submitted_on);
  std::optional<pg::Day> approved;
  if (a.approved_on)
    if (auto d = pg::parse_date(*a.approved_on)) approved = *d;
  return {
      {"id", a.id},
      {"project_id", a.project_id},
      {"project_name", a.project_name},
      {"county_id", a.county_id},
      {"kind", a.kind},
      {"title", a.title},
      {"submitted_on", a.submitted_on},
      {"approved_on", opt_json(a.approved_on)},
      {"visits", a.visits},
      {"pending", !a.approved_on.has_value()},
      {"working_days", submitted ? pg::approval_elapsed(*submitted, approved, today, holidays) : 0},
      {"more_than_one_visit", pg::needs_attention(static_cast<int>(a.visits))},
      {"version", a.version}};
}

json::object meeting_json(const storage::MeetingRow& m) {
  return {{"id", m.id},
          {"held_on", m.held_on},
          {"title", m.title},
          {"minutes", m.minutes},
          {"version", m.version}};
}

json::object action_json(const storage::ActionItemRow& a, pg::Day today) {
  const auto* dept = pg::find_department(a.department);
  const auto deadline = pg::parse_date(a.deadline);
  const auto status = pg::parse_action_status(a.status).value_or(pg::ActionStatus::open);
  return {{"id", a.id},
          {"meeting_id", a.meeting_id},
          {"meeting_title", a.meeting_title},
          {"decision", a.decision},
          {"department", a.department},
          {"department_name_zh", dept ? std::string(dept->name_zh) : a.department},
          {"department_name_en", dept ? std::string(dept->name_en) : a.department},
          {"deadline", a.deadline},
          {"status", a.status},
          {"done_on", opt_json(a.done_on)},
          {"overdue", deadline && pg::action_overdue(status, *deadline, today)},
          {"version", a.version}};
}

// ------------------------------------------------------------------ report body
// Reads the content fields of a report present in the body (absent ones keep their value),
// checking milestone ids against the project's.
Status read_report_content(const JsonFields& f, const json::object& body,
                           const std::vector<storage::MilestoneRow>& milestones,
                           storage::ReportRow& r) {
  if (f.has("investment_fen")) {
    WEILAI_TRY(r.investment_fen, fen_field(f, "investment_fen"));
  }
  if (f.has("satisfaction_pct")) {
    WEILAI_TRY(r.satisfaction_pct, f.optional_integer("satisfaction_pct", 0, 100));
  }
  if (f.has("problems")) {
    WEILAI_TRY(auto problems, f.optional_string("problems", 2000));
    r.problems = problems.value_or("");
  }
  json::array progress;
  if (auto it = body.find("progress"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_array() || it->value().as_array().size() > 50)
      return Error::invalid("progress must be an array of at most 50 items", "/progress");
    std::set<std::int64_t> seen;
    std::size_t i = 0;
    for (const auto& v : it->value().as_array()) {
      const std::string at = "/progress/" + std::to_string(i++);
      if (!v.is_object()) return Error::invalid("each progress item is an object", at);
      JsonFields pf(v.as_object());
      WEILAI_CHECK(pf.only({"milestone_id", "percent"}));
      auto mid = pf.integer("milestone_id", 1, kMaxId);
      if (!mid) return Error::invalid(mid.error().message, at + "/milestone_id");
      auto pct = pf.integer("percent", 0, 100);
      if (!pct) return Error::invalid(pct.error().message, at + "/percent");
      if (std::none_of(milestones.begin(), milestones.end(),
                       [&](const auto& m) { return m.id == *mid; }))
        return Error::invalid("no such milestone in this project", at + "/milestone_id");
      if (!seen.insert(*mid).second)
        return Error::invalid("milestone listed twice", at + "/milestone_id");
      progress.push_back(json::object{{"milestone_id", *mid}, {"percent", *pct}});
    }
  }
  json::array indicators;
  if (auto it = body.find("indicators"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_array() || it->value().as_array().size() > 50)
      return Error::invalid("indicators must be an array of at most 50 items", "/indicators");
    std::set<std::string> seen;
    std::size_t i = 0;
    for (const auto& v : it->value().as_array()) {
      const std::string at = "/indicators/" + std::to_string(i++);
      if (!v.is_object()) return Error::invalid("each indicator is an object", at);
      JsonFields xf(v.as_object());
      WEILAI_CHECK(xf.only({"key", "value"}));
      auto key = xf.string("key", 64);
      if (!key) return Error::invalid(key.error().message, at + "/key");
      auto value = xf.string("value", 200, 0);
      if (!value) return Error::invalid(value.error().message, at + "/value");
      if (!seen.insert(*key).second) return Error::invalid("indicator listed twice", at + "/key");
      indicators.push_back(json::object{{"key", *key}, {"value", *value}});
    }
  }
  if (body.contains("progress")) r.progress_json = json::serialize(progress);
  if (body.contains("indicators")) r.indicators_json = json::serialize(indicators);
  return {};
}

// Funding line body: a land_transfer source carries gross_fen and state_share_bp and its amount is
// computed; every other line carries amount_fen.
Result<storage::FundingLineRow> read_funding_line(const JsonFields& f) {
  storage::FundingLineRow l;
  WEILAI_TRY(l.direction, f.string("direction", 8));
  WEILAI_TRY(l.kind, f.string("kind", 32));
  if (l.direction == "source") {
    if (!pg::is_source_kind(l.kind)) return Error::invalid("unknown source kind", "/kind");
  } else if (l.direction == "use") {
    if (!pg::is_use_kind(l.kind)) return Error::invalid("unknown use kind", "/kind");
  } else {
    return Error::invalid("direction must be source or use", "/direction");
  }
  WEILAI_TRY(auto note, f.optional_string("note", 200));
  l.note = note.value_or("");
  if (l.kind == "land_transfer") {
    if (f.has("amount_fen"))
      return Error::invalid("land_transfer lines are computed from gross_fen and state_share_bp",
                            "/amount_fen");
    WEILAI_TRY(std::int64_t gross, fen_field(f, "gross_fen"));
    WEILAI_TRY(std::int64_t bp, f.integer("state_share_bp", 0, pg::kBasisPoints));
    WEILAI_TRY(auto ret, pg::land_transfer_return(gross, static_cast<int>(bp)));
    l.gross_fen = gross;
    l.state_share_bp = bp;
    l.amount_fen = ret.returned;
  } else {
    if (f.has("gross_fen") || f.has("state_share_bp"))
      return Error::invalid("only land_transfer lines have a gross revenue", "/gross_fen");
    WEILAI_TRY(l.amount_fen, fen_field(f, "amount_fen"));
  }
  return l;
}

Result<json::object> funding_view(Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(auto lines, storage::list_funding_lines(tx, project_id));
  WEILAI_TRY(auto settings, storage::get_ops_settings(tx, project_id));
  std::vector<pg::FundingLine> domain;
  json::array items;
  for (const auto& l : lines) {
    domain.push_back({l.direction, l.kind, l.amount_fen});
    items.push_back(funding_line_json(l));
  }
  WEILAI_TRY(auto b, pg::funding_balance(domain, static_cast<int>(settings.surplus_share_bp)));
  return json::object{{"project_id", project_id},
                      {"lines", std::move(items)},
                      {"sources_fen", b.sources},
                      {"uses_fen", b.uses},
                      {"balance_fen", b.balance},
                      {"surplus_share_bp", settings.surplus_share_bp},
                      {"surplus_to_operation_fund_fen", b.surplus_to_operation},
                      {"surplus_kept_fen", b.surplus_kept},
                      {"settings", ops_settings_json(settings)}};
}

}  // namespace

json::object milestone_json(const storage::MilestoneRow& m, std::int64_t today) {
  const auto due = pg::parse_date(m.due_on);
  std::optional<pg::Day> done;
  if (m.done_on)
    if (auto d = pg::parse_date(*m.done_on)) done = *d;
  return {{"id", m.id},
          {"project_id", m.project_id},
          {"phase", m.phase},
          {"name", m.name},
          {"due_on", m.due_on},
          {"done_on", opt_json(m.done_on)},
          {"overdue", due && pg::milestone_overdue(*due, done, today)},
          {"version", m.version}};
}

void add_programme_ops_routes(App& app) {
  auto& r = app.router();
  auto today = [&app] { return pg::china_today(app.clock().now_ms()); };
  // Reads the project and authorises in a read transaction: the authorisation is answered before
  // the body is validated, so a refused caller learns nothing about the form.
  auto guard_project = [&app](const identity::Actor& actor, std::int64_t id,
                              Action action) -> Result<storage::ProjectRow> {
    return app.read<storage::ProjectRow>(
        [&](Tx& tx) { return project_in_scope(tx, actor, id, action); });
  };

  // ================================================================== catalogue
  r.add("GET", "/api/v1/programme-ops/catalogue",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          json::array depts, approvals, sources, uses, tiers;
          for (const auto& d : pg::kDepartments)
            depts.push_back(json::object{{"code", std::string(d.code)},
                                         {"name_zh", std::string(d.name_zh)},
                                         {"name_en", std::string(d.name_en)}});
          for (auto k : pg::kApprovalKinds) approvals.push_back(json::string(k));
          for (auto k : pg::kSourceKinds) sources.push_back(json::string(k));
          for (auto k : pg::kUseKinds) uses.push_back(json::string(k));
          for (auto k : pg::kTalentTiers) tiers.push_back(json::string(k));
          return json_response(
              json::object{{"departments", std::move(depts)},
                           {"approval_kinds", std::move(approvals)},
                           {"source_kinds", std::move(sources)},
                           {"use_kinds", std::move(uses)},
                           {"talent_tiers", std::move(tiers)},
                           {"today", pg::format_date(pg::china_today(app.clock().now_ms()))}});
        },
        {"Codes used by the programme-operations screens (departments, kinds, tiers)",
         "programme-ops"});

  // ================================================================== milestones
  r.add("GET", "/api/v1/projects/{id}/milestones",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto rows, app.read<std::vector<storage::MilestoneRow>>(
                                    [&](Tx& tx) -> Result<std::vector<storage::MilestoneRow>> {
                                      WEILAI_CHECK(project_in_scope(tx, actor, id,
                                                                    Action::programme_ops_read));
                                      return storage::list_milestones(tx, id);
                                    }));
          json::array items;
          for (const auto& m : rows) items.push_back(milestone_json(m, today()));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"A project's milestones (时间节点) with the overdue flag",
         "programme-ops",
         true,
         {},
         "",
         {404}});

  r.add("POST", "/api/v1/projects/{id}/milestones",
        [&app, today, guard_project](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(guard_project(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"phase", "name", "due_on", "done_on"}));
          storage::MilestoneRow m;
          m.project_id = id;
          WEILAI_TRY(auto phase, f.optional_string("phase", 100));
          m.phase = phase.value_or("");
          WEILAI_TRY(m.name, f.string("name", 100));
          WEILAI_TRY(m.due_on, date_field(f, "due_on"));
          WEILAI_TRY(m.done_on, optional_date_field(f, "done_on"));
          WEILAI_TRY(
              auto created,
              app.write<storage::MilestoneRow>(
                  req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::MilestoneRow> {
                    WEILAI_CHECK(project_in_scope(tx, actor, id, Action::programme_ops_report));
                    WEILAI_TRY(auto c, storage::insert_milestone(tx, m, app.clock().now_ms()));
                    ch.record("milestone.create", "project", std::to_string(id),
                              milestone_json(c, 0));
                    return c;
                  }));
          return json_response(milestone_json(created, today()), 201);
        },
        {"Add a milestone to a project",
         "programme-ops",
         true,
         {},
         "{name, due_on, done_on?, phase?}",
         {201, 404, 422}});

  r.add("PUT", "/api/v1/milestones/{id}",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(app.read<bool>([&](Tx& tx) -> Result<bool> {
            WEILAI_TRY(auto m, storage::get_milestone(tx, id));
            WEILAI_CHECK(project_in_scope(tx, actor, m.project_id, Action::programme_ops_report));
            return true;
          }));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"phase", "name", "due_on", "done_on", "version"}));
          storage::MilestoneRow m;
          m.id = id;
          WEILAI_TRY(auto phase, f.optional_string("phase", 100));
          WEILAI_TRY(m.name, f.string("name", 100));
          WEILAI_TRY(m.due_on, date_field(f, "due_on"));
          WEILAI_TRY(m.done_on, optional_date_field(f, "done_on"));
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::MilestoneRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::MilestoneRow> {
                WEILAI_TRY(auto u, storage::update_milestone(tx, m, version, phase));
                ch.record("milestone.update", "project", std::to_string(u.project_id),
                          milestone_json(u, 0));
                return u;
              });
          if (!updated)
            return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
              auto c = app.read<storage::MilestoneRow>(
                  [&](Tx& tx) { return storage::get_milestone(tx, id); });
              if (!c) return std::nullopt;
              return milestone_json(*c, today());
            });
          return json_response(milestone_json(*updated, today()));
        },
        {"Edit a milestone (optimistic: send the version you read)",
         "programme-ops",
         true,
         {},
         "{name, due_on, done_on?, phase?, version}",
         {404, 409, 422}});

  // ================================================================== monitoring
  r.add("GET", "/api/v1/projects/{id}/monitoring",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          struct View {
            storage::ProjectRow project;
            storage::OpsSettingsRow settings;
            std::vector<storage::ReportRow> reports;
            std::vector<storage::MilestoneRow> milestones;
          };
          WEILAI_TRY(View v, app.read<View>([&](Tx& tx) -> Result<View> {
            View out;
            WEILAI_TRY(out.project, project_in_scope(tx, actor, id, Action::programme_ops_read));
            WEILAI_TRY(out.settings, storage::get_ops_settings(tx, id));
            storage::ReportFilter f;
            f.project_id = id;
            WEILAI_TRY(out.reports, storage::list_reports(tx, f));
            WEILAI_TRY(out.milestones, storage::list_milestones(tx, id));
            return out;
          }));
          const auto day = today();
          json::array reports, milestones;
          std::vector<std::string> submitted;
          for (const auto& rep : v.reports) {
            reports.push_back(report_json(rep));
            if (rep.status == "submitted" || rep.status == "reviewed")
              submitted.push_back(rep.period);
          }
          for (const auto& m : v.milestones) milestones.push_back(milestone_json(m, day));
          const auto cadence = pg::parse_cadence(v.settings.cadence).value_or(pg::Cadence::month);
          json::value overdue = nullptr;
          if (pg::stage_monitored(v.project.stage))
            if (auto p = pg::overdue_report(day, cadence, submitted))
              overdue = json::object{{"period", p->text()},
                                     {"due_on", pg::format_date(pg::report_due(*p))}};
          return json_response(json::object{{"project_id", id},
                                            {"stage", v.project.stage},
                                            {"monitored", pg::stage_monitored(v.project.stage)},
                                            {"settings", ops_settings_json(v.settings)},
                                            {"reports", std::move(reports)},
                                            {"milestones", std::move(milestones)},
                                            {"overdue_report", overdue}});
        },
        {"A project's monitoring: settings, reports, milestones and the overdue report",
         "programme-ops",
         true,
         {},
         "",
         {404}});

  r.add("PUT", "/api/v1/projects/{id}/ops-settings",
        [&app, guard_project](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(guard_project(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"cadence", "surplus_share_bp", "version"}));
          storage::OpsSettingsRow s;
          s.project_id = id;
          WEILAI_TRY(s.cadence, f.string("cadence", 8));
          WEILAI_CHECK(pg::parse_cadence(s.cadence, "/cadence"));
          WEILAI_TRY(s.surplus_share_bp, f.integer("surplus_share_bp", 0, pg::kBasisPoints));
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::OpsSettingsRow>(
              req, actor,
              [&](Tx& tx, Changes& ch) -> Result<storage::OpsSettingsRow> {
                WEILAI_TRY(auto u, storage::put_ops_settings(tx, s, version));
                ch.record("ops_settings.update", "project", std::to_string(id),
                          ops_settings_json(u));
                return u;
              },
              storage::TxMode::serializable);
          if (!updated)
            return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
              auto c = app.read<storage::OpsSettingsRow>(
                  [&](Tx& tx) { return storage::get_ops_settings(tx, id); });
              if (!c) return std::nullopt;
              return ops_settings_json(*c);
            });
          return json_response(ops_settings_json(*updated));
        },
        {"Set a project's reporting cadence and surplus share for the operation fund",
         "programme-ops",
         true,
         {},
         "{cadence, surplus_share_bp, version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/projects/{id}/reports",
        [&app, today, guard_project](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(guard_project(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"period", "investment_fen", "satisfaction_pct", "progress",
                               "indicators", "problems"}));
          WEILAI_TRY(std::string period_text, f.string("period", 7));
          WEILAI_TRY(auto period, pg::parse_period(period_text, "/period"));
          if (period.first_day() > today())
            return Error::invalid("the period has not started yet", "/period");
          WEILAI_TRY(
              auto created,
              app.write<storage::ReportRow>(
                  req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::ReportRow> {
                    WEILAI_CHECK(project_in_scope(tx, actor, id, Action::programme_ops_report));
                    WEILAI_TRY(auto ms, storage::list_milestones(tx, id));
                    storage::ReportRow rep;
                    rep.project_id = id;
                    rep.period = period.text();
                    rep.created_at = app.clock().now_ms();
                    WEILAI_CHECK(read_report_content(f, body, ms, rep));
                    WEILAI_TRY(auto c, storage::insert_report(tx, rep));
                    ch.record("report.create", "monitoring_report", std::to_string(c.id),
                              report_json(c));
                    return c;
                  }));
          return json_response(report_json(created), 201);
        },
        {"File a monitoring report (a draft) for a month (YYYY-MM) or quarter (YYYY-Qn)",
         "programme-ops",
         true,
         {},
         "{period, investment_fen?, satisfaction_pct?, progress?: [{milestone_id, percent}], "
         "indicators?: [{key, value}], problems?}",
         {201, 404, 409, 422}});

  r.add("GET", "/api/v1/reports/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(
              auto rep, app.read<storage::ReportRow>([&](Tx& tx) -> Result<storage::ReportRow> {
                WEILAI_TRY(auto found, storage::get_report(tx, id));
                WEILAI_CHECK(
                    authorize_county(tx, actor, found.county_id, Action::programme_ops_read));
                return found;
              }));
          return json_response(report_json(rep));
        },
        {"One monitoring report", "programme-ops", true, {}, "", {404}});

  auto report_guard = [&app](const identity::Actor& actor, std::int64_t id,
                             Action action) -> Status {
    WEILAI_CHECK(app.read<bool>([&](Tx& tx) -> Result<bool> {
      WEILAI_TRY(auto found, storage::get_report(tx, id));
      WEILAI_CHECK(authorize_county(tx, actor, found.county_id, action));
      return true;
    }));
    return {};
  };
  auto report_conflict = [&app](const Error& e, const Request& req, std::int64_t id) {
    return problem_with_current(e, req, [&]() -> std::optional<json::value> {
      auto c = app.read<storage::ReportRow>([&](Tx& tx) { return storage::get_report(tx, id); });
      if (!c) return std::nullopt;
      return report_json(*c);
    });
  };

  r.add("PUT", "/api/v1/reports/{id}",
        [&app, report_guard, report_conflict](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(report_guard(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"investment_fen", "satisfaction_pct", "progress", "indicators",
                               "problems", "version"}));
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::ReportRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::ReportRow> {
                WEILAI_TRY(auto cur, storage::get_report(tx, id));
                if (cur.version != version)
                  return Error::conflict("the report was changed by someone else; reload it");
                if (!pg::report_editable(*pg::parse_report_status(cur.status)))
                  return Error{ErrorCode::failed_precondition,
                               "the report is " + cur.status + " and can no longer be edited",
                               {}};
                WEILAI_TRY(auto ms, storage::list_milestones(tx, cur.project_id));
                storage::ReportRow rep = cur;
                WEILAI_CHECK(read_report_content(f, body, ms, rep));
                WEILAI_TRY(auto u,
                           storage::update_report_content(tx, rep, version, app.clock().now_ms()));
                ch.record("report.update", "monitoring_report", std::to_string(id), report_json(u));
                return u;
              });
          if (!updated) return report_conflict(updated.error(), req, id);
          return json_response(report_json(*updated));
        },
        {"Edit a draft or returned report (optimistic: send the version you read)",
         "programme-ops",
         true,
         {},
         "{investment_fen?, satisfaction_pct?, progress?, indicators?, problems?, version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/reports/{id}/submit",
        [&app, report_guard, report_conflict](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(report_guard(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"version"}));
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::ReportRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::ReportRow> {
                WEILAI_TRY(auto cur, storage::get_report(tx, id));
                if (cur.version != version)
                  return Error::conflict("the report was changed by someone else; reload it");
                WEILAI_TRY(auto next,
                           pg::report_transition(*pg::parse_report_status(cur.status), "submit"));
                WEILAI_TRY(auto u, storage::update_report_status(tx, id, pg::to_string(next), "",
                                                                 app.clock().now_ms(), version));
                ch.record("report.submit", "monitoring_report", std::to_string(id),
                          {{"status", u.status}, {"period", u.period}});
                return u;
              });
          if (!updated) return report_conflict(updated.error(), req, id);
          return json_response(report_json(*updated));
        },
        {"Submit a report to the DRC (it can no longer be edited)",
         "programme-ops",
         true,
         {},
         "{version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/reports/{id}/review",
        [&app, report_guard, report_conflict](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(report_guard(actor, id, Action::programme_ops_review));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"decision", "comment", "version"}));
          WEILAI_TRY(std::string decision, f.string("decision", 8));
          if (decision != "review" && decision != "return")
            return Error::invalid("decision must be review or return", "/decision");
          WEILAI_TRY(auto comment, f.optional_string("comment", 1000));
          if (decision == "return" && (!comment || comment->empty()))
            return Error::invalid("a returned report needs a comment", "/comment");
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::ReportRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::ReportRow> {
                WEILAI_TRY(auto cur, storage::get_report(tx, id));
                if (cur.version != version)
                  return Error::conflict("the report was changed by someone else; reload it");
                WEILAI_TRY(auto next,
                           pg::report_transition(*pg::parse_report_status(cur.status), decision));
                WEILAI_TRY(auto u, storage::update_report_status(tx, id, pg::to_string(next),
                                                                 comment.value_or(""),
                                                                 app.clock().now_ms(), version));
                ch.record("report." + decision, "monitoring_report", std::to_string(id),
                          {{"status", u.status}, {"comment", u.review_comment}});
                return u;
              });
          if (!updated) return report_conflict(updated.error(), req, id);
          return json_response(report_json(*updated));
        },
        {"DRC: accept (review) or return a submitted report",
         "programme-ops",
         true,
         {},
         "{decision: review|return, comment?, version}",
         {404, 409, 422}});

  r.add("GET", "/api/v1/monitoring/overview",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          const auto scope = ops_scope(actor, Action::programme_ops_read);
          struct ProjectView {
            storage::ProjectRow project;
            storage::OpsSettingsRow settings;
            std::vector<storage::MilestoneRow> milestones;
          };
          struct View {
            std::vector<ProjectView> projects;
            std::vector<storage::ReportRow> reports;
          };
          WEILAI_TRY(View v, app.read<View>([&](Tx& tx) -> Result<View> {
            View out;
            storage::ProjectFilter pf;
            pf.county_scope = scope;
            pf.limit = 1000;
            WEILAI_TRY(auto projects, storage::list_projects(tx, pf));
            for (auto& p : projects) {
              ProjectView pv;
              WEILAI_TRY(pv.settings, storage::get_ops_settings(tx, p.id));
              WEILAI_TRY(pv.milestones, storage::list_milestones(tx, p.id));
              pv.project = std::move(p);
              out.projects.push_back(std::move(pv));
            }
            storage::ReportFilter rf;
            rf.county_scope = scope;
            WEILAI_TRY(out.reports, storage::list_reports(tx, rf));
            return out;
          }));
          const auto day = today();
          json::array overdue_reports, overdue_milestones, awaiting_review, projects;
          for (const auto& pv : v.projects) {
            std::vector<std::string> submitted;
            const storage::ReportRow* last = nullptr;
            for (const auto& rep : v.reports) {
              if (rep.project_id != pv.project.id) continue;
              if (rep.status == "submitted" || rep.status == "reviewed") {
                submitted.push_back(rep.period);
                last = &rep;
              }
            }
            const bool monitored = pg::stage_monitored(pv.project.stage);
            json::value overdue = nullptr;
            if (monitored) {
              const auto cadence =
                  pg::parse_cadence(pv.settings.cadence).value_or(pg::Cadence::month);
              if (auto p = pg::overdue_report(day, cadence, submitted)) {
                overdue = json::object{{"period", p->text()},
                                       {"due_on", pg::format_date(pg::report_due(*p))}};
                overdue_reports.push_back(
                    json::object{{"project_id", pv.project.id},
                                 {"project_name", pv.project.name},
                                 {"county_id", pv.project.county_id},
                                 {"county_name_zh", pv.project.county_name_zh},
                                 {"period", p->text()},
                                 {"due_on", pg::format_date(pg::report_due(*p))}});
              }
            }
            int late = 0;
            for (const auto& m : pv.milestones) {
              auto j = milestone_json(m, day);
              if (!j.at("overdue").as_bool()) continue;
              ++late;
              j["project_name"] = pv.project.name;
              j["county_name_zh"] = pv.project.county_name_zh;
              overdue_milestones.push_back(std::move(j));
            }
            projects.push_back(json::object{
                {"project_id", pv.project.id},
                {"project_name", pv.project.name},
                {"county_id", pv.project.county_id},
                {"county_name_zh", pv.project.county_name_zh},
                {"stage", pv.project.stage},
                {"monitored", monitored},
                {"cadence", pv.settings.cadence},
                {"last_period", last ? json::value(last->period) : json::value(nullptr)},
                {"overdue_report", overdue},
                {"overdue_milestones", late}});
          }
          for (const auto& rep : v.reports)
            if (rep.status == "submitted") awaiting_review.push_back(report_json(rep));
          return json_response(json::object{{"today", pg::format_date(day)},
                                            {"projects", std::move(projects)},
                                            {"overdue_reports", std::move(overdue_reports)},
                                            {"overdue_milestones", std::move(overdue_milestones)},
                                            {"awaiting_review", std::move(awaiting_review)}});
        },
        {"Monitoring at a glance: overdue reports and milestones, reports awaiting review",
         "programme-ops"});

  r.add("GET", "/api/v1/monitoring/trends",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          storage::ReportFilter rf;
          rf.county_scope = ops_scope(actor, Action::programme_ops_read);
          rf.county_id = query_int(req, "county_id", 1, kMaxId);
          rf.project_id = query_int(req, "project_id", 1, kMaxId);
          WEILAI_TRY(auto reports, app.read<std::vector<storage::ReportRow>>(
                                       [&](Tx& tx) { return storage::list_reports(tx, rf); }));
          // Submitted and reviewed reports only: drafts are not figures yet.
          std::set<std::string> periods;
          std::map<std::int64_t, std::string> names;
          std::map<std::int64_t, std::map<std::string, const storage::ReportRow*>> by_project;
          for (const auto& rep : reports) {
            if (rep.status != "submitted" && rep.status != "reviewed") continue;
            periods.insert(rep.period);
            names[rep.project_id] = rep.project_name;
            by_project[rep.project_id][rep.period] = &rep;
          }
          json::array period_list, series, total_investment;
          for (const auto& p : periods) period_list.push_back(json::string(p));
          std::map<std::string, std::int64_t> totals;
          for (const auto& [pid, reps] : by_project) {
            json::array inv, sat;
            for (const auto& p : periods) {
              auto it = reps.find(p);
              if (it == reps.end()) {
                inv.push_back(nullptr);
                sat.push_back(nullptr);
                continue;
              }
              inv.push_back(it->second->investment_fen);
              sat.push_back(opt_json(it->second->satisfaction_pct));
              totals[p] += it->second->investment_fen;
            }
            series.push_back(json::object{{"project_id", pid},
                                          {"project_name", names[pid]},
                                          {"investment_fen", std::move(inv)},
                                          {"satisfaction_pct", std::move(sat)}});
          }
          for (const auto& p : periods) total_investment.push_back(totals[p]);
          return json_response(json::object{{"periods", std::move(period_list)},
                                            {"series", std::move(series)},
                                            {"total_investment_fen", std::move(total_investment)}});
        },
        {"Trends of submitted reports per period (investment, satisfaction) per project",
         "programme-ops",
         true,
         {"county_id", "project_id"}});

  // ================================================================== targets
  r.add("GET", "/api/v1/targets",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          struct View {
            std::vector<storage::CountyRow> counties;
            std::vector<storage::TargetRow> targets;
            std::vector<storage::StageRow> stages;
          };
          WEILAI_TRY(View v, app.read<View>([&](Tx& tx) -> Result<View> {
            View out;
            WEILAI_TRY(out.counties, storage::list_counties(tx));
            WEILAI_TRY(out.targets, storage::list_targets(tx));
            WEILAI_TRY(out.stages, storage::project_stages(tx));
            return out;
          }));
          std::set<std::int64_t> years{pg::kDefaultTargetYear};
          for (const auto& t : v.targets) years.insert(t.year);
          json::array counties;
          for (const auto& c : v.counties) {
            std::int64_t prov = 0, muni = 0;
            for (const auto& s : v.stages) {
              if (s.county_id != c.id) continue;
              prov += pg::counts_as_provincial(s.stage);
              muni += pg::counts_as_municipal(s.stage);
            }
            json::array timeline;
            for (auto y : years) {
              pg::TargetProgress tp;
              std::int64_t version = 0;
              std::string note;
              bool set = false;
              for (const auto& t : v.targets)
                if (t.county_id == c.id && t.year == y) {
                  tp.provincial_target = t.provincial_target;
                  tp.municipal_target = t.municipal_target;
                  version = t.version;
                  note = t.note;
                  set = true;
                }
              if (!set && y == pg::kDefaultTargetYear) {
                tp.provincial_target = pg::kDefaultProvincialTarget;
                tp.municipal_target = pg::kDefaultMunicipalTarget;
              } else if (!set) {
                continue;
              }
              tp.provincial_actual = prov;
              tp.municipal_actual = muni;
              timeline.push_back(json::object{{"year", y},
                                              {"provincial_target", tp.provincial_target},
                                              {"municipal_target", tp.municipal_target},
                                              {"met", tp.met()},
                                              {"note", note},
                                              {"default", !set},
                                              {"version", version}});
            }
            counties.push_back(json::object{{"county_id", c.id},
                                            {"name_zh", c.name_zh},
                                            {"name_en", c.name_en},
                                            {"provincial_actual", prov},
                                            {"municipal_actual", muni},
                                            {"targets", std::move(timeline)}});
          }
          json::array year_list;
          for (auto y : years) year_list.push_back(y);
          return json_response(
              json::object{{"years", std::move(year_list)}, {"counties", std::move(counties)}});
        },
        {"Targets board: per county, provincial and municipal pilots targeted and achieved",
         "programme-ops"});

  r.add("PUT", "/api/v1/targets/{county_id}/{year}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const auto county = id_param(req, "county_id");
          const auto year = id_param(req, "year");
          if (year < 2019 || year > 2100) throw Problem(404, "not_found", "no such year");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"provincial_target", "municipal_target", "note", "version"}));
          storage::TargetRow t;
          t.county_id = county;
          t.year = year;
          WEILAI_TRY(t.provincial_target, f.integer("provincial_target", 0, 100));
          WEILAI_TRY(t.municipal_target, f.integer("municipal_target", 0, 100));
          WEILAI_TRY(auto note, f.optional_string("note", 200));
          t.note = note.value_or("");
          WEILAI_TRY(auto version, f.integer("version", 0, kMaxId));
          WEILAI_TRY(auto saved,
                     app.write<storage::TargetRow>(
                         req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::TargetRow> {
                           WEILAI_TRY(auto counties, storage::list_counties(tx));
                           if (std::none_of(counties.begin(), counties.end(),
                                            [&](auto& c) { return c.id == county; }))
                             return Error::not_found("no county " + std::to_string(county));
                           WEILAI_TRY(auto s,
                                      storage::put_target(tx, t, version, app.clock().now_ms()));
                           ch.record("target.put", "county", std::to_string(county),
                                     {{"year", year},
                                      {"provincial_target", s.provincial_target},
                                      {"municipal_target", s.municipal_target},
                                      {"note", s.note}});
                           return s;
                         }));
          return json_response(json::object{{"county_id", saved.county_id},
                                            {"year", saved.year},
                                            {"provincial_target", saved.provincial_target},
                                            {"municipal_target", saved.municipal_target},
                                            {"note", saved.note},
                                            {"version", saved.version}});
        },
        {"DRC: set a county's target for a year (version 0 to create)",
         "programme-ops",
         true,
         {},
         "{provincial_target, municipal_target, note?, version}",
         {404, 409, 422}});

  // ================================================================== funding
  r.add("GET", "/api/v1/projects/{id}/funding",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto view, app.read<json::object>([&](Tx& tx) -> Result<json::object> {
            WEILAI_CHECK(project_in_scope(tx, actor, id, Action::programme_ops_read));
            return funding_view(tx, id);
          }));
          return json_response(view);
        },
        {"A project's funding: sources, uses, balance and the operation-fund share",
         "programme-ops",
         true,
         {},
         "",
         {404}});

  r.add("POST", "/api/v1/projects/{id}/funding-lines",
        [&app, guard_project](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(guard_project(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(
              f.only({"direction", "kind", "amount_fen", "gross_fen", "state_share_bp", "note"}));
          WEILAI_TRY(auto line, read_funding_line(f));
          line.project_id = id;
          WEILAI_TRY(auto created,
                     app.write<storage::FundingLineRow>(
                         req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::FundingLineRow> {
                           WEILAI_TRY(auto c,
                                      storage::insert_funding_line(tx, line, app.clock().now_ms()));
                           // The project's totals must stay within range.
                           WEILAI_CHECK(funding_view(tx, id));
                           ch.record("funding_line.create", "project", std::to_string(id),
                                     funding_line_json(c));
                           return c;
                         }));
          return json_response(funding_line_json(created), 201);
        },
        {"Add a funding source or use (land_transfer: from gross revenue and the state's share)",
         "programme-ops",
         true,
         {},
         "{direction: source|use, kind, amount_fen | (gross_fen, state_share_bp), note?}",
         {201, 404, 422}});

  auto funding_guard = [&app](const identity::Actor& actor, std::int64_t id) -> Status {
    WEILAI_CHECK(app.read<bool>([&](Tx& tx) -> Result<bool> {
      WEILAI_TRY(auto l, storage::get_funding_line(tx, id));
      WEILAI_CHECK(project_in_scope(tx, actor, l.project_id, Action::programme_ops_report));
      return true;
    }));
    return {};
  };

  r.add("PUT", "/api/v1/funding-lines/{id}",
        [&app, funding_guard](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(funding_guard(actor, id));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"direction", "kind", "amount_fen", "gross_fen", "state_share_bp",
                               "note", "version"}));
          WEILAI_TRY(auto line, read_funding_line(f));
          line.id = id;
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::FundingLineRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::FundingLineRow> {
                WEILAI_TRY(auto u, storage::update_funding_line(tx, line, version));
                WEILAI_CHECK(funding_view(tx, u.project_id));
                ch.record("funding_line.update", "project", std::to_string(u.project_id),
                          funding_line_json(u));
                return u;
              });
          if (!updated)
            return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
              auto c = app.read<storage::FundingLineRow>(
                  [&](Tx& tx) { return storage::get_funding_line(tx, id); });
              if (!c) return std::nullopt;
              return funding_line_json(*c);
            });
          return json_response(funding_line_json(*updated));
        },
        {"Edit a funding line (optimistic)",
         "programme-ops",
         true,
         {},
         "{direction, kind, amount_fen | (gross_fen, state_share_bp), note?, version}",
         {404, 409, 422}});

  r.add("DELETE", "/api/v1/funding-lines/{id}",
        [&app, funding_guard](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(funding_guard(actor, id));
          const auto version = query_int(req, "version", 1, kMaxId);
          if (!version) throw Problem(400, "invalid_query", "version is required", "?version");
          WEILAI_CHECK(app.write<bool>(req, actor, [&](Tx& tx, Changes& ch) -> Result<bool> {
            WEILAI_TRY(auto l, storage::get_funding_line(tx, id));
            WEILAI_CHECK(storage::delete_funding_line(tx, id, *version));
            ch.record("funding_line.delete", "project", std::to_string(l.project_id),
                      funding_line_json(l));
            return true;
          }));
          return no_content();
        },
        {"Remove a funding line (?version= the version you read)",
         "programme-ops",
         true,
         {"version"},
         "",
         {404, 409}});

  r.add("GET", "/api/v1/rewards",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          WEILAI_TRY(auto rows, app.read<std::vector<storage::RewardRow>>(
                                    [&](Tx& tx) { return storage::list_rewards(tx); }));
          json::array items;
          for (const auto& w : rows)
            items.push_back(json::object{{"id", w.id},
                                         {"county_id", w.county_id},
                                         {"county_name_zh", w.county_name_zh},
                                         {"county_name_en", w.county_name_en},
                                         {"year", w.year},
                                         {"amount_fen", w.amount_fen},
                                         {"reason", w.reason}});
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"Municipal rewards to outstanding counties (市财政奖励)", "programme-ops"});

  r.add("POST", "/api/v1/rewards",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"county_id", "year", "amount_fen", "reason"}));
          storage::RewardRow w;
          WEILAI_TRY(w.county_id, f.integer("county_id", 1, kMaxId));
          WEILAI_TRY(w.year, f.integer("year", 2019, 2100));
          WEILAI_TRY(w.amount_fen, f.integer("amount_fen", 1, pg::kMaxFen));
          WEILAI_TRY(w.reason, f.string("reason", 200));
          WEILAI_TRY(auto created,
                     app.write<storage::RewardRow>(
                         req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::RewardRow> {
                           WEILAI_TRY(auto c, storage::insert_reward(tx, w, app.clock().now_ms()));
                           ch.record("reward.create", "county", std::to_string(c.county_id),
                                     {{"id", c.id},
                                      {"year", c.year},
                                      {"amount_fen", c.amount_fen},
                                      {"reason", c.reason}});
                           return c;
                         }));
          return json_response(json::object{{"id", created.id},
                                            {"county_id", created.county_id},
                                            {"county_name_zh", created.county_name_zh},
                                            {"county_name_en", created.county_name_en},
                                            {"year", created.year},
                                            {"amount_fen", created.amount_fen},
                                            {"reason", created.reason}},
                               201);
        },
        {"DRC: record a municipal reward to a county",
         "programme-ops",
         true,
         {},
         "{county_id, year, amount_fen, reason}",
         {201, 422}});

  // ================================================================== incentives
  r.add("GET", "/api/v1/projects/{id}/incentives",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          struct View {
            storage::ProjectRow project;
            std::vector<storage::IncentiveRow> incentives;
            std::vector<storage::TalentAwardRow> talents;
          };
          WEILAI_TRY(View v, app.read<View>([&](Tx& tx) -> Result<View> {
            View out;
            WEILAI_TRY(out.project, project_in_scope(tx, actor, id, Action::programme_ops_read));
            WEILAI_TRY(out.incentives, storage::list_incentives(tx, id));
            WEILAI_TRY(out.talents, storage::list_talent_awards(tx, id));
            return out;
          }));
          json::array inc, tal;
          std::int64_t owed = 0, paid = 0;
          for (const auto& i : v.incentives) {
            inc.push_back(incentive_json(i));
            owed += i.owed_fen;
            paid += i.paid_fen;
          }
          for (const auto& t : v.talents) tal.push_back(talent_json(t));
          return json_response(json::object{{"project_id", id},
                                            {"stage", v.project.stage},
                                            {"payable", pg::incentive_payable(v.project.stage)},
                                            {"owed_fen", owed},
                                            {"paid_fen", paid},
                                            {"incentives", std::move(inc)},
                                            {"talents", std::move(tal)}});
        },
        {"A project's support policies (owed, paid, payable once named) and talent awards",
         "programme-ops",
         true,
         {},
         "",
         {404}});

  r.add("POST", "/api/v1/projects/{id}/incentives",
        [&app, guard_project](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(guard_project(actor, id, Action::programme_ops_review));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"policy", "owed_fen"}));
          storage::IncentiveRow i;
          i.project_id = id;
          WEILAI_TRY(i.policy, f.string("policy", 200));
          WEILAI_TRY(i.owed_fen, f.integer("owed_fen", 1, pg::kMaxFen));
          WEILAI_TRY(
              auto created,
              app.write<storage::IncentiveRow>(
                  req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::IncentiveRow> {
                    WEILAI_TRY(auto c, storage::insert_incentive(tx, i, app.clock().now_ms()));
                    ch.record("incentive.create", "project", std::to_string(id), incentive_json(c));
                    return c;
                  }));
          return json_response(incentive_json(created), 201);
        },
        {"DRC: record a support policy owed to a project",
         "programme-ops",
         true,
         {},
         "{policy, owed_fen}",
         {201, 404, 422}});

  r.add("POST", "/api/v1/incentives/{id}/payments",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(app.read<bool>([&](Tx& tx) -> Result<bool> {
            WEILAI_TRY(auto i, storage::get_incentive(tx, id));
            WEILAI_CHECK(project_in_scope(tx, actor, i.project_id, Action::programme_ops_review));
            return true;
          }));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"amount_fen", "version"}));
          WEILAI_TRY(auto amount, f.integer("amount_fen", 1, pg::kMaxFen));
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::IncentiveRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::IncentiveRow> {
                WEILAI_TRY(auto i, storage::get_incentive(tx, id));
                WEILAI_TRY(auto p, storage::get_project(tx, i.project_id));
                WEILAI_TRY(auto total, pg::pay_incentive(p.stage, i.owed_fen, i.paid_fen, amount));
                WEILAI_TRY(auto u, storage::set_incentive_paid(tx, id, total, version));
                ch.record("incentive.pay", "project", std::to_string(i.project_id),
                          {{"incentive_id", id}, {"amount_fen", amount}, {"paid_fen", total}});
                return u;
              });
          if (!updated)
            return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
              auto c = app.read<storage::IncentiveRow>(
                  [&](Tx& tx) { return storage::get_incentive(tx, id); });
              if (!c) return std::nullopt;
              return incentive_json(*c);
            });
          return json_response(incentive_json(*updated));
        },
        {"DRC: pay part of a support policy (409 until the project is named)",
         "programme-ops",
         true,
         {},
         "{amount_fen, version}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/projects/{id}/talents",
        [&app, guard_project](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(guard_project(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"person_name", "tier", "introduced_on", "housing_fen",
                               "purchase_discount_fen", "rent_relief_fen"}));
          storage::TalentAwardRow a;
          a.project_id = id;
          WEILAI_TRY(a.person_name, f.string("person_name", 64));
          WEILAI_TRY(a.tier, f.string("tier", 1));
          if (!pg::is_talent_tier(a.tier)) return Error::invalid("tier must be A–D", "/tier");
          WEILAI_TRY(a.introduced_on, date_field(f, "introduced_on"));
          WEILAI_TRY(a.housing_fen, fen_field(f, "housing_fen", false));
          WEILAI_TRY(a.purchase_discount_fen, fen_field(f, "purchase_discount_fen", false));
          WEILAI_TRY(a.rent_relief_fen, fen_field(f, "rent_relief_fen", false));
          WEILAI_TRY(
              auto created,
              app.write<storage::TalentAwardRow>(
                  req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::TalentAwardRow> {
                    WEILAI_TRY(auto c, storage::insert_talent_award(tx, a, app.clock().now_ms()));
                    ch.record("talent_award.create", "project", std::to_string(id), talent_json(c));
                    return c;
                  }));
          return json_response(talent_json(created), 201);
        },
        {"Record what a newly introduced talent received (住房激励、购房优惠、房租减免)",
         "programme-ops",
         true,
         {},
         "{person_name, tier: A|B|C|D, introduced_on, housing_fen?, purchase_discount_fen?, "
         "rent_relief_fen?}",
         {201, 404, 422}});

  // ================================================================== approvals
  auto read_approval = [](const JsonFields& f) -> Result<storage::ApprovalRow> {
    storage::ApprovalRow a;
    WEILAI_TRY(a.kind, f.string("kind", 32));
    if (!pg::is_approval_kind(a.kind)) return Error::invalid("unknown approval kind", "/kind");
    WEILAI_TRY(auto title, f.optional_string("title", 100));
    a.title = title.value_or("");
    WEILAI_TRY(a.submitted_on, date_field(f, "submitted_on"));
    WEILAI_TRY(a.approved_on, optional_date_field(f, "approved_on"));
    WEILAI_TRY(a.visits, f.integer("visits", 1, pg::kMaxVisits));
    std::optional<pg::Day> approved;
    if (a.approved_on) approved = *pg::parse_date(*a.approved_on);
    WEILAI_CHECK(pg::check_approval_dates(*pg::parse_date(a.submitted_on), approved));
    return a;
  };

  r.add("GET", "/api/v1/projects/{id}/approvals",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          struct View {
            std::vector<storage::ApprovalRow> items;
            std::set<pg::Day> holidays;
          };
          WEILAI_TRY(View v, app.read<View>([&](Tx& tx) -> Result<View> {
            View out;
            WEILAI_CHECK(project_in_scope(tx, actor, id, Action::programme_ops_read));
            WEILAI_TRY(out.items, storage::list_approvals(tx, id, std::nullopt));
            WEILAI_TRY(out.holidays, holiday_set(tx));
            return out;
          }));
          json::array items;
          for (const auto& a : v.items) items.push_back(approval_json(a, today(), v.holidays));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"A project's approval items with working days elapsed",
         "programme-ops",
         true,
         {},
         "",
         {404}});

  r.add("POST", "/api/v1/projects/{id}/approvals",
        [&app, today, guard_project, read_approval](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_CHECK(guard_project(actor, id, Action::programme_ops_report));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"kind", "title", "submitted_on", "approved_on", "visits"}));
          WEILAI_TRY(auto a, read_approval(f));
          a.project_id = id;
          struct Out {
            storage::ApprovalRow row;
            std::set<pg::Day> holidays;
          };
          WEILAI_TRY(auto created,
                     app.write<Out>(req, actor, [&](Tx& tx, Changes& ch) -> Result<Out> {
                       Out out;
                       WEILAI_TRY(out.row, storage::insert_approval(tx, a, app.clock().now_ms()));
                       WEILAI_TRY(out.holidays, holiday_set(tx));
                       ch.record("approval.create", "project", std::to_string(id),
                                 approval_json(out.row, today(), out.holidays));
                       return out;
                     }));
          return json_response(approval_json(created.row, today(), created.holidays), 201);
        },
        {"Add an approval item (土地收储, 控规调整, 土地出让, 审批许可, …)",
         "programme-ops",
         true,
         {},
         "{kind, title?, submitted_on, approved_on?, visits}",
         {201, 404, 422}});

  r.add(
      "PUT", "/api/v1/approvals/{id}",
      [&app, today, read_approval](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.signed_in(req));
        const auto id = id_param(req, "id");
        WEILAI_CHECK(app.read<bool>([&](Tx& tx) -> Result<bool> {
          WEILAI_TRY(auto a, storage::get_approval(tx, id));
          WEILAI_CHECK(authorize_county(tx, actor, a.county_id, Action::programme_ops_report));
          return true;
        }));
        const auto body = parse_json_object(req);
        JsonFields f(body);
        WEILAI_CHECK(f.only({"kind", "title", "submitted_on", "approved_on", "visits", "version"}));
        WEILAI_TRY(auto a, read_approval(f));
        a.id = id;
        WEILAI_TRY(auto version, version_field(f));
        struct Out {
          storage::ApprovalRow row;
          std::set<pg::Day> holidays;
        };
        auto updated = app.write<Out>(req, actor, [&](Tx& tx, Changes& ch) -> Result<Out> {
          Out out;
          WEILAI_TRY(out.row, storage::update_approval(tx, a, version));
          WEILAI_TRY(out.holidays, holiday_set(tx));
          ch.record("approval.update", "project", std::to_string(out.row.project_id),
                    approval_json(out.row, today(), out.holidays));
          return out;
        });
        if (!updated)
          return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
            auto c = app.read<storage::ApprovalRow>(
                [&](Tx& tx) { return storage::get_approval(tx, id); });
            if (!c) return std::nullopt;
            return approval_json(*c, today(), {});
          });
        return json_response(approval_json(updated->row, today(), updated->holidays));
      },
      {"Edit an approval item (optimistic)",
       "programme-ops",
       true,
       {},
       "{kind, title?, submitted_on, approved_on?, visits, version}",
       {404, 409, 422}});

  r.add("GET", "/api/v1/approvals/board",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          const auto scope = ops_scope(actor, Action::programme_ops_read);
          struct View {
            std::vector<storage::ApprovalRow> items;
            std::set<pg::Day> holidays;
          };
          WEILAI_TRY(View v, app.read<View>([&](Tx& tx) -> Result<View> {
            View out;
            WEILAI_TRY(out.items, storage::list_approvals(tx, std::nullopt, scope));
            WEILAI_TRY(out.holidays, holiday_set(tx));
            return out;
          }));
          std::vector<json::object> all;
          for (const auto& a : v.items) all.push_back(approval_json(a, today(), v.holidays));
          std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
            return a.at("working_days").as_int64() > b.at("working_days").as_int64();
          });
          json::array slowest, multi;
          std::int64_t total_days = 0, approved = 0, one_visit = 0;
          for (const auto& o : all) {
            if (slowest.size() < 10) slowest.push_back(o);
            if (o.at("more_than_one_visit").as_bool())
              multi.push_back(o);
            else
              ++one_visit;
            if (!o.at("pending").as_bool()) {
              ++approved;
              total_days += o.at("working_days").as_int64();
            }
          }
          return json_response(json::object{
              {"slowest", std::move(slowest)},
              {"more_than_one_visit", std::move(multi)},
              {"items", all.size()},
              {"one_visit_share_pct",
               all.empty() ? json::value(nullptr)
                           : json::value(static_cast<std::int64_t>(
                                 (one_visit * 100 + static_cast<std::int64_t>(all.size()) / 2) /
                                 static_cast<std::int64_t>(all.size())))},
              {"average_working_days_approved",
               approved ? json::value((total_days * 10 + approved / 2) / approved / 10.0)
                        : json::value(nullptr)}});
        },
        {"Green-channel board: the slowest items and those needing more than one visit",
         "programme-ops"});

  r.add("GET", "/api/v1/holidays",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          WEILAI_TRY(auto rows, app.read<std::vector<storage::HolidayRow>>(
                                    [&](Tx& tx) { return storage::list_holidays(tx); }));
          json::array items;
          for (const auto& h : rows)
            items.push_back(json::object{{"day", h.day}, {"name", h.name}});
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"Public holidays excluded from working days", "programme-ops"});

  r.add("PUT", "/api/v1/holidays/{day}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const std::string day = req.path_params.at("day");
          if (!pg::parse_date(day)) throw Problem(404, "not_found", "no such date");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"name"}));
          WEILAI_TRY(auto name, f.string("name", 32));
          WEILAI_CHECK(app.write<bool>(req, actor, [&](Tx& tx, Changes& ch) -> Result<bool> {
            WEILAI_CHECK(storage::put_holiday(tx, {day, name}));
            ch.record("holiday.put", "holiday", day, {{"name", name}});
            return true;
          }));
          return json_response(json::object{{"day", day}, {"name", name}});
        },
        {"DRC: add or rename a holiday (YYYY-MM-DD)",
         "programme-ops",
         true,
         {},
         "{name}",
         {404, 422}});

  r.add("DELETE", "/api/v1/holidays/{day}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const std::string day = req.path_params.at("day");
          if (!pg::parse_date(day)) throw Problem(404, "not_found", "no such date");
          WEILAI_CHECK(app.write<bool>(req, actor, [&](Tx& tx, Changes& ch) -> Result<bool> {
            WEILAI_CHECK(storage::delete_holiday(tx, day));
            ch.record("holiday.delete", "holiday", day, {});
            return true;
          }));
          return no_content();
        },
        {"DRC: remove a holiday", "programme-ops", true, {}, "", {404}});

  // ================================================================== leadership
  auto read_meeting = [](const JsonFields& f) -> Result<storage::MeetingRow> {
    storage::MeetingRow m;
    WEILAI_TRY(m.held_on, date_field(f, "held_on"));
    WEILAI_TRY(m.title, f.string("title", 100));
    WEILAI_TRY(auto minutes, f.optional_string("minutes", 10000));
    m.minutes = minutes.value_or("");
    return m;
  };

  r.add("GET", "/api/v1/leadership/meetings",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          WEILAI_TRY(auto rows, app.read<std::vector<storage::MeetingRow>>(
                                    [&](Tx& tx) { return storage::list_meetings(tx); }));
          json::array items;
          for (const auto& m : rows) items.push_back(meeting_json(m));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"Leadership group meetings (领导小组例会)", "programme-ops"});

  r.add("POST", "/api/v1/leadership/meetings",
        [&app, read_meeting](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"held_on", "title", "minutes"}));
          WEILAI_TRY(auto m, read_meeting(f));
          WEILAI_TRY(auto created,
                     app.write<storage::MeetingRow>(
                         req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::MeetingRow> {
                           WEILAI_TRY(auto c, storage::insert_meeting(tx, m, app.clock().now_ms()));
                           ch.record("meeting.create", "meeting", std::to_string(c.id),
                                     meeting_json(c));
                           return c;
                         }));
          return json_response(meeting_json(created), 201);
        },
        {"DRC office: record a meeting with its minutes",
         "programme-ops",
         true,
         {},
         "{held_on, title, minutes?}",
         {201, 422}});

  r.add("GET", "/api/v1/leadership/meetings/{id}",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          const auto id = id_param(req, "id");
          struct View {
            storage::MeetingRow meeting;
            std::vector<storage::ActionItemRow> items;
          };
          WEILAI_TRY(View v, app.read<View>([&](Tx& tx) -> Result<View> {
            View out;
            WEILAI_TRY(out.meeting, storage::get_meeting(tx, id));
            WEILAI_TRY(out.items, storage::list_action_items(tx, id));
            return out;
          }));
          json::object o = meeting_json(v.meeting);
          json::array items;
          for (const auto& a : v.items) items.push_back(action_json(a, today()));
          o["action_items"] = std::move(items);
          return json_response(o);
        },
        {"One meeting with its action items", "programme-ops", true, {}, "", {404}});

  r.add("PUT", "/api/v1/leadership/meetings/{id}",
        [&app, read_meeting](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"held_on", "title", "minutes", "version"}));
          WEILAI_TRY(auto m, read_meeting(f));
          m.id = id;
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::MeetingRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::MeetingRow> {
                WEILAI_TRY(auto u, storage::update_meeting(tx, m, version));
                ch.record("meeting.update", "meeting", std::to_string(id), meeting_json(u));
                return u;
              });
          if (!updated)
            return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
              auto c = app.read<storage::MeetingRow>(
                  [&](Tx& tx) { return storage::get_meeting(tx, id); });
              if (!c) return std::nullopt;
              return meeting_json(*c);
            });
          return json_response(meeting_json(*updated));
        },
        {"DRC office: edit a meeting (optimistic)",
         "programme-ops",
         true,
         {},
         "{held_on, title, minutes?, version}",
         {404, 409, 422}});

  auto read_action = [](const JsonFields& f) -> Result<storage::ActionItemRow> {
    storage::ActionItemRow a;
    WEILAI_TRY(a.decision, f.string("decision", 500));
    WEILAI_TRY(a.department, f.string("department", 32));
    if (!pg::find_department(a.department))
      return Error::invalid("unknown department", "/department");
    WEILAI_TRY(a.deadline, date_field(f, "deadline"));
    WEILAI_TRY(auto status, f.optional_string("status", 16));
    a.status = status.value_or("open");
    if (!pg::parse_action_status(a.status))
      return Error::invalid("status must be open, in_progress or done", "/status");
    WEILAI_TRY(a.done_on, optional_date_field(f, "done_on"));
    if (a.status == "done" && !a.done_on)
      return Error::invalid("a done item needs its done_on date", "/done_on");
    if (a.status != "done" && a.done_on)
      return Error::invalid("only a done item has a done_on date", "/done_on");
    return a;
  };

  r.add("POST", "/api/v1/leadership/meetings/{id}/actions",
        [&app, today, read_action](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"decision", "department", "deadline", "status", "done_on"}));
          WEILAI_TRY(auto a, read_action(f));
          a.meeting_id = id;
          WEILAI_TRY(auto created,
                     app.write<storage::ActionItemRow>(
                         req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::ActionItemRow> {
                           WEILAI_CHECK(storage::get_meeting(tx, id));
                           WEILAI_TRY(auto c,
                                      storage::insert_action_item(tx, a, app.clock().now_ms()));
                           ch.record("action_item.create", "meeting", std::to_string(id),
                                     action_json(c, 0));
                           return c;
                         }));
          return json_response(action_json(created, today()), 201);
        },
        {"DRC office: turn a decision into an action item for a responsible department",
         "programme-ops",
         true,
         {},
         "{decision, department, deadline, status?: open|in_progress|done, done_on?}",
         {201, 404, 422}});

  r.add("GET", "/api/v1/leadership/actions",
        [&app, today](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_read));
          const auto overdue_only = query_int(req, "overdue", 0, 1).value_or(0) == 1;
          const auto department = query_string(req, "department", 32);
          WEILAI_TRY(auto rows, app.read<std::vector<storage::ActionItemRow>>([&](Tx& tx) {
            return storage::list_action_items(tx, std::nullopt);
          }));
          json::array items;
          std::int64_t overdue = 0;
          for (const auto& a : rows) {
            if (department && a.department != *department) continue;
            auto j = action_json(a, today());
            const bool late = j.at("overdue").as_bool();
            overdue += late;
            if (overdue_only && !late) continue;
            items.push_back(std::move(j));
          }
          return json_response(json::object{{"items", std::move(items)}, {"overdue", overdue}});
        },
        {"Action items of every meeting, with the overdue flag",
         "programme-ops",
         true,
         {"overdue", "department"}});

  r.add("PUT", "/api/v1/leadership/actions/{id}",
        [&app, today, read_action](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::programme_ops_review));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(
              f.only({"decision", "department", "deadline", "status", "done_on", "version"}));
          WEILAI_TRY(auto a, read_action(f));
          a.id = id;
          WEILAI_TRY(auto version, version_field(f));
          auto updated = app.write<storage::ActionItemRow>(
              req, actor, [&](Tx& tx, Changes& ch) -> Result<storage::ActionItemRow> {
                WEILAI_TRY(auto u, storage::update_action_item(tx, a, version));
                ch.record("action_item.update", "meeting", std::to_string(u.meeting_id),
                          action_json(u, 0));
                return u;
              });
          if (!updated)
            return problem_with_current(updated.error(), req, [&]() -> std::optional<json::value> {
              auto c = app.read<storage::ActionItemRow>(
                  [&](Tx& tx) { return storage::get_action_item(tx, id); });
              if (!c) return std::nullopt;
              return action_json(*c, today());
            });
          return json_response(action_json(*updated, today()));
        },
        {"DRC office: update an action item (status, deadline; optimistic)",
         "programme-ops",
         true,
         {},
         "{decision, department, deadline, status, done_on?, version}",
         {404, 409, 422}});
}

}  // namespace weilai::http
