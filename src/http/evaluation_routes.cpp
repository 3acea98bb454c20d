// Evaluation (#6): indicator rulesets and their lifecycle, site inputs and reported values per
// project, evaluations (run, list, get, compare, trend, league, latest = the acceptance hook), and
// resident satisfaction surveys (create, close, answer per household, anonymous results).
// Rulesets travel as JSON only: XLSX ⇄ JSON happens in the browser (docs/EVALUATION.md).
#include <boost/json.hpp>
#include <regex>

#include "evaluation/evaluate.hpp"
#include "evaluation/site_import.hpp"
#include "evaluation/survey.hpp"
#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "storage/community_store.hpp"
#include "storage/evaluation_store.hpp"
#include "storage/org_store.hpp"
#include "storage/programme_store.hpp"
#include "storage/project_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;

namespace {

json::value raw(const std::string& text) {
  return json::parse(text);
}

std::string today(const App& app) {
  return format_iso8601(app.clock().now_ms()).substr(0, 10);
}

bool valid_date(const std::string& s) {
  static const std::regex re("^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$");
  return std::regex_match(s, re);
}

// End of that day (UTC) in Unix ms: data dated that day is included.
UnixMillis end_of_day(const std::string& date) {
  std::tm tm{};
  tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(date.substr(8, 2));
  return static_cast<UnixMillis>(timegm(&tm)) * 1000 + 86400 * 1000 - 1;
}

json::object ruleset_json(const storage::RulesetRow& r, bool with_body) {
  json::object o{
      {"id", r.id},
      {"code", r.code},
      {"version_label", r.version_label},
      {"status", r.status},
      {"provenance", r.provenance},
      {"name_zh", r.name_zh},
      {"copied_from", r.copied_from ? json::value(*r.copied_from) : json::value()},
      {"created_at", format_iso8601(r.created_at)},
      {"updated_at", format_iso8601(r.updated_at)},
      {"published_at",
       r.published_at ? json::value(format_iso8601(*r.published_at)) : json::value()},
      {"retired_at", r.retired_at ? json::value(format_iso8601(*r.retired_at)) : json::value()},
      {"evaluations", r.evaluations},
      {"version", r.version}};
  if (with_body) o["ruleset"] = raw(r.body);
  return o;
}

json::object reported_json(const evaluation::ReportedValue& v) {
  return json::object{{"id", v.id},
                      {"indicator_code", v.indicator_code},
                      {"value_number", v.number ? json::value(*v.number) : json::value()},
                      {"value_flag", v.flag ? json::value(*v.flag) : json::value()},
                      {"period", v.period},
                      {"evidence", v.evidence},
                      {"attachment_ref", v.attachment_ref},
                      {"review_status", v.review_status},
                      {"review_note", v.review_note}};
}

json::object evaluation_summary_json(const storage::EvaluationRow& e) {
  return json::object{{"id", e.id},
                      {"project_id", e.project_id},
                      {"ruleset_id", e.ruleset_id},
                      {"ruleset_code", e.ruleset_code},
                      {"ruleset_version", e.ruleset_version},
                      {"as_of", e.as_of},
                      {"score", e.score},
                      {"pass_mark", e.pass_mark},
                      {"binding_failed", e.binding_failed},
                      {"no_data", e.no_data},
                      {"verdict", e.verdict},
                      {"created_at", format_iso8601(e.created_at)}};
}

json::object survey_json(const storage::SurveyRow& s, UnixMillis now) {
  const char* state = now < s.opens_at ? "scheduled" : now > s.closes_at ? "closed" : "open";
  return json::object{{"id", s.id},
                      {"project_id", s.project_id},
                      {"title", s.title},
                      {"description", s.description},
                      {"questions", raw(s.questions)},
                      {"opens_at", format_iso8601(s.opens_at)},
                      {"closes_at", format_iso8601(s.closes_at)},
                      {"state", state},
                      {"min_group_size", s.min_group_size},
                      {"responses", s.responses}};
}

// The org path a project is authorised against: its community's (which includes the county) when
// it has one, else its county's.
Result<identity::Resource> project_resource(storage::Tx& tx, const storage::ProjectRow& p) {
  identity::Resource res;
  WEILAI_TRY(res.org_path, storage::org_path(tx, p.community_id ? *p.community_id : p.county_id));
  return res;
}

// Loads the project and checks the action on it (404 before 403 only for actors who may take the
// action somewhere; others get 403 without learning whether it exists).
Result<storage::ProjectRow> project_for(storage::Tx& tx, const identity::Actor& actor,
                                        std::int64_t id, Action action) {
  auto p = storage::get_project(tx, id);
  if (!p) return p.error();
  WEILAI_TRY(auto res, project_resource(tx, *p));
  WEILAI_CHECK(identity::authorize(actor, action, res));
  return p;
}

Result<identity::Actor> can_somewhere(App& app, const Request& req, Action action) {
  return app.allowed(req, action);
}

Result<evaluation::Ruleset> ruleset_from_value(const json::value& v, const std::string& prefix) {
  auto rs = evaluation::parse_ruleset(json::serialize(v));
  if (!rs) {
    auto e = rs.error();
    e.field = prefix + e.field;
    if (e.field.empty()) e.field = "/";
    return e;
  }
  return rs;
}

Result<evaluation::ReportedValue> reported_from_body(const json::object& body) {
  JsonFields f(body);
  WEILAI_CHECK(f.only(
      {"indicator_code", "value_number", "value_flag", "period", "evidence", "attachment_ref"}));
  evaluation::ReportedValue v;
  WEILAI_TRY(v.indicator_code, f.string("indicator_code", 32));
  if (body.contains("value_number") && !body.at("value_number").is_null()) {
    const auto& n = body.at("value_number");
    if (!n.is_number()) return Error::invalid("value_number must be a number", "/value_number");
    v.number = n.to_number<double>();
    if (!std::isfinite(*v.number))
      return Error::invalid("value_number must be finite", "/value_number");
  }
  WEILAI_TRY(v.flag, f.optional_boolean("value_flag"));
  if (v.number.has_value() == v.flag.has_value())
    return Error::invalid("give exactly one of value_number and value_flag", "/value_number");
  WEILAI_TRY(v.period, f.string("period", 10));
  if (!valid_date(v.period)) return Error::invalid("period must be YYYY-MM-DD", "/period");
  WEILAI_TRY(v.evidence, f.string("evidence", 2000));
  WEILAI_TRY(auto att, f.optional_string("attachment_ref", 500));
  v.attachment_ref = att.value_or("");
  return v;
}

// Everything evaluate() needs for one project at one date, read in the caller's transaction.
Result<evaluation::EvaluationInput> gather(storage::Tx& tx, const storage::ProjectRow& p,
                                           const std::string& as_of) {
  evaluation::EvaluationInput in;
  in.project = {p.id, p.name, p.project_type, p.households};
  in.as_of = as_of;
  WEILAI_TRY(auto site, storage::get_site_inputs(tx, p.id));
  if (site) {
    WEILAI_TRY(in.site, evaluation::parse_site_inputs(site->body));
  }
  WEILAI_TRY(in.reported, storage::list_reported_values(tx, p.id));
  WEILAI_TRY(in.adapters, storage::read_adapters(tx, p.id, end_of_day(as_of)));
  return in;
}

// The households of the actor that belong to the survey's project community.
Result<std::vector<std::int64_t>> eligible_households_of(storage::Tx& tx,
                                                         const identity::Actor& actor,
                                                         const storage::ProjectRow& p) {
  std::vector<std::int64_t> out;
  if (!p.community_id) return out;
  for (auto hid : actor.household_ids) {
    WEILAI_TRY(auto h, storage::get_household(tx, hid));
    if (h.community_id == *p.community_id) out.push_back(hid);
  }
  return out;
}

}  // namespace

void add_evaluation_routes(App& app) {
  auto& r = app.router();

  // ---- rulesets -------------------------------------------------------------------------------
  r.add("GET", "/api/v1/rulesets",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_read));
          (void)actor;
          WEILAI_TRY(auto rows, app.read<std::vector<storage::RulesetRow>>(
                                    [](storage::Tx& tx) { return storage::list_rulesets(tx); }));
          json::array items;
          for (const auto& x : rows) items.push_back(ruleset_json(x, false));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Indicator rulesets (all versions)", "evaluation"});

  r.add("POST", "/api/v1/rulesets",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_manage));
          auto body = parse_json_object(req);
          WEILAI_TRY(auto rs, ruleset_from_value(body, ""));
          WEILAI_TRY(
              auto row,
              app.write<storage::RulesetRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::RulesetRow> {
                    WEILAI_TRY(auto created, storage::insert_ruleset(tx, rs, "draft", std::nullopt,
                                                                     app.clock().now_ms()));
                    ch.record("ruleset.import", "ruleset", std::to_string(created.id),
                              {{"code", rs.code}, {"version", rs.version}});
                    return created;
                  }));
          return json_response(ruleset_json(row, true), 201);
        },
        {"Import a ruleset (JSON) as a new draft",
         "evaluation",
         true,
         {},
         "a ruleset document",
         {201, 409, 422}});

  r.add("GET", "/api/v1/rulesets/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_read));
          (void)actor;
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto row, app.read<storage::RulesetRow>(
                                   [&](storage::Tx& tx) { return storage::get_ruleset(tx, id); }));
          return json_response(ruleset_json(row, true));
        },
        {"One ruleset with its indicators", "evaluation", true, {}, "", {404}});

  r.add("GET", "/api/v1/rulesets/{id}/export",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_read));
          (void)actor;
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto row, app.read<storage::RulesetRow>(
                                   [&](storage::Tx& tx) { return storage::get_ruleset(tx, id); }));
          Response res = json_response(raw(row.body));
          res.set_header("Content-Disposition",
                         "attachment; filename=\"ruleset-" + std::to_string(row.id) + ".json\"");
          return res;
        },
        {"A ruleset as a JSON document (the import format)", "evaluation", true, {}, "", {404}});

  r.add("PUT", "/api/v1/rulesets/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_manage));
          const auto id = id_param(req, "id");
          auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"version", "ruleset"}));
          WEILAI_TRY(auto version, f.integer("version", 1, std::int64_t{1} << 53));
          if (!body.contains("ruleset"))
            return Error::invalid("missing field /ruleset", "/ruleset");
          WEILAI_TRY(auto rs, ruleset_from_value(body.at("ruleset"), "/ruleset"));
          auto row = app.write<storage::RulesetRow>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::RulesetRow> {
                WEILAI_TRY(auto updated,
                           storage::update_ruleset(tx, id, version, rs, app.clock().now_ms()));
                ch.record("ruleset.update", "ruleset", std::to_string(id),
                          {{"code", rs.code}, {"version", rs.version}});
                return updated;
              });
          if (!row && row.error().code == ErrorCode::conflict)
            return problem_with_current(row.error(), req, [&]() -> std::optional<json::value> {
              auto current = app.read<storage::RulesetRow>(
                  [&](storage::Tx& tx) { return storage::get_ruleset(tx, id); });
              if (!current) return std::nullopt;
              return ruleset_json(*current, false);
            });
          if (!row) return row.error();
          return json_response(ruleset_json(*row, true));
        },
        {"Replace a draft ruleset's indicators",
         "evaluation",
         true,
         {},
         "{version, ruleset}",
         {404, 409, 422}});

  r.add("DELETE", "/api/v1/rulesets/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_manage));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto ok,
                     app.write<bool>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<bool> {
                       WEILAI_CHECK(storage::delete_draft_ruleset(tx, id));
                       ch.record("ruleset.delete", "ruleset", std::to_string(id), {});
                       return true;
                     }));
          (void)ok;
          return no_content();
        },
        {"Delete a draft ruleset", "evaluation", true, {}, "", {204, 404, 409}});

  for (const std::string to : {"published", "retired"}) {
    const std::string verb = to == "published" ? "publish" : "retire";
    r.add("POST", "/api/v1/rulesets/{id}/" + verb,
          [&app, to, verb](Request& req) -> Result<Response> {
            WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_manage));
            const auto id = id_param(req, "id");
            WEILAI_TRY(
                auto row,
                app.write<storage::RulesetRow>(
                    req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::RulesetRow> {
                      WEILAI_TRY(auto done,
                                 storage::set_ruleset_status(tx, id, to, app.clock().now_ms()));
                      ch.record("ruleset." + verb, "ruleset", std::to_string(id), {{"status", to}});
                      return done;
                    }));
            return json_response(ruleset_json(row, false));
          },
          {to == "published" ? "Publish a draft ruleset (it becomes immutable)"
                             : "Retire a published ruleset (no new evaluations use it)",
           "evaluation",
           true,
           {},
           "",
           {404, 409}});
  }

  r.add("POST", "/api/v1/rulesets/{id}/copy",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::rulesets_manage));
          const auto id = id_param(req, "id");
          auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"version_label"}));
          WEILAI_TRY(auto label, f.string("version_label", 64));
          WEILAI_TRY(
              auto row,
              app.write<storage::RulesetRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::RulesetRow> {
                    WEILAI_TRY(auto from, storage::get_ruleset(tx, id));
                    WEILAI_TRY(auto rs, evaluation::parse_ruleset(from.body));
                    rs.version = label;
                    WEILAI_TRY(auto created,
                               storage::insert_ruleset(tx, rs, "draft", id, app.clock().now_ms()));
                    ch.record("ruleset.copy", "ruleset", std::to_string(created.id),
                              {{"from", id}, {"version", label}});
                    return created;
                  }));
          return json_response(ruleset_json(row, true), 201);
        },
        {"Copy a ruleset into a new draft version",
         "evaluation",
         true,
         {},
         "{version_label}",
         {201, 404, 409, 422}});

  // ---- site inputs and reported values ---------------------------------------------------------
  r.add("GET", "/api/v1/projects/{id}/site-inputs",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_read));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto row,
                     app.read<std::optional<storage::SiteInputsRow>>(
                         [&](storage::Tx& tx) -> Result<std::optional<storage::SiteInputsRow>> {
                           WEILAI_CHECK(project_for(tx, actor, id, Action::evaluations_read));
                           return storage::get_site_inputs(tx, id);
                         }));
          if (!row)
            return json_response(
                json::object{{"project_id", id}, {"inputs", nullptr}, {"version", 0}});
          return json_response(json::object{{"project_id", id},
                                            {"inputs", raw(row->body)},
                                            {"updated_at", format_iso8601(row->updated_at)},
                                            {"version", row->version}});
        },
        {"A project's site data (plots, floor areas by use, greening, facilities)",
         "evaluation",
         true,
         {},
         "",
         {404}});

  r.add("PUT", "/api/v1/projects/{id}/site-inputs",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluation_inputs_edit));
          const auto id = id_param(req, "id");
          auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"version", "inputs"}));
          WEILAI_TRY(auto version, f.integer("version", 0, std::int64_t{1} << 53));
          if (!body.contains("inputs")) return Error::invalid("missing field /inputs", "/inputs");
          auto site = evaluation::parse_site_inputs(json::serialize(body.at("inputs")));
          if (!site) {
            auto e = site.error();
            e.field = "/inputs" + e.field;
            return e;
          }
          WEILAI_TRY(
              auto row,
              app.write<storage::SiteInputsRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::SiteInputsRow> {
                    WEILAI_CHECK(project_for(tx, actor, id, Action::evaluation_inputs_edit));
                    WEILAI_TRY(auto saved,
                               storage::put_site_inputs(tx, id, version, evaluation::to_json(*site),
                                                        *actor.account_id, app.clock().now_ms()));
                    ch.record("site_inputs.update", "project", std::to_string(id),
                              {{"version", saved.version}});
                    return saved;
                  }));
          return json_response(json::object{{"project_id", id},
                                            {"inputs", raw(row.body)},
                                            {"updated_at", format_iso8601(row.updated_at)},
                                            {"version", row.version}});
        },
        {"Enter or replace a project's site data",
         "evaluation",
         true,
         {},
         "{version, inputs}",
         {404, 409, 422}});

  r.add("POST", "/api/v1/projects/{id}/site-inputs/import",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluation_inputs_edit));
          const auto id = id_param(req, "id");
          auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"version", "format", "content", "filename", "rows"}));
          WEILAI_TRY(auto version, f.integer("version", 0, std::int64_t{1} << 53));
          WEILAI_TRY(auto format, f.string("format", 16));
          WEILAI_TRY(auto filename, f.optional_string("filename", 200));
          if (format != "csv" && format != "geojson" && format != "rows")
            return Error::invalid("format is csv, geojson or rows", "/format");
          std::string content;
          std::vector<evaluation::SiteRow> rows;
          if (format == "rows") {
            if (!body.contains("rows") || !body.at("rows").is_array())
              return Error::invalid("rows must be an array", "/rows");
            const auto& arr = body.at("rows").as_array();
            if (arr.size() > 20000) return Error::invalid("at most 20000 rows", "/rows");
            for (std::size_t i = 0; i < arr.size(); ++i) {
              const std::string ptr = "/rows/" + std::to_string(i);
              if (!arr[i].is_object()) return Error::invalid(ptr + " must be an object", ptr);
              const auto& o = arr[i].as_object();
              evaluation::SiteRow row;
              row.pointer_prefix = ptr + "/values";
              if (auto* s = o.if_contains("sheet"); s && s->is_string())
                row.default_type = std::string(s->as_string());
              if (auto* w = o.if_contains("where"); w && w->is_string())
                row.where = std::string(w->as_string());
              else
                row.where = "row " + std::to_string(i + 1);
              const auto* values = o.if_contains("values");
              if (!values || !values->is_object())
                return Error::invalid(ptr + "/values must be an object", ptr + "/values");
              for (const auto& [k, v] : values->as_object()) {
                std::string key(k);
                for (auto& c : key)
                  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (v.is_string())
                  row.values[key] = std::string(v.as_string());
                else if (v.is_null())
                  row.values[key] = "";
                else if (v.is_number() || v.is_bool())
                  row.values[key] = json::serialize(v);
                else
                  return Error::invalid(ptr + "/values/" + key + " must be a text or a number",
                                        ptr + "/values/" + key);
              }
              rows.push_back(std::move(row));
            }
          } else {
            WEILAI_TRY(content, f.string("content", 8u << 20));
          }
          // The import runs against the stored document (tier and households are kept unless a
          // `site` row sets them); a concurrent change is caught by the version on write (409).
          WEILAI_TRY(auto current,
                     app.read<std::optional<storage::SiteInputsRow>>(
                         [&](storage::Tx& tx) -> Result<std::optional<storage::SiteInputsRow>> {
                           WEILAI_CHECK(project_for(tx, actor, id, Action::evaluation_inputs_edit));
                           return storage::get_site_inputs(tx, id);
                         }));
          evaluation::SiteInputs base;
          if (current) {
            WEILAI_TRY(base, evaluation::parse_site_inputs(current->body));
          }
          const evaluation::SiteImport imp =
              format == "rows" ? evaluation::import_site_rows(rows, base)
              : format == "csv"
                  ? evaluation::import_site_csv(content, filename.value_or("site.csv"), base)
                  : evaluation::import_site_geojson(content, base);
          if (!imp.issues.empty()) {
            const auto& first = imp.issues.front();
            Response res =
                problem_response(422, "validation_failed",
                                 std::to_string(imp.issues.size()) +
                                     " problem(s) in the import; first: " + first.message,
                                 req, first.pointer);
            auto problem = json::parse(res.body).as_object();
            json::array errors;
            for (const auto& i : imp.issues)
              errors.push_back(json::object{{"field", i.pointer},
                                            {"row", i.where},
                                            {"column", i.field},
                                            {"message", i.message}});
            problem["errors"] = std::move(errors);
            res.body = json::serialize(problem);
            return res;
          }
          WEILAI_TRY(
              auto saved,
              app.write<storage::SiteInputsRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::SiteInputsRow> {
                    WEILAI_CHECK(project_for(tx, actor, id, Action::evaluation_inputs_edit));
                    WEILAI_TRY(auto row, storage::put_site_inputs(
                                             tx, id, version, evaluation::to_json(imp.inputs),
                                             *actor.account_id, app.clock().now_ms()));
                    ch.record("site_inputs.import", "project", std::to_string(id),
                              {{"version", row.version}, {"format", format}, {"rows", imp.rows}});
                    return row;
                  }));
          const std::pair<storage::SiteInputsRow, int> done{saved, imp.rows};
          return json_response(json::object{{"project_id", id},
                                            {"inputs", raw(done.first.body)},
                                            {"updated_at", format_iso8601(done.first.updated_at)},
                                            {"version", done.first.version},
                                            {"imported_rows", done.second}});
        },
        {"Import a project's site data from CSV, GeoJSON or spreadsheet rows (replaces plots and "
         "facilities; every error names its row and column)",
         "evaluation",
         true,
         {},
         "{version, format: csv|geojson|rows, content? (csv/geojson text), filename?, rows?: "
         "[{where, sheet, values}]}",
         {404, 409, 422}});

  r.add("GET", "/api/v1/projects/{id}/reported-values",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_read));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto rows,
                     app.read<std::vector<evaluation::ReportedValue>>(
                         [&](storage::Tx& tx) -> Result<std::vector<evaluation::ReportedValue>> {
                           WEILAI_CHECK(project_for(tx, actor, id, Action::evaluations_read));
                           return storage::list_reported_values(tx, id);
                         }));
          json::array items;
          for (const auto& v : rows) items.push_back(reported_json(v));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Values reported for a project's indicators, with evidence and review",
         "evaluation",
         true,
         {},
         "",
         {404}});

  r.add(
      "POST", "/api/v1/projects/{id}/reported-values",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluation_inputs_edit));
        const auto id = id_param(req, "id");
        auto body = parse_json_object(req);
        WEILAI_TRY(auto v, reported_from_body(body));
        WEILAI_TRY(
            auto saved,
            app.write<evaluation::ReportedValue>(
                req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<evaluation::ReportedValue> {
                  WEILAI_CHECK(project_for(tx, actor, id, Action::evaluation_inputs_edit));
                  // "attachment:<id>" names an evidence file uploaded to the project's
                  // attachments; it must be one of this project's.
                  if (v.attachment_ref.rfind("attachment:", 0) == 0) {
                    const auto rest = v.attachment_ref.substr(11);
                    const bool digits = !rest.empty() && rest.size() < 16 &&
                                        rest.find_first_not_of("0123456789") == std::string::npos;
                    bool found = false;
                    if (digits) {
                      WEILAI_TRY(auto files, storage::list_attachments(tx, id));
                      for (const auto& a : files)
                        if (a.id == std::stoll(rest)) found = true;
                    }
                    if (!found)
                      return Error::invalid("attachment_ref names no attachment of this project",
                                            "/attachment_ref");
                  }
                  WEILAI_TRY(auto out, storage::insert_reported_value(tx, id, v, actor.account_id,
                                                                      app.clock().now_ms()));
                  ch.record("reported_value.create", "reported_value", std::to_string(out.id),
                            {{"project_id", id}, {"indicator_code", v.indicator_code}});
                  return out;
                }));
        return json_response(reported_json(saved), 201);
      },
      {"Report an indicator value with evidence",
       "evaluation",
       true,
       {},
       "{indicator_code, value_number | value_flag, period, evidence, attachment_ref}",
       {201, 404, 422}});

  r.add("POST", "/api/v1/reported-values/{id}/review",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::evaluation_values_review));
          const auto id = id_param(req, "id");
          auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"status", "note"}));
          WEILAI_TRY(auto status, f.string("status", 16));
          if (status != "accepted" && status != "queried")
            return Error::invalid("status must be accepted or queried", "/status");
          WEILAI_TRY(auto note, f.optional_string("note", 2000));
          if (status == "queried" && note.value_or("").empty())
            return Error::invalid("a query needs a note saying what is wrong", "/note");
          WEILAI_TRY(auto saved,
                     app.write<evaluation::ReportedValue>(
                         req, actor,
                         [&](storage::Tx& tx, Changes& ch) -> Result<evaluation::ReportedValue> {
                           WEILAI_TRY(auto found, storage::get_reported_value(tx, id));
                           WEILAI_CHECK(project_for(tx, actor, found.first,
                                                    Action::evaluation_values_review));
                           WEILAI_TRY(auto out, storage::review_reported_value(
                                                    tx, id, status, note.value_or(""),
                                                    *actor.account_id, app.clock().now_ms()));
                           ch.record("reported_value.review", "reported_value", std::to_string(id),
                                     {{"status", status}});
                           return out;
                         }));
          return json_response(reported_json(saved));
        },
        {"Accept or query a reported value (DRC)",
         "evaluation",
         true,
         {},
         "{status, note}",
         {404, 422}});

  // ---- evaluations ------------------------------------------------------------------------------
  r.add("POST", "/api/v1/projects/{id}/evaluations",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_run));
          const auto id = id_param(req, "id");
          auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only({"ruleset_id", "as_of"}));
          WEILAI_TRY(auto ruleset_id, f.integer("ruleset_id", 1, std::int64_t{1} << 53));
          WEILAI_TRY(auto as_of_opt, f.optional_string("as_of", 10));
          const std::string as_of = as_of_opt.value_or(today(app));
          if (!valid_date(as_of)) return Error::invalid("as_of must be YYYY-MM-DD", "/as_of");
          if (as_of > today(app)) return Error::invalid("as_of cannot be in the future", "/as_of");
          WEILAI_TRY(
              auto row,
              app.write<storage::EvaluationRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::EvaluationRow> {
                    WEILAI_TRY(auto p, project_for(tx, actor, id, Action::evaluations_run));
                    WEILAI_TRY(auto rsrow, storage::get_ruleset(tx, ruleset_id));
                    if (rsrow.status != "published")
                      return Error{ErrorCode::failed_precondition,
                                   "only a published ruleset can be used (this "
                                   "one is " +
                                       rsrow.status + ")",
                                   "/ruleset_id"};
                    WEILAI_TRY(auto rs, evaluation::parse_ruleset(rsrow.body));
                    WEILAI_TRY(auto in, gather(tx, p, as_of));
                    auto result = evaluation::evaluate(rs, in);
                    WEILAI_TRY(auto saved,
                               storage::insert_evaluation(tx, ruleset_id, result, actor.account_id,
                                                          app.clock().now_ms()));
                    ch.record("evaluation.run", "evaluation", std::to_string(saved.id),
                              {{"project_id", id},
                               {"ruleset_id", ruleset_id},
                               {"as_of", as_of},
                               {"verdict", saved.verdict},
                               {"score", saved.score}});
                    return saved;
                  }));
          auto out = evaluation_summary_json(row);
          out["result"] = raw(row.result);
          return json_response(out, 201);
        },
        {"Evaluate a project against a published ruleset at a date (DRC)",
         "evaluation",
         true,
         {},
         "{ruleset_id, as_of}",
         {201, 404, 409, 422}});

  r.add("GET", "/api/v1/projects/{id}/evaluations",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_read));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto rows,
                     app.read<std::vector<storage::EvaluationRow>>(
                         [&](storage::Tx& tx) -> Result<std::vector<storage::EvaluationRow>> {
                           WEILAI_CHECK(project_for(tx, actor, id, Action::evaluations_read));
                           return storage::list_evaluations(tx, id);
                         }));
          json::array items;
          for (const auto& e : rows) items.push_back(evaluation_summary_json(e));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"A project's evaluations, newest first", "evaluation", true, {}, "", {404}});

  r.add(
      "GET", "/api/v1/projects/{id}/evaluations/latest",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_read));
        const auto id = id_param(req, "id");
        WEILAI_TRY(auto s,
                   app.read<std::optional<storage::AcceptanceSummary>>(
                       [&](storage::Tx& tx) -> Result<std::optional<storage::AcceptanceSummary>> {
                         WEILAI_CHECK(project_for(tx, actor, id, Action::evaluations_read));
                         return storage::latest_evaluation_summary(tx, id);
                       }));
        if (!s) return Error::not_found("project " + std::to_string(id) + " has no evaluation");
        return json_response(json::object{{"evaluation_id", s->evaluation_id},
                                          {"ruleset_id", s->ruleset_id},
                                          {"ruleset_code", s->ruleset_code},
                                          {"ruleset_version", s->ruleset_version},
                                          {"as_of", s->as_of},
                                          {"binding_failed", s->binding_failed},
                                          {"score", s->score},
                                          {"pass_mark", s->pass_mark},
                                          {"verdict", s->verdict}});
      },
      {"The latest evaluation's summary (the acceptance hook)", "evaluation", true, {}, "", {404}});

  r.add("GET", "/api/v1/projects/{id}/evaluations/trend",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_read));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto rows,
                     app.read<std::vector<storage::EvaluationRow>>(
                         [&](storage::Tx& tx) -> Result<std::vector<storage::EvaluationRow>> {
                           WEILAI_CHECK(project_for(tx, actor, id, Action::evaluations_read));
                           return storage::list_evaluations(tx, id, true);
                         }));
          // Oldest first; one series per indicator code.
          json::array points;
          std::map<std::string, json::array> series;
          std::map<std::string, std::string> names;
          for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
            points.push_back(json::object{{"evaluation_id", it->id},
                                          {"as_of", it->as_of},
                                          {"ruleset_version", it->ruleset_version},
                                          {"score", it->score},
                                          {"verdict", it->verdict}});
            auto doc = raw(it->result).as_object();
            for (const auto& i : doc.at("indicators").as_array()) {
              const auto& o = i.as_object();
              const std::string code(o.at("code").as_string());
              names[code] = std::string(o.at("name_zh").as_string());
              series[code].push_back(json::object{{"evaluation_id", it->id},
                                                  {"as_of", it->as_of},
                                                  {"value", o.at("value")},
                                                  {"outcome", o.at("outcome")}});
            }
          }
          json::array indicators;
          for (auto& [code, s] : series)
            indicators.push_back(
                json::object{{"code", code}, {"name_zh", names[code]}, {"points", std::move(s)}});
          return json_response(json::object{{"evaluations", std::move(points)},
                                            {"indicators", std::move(indicators)}});
        },
        {"Each indicator's value across the project's evaluations (monitoring trend)",
         "evaluation",
         true,
         {},
         "",
         {404}});

  r.add("GET", "/api/v1/evaluations/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_read));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto row, app.read<storage::EvaluationRow>(
                                   [&](storage::Tx& tx) -> Result<storage::EvaluationRow> {
                                     WEILAI_TRY(auto e, storage::get_evaluation(tx, id));
                                     WEILAI_CHECK(project_for(tx, actor, e.project_id,
                                                              Action::evaluations_read));
                                     return e;
                                   }));
          auto out = evaluation_summary_json(row);
          out["result"] = raw(row.result);
          return json_response(out);
        },
        {"One evaluation with every indicator's value, source and outcome",
         "evaluation",
         true,
         {},
         "",
         {404}});

  r.add("GET", "/api/v1/evaluations/compare",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::evaluations_read));
          const auto a = query_int(req, "a", 1, std::int64_t{1} << 53);
          const auto b = query_int(req, "b", 1, std::int64_t{1} << 53);
          if (!a || !b) return Error::invalid("give two evaluations: ?a=…&b=…", "?a");
          using Pair = std::pair<storage::EvaluationRow, storage::EvaluationRow>;
          WEILAI_TRY(auto pair, app.read<Pair>([&](storage::Tx& tx) -> Result<Pair> {
            WEILAI_TRY(auto ea, storage::get_evaluation(tx, *a));
            WEILAI_TRY(auto eb, storage::get_evaluation(tx, *b));
            WEILAI_CHECK(project_for(tx, actor, ea.project_id, Action::evaluations_read));
            WEILAI_CHECK(project_for(tx, actor, eb.project_id, Action::evaluations_read));
            return std::make_pair(ea, eb);
          }));
          WEILAI_TRY(auto diff, evaluation::compare_json(pair.first.result, pair.second.result));
          auto out = raw(diff).as_object();
          out["a"] = evaluation_summary_json(pair.first);
          out["b"] = evaluation_summary_json(pair.second);
          return json_response(out);
        },
        {"What changed between two evaluations, indicator by indicator, and why",
         "evaluation",
         true,
         {"a", "b"},
         "",
         {404}});

  r.add("GET", "/api/v1/evaluations/league",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::evaluations_read));
          auto county = query_int(req, "county_id", 1, std::int64_t{1} << 53);
          // County officials see their own county's table only.
          std::optional<std::int64_t> own;
          bool wide = false;
          for (const auto& g : actor.grants) {
            if (!identity::role_allows(g.role, Action::evaluations_read)) continue;
            if (g.org_unit_kind == "county")
              own = g.org_unit_id;
            else
              wide = true;
          }
          if (!wide) {
            if (county && county != own) return Error::denied("only your own county's table");
            county = own;
          }
          WEILAI_TRY(auto rows, app.read<std::vector<storage::EvaluationRow>>([&](storage::Tx& tx) {
            return storage::league_table(tx, county);
          }));
          json::array items;
          int rank = 0;
          for (const auto& e : rows) {
            auto o = evaluation_summary_json(e);
            o["rank"] = ++rank;
            o["project_name"] = e.project_name;
            o["county_id"] = e.county_id;
            o["county_name_zh"] = e.county_name_zh;
            items.push_back(std::move(o));
          }
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"League table: each project's latest evaluation, binding failures first out, then score",
         "evaluation",
         true,
         {"county_id"}});

  // ---- surveys ------------------------------------------------------------------------------
  r.add("GET", "/api/v1/projects/{id}/surveys",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(
              auto rows,
              app.read<std::vector<storage::SurveyRow>>(
                  [&](storage::Tx& tx) -> Result<std::vector<storage::SurveyRow>> {
                    WEILAI_TRY(auto p, storage::get_project(tx, id));
                    WEILAI_TRY(auto res, project_resource(tx, p));
                    if (!identity::authorize(actor, Action::surveys_manage, res)) {
                      WEILAI_CHECK(identity::authorize(actor, Action::evaluations_read, res));
                    }
                    return storage::list_surveys(tx, id);
                  }));
          json::array items;
          for (const auto& s : rows) items.push_back(survey_json(s, app.clock().now_ms()));
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"A project's satisfaction surveys", "surveys", true, {}, "", {404}});

  r.add("POST", "/api/v1/projects/{id}/surveys",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::surveys_manage));
          const auto id = id_param(req, "id");
          auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_CHECK(f.only(
              {"title", "description", "questions", "opens_at", "closes_at", "min_group_size"}));
          storage::SurveyRow s;
          s.project_id = id;
          WEILAI_TRY(s.title, f.string("title", 200));
          WEILAI_TRY(auto desc, f.optional_string("description", 4000));
          s.description = desc.value_or("");
          if (!body.contains("questions"))
            return Error::invalid("missing field /questions", "/questions");
          WEILAI_TRY(auto qs, evaluation::parse_questions(json::serialize(body.at("questions"))));
          s.questions = evaluation::questions_json(qs);
          WEILAI_TRY(auto opens, f.string("opens_at", 10));
          WEILAI_TRY(auto closes, f.string("closes_at", 10));
          if (!valid_date(opens)) return Error::invalid("opens_at must be YYYY-MM-DD", "/opens_at");
          if (!valid_date(closes))
            return Error::invalid("closes_at must be YYYY-MM-DD", "/closes_at");
          if (closes < opens) return Error::invalid("closes_at is before opens_at", "/closes_at");
          s.opens_at = end_of_day(opens) - 86400 * 1000 + 1;
          s.closes_at = end_of_day(closes);
          WEILAI_TRY(auto min, f.optional_integer("min_group_size", 2, 1000));
          s.min_group_size = min.value_or(5);
          WEILAI_TRY(
              auto row,
              app.write<storage::SurveyRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::SurveyRow> {
                    WEILAI_TRY(auto p, project_for(tx, actor, id, Action::surveys_manage));
                    if (!p.community_id)
                      return Error{ErrorCode::failed_precondition,
                                   "the project has no community: nobody could "
                                   "answer",
                                   ""};
                    WEILAI_TRY(auto created, storage::insert_survey(tx, s, actor.account_id,
                                                                    app.clock().now_ms()));
                    ch.record("survey.create", "survey", std::to_string(created.id),
                              {{"project_id", id}, {"title", s.title}});
                    return created;
                  }));
          return json_response(survey_json(row, app.clock().now_ms()), 201);
        },
        {"Create a satisfaction survey for a project",
         "surveys",
         true,
         {},
         "{title, description, questions, opens_at, closes_at, min_group_size}",
         {201, 404, 409, 422}});

  r.add("GET", "/api/v1/surveys/mine",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          struct Mine {
            storage::SurveyRow survey;
            std::int64_t household_id;
            std::optional<std::string> answers;
          };
          WEILAI_TRY(auto rows,
                     app.read<std::vector<Mine>>([&](storage::Tx& tx) -> Result<std::vector<Mine>> {
                       std::vector<Mine> out;
                       for (auto hid : actor.household_ids) {
                         WEILAI_TRY(auto h, storage::get_household(tx, hid));
                         WEILAI_TRY(auto ss,
                                    storage::surveys_for_communities(tx, {h.community_id}));
                         for (auto& s : ss) {
                           WEILAI_TRY(auto a, storage::answered_at(tx, s.id, hid));
                           out.push_back({std::move(s), hid, std::move(a)});
                         }
                       }
                       return out;
                     }));
          json::array items;
          const auto now = app.clock().now_ms();
          for (const auto& m : rows) {
            auto o = survey_json(m.survey, now);
            o.erase("responses");
            o["household_id"] = m.household_id;
            o["answered"] = m.answers.has_value();
            o["my_answers"] = m.answers ? raw(*m.answers) : json::value();
            items.push_back(std::move(o));
          }
          return json_response(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
        },
        {"Surveys the signed-in resident's households may answer, with their own answers",
         "surveys"});

  r.add("GET", "/api/v1/surveys/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(
              auto s,
              app.read<storage::SurveyRow>([&](storage::Tx& tx) -> Result<storage::SurveyRow> {
                WEILAI_TRY(auto found, storage::get_survey(tx, id));
                WEILAI_TRY(auto p, storage::get_project(tx, found.project_id));
                WEILAI_TRY(auto res, project_resource(tx, p));
                if (identity::authorize(actor, Action::surveys_manage, res) ||
                    identity::authorize(actor, Action::evaluations_read, res))
                  return found;
                WEILAI_CHECK(identity::authorize(actor, Action::surveys_answer, res));
                WEILAI_TRY(auto mine, eligible_households_of(tx, actor, p));
                if (mine.empty()) return Error::denied("your household is not in this community");
                return found;
              }));
          return json_response(survey_json(s, app.clock().now_ms()));
        },
        {"One survey with its questions", "surveys", true, {}, "", {404}});

  r.add("POST", "/api/v1/surveys/{id}/close",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, can_somewhere(app, req, Action::surveys_manage));
          const auto id = id_param(req, "id");
          WEILAI_TRY(
              auto s,
              app.write<storage::SurveyRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::SurveyRow> {
                    WEILAI_TRY(auto found, storage::get_survey(tx, id));
                    WEILAI_CHECK(project_for(tx, actor, found.project_id, Action::surveys_manage));
                    WEILAI_CHECK(storage::close_survey(tx, id, app.clock().now_ms()));
                    ch.record("survey.close", "survey", std::to_string(id), {});
                    return storage::get_survey(tx, id);
                  }));
          return json_response(survey_json(s, app.clock().now_ms()));
        },
        {"Close a survey now", "surveys", true, {}, "", {404, 409}});

  r.add(
      "POST", "/api/v1/surveys/{id}/responses",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, can_somewhere(app, req, Action::surveys_answer));
        const auto id = id_param(req, "id");
        auto body = parse_json_object(req);
        JsonFields f(body);
        WEILAI_CHECK(f.only({"household_id", "answers"}));
        WEILAI_TRY(auto household, f.optional_integer("household_id", 1, std::int64_t{1} << 53));
        if (!body.contains("answers")) return Error::invalid("missing field /answers", "/answers");
        const std::string answers_text = json::serialize(body.at("answers"));
        struct Out {
          bool replaced;
          std::int64_t household;
        };
        WEILAI_TRY(
            auto out,
            app.write<Out>(
                req, actor,
                [&](storage::Tx& tx, Changes& ch) -> Result<Out> {
                  WEILAI_TRY(auto s, storage::get_survey(tx, id));
                  WEILAI_TRY(auto p, storage::get_project(tx, s.project_id));
                  WEILAI_TRY(auto res, project_resource(tx, p));
                  WEILAI_CHECK(identity::authorize(actor, Action::surveys_answer, res));
                  WEILAI_TRY(auto mine, eligible_households_of(tx, actor, p));
                  if (mine.empty()) return Error::denied("your household is not in this community");
                  std::int64_t hid = mine.front();
                  if (household) {
                    if (std::find(mine.begin(), mine.end(), *household) == mine.end())
                      return Error::denied("you do not belong to household " +
                                           std::to_string(*household));
                    hid = *household;
                  }
                  const auto now = app.clock().now_ms();
                  if (now < s.opens_at)
                    return Error{ErrorCode::failed_precondition, "the survey is not open yet", ""};
                  if (now > s.closes_at)
                    return Error{ErrorCode::failed_precondition,
                                 "the survey closed on " + format_iso8601(s.closes_at), ""};
                  WEILAI_TRY(auto qs, evaluation::parse_questions(s.questions));
                  WEILAI_TRY(auto canonical, evaluation::validate_answers(qs, answers_text));
                  WEILAI_TRY(bool replaced,
                             storage::upsert_survey_response(tx, id, hid, canonical, now));
                  // The audit names the survey only: which household answered what stays
                  // unrecorded.
                  ch.record(replaced ? "survey.response.replace" : "survey.response.create",
                            "survey", std::to_string(id), {});
                  return Out{replaced, hid};
                },
                storage::TxMode::serializable));
        return json_response(
            json::object{
                {"survey_id", id}, {"household_id", out.household}, {"replaced", out.replaced}},
            out.replaced ? 200 : 201);
      },
      {"Answer a survey for your household (a later answer replaces the earlier one)",
       "surveys",
       true,
       {},
       "{household_id?, answers}",
       {201, 404, 409, 422}});

  r.add("GET", "/api/v1/surveys/{id}/results",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          struct Data {
            storage::SurveyRow s;
            std::vector<evaluation::SurveyResponseRow> rows;
            std::int64_t eligible;
          };
          WEILAI_TRY(auto d, app.read<Data>([&](storage::Tx& tx) -> Result<Data> {
            WEILAI_TRY(auto s, storage::get_survey(tx, id));
            WEILAI_TRY(auto p, storage::get_project(tx, s.project_id));
            WEILAI_TRY(auto res, project_resource(tx, p));
            if (!identity::authorize(actor, Action::surveys_manage, res)) {
              WEILAI_CHECK(identity::authorize(actor, Action::evaluations_read, res));
            }
            WEILAI_TRY(auto rows, storage::survey_responses(tx, id, app.clock().now_ms()));
            WEILAI_TRY(auto eligible, storage::eligible_households(tx, s.project_id));
            return Data{s, rows, eligible};
          }));
          WEILAI_TRY(auto qs, evaluation::parse_questions(d.s.questions));
          auto out = raw(evaluation::survey_results(qs, d.rows, d.eligible,
                                                    static_cast<int>(d.s.min_group_size)))
                         .as_object();
          out["survey"] = survey_json(d.s, app.clock().now_ms());
          return json_response(out);
        },
        {"Anonymous results; breakdowns only for groups of the minimum size",
         "surveys",
         true,
         {},
         "",
         {404}});
}

}  // namespace weilai::http
