// Programme (issue #5, record and lifecycle half): creating and editing project records with a
// field history, lifecycle transitions, attachments, county action plans, and the public portal.
#include <boost/json.hpp>

#include "crypto/crypto.hpp"
#include "http/app.hpp"
#include "http/json_io.hpp"
#include "http/problem.hpp"
#include "http/programme_views.hpp"
#include "http/views.hpp"
#include "programme/lifecycle.hpp"
#include "programme/project_record.hpp"
#include "programme/site_polygon.hpp"
#include "storage/blob_store.hpp"
#include "storage/evaluation_store.hpp"
#include "storage/org_store.hpp"
#include "storage/programme_store.hpp"

namespace weilai::http {
namespace json = boost::json;
using identity::Action;
using identity::Role;

namespace {

// The roles the actor holds on a unit (its grants on the unit or an ancestor) that take part in
// the lifecycle: a county official of another county holds none on this project.
std::vector<Role> roles_on(const identity::Actor& actor, const std::vector<std::int64_t>& path) {
  std::vector<Role> out;
  for (const auto& g : actor.grants) {
    if (!identity::role_allows(g.role, Action::projects_transition)) continue;
    if (std::find(path.begin(), path.end(), g.org_unit_id) == path.end()) continue;
    if (std::find(out.begin(), out.end(), g.role) == out.end()) out.push_back(g.role);
  }
  return out;
}

// Counties whose projects the actor may write (nullopt: all).
std::optional<std::vector<std::int64_t>> scope_of(const identity::Actor& actor, Action action) {
  std::vector<std::int64_t> counties;
  for (const auto& g : actor.grants) {
    if (!identity::role_allows(g.role, action)) continue;
    if (g.org_unit_kind == "province" || g.org_unit_kind == "city") return std::nullopt;
    if (g.org_unit_kind == "county") counties.push_back(g.org_unit_id);
  }
  return counties;
}

Result<programme::Context> context_of(storage::Tx& tx, std::int64_t project_id) {
  WEILAI_TRY(auto done, storage::reviews_since_recommend(tx, project_id));
  programme::Context ctx;
  for (const auto& a : done)
    if (auto parsed = programme::parse_action(a)) ctx.reviews_done.push_back(*parsed);
  return ctx;
}

// A 409/422 problem carrying the project as it is now, so a form can show what changed.
Response problem_with_project(App& app, const Error& error, Request& req, std::int64_t id,
                              const identity::Actor& actor) {
  return problem_with_current(error, req, [&]() -> std::optional<json::value> {
    auto current = app.read<json::object>([&](storage::Tx& tx) -> Result<json::object> {
      WEILAI_TRY(auto p, storage::get_project(tx, id));
      WEILAI_TRY(auto path, storage::org_path(tx, p.county_id));
      return project_detail_json(tx, actor, p, path);
    });
    if (!current) return std::nullopt;
    return json::value(std::move(*current));
  });
}

// ---- reading the project body ----

Result<std::optional<double>> number(const json::object& o, std::string_view key, double min,
                                     double max) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<double>{};
  const auto& v = it->value();
  double d = 0;
  if (v.is_double())
    d = v.as_double();
  else if (v.is_int64())
    d = static_cast<double>(v.as_int64());
  else if (v.is_uint64())
    d = static_cast<double>(v.as_uint64());
  else
    return Error::invalid(std::string(key) + " must be a number", "/" + std::string(key));
  if (!(d >= min && d <= max))
    return Error::invalid(std::string(key) + " is out of range", "/" + std::string(key));
  return std::optional<double>{d};
}

// The project record's milestones: [{id?, phase?, name, due_on, done_on?}] (ids of this
// project's milestones to keep/edit; the rest are added, the project's others removed).
Result<std::vector<storage::MilestoneRow>> milestones_of(const json::value& v) {
  std::vector<storage::MilestoneRow> out;
  if (v.is_null()) return out;
  if (!v.is_array() || v.as_array().size() > 100)
    return Error::invalid("milestones is an array (at most 100)", "/milestones");
  const auto& arr = v.as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string at = "/milestones/" + std::to_string(i);
    if (!arr[i].is_object()) return Error::invalid("a milestone is an object", at);
    JsonFields f(arr[i].as_object());
    if (auto st = f.only({"id", "phase", "name", "due_on", "done_on"}); !st)
      return Error::invalid(st.error().message, at + st.error().field);
    storage::MilestoneRow m;
    if (f.has("id")) {
      auto id = f.integer("id", 1, kMaxId);
      if (!id) return Error::invalid(id.error().message, at + "/id");
      m.id = *id;
    }
    auto name = f.string("name", 100);
    if (!name) return Error::invalid(name.error().message, at + "/name");
    m.name = *name;
    auto phase = f.optional_string("phase", 100);
    if (!phase) return Error::invalid(phase.error().message, at + "/phase");
    m.phase = phase->value_or("");
    auto due = f.string("due_on", 10);
    if (!due || !programme::valid_date(*due))
      return Error::invalid("due_on is a date YYYY-MM-DD", at + "/due_on");
    m.due_on = *due;
    auto done = f.optional_string("done_on", 10);
    if (!done || (*done && !programme::valid_date(**done)))
      return Error::invalid("done_on is a date YYYY-MM-DD", at + "/done_on");
    m.done_on = *done;
    out.push_back(std::move(m));
  }
  return out;
}

// A milestone list as its field-history text.
std::string milestones_text(const std::vector<storage::MilestoneRow>& rows) {
  json::array a;
  for (const auto& m : rows)
    a.push_back(json::object{{"phase", m.phase},
                             {"name", m.name},
                             {"due_on", m.due_on},
                             {"done_on", m.done_on ? json::value(*m.done_on) : json::value()}});
  return json::serialize(a);
}

// Writes the project record's milestones through the milestone table (the one write path) and
// records the change in the field history.
Status write_milestones(storage::Tx& tx, std::int64_t project_id, std::int64_t version,
                        const std::vector<storage::MilestoneRow>& wanted, const storage::Who& who,
                        UnixMillis now) {
  WEILAI_TRY(auto before, storage::list_milestones(tx, project_id));
  WEILAI_TRY(bool changed, storage::replace_milestones(tx, project_id, wanted, now));
  if (!changed) return {};
  WEILAI_TRY(auto after, storage::list_milestones(tx, project_id));
  const auto old_text = milestones_text(before), new_text = milestones_text(after);
  if (old_text == new_text) return {};
  return storage::record_revision(tx, project_id, version, now, who, "milestones",
                                  before.empty() ? std::optional<std::string>() : old_text,
                                  new_text);
}

Result<std::string> hazards_of(const json::value& v) {
  if (v.is_null()) return std::string("[]");
  if (!v.is_array() || v.as_array().size() > 30)
    return Error::invalid("safety_hazards is an array of texts (at most 30)", "/safety_hazards");
  json::array out;
  for (const auto& h : v.as_array()) {
    if (!h.is_string() || h.as_string().empty() || h.as_string().size() > 300)
      return Error::invalid("a safety hazard is a text of 1..100 characters", "/safety_hazards");
    out.push_back(h);
  }
  return json::serialize(out);
}

// Applies the members present in `body` to `p` (creating: county_id too).
Status apply_body(const json::object& body, storage::ProjectRow& p, bool creating,
                  std::optional<std::vector<storage::MilestoneRow>>& milestones) {
  JsonFields f(body);
  if (creating) {
    WEILAI_CHECK(f.only({"name", "county_id", "community_id", "project_type", "sub_form",
                         "land_area_mu", "land_area_ha", "floor_area_m2", "investment_yuan",
                         "households", "population", "implementing_entity", "summary", "location",
                         "site", "milestones", "safety_hazards", "action_plan_id"}));
    WEILAI_TRY(p.county_id, f.integer("county_id", 1, kMaxId));
    WEILAI_TRY(p.name, f.string("name", 100));
    WEILAI_TRY(p.project_type, f.string("project_type", 16));
  } else {
    WEILAI_CHECK(f.only({"name", "community_id", "project_type", "sub_form", "land_area_mu",
                         "land_area_ha", "floor_area_m2", "investment_yuan", "households",
                         "population", "implementing_entity", "summary", "location", "site",
                         "milestones", "safety_hazards", "action_plan_id", "version"}));
    if (f.has("name")) {
      WEILAI_TRY(p.name, f.string("name", 100));
    }
    if (f.has("project_type")) {
      WEILAI_TRY(p.project_type, f.string("project_type", 16));
    }
  }
  if (f.has("community_id")) {
    WEILAI_TRY(p.community_id, f.optional_integer("community_id", 1, kMaxId));
  }
  if (f.has("action_plan_id")) {
    WEILAI_TRY(p.action_plan_id, f.optional_integer("action_plan_id", 1, kMaxId));
  }
  if (f.has("sub_form")) {
    WEILAI_TRY(auto s, f.optional_string("sub_form", 16));
    p.sub_form = s.value_or("");
  }
  WEILAI_CHECK(programme::validate_type(p.project_type, p.sub_form));
  if (f.has("land_area_mu") && f.has("land_area_ha"))
    return Error::invalid("send land_area_mu or land_area_ha, not both", "/land_area_ha");
  if (f.has("land_area_mu")) {
    WEILAI_TRY(p.land_area_mu, number(body, "land_area_mu", 0, 1e6));
  }
  if (f.has("land_area_ha")) {
    WEILAI_TRY(auto ha, number(body, "land_area_ha", 0, 1e5));
    p.land_area_mu = ha ? std::optional<double>(programme::mu_from_ha(*ha)) : std::nullopt;
  }
  if (f.has("floor_area_m2")) {
    WEILAI_TRY(p.floor_area_m2, number(body, "floor_area_m2", 0, 1e9));
  }
  if (f.has("investment_yuan")) {
    WEILAI_TRY(p.investment_yuan, f.optional_integer("investment_yuan", 0, std::int64_t{1} << 50));
  }
  if (f.has("households")) {
    WEILAI_TRY(p.households, f.optional_integer("households", 0, 10'000'000));
  }
  if (f.has("population")) {
    WEILAI_TRY(p.population, f.optional_integer("population", 0, 100'000'000));
  }
  if (f.has("implementing_entity")) {
    WEILAI_TRY(auto s, f.optional_string("implementing_entity", 200));
    p.implementing_entity = s.value_or("");
  }
  if (f.has("summary")) {
    WEILAI_TRY(auto s, f.optional_string("summary", 4000));
    p.summary = s.value_or("");
  }
  bool location_sent = false;
  if (f.has("location")) {
    const auto& loc = body.at("location");
    location_sent = !loc.is_null();
    if (loc.is_null()) {
      p.lon.reset();
      p.lat.reset();
    } else {
      if (!loc.is_array() || loc.as_array().size() != 2 || !loc.as_array()[0].is_number() ||
          !loc.as_array()[1].is_number())
        return Error::invalid("location is [longitude, latitude]", "/location");
      const double lon = loc.as_array()[0].to_number<double>();
      const double lat = loc.as_array()[1].to_number<double>();
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
        return Error::invalid("location is WGS84 [longitude, latitude]", "/location");
      p.lon = lon;
      p.lat = lat;
    }
  }
  if (f.has("site")) {
    const auto& site = body.at("site");
    if (site.is_null()) {
      p.site_geojson.reset();
    } else {
      if (!site.is_object()) return Error::invalid("site is a GeoJSON object", "/site");
      WEILAI_TRY(auto info, programme::validate_site(json::serialize(site)));
      p.site_geojson = info.geojson;
      if (!location_sent) {
        p.lon = info.centroid_lon;
        p.lat = info.centroid_lat;
      }
      if (!p.land_area_mu) p.land_area_mu = programme::mu_from_ha(info.area_ha);
    }
  }
  if (f.has("milestones")) {
    WEILAI_TRY(milestones, milestones_of(body.at("milestones")));
  }
  if (f.has("safety_hazards")) {
    WEILAI_TRY(p.safety_hazards_json, hazards_of(body.at("safety_hazards")));
  }
  return {};
}

// The community (when given) lies in the project's county; the action plan is the county's.
Status check_references(storage::Tx& tx, const storage::ProjectRow& p) {
  if (p.community_id) {
    auto path = storage::org_path(tx, *p.community_id);
    if (!path || std::find(path->begin(), path->end(), p.county_id) == path->end())
      return Error::invalid("the community is not in the project's county", "/community_id");
  }
  if (p.action_plan_id) {
    auto plan = storage::get_action_plan(tx, *p.action_plan_id);
    if (!plan || plan->county_id != p.county_id)
      return Error::invalid("the action plan is not the project's county's", "/action_plan_id");
  }
  return {};
}

// ---- transitions ----

Result<programme::TransitionRequest> transition_request(const json::object& body,
                                                        std::int64_t& version,
                                                        std::vector<std::int64_t>& attachment_ids) {
  JsonFields f(body);
  WEILAI_CHECK(
      f.only({"action", "comments", "version", "reviewers", "acceptance", "attachment_ids"}));
  programme::TransitionRequest r;
  WEILAI_TRY(auto action, f.string("action", 32));
  auto parsed = programme::parse_action(action);
  if (!parsed) return Error::invalid("unknown action " + action, "/action");
  r.action = *parsed;
  WEILAI_TRY(auto comments, f.optional_string("comments", 4000));
  r.comments = comments.value_or("");
  WEILAI_TRY(version, f.integer("version", 1, kMaxId));
  if (f.has("reviewers")) {
    const auto& v = body.at("reviewers");
    if (!v.is_array() || v.as_array().size() > 50)
      return Error::invalid("reviewers is an array of {name, score}", "/reviewers");
    for (std::size_t i = 0; i < v.as_array().size(); ++i) {
      const auto& e = v.as_array()[i];
      const std::string at = "/reviewers/" + std::to_string(i);
      if (!e.is_object()) return Error::invalid("a reviewer is {name, score}", at);
      JsonFields rf(e.as_object());
      if (auto st = rf.only({"name", "score"}); !st) return Error::invalid(st.error().message, at);
      programme::ReviewerScore rs;
      WEILAI_TRY(rs.name, rf.string("name", 64));
      WEILAI_TRY(auto score, number(e.as_object(), "score", 0, 100));
      if (!score) return Error::invalid("a reviewer's score is 0..100", at + "/score");
      rs.score = *score;
      r.reviewers.push_back(rs);
    }
  }
  if (f.has("acceptance")) {
    const auto& v = body.at("acceptance");
    if (!v.is_object()) return Error::invalid("acceptance is an object", "/acceptance");
    const auto& o = v.as_object();
    JsonFields af(o);
    WEILAI_CHECK(af.only({"verdict", "evidence", "provincial_override", "override_reason"}));
    programme::AcceptanceInput a;
    WEILAI_TRY(a.verdict, af.string("verdict", 8));
    if (o.contains("evidence")) {
      if (!o.at("evidence").is_array())
        return Error::invalid("evidence is an array of texts", "/acceptance/evidence");
      for (const auto& e : o.at("evidence").as_array()) {
        if (!e.is_string() || e.as_string().empty() || e.as_string().size() > 500)
          return Error::invalid("evidence items are texts", "/acceptance/evidence");
        a.evidence.emplace_back(e.as_string());
      }
    }
    WEILAI_TRY(auto ov, af.optional_boolean("provincial_override"));
    a.provincial_override = ov.value_or(false);
    WEILAI_TRY(auto reason, af.optional_string("override_reason", 2000));
    a.override_reason = reason.value_or("");
    r.acceptance = a;
  }
  if (f.has("attachment_ids")) {
    const auto& v = body.at("attachment_ids");
    if (!v.is_array() || v.as_array().size() > 50)
      return Error::invalid("attachment_ids is an array of ids", "/attachment_ids");
    for (const auto& e : v.as_array()) {
      if (!e.is_int64() || e.as_int64() < 1)
        return Error::invalid("attachment_ids is an array of ids", "/attachment_ids");
      attachment_ids.push_back(e.as_int64());
    }
  }
  return r;
}

json::object details_of(const programme::TransitionRequest& r) {
  json::object d;
  if (!r.reviewers.empty()) {
    json::array rv;
    double sum = 0;
    for (const auto& x : r.reviewers) {
      rv.push_back(json::object{{"name", x.name}, {"score", x.score}});
      sum += x.score;
    }
    d["reviewers"] = std::move(rv);
    d["mean_score"] = sum / static_cast<double>(r.reviewers.size());
  }
  if (r.acceptance) {
    const auto& a = *r.acceptance;
    json::array ev;
    for (const auto& e : a.evidence) ev.push_back(json::string(e));
    json::object acc{{"verdict", a.verdict},
                     {"evidence", std::move(ev)},
                     {"provincial_override", a.provincial_override},
                     {"override_reason", a.override_reason}};
    if (a.evaluation) {
      const auto& e = *a.evaluation;
      acc["evaluation"] = json::object{{"evaluation_id", e.evaluation_id},
                                       {"ruleset", e.ruleset},
                                       {"as_of", e.as_of},
                                       {"binding_failed", e.binding_failed},
                                       {"score", e.score},
                                       {"pass_mark", e.pass_mark},
                                       {"verdict", e.verdict}};
      acc["evaluation_status"] = !programme::evaluation_failed(e)
                                     ? "met"
                                     : (a.provincial_override ? "overridden" : "failed");
    } else {
      acc["evaluation"] = nullptr;
      acc["evaluation_status"] = "none";
      acc["evaluation_note"] = "no evaluation: verdict and evidence of the reviewers only";
    }
    d["acceptance"] = std::move(acc);
  }
  return d;
}

json::object transition_json(const storage::TransitionRow& t) {
  const auto action = programme::parse_action(t.action);
  const auto to = programme::parse_stage(t.to_stage);
  return {{"id", t.id},
          {"at", format_iso8601(t.at)},
          {"actor_login", t.actor_login},
          {"role", t.role},
          {"action", t.action},
          {"action_name_zh", action ? programme::name_zh(*action) : ""},
          {"from_stage", t.from_stage},
          {"to_stage", t.to_stage},
          {"to_stage_name_zh", to ? programme::name_zh(*to) : ""},
          {"comments", t.comments},
          {"details", json::parse(t.details_json)},
          {"attachment_ids", json::parse(t.attachment_ids_json)}};
}

json::object revision_json(const storage::RevisionRow& r) {
  auto opt = [](const std::optional<std::string>& s) -> json::value {
    if (!s) return nullptr;
    return json::string(*s);
  };
  return {{"id", r.id},
          {"version", r.version},
          {"at", format_iso8601(r.at)},
          {"actor_login", r.actor_login},
          {"field", r.field},
          {"old_value", opt(r.old_value)},
          {"new_value", opt(r.new_value)}};
}

// ---- attachments ----

constexpr std::size_t kMaxAttachment = 5 * 1024 * 1024;

json::object attachment_json(const storage::AttachmentRow& a) {
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"sha256", a.sha256},
          {"kind", a.kind},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"size_bytes", a.size_bytes},
          {"uploaded_login", a.uploaded_login},
          {"at", format_iso8601(a.at)}};
}

// RFC 6266/5987: an ASCII fallback and the UTF-8 name.
std::string content_disposition(const std::string& filename) {
  std::string ascii, encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : filename) {
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

// ---- action plans ----

json::object action_plan_json(const storage::ActionPlanRow& p) {
  return {{"id", p.id},
          {"county_id", p.county_id},
          {"county_name_zh", p.county_name_zh},
          {"year", p.year},
          {"title", p.title},
          {"priorities", p.priorities},
          {"constraints", json::parse(p.constraints_json)},
          {"phasing", p.phasing},
          {"rolled_from", p.rolled_from ? json::value(*p.rolled_from) : json::value(nullptr)},
          {"candidates", p.candidates},
          {"version", p.version}};
}

// ---- public portal ----

std::vector<std::string> stages_where(bool (*pred)(programme::Stage)) {
  std::vector<std::string> out;
  for (auto s : programme::all_stages())
    if (pred(s)) out.emplace_back(programme::code(s));
  return out;
}

// Only the fields programme::public_fields() names.
json::object public_json(const storage::ProjectRow& p) {
  const json::object full = project_json(p);
  json::object out;
  for (const char* key : programme::public_fields())
    if (auto it = full.find(key); it != full.end()) out[key] = it->value();
  const auto stage = programme::parse_stage(p.stage);
  out["stage_name_zh"] = stage ? programme::name_zh(*stage) : "";
  out["on_provincial_list"] = stage && programme::on_provincial_list(*stage);
  out["named"] = stage && programme::is_named(*stage);
  return out;
}

Result<std::vector<storage::ProjectRow>> public_projects(App& app, bool (*pred)(programme::Stage)) {
  return app.read<std::vector<storage::ProjectRow>>(
      [&](storage::Tx& tx) -> Result<std::vector<storage::ProjectRow>> {
        std::vector<storage::ProjectRow> all;
        storage::ProjectFilter f;
        f.stages = stages_where(pred);
        f.limit = 200;
        while (true) {
          WEILAI_TRY(auto page, storage::list_projects(tx, f));
          if (page.empty()) break;
          f.after_id = page.back().id;
          for (auto& p : page) all.push_back(std::move(p));
          if (static_cast<int>(page.size()) < f.limit) break;
        }
        return all;
      });
}

std::string csv_cell(const json::value& v) {
  std::string s;
  if (v.is_null()) return "";
  if (v.is_string())
    s = std::string(v.as_string());
  else
    s = json::serialize(v);
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

const std::vector<std::array<const char*, 4>>& dictionary() {
  // field, type, 中文说明, English description
  static const std::vector<std::array<const char*, 4>> d{
      {"id", "integer", "项目编号", "Project id"},
      {"name", "text", "项目名称", "Project name"},
      {"county_name_zh", "text", "所属县(市、区)", "County"},
      {"project_type", "text", "类型：renewal 改造更新类 / new_build 规划新建类",
       "Type: renewal / new_build"},
      {"sub_form", "text", "改造更新形式（全拆重建、插花式改修建、拆改结合、整合提升、全域）",
       "Renewal sub-form"},
      {"stage", "text", "阶段代码", "Lifecycle stage code"},
      {"stage_name_zh", "text", "阶段名称", "Stage name (Chinese)"},
      {"land_area_mu", "number", "规划用地面积（亩）", "Land area (mu)"},
      {"land_area_ha", "number", "规划用地面积（公顷，1公顷=15亩）", "Land area (ha)"},
      {"floor_area_m2", "number", "总建筑面积（平方米）", "Floor area (m²)"},
      {"investment_yuan", "integer", "总投资（元）", "Total investment (yuan)"},
      {"households", "integer", "规划户数", "Planned households"},
      {"implementing_entity", "text", "实施主体", "Implementing entity"},
      {"location", "[lon, lat]", "位置（WGS84 经纬度）", "Location (WGS84)"},
      {"on_provincial_list", "boolean", "是否列入省级创建名单", "On the provincial list"},
      {"named", "boolean", "是否已命名", "Named (命名公布)"},
  };
  return d;
}

const char* list_param(Request& req, bool (*&pred)(programme::Stage)) {
  const auto list = query_string(req, "list", 16).value_or("municipal");
  if (list == "municipal") {
    pred = programme::on_municipal_list;
    return "municipal";
  }
  if (list == "provincial") {
    pred = programme::on_provincial_list;
    return "provincial";
  }
  if (list == "named") {
    pred = programme::is_named;
    return "named";
  }
  throw Problem(400, "invalid_query", "list is municipal, provincial or named", "?list");
}

}  // namespace

Result<json::object> project_detail_json(storage::Tx& tx, const identity::Actor& actor,
                                         const storage::ProjectRow& p,
                                         const std::vector<std::int64_t>& org_path) {
  json::object o = project_json(p);
  const auto stage = programme::parse_stage(p.stage);
  o["stage_name_zh"] = stage ? programme::name_zh(*stage) : "";
  json::array actions;
  if (stage) {
    WEILAI_TRY(auto ctx, context_of(tx, p.id));
    const auto roles = roles_on(actor, org_path);
    for (auto a : programme::allowed_actions(*stage, roles, ctx))
      actions.push_back(json::string(programme::code(a)));
    json::array done;
    for (auto a : ctx.reviews_done) done.push_back(json::string(programme::code(a)));
    o["reviews_done"] = std::move(done);
  }
  o["allowed_actions"] = std::move(actions);
  WEILAI_TRY(auto milestones, storage::list_milestones(tx, p.id));
  json::array ms;
  for (const auto& m : milestones) {
    auto j = milestone_json(m, 0);
    j.erase("overdue");  // needs the clock: the programme-ops views carry it
    ms.push_back(std::move(j));
  }
  o["milestones"] = std::move(ms);
  const auto scope = scope_of(actor, Action::projects_write);
  o["can_edit"] = p.stage != "revoked" &&
                  (!scope || std::find(scope->begin(), scope->end(), p.county_id) != scope->end());
  return o;
}

void add_programme_routes(App& app) {
  auto& r = app.router();

  // ---- the project record ----

  r.add("POST", "/api/v1/projects",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_write));
          const auto body = parse_json_object(req);
          storage::ProjectRow p;
          p.stage = "reserve";
          std::optional<std::vector<storage::MilestoneRow>> milestones;
          WEILAI_CHECK(apply_body(body, p, true, milestones));
          const storage::Who who{actor.account_id, actor.login};
          WEILAI_TRY(json::object created,
                     app.write<json::object>(
                         req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                           auto county = storage::get_org_unit(tx, p.county_id);
                           if (!county || county->kind != "county")
                             return Error::invalid("county_id is not a county", "/county_id");
                           WEILAI_TRY(auto path, storage::org_path(tx, p.county_id));
                           identity::Resource res;
                           res.org_path = path;
                           WEILAI_CHECK(identity::authorize(actor, Action::projects_write, res));
                           WEILAI_CHECK(check_references(tx, p));
                           WEILAI_TRY(auto row,
                                      storage::insert_project(tx, p, who, app.clock().now_ms()));
                           if (milestones)
                             WEILAI_CHECK(write_milestones(tx, row.id, row.version, *milestones,
                                                           who, app.clock().now_ms()));
                           ch.record("project.create", "project", std::to_string(row.id),
                                     project_json(row));
                           return project_detail_json(tx, actor, row, path);
                         }));
          Response res = json_response(created, 201);
          res.set_header("Location",
                         "/api/v1/projects/" + std::to_string(created.at("id").as_int64()));
          return res;
        },
        {"Create a project in the reserve pool (储备库)",
         "projects",
         true,
         {},
         "{name, county_id, project_type, sub_form?, community_id?, land_area_mu|land_area_ha?, "
         "floor_area_m2?, investment_yuan?, households?, population?, implementing_entity?, "
         "summary?, location?, site? (GeoJSON), milestones?: [{id?, phase?, name, due_on, "
         "done_on?}] (the whole list; stored in project_milestones), safety_hazards?, "
         "action_plan_id?}",
         {201, 422}});

  r.add("PATCH", "/api/v1/projects/{id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_write));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          JsonFields f(body);
          WEILAI_TRY(std::int64_t version, f.integer("version", 1, kMaxId));
          const storage::Who who{actor.account_id, actor.login};
          auto updated = app.write<json::object>(
              req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<json::object> {
                WEILAI_TRY(auto p, storage::get_project(tx, id));
                WEILAI_TRY(auto path, storage::org_path(tx, p.county_id));
                identity::Resource res;
                res.org_path = path;
                WEILAI_CHECK(identity::authorize(actor, Action::projects_write, res));
                if (p.stage == "revoked")
                  return Error{
                      ErrorCode::failed_precondition, "a revoked project's record is closed", {}};
                std::optional<std::vector<storage::MilestoneRow>> milestones;
                WEILAI_CHECK(apply_body(body, p, false, milestones));
                WEILAI_CHECK(check_references(tx, p));
                WEILAI_TRY(auto u,
                           storage::update_project(tx, p, version, who, app.clock().now_ms()));
                if (milestones) {
                  WEILAI_CHECK(
                      write_milestones(tx, id, u.version, *milestones, who, app.clock().now_ms()));
                }
                ch.record("project.update", "project", std::to_string(id), project_json(u));
                return project_detail_json(tx, actor, u, path);
              });
          if (!updated && (updated.error().code == ErrorCode::conflict))
            return problem_with_project(app, updated.error(), req, id, actor);
          if (!updated) return std::move(updated).error();
          return json_response(*updated);
        },
        {"Edit a project record (optimistic: send the version you read; 409 carries current)",
         "projects",
         true,
         {},
         "{version, ...any field of POST /projects except county_id}",
         {404, 409, 422}});

  r.add(
      "GET", "/api/v1/projects/{id}/revisions",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.signed_in(req));
        const auto id = id_param(req, "id");
        WEILAI_TRY(auto rows,
                   app.read<std::vector<storage::RevisionRow>>(
                       [&](storage::Tx& tx) -> Result<std::vector<storage::RevisionRow>> {
                         WEILAI_TRY(auto p, storage::get_project(tx, id));
                         identity::Resource res;
                         WEILAI_TRY(res.org_path, storage::org_path(tx, p.county_id));
                         WEILAI_CHECK(identity::authorize(actor, Action::projects_read, res));
                         return storage::list_revisions(tx, id);
                       }));
        json::array items;
        for (const auto& rv : rows) items.push_back(revision_json(rv));
        return json_response(json::object{{"items", std::move(items)}});
      },
      {"Field history of a project (who, when, field, old, new)", "projects", true, {}, "", {404}});

  // ---- the lifecycle ----

  r.add("GET", "/api/v1/projects/{id}/transitions",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto rows,
                     app.read<std::vector<storage::TransitionRow>>(
                         [&](storage::Tx& tx) -> Result<std::vector<storage::TransitionRow>> {
                           WEILAI_TRY(auto p, storage::get_project(tx, id));
                           identity::Resource res;
                           WEILAI_TRY(res.org_path, storage::org_path(tx, p.county_id));
                           WEILAI_CHECK(identity::authorize(actor, Action::projects_read, res));
                           return storage::list_transitions(tx, id);
                         }));
          json::array items;
          for (const auto& t : rows) items.push_back(transition_json(t));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"Lifecycle history of a project", "projects", true, {}, "", {404}});

  r.add("POST", "/api/v1/projects/{id}/transitions",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_transition));
          const auto id = id_param(req, "id");
          const auto body = parse_json_object(req);
          std::int64_t version = 0;
          std::vector<std::int64_t> attachment_ids;
          WEILAI_TRY(auto parsed_request, transition_request(body, version, attachment_ids));
          struct Out {
            json::object project;
            json::object transition;
          };
          auto done = app.write<Out>(req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<Out> {
            WEILAI_TRY(auto p, storage::get_project(tx, id));
            WEILAI_TRY(auto path, storage::org_path(tx, p.county_id));
            identity::Resource res;
            res.org_path = path;
            WEILAI_CHECK(identity::authorize(actor, Action::projects_read, res));
            const auto roles = roles_on(actor, path);
            const auto from = programme::parse_stage(p.stage);
            if (!from)
              return Error::internal("project " + std::to_string(id) + " has stage " + p.stage);
            WEILAI_TRY(auto ctx, context_of(tx, id));
            // The acceptance step reads the project's latest evaluation itself (issue #6).
            auto request = parsed_request;
            if (request.acceptance) {
              WEILAI_TRY(auto ev, storage::latest_evaluation_summary(tx, id));
              if (ev) {
                programme::EvaluationSummary es;
                es.binding_failed = static_cast<int>(ev->binding_failed);
                es.score = ev->score;
                es.pass_mark = ev->pass_mark;
                es.verdict = ev->verdict;
                es.evaluation_id = ev->evaluation_id;
                es.ruleset = ev->ruleset_code + " " + ev->ruleset_version;
                es.as_of = ev->as_of;
                request.acceptance->evaluation = es;
              }
            }
            auto to = programme::decide(*from, roles, request, ctx);
            if (!to && to.error().code == ErrorCode::permission_denied) return to.error();
            if (p.version != version)
              return Error::conflict("project " + std::to_string(id) + " is at version " +
                                     std::to_string(p.version) + " (stage " + p.stage + "), not " +
                                     std::to_string(version) + ": someone acted on it meanwhile");
            if (!to) return to.error();
            for (auto aid : attachment_ids) {
              auto a = storage::get_attachment(tx, id, aid);
              if (!a)
                return Error::invalid(
                    "attachment " + std::to_string(aid) + " is not this project's",
                    "/attachment_ids");
            }
            storage::TransitionRow t;
            t.actor_id = actor.account_id;
            t.actor_login = actor.login;
            const auto allowed = programme::roles_for(request.action);
            for (auto role : roles)
              if (std::find(allowed.begin(), allowed.end(), role) != allowed.end()) {
                t.role = identity::info(role).code;
                break;
              }
            t.action = programme::code(request.action);
            t.from_stage = p.stage;
            t.to_stage = programme::code(*to);
            t.comments = request.comments;
            t.details_json = json::serialize(details_of(request));
            json::array ids;
            for (auto aid : attachment_ids) ids.push_back(aid);
            t.attachment_ids_json = json::serialize(ids);
            WEILAI_TRY(auto moved,
                       storage::apply_transition(tx, id, version, t, app.clock().now_ms()));
            WEILAI_TRY(auto history, storage::list_transitions(tx, id));
            ch.record("project.transition", "project", std::to_string(id),
                      json::object{{"action", t.action},
                                   {"from", t.from_stage},
                                   {"to", t.to_stage},
                                   {"comments", t.comments},
                                   {"version", moved.version}});
            Out out;
            WEILAI_TRY(out.project, project_detail_json(tx, actor, moved, path));
            out.transition = transition_json(history.back());
            return out;
          });
          if (!done && (done.error().code == ErrorCode::conflict ||
                        done.error().code == ErrorCode::failed_precondition))
            return problem_with_project(app, done.error(), req, id, actor);
          if (!done) return std::move(done).error();
          return json_response(
              json::object{{"project", done->project}, {"transition", done->transition}}, 201);
        },
        {"Take a lifecycle step: 403 when your role (on this county) may not, 409 when the "
         "stage does not allow it or someone acted first (with current)",
         "projects",
         true,
         {},
         "{action, version, comments?, reviewers?: [{name, score}], acceptance?: {verdict, "
         "evidence, provincial_override?, override_reason?}, attachment_ids?} (the evaluation is "
         "the project's latest, read by the server)",
         {201, 404, 409, 422}});

  // ---- attachments ----

  r.add("POST", "/api/v1/projects/{id}/attachments",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_transition));
          const auto id = id_param(req, "id");
          const auto kind = query_string(req, "kind", 32).value_or("other");
          static const std::vector<std::string> kinds{"implementation_plan", "plan", "photo",
                                                      "evidence", "other"};
          if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
            return Error::invalid("kind is implementation_plan, plan, photo, evidence or other",
                                  "?kind");
          const auto filename = query_string(req, "filename", 200);
          if (!filename || filename->empty() || filename->find_first_of("/\\") != std::string::npos)
            return Error::invalid("filename is a plain file name", "?filename");
          if (req.body.size() > kMaxAttachment)
            throw Problem(413, "payload_too_large", "an attachment is at most 5 MiB");
          if (req.body.empty()) return Error::invalid("the file is empty", "/");
          const auto type = storage::file_type_of(req.body);
          if (!type)
            throw Problem(415, "unsupported_media_type",
                          "attachments are PDF, PNG, JPEG, WebP or Office (zip) files");
          storage::AttachmentRow a;
          a.project_id = id;
          a.sha256 = crypto::sha256_hex(req.body);
          a.kind = kind;
          a.filename = *filename;
          a.content_type = std::string(type->content_type);
          a.size_bytes = static_cast<std::int64_t>(req.body.size());
          const storage::Who who{actor.account_id, actor.login};
          WEILAI_TRY(
              auto row,
              app.write<storage::AttachmentRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::AttachmentRow> {
                    WEILAI_TRY(auto p, storage::get_project(tx, id));
                    WEILAI_TRY(auto path, storage::org_path(tx, p.county_id));
                    if (roles_on(actor, path).empty())
                      return Error::denied("this project is not in your scope");
                    WEILAI_TRY(auto out, storage::insert_attachment(tx, a, req.body, who,
                                                                    app.clock().now_ms()));
                    ch.record("project.attachment", "project", std::to_string(id),
                              attachment_json(out));
                    return out;
                  }));
          return json_response(attachment_json(row), 201);
        },
        {"Upload an attachment (raw body; PDF/PNG/JPEG/zip by magic bytes, ≤ 5 MiB)",
         "projects",
         true,
         {"kind", "filename"},
         "the file's bytes",
         {201, 404, 413, 415, 422}});

  r.add("GET", "/api/v1/projects/{id}/attachments",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          WEILAI_TRY(auto rows,
                     app.read<std::vector<storage::AttachmentRow>>(
                         [&](storage::Tx& tx) -> Result<std::vector<storage::AttachmentRow>> {
                           WEILAI_TRY(auto p, storage::get_project(tx, id));
                           identity::Resource res;
                           WEILAI_TRY(res.org_path, storage::org_path(tx, p.county_id));
                           WEILAI_CHECK(identity::authorize(actor, Action::projects_read, res));
                           return storage::list_attachments(tx, id);
                         }));
          json::array items;
          for (const auto& a : rows) items.push_back(attachment_json(a));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"A project's attachments", "projects", true, {}, "", {404}});

  r.add("GET", "/api/v1/projects/{id}/attachments/{attachment_id}",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.signed_in(req));
          const auto id = id_param(req, "id");
          const auto aid = id_param(req, "attachment_id");
          using Found = std::pair<storage::AttachmentRow, std::string>;
          WEILAI_TRY(auto found, app.read<Found>([&](storage::Tx& tx) -> Result<Found> {
            WEILAI_TRY(auto p, storage::get_project(tx, id));
            identity::Resource res;
            WEILAI_TRY(res.org_path, storage::org_path(tx, p.county_id));
            WEILAI_CHECK(identity::authorize(actor, Action::projects_read, res));
            return storage::get_attachment(tx, id, aid);
          }));
          Response res;
          res.content_type = found.first.content_type;
          res.body = std::move(found.second);
          res.set_header("Content-Disposition", content_disposition(found.first.filename));
          res.set_header("X-Content-Type-Options", "nosniff");
          res.set_header("ETag", "\"" + found.first.sha256 + "\"");
          return res;
        },
        {"Download an attachment", "projects", true, {}, "", {404}});

  // ---- county action plans (行动计划) and the reserve pool ----

  r.add("GET", "/api/v1/action-plans",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_read));
          const auto scope = scope_of(actor, Action::projects_read);
          WEILAI_TRY(auto rows, app.read<std::vector<storage::ActionPlanRow>>([&](storage::Tx& tx) {
            return storage::list_action_plans(tx, scope);
          }));
          json::array items;
          for (const auto& p : rows) items.push_back(action_plan_json(p));
          return json_response(json::object{{"items", std::move(items)}});
        },
        {"County action plans (行动计划) in scope", "projects"});

  r.add(
      "POST", "/api/v1/action-plans",
      [&app](Request& req) -> Result<Response> {
        WEILAI_TRY(auto actor, app.allowed(req, Action::projects_write));
        const auto body = parse_json_object(req);
        JsonFields f(body);
        WEILAI_CHECK(
            f.only({"county_id", "year", "title", "priorities", "constraints", "phasing"}));
        storage::ActionPlanRow p;
        WEILAI_TRY(p.county_id, f.integer("county_id", 1, kMaxId));
        WEILAI_TRY(p.year, f.integer("year", 2019, 2100));
        WEILAI_TRY(p.title, f.string("title", 200));
        WEILAI_TRY(auto pr, f.optional_string("priorities", 4000));
        p.priorities = pr.value_or("");
        WEILAI_TRY(auto ph, f.optional_string("phasing", 4000));
        p.phasing = ph.value_or("");
        json::object constraints;
        if (f.has("constraints")) {
          if (!body.at("constraints").is_object())
            return Error::invalid("constraints is an object", "/constraints");
          const auto& c = body.at("constraints").as_object();
          JsonFields cf(c);
          if (auto st = cf.only({"traffic_capacity", "funding_balance", "cultural_heritage"}); !st)
            return Error::invalid(st.error().message, "/constraints" + st.error().field);
          for (const char* k : {"traffic_capacity", "funding_balance", "cultural_heritage"}) {
            WEILAI_TRY(auto v, cf.optional_string(k, 2000));
            constraints[k] = v.value_or("");
          }
        }
        p.constraints_json = json::serialize(constraints);
        WEILAI_TRY(
            auto created,
            app.write<storage::ActionPlanRow>(
                req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::ActionPlanRow> {
                  auto county = storage::get_org_unit(tx, p.county_id);
                  if (!county || county->kind != "county")
                    return Error::invalid("county_id is not a county", "/county_id");
                  identity::Resource res;
                  WEILAI_TRY(res.org_path, storage::org_path(tx, p.county_id));
                  WEILAI_CHECK(identity::authorize(actor, Action::projects_write, res));
                  WEILAI_TRY(auto row, storage::insert_action_plan(tx, p, app.clock().now_ms()));
                  ch.record("action_plan.create", "action_plan", std::to_string(row.id),
                            action_plan_json(row));
                  return row;
                }));
        return json_response(action_plan_json(created), 201);
      },
      {"Create a county action plan",
       "projects",
       true,
       {},
       "{county_id, year, title, priorities?, constraints?: {traffic_capacity, "
       "funding_balance, cultural_heritage}, phasing?}",
       {201, 409, 422}});

  r.add("POST", "/api/v1/action-plans/{id}/roll-forward",
        [&app](Request& req) -> Result<Response> {
          WEILAI_TRY(auto actor, app.allowed(req, Action::projects_write));
          const auto id = id_param(req, "id");
          WEILAI_TRY(
              auto created,
              app.write<storage::ActionPlanRow>(
                  req, actor, [&](storage::Tx& tx, Changes& ch) -> Result<storage::ActionPlanRow> {
                    WEILAI_TRY(auto old, storage::get_action_plan(tx, id));
                    identity::Resource res;
                    WEILAI_TRY(res.org_path, storage::org_path(tx, old.county_id));
                    WEILAI_CHECK(identity::authorize(actor, Action::projects_write, res));
                    WEILAI_TRY(auto row,
                               storage::roll_forward_action_plan(tx, id, app.clock().now_ms()));
                    ch.record("action_plan.roll_forward", "action_plan", std::to_string(row.id),
                              action_plan_json(row));
                    return row;
                  }));
          return json_response(action_plan_json(created), 201);
        },
        {"Roll a plan forward to next year, carrying its reserve-pool candidates",
         "projects",
         true,
         {},
         "",
         {201, 404, 409}});

  // ---- the public portal (四(四)): no login ----

  r.add("GET", "/api/v1/public/projects",
        [&app](Request& req) -> Result<Response> {
          bool (*pred)(programme::Stage) = nullptr;
          const char* list = list_param(req, pred);
          WEILAI_TRY(auto rows, public_projects(app, pred));
          json::array items;
          for (const auto& p : rows) items.push_back(public_json(p));
          return json_response(json::object{{"list", list}, {"items", std::move(items)}});
        },
        {"Public: the municipal or provincial creation list, or the named communities",
         "public",
         false,
         {"list"}});

  r.add("GET", "/api/v1/public/open-data.json",
        [&app](Request&) -> Result<Response> {
          WEILAI_TRY(auto rows, public_projects(app, programme::on_municipal_list));
          json::array items;
          for (const auto& p : rows) items.push_back(public_json(p));
          Response res = json_response(json::object{{"items", std::move(items)}});
          res.set_header("Content-Disposition", "attachment; filename=\"weilai-projects.json\"");
          return res;
        },
        {"Public open data: listed projects as JSON", "public", false});

  r.add("GET", "/api/v1/public/open-data.csv",
        [&app](Request&) -> Result<Response> {
          WEILAI_TRY(auto rows, public_projects(app, programme::on_municipal_list));
          std::string csv = "\xEF\xBB\xBF";  // BOM: spreadsheet programs then read UTF-8
          const auto& dict = dictionary();
          for (std::size_t i = 0; i < dict.size(); ++i)
            csv += (i ? "," : "") + std::string(dict[i][0]);
          csv += "\r\n";
          for (const auto& p : rows) {
            const auto o = public_json(p);
            for (std::size_t i = 0; i < dict.size(); ++i) {
              if (i) csv += ",";
              if (auto it = o.find(dict[i][0]); it != o.end()) csv += csv_cell(it->value());
            }
            csv += "\r\n";
          }
          Response res;
          res.content_type = "text/csv; charset=utf-8";
          res.body = std::move(csv);
          res.set_header("Content-Disposition", "attachment; filename=\"weilai-projects.csv\"");
          return res;
        },
        {"Public open data: listed projects as CSV", "public", false});

  r.add(
      "GET", "/api/v1/public/data-dictionary",
      [](Request&) -> Result<Response> {
        json::array fields;
        for (const auto& d : dictionary())
          fields.push_back(json::object{
              {"field", d[0]}, {"type", d[1]}, {"description_zh", d[2]}, {"description_en", d[3]}});
        json::array stages;
        for (auto s : programme::all_stages())
          if (programme::on_municipal_list(s))
            stages.push_back(
                json::object{{"code", programme::code(s)}, {"name_zh", programme::name_zh(s)}});
        return json_response(json::object{{"fields", std::move(fields)},
                                          {"public_stages", std::move(stages)},
                                          {"licence", "CC BY 4.0"}});
      },
      {"Public: the open data's dictionary", "public", false});
}

}  // namespace weilai::http
