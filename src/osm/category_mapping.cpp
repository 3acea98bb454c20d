#include "osm/category_mapping.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

namespace weilai::osm {

const char* const kDefaultCategoryMapping =
    R"(# Life-circle facility categories from OSM tags (Weilai default).
# category            conditions (all must hold): key=value  key=a|b  key=*  key!=value  !key
kindergarten          amenity=kindergarten|childcare
primary_school        amenity=school isced:level=1
primary_school        amenity=school school=primary
primary_school        amenity=school !isced:level !school
junior_high           amenity=school isced:level=2|2;3
junior_high           amenity=school school=secondary|middle
clinic                amenity=clinic|doctors|hospital
clinic                healthcare=clinic|doctor|centre|hospital
pharmacy              amenity=pharmacy
pharmacy              healthcare=pharmacy
elderly_care          amenity=social_facility social_facility:for=senior
elderly_care          social_facility=nursing_home|assisted_living|day_care
elderly_care          amenity=nursing_home
supermarket           shop=supermarket|convenience|greengrocer|grocery
supermarket           amenity=marketplace
bus_stop              highway=bus_stop
bus_stop              public_transport=platform bus=yes
rail_station          railway=station|halt
rail_station          public_transport=station train=yes
rail_station          public_transport=station subway=yes
rail_station          railway=subway_entrance
park                  leisure=park|playground|sports_centre|pitch|fitness_station|garden
community_service     amenity=community_centre|social_centre|townhall
community_service     office=government government=community|social_services
waste_recycling       amenity=recycling|waste_transfer_station
post_parcel           amenity=post_office|parcel_locker|post_depot
post_parcel           shop=parcel_pickup
)";

namespace {
std::vector<std::string> split_ws(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}
std::vector<std::string> split_bar(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find('|', start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}
bool valid_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}
}  // namespace

Result<CategoryMapping> CategoryMapping::parse(std::string_view text, const std::string& source) {
  CategoryMapping m;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    auto words = split_ws(line);
    if (words.empty()) continue;
    auto where = source + ":" + std::to_string(line_no);
    if (!valid_name(words[0]))
      return Error::invalid(where + ": bad category name '" + words[0] +
                            "' (use a-z, 0-9, _ or -)");
    if (words.size() < 2)
      return Error::invalid(where + ": rule for '" + words[0] + "' has no conditions");
    CategoryRule rule{words[0], {}, line_no};
    for (size_t i = 1; i < words.size(); ++i) {
      const std::string& w = words[i];
      TagCondition c;
      if (w[0] == '!') {
        c.kind = TagCondition::Kind::absent;
        c.key = w.substr(1);
      } else if (auto ne = w.find("!="); ne != std::string::npos) {
        c.kind = TagCondition::Kind::not_equals;
        c.key = w.substr(0, ne);
        c.values = split_bar(w.substr(ne + 2));
      } else if (auto eq = w.find('='); eq != std::string::npos) {
        c.key = w.substr(0, eq);
        std::string v = w.substr(eq + 1);
        if (v == "*") {
          c.kind = TagCondition::Kind::present;
        } else {
          c.kind = TagCondition::Kind::equals_any;
          c.values = split_bar(v);
        }
      } else {
        return Error::invalid(where + ": condition '" + w +
                              "' is not key=value, key!=value or !key");
      }
      if (c.key.empty()) return Error::invalid(where + ": empty tag key in '" + w + "'");
      rule.conditions.push_back(std::move(c));
    }
    if (std::find(m.categories_.begin(), m.categories_.end(), rule.category) == m.categories_.end())
      m.categories_.push_back(rule.category);
    m.rules_.push_back(std::move(rule));
  }
  if (m.rules_.empty()) return Error::invalid(source + ": no category rules");
  return m;
}

Result<CategoryMapping> CategoryMapping::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open category mapping " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

const CategoryMapping& CategoryMapping::defaults() {
  static const CategoryMapping m = *parse(kDefaultCategoryMapping, "<built-in categories>");
  return m;
}

std::vector<std::string> CategoryMapping::match(const TagLookup& tag) const {
  std::vector<std::string> out;
  for (const auto& r : rules_) {
    if (std::find(out.begin(), out.end(), r.category) != out.end()) continue;
    bool ok = true;
    for (const auto& c : r.conditions) {
      const char* v = tag(c.key.c_str());
      switch (c.kind) {
        case TagCondition::Kind::present:
          ok = v != nullptr;
          break;
        case TagCondition::Kind::absent:
          ok = v == nullptr;
          break;
        case TagCondition::Kind::equals_any:
          ok = v && std::any_of(c.values.begin(), c.values.end(),
                                [&](const std::string& x) { return x == v; });
          break;
        case TagCondition::Kind::not_equals:
          ok = !v || std::none_of(c.values.begin(), c.values.end(),
                                  [&](const std::string& x) { return x == v; });
          break;
      }
      if (!ok) break;
    }
    if (ok) out.push_back(r.category);
  }
  return out;
}

}  // namespace weilai::osm
