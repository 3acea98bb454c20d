#include "http/views.hpp"

#include <boost/json.hpp>

namespace weilai::http {
namespace json = boost::json;

namespace {
template <class T>
json::value opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}
}  // namespace

json::object account_json(const identity::Account& a) {
  return {{"id", a.id},
          {"login", a.login},
          {"display_name", a.display_name},
          {"phone", opt(a.phone)},
          {"disabled", a.disabled},
          {"created_at", format_iso8601(a.created_at)},
          {"version", a.version}};
}

json::object grant_json(const storage::GrantRow& g) {
  return {{"id", g.grant.id},
          {"role", identity::info(g.grant.role).code},
          {"role_name_zh", identity::info(g.grant.role).name_zh},
          {"role_name_en", identity::info(g.grant.role).name_en},
          {"org_unit_id", g.grant.org_unit_id},
          {"org_unit_name_zh", g.org_unit_name_zh},
          {"org_unit_name_en", g.org_unit_name_en}};
}

json::array grants_json(const std::vector<storage::GrantRow>& grants) {
  json::array out;
  for (const auto& g : grants) out.push_back(grant_json(g));
  return out;
}

json::object org_unit_json(const storage::OrgUnit& u) {
  return {{"id", u.id},     {"parent_id", opt(u.parent_id)}, {"kind", u.kind},
          {"code", u.code}, {"name_zh", u.name_zh},          {"name_en", u.name_en}};
}

json::object household_json(const storage::Household& h, bool with_members) {
  json::object o{{"id", h.id},
                 {"name", h.name},
                 {"community_id", h.community_id},
                 {"community_name_zh", h.community_name_zh},
                 {"grid_id", opt(h.grid_id)},
                 {"building", h.building},
                 {"unit", h.unit},
                 {"room", h.room},
                 {"floor_area_m2", opt(h.floor_area_m2)}};
  if (with_members) {
    json::array members;
    for (const auto& m : h.members) {
      members.push_back(json::object{{"id", m.id},
                                     {"account_id", opt(m.account_id)},
                                     {"person_name", m.person_name},
                                     {"member_role", m.member_role}});
    }
    o["members"] = std::move(members);
  }
  return o;
}

json::object project_json(const storage::ProjectRow& p) {
  json::object o{{"id", p.id},
                 {"name", p.name},
                 {"county_id", p.county_id},
                 {"county_name_zh", p.county_name_zh},
                 {"community_id", opt(p.community_id)},
                 {"project_type", p.project_type},
                 {"sub_form", p.sub_form},
                 {"stage", p.stage},
                 {"land_area_mu", opt(p.land_area_mu)},
                 {"floor_area_m2", opt(p.floor_area_m2)},
                 {"investment_yuan", opt(p.investment_yuan)},
                 {"households", opt(p.households)},
                 {"population", opt(p.population)},
                 {"implementing_entity", p.implementing_entity},
                 {"summary", p.summary},
                 {"is_sample", p.is_sample},
                 {"version", p.version}};
  if (p.lon && p.lat)
    o["location"] = json::array{*p.lon, *p.lat};
  else
    o["location"] = nullptr;
  // Programme record (issue #5).
  o["land_area_ha"] = p.land_area_mu ? json::value(*p.land_area_mu / 15.0) : json::value(nullptr);
  o["site"] = p.site_geojson ? json::parse(*p.site_geojson) : json::value(nullptr);
  o["safety_hazards"] = json::parse(p.safety_hazards_json);
  o["action_plan_id"] = opt(p.action_plan_id);
  o["updated_at"] = p.updated_at ? json::value(format_iso8601(p.updated_at)) : json::value(nullptr);
  return o;
}

json::object audit_json(const audit::Record& r) {
  return {{"seq", r.seq},
          {"at", format_iso8601(r.at)},
          {"actor_id", opt(r.actor_id)},
          {"actor_login", r.actor_login},
          {"action", r.action},
          {"target_type", r.target_type},
          {"target_id", r.target_id},
          {"request_id", r.request_id},
          {"digest", r.digest},
          {"prev_hash", r.prev_hash},
          {"hash", r.hash}};
}

}  // namespace weilai::http
