#include "evaluation/planning_rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace weilai::evaluation {
namespace {

// Relative tolerance of limit comparisons: sums of decimal m² amounts are inexact in binary, and
// a plot designed exactly to its limit must pass.
constexpr double kRelTol = 1e-9;

bool at_most(double value, double limit) {
  return value <= limit + kRelTol * std::max(1.0, std::abs(limit));
}
bool at_least(double value, double minimum) {
  return value >= minimum - kRelTol * std::max(1.0, std::abs(minimum));
}

std::string index_path(std::string_view list, size_t i) {
  std::string p = "/";
  p += list;
  p += '/';
  p += std::to_string(i);
  return p;
}

// A finite, >= 0 amount (or > 0 when `positive`).
Status check_amount(double v, const std::string& field, bool positive) {
  if (!std::isfinite(v)) return Error::invalid("must be a finite number", field);
  if (positive ? v <= 0 : v < 0) {
    return Error::invalid(positive ? "must be greater than 0" : "must not be negative", field);
  }
  return {};
}

constexpr std::array<std::pair<FloorUse, const char*>, 8> kUseNames = {{
    {FloorUse::residential, "residential"},
    {FloorUse::commercial, "commercial"},
    {FloorUse::public_service, "public_service"},
    {FloorUse::disaster_passage, "disaster_passage"},
    {FloorUse::stilt_floor, "stilt_floor"},
    {FloorUse::public_open_space, "public_open_space"},
    {FloorUse::sky_garden_balcony_green, "sky_garden_balcony_green"},
    {FloorUse::other, "other"},
}};

const char* exclusion_reason(FloorUse use) {
  switch (use) {
    case FloorUse::disaster_passage:
      return "disaster passage (防灾安全通道) does not count toward FAR (三(二))";
    case FloorUse::stilt_floor:
      return "stilt floor (架空空间) does not count toward FAR (三(二))";
    case FloorUse::public_open_space:
      return "public open space (公共开敞空间) does not count toward FAR (三(二))";
    case FloorUse::sky_garden_balcony_green:
      return "greened part of a sky-garden balcony (空中花园阳台的绿化部分) counts neither toward "
             "residential floor area nor FAR (三(二))";
    default:
      return "excluded from FAR by the project's rules";
  }
}

}  // namespace

const char* to_string(FloorUse use) {
  for (const auto& [u, name] : kUseNames) {
    if (u == use) return name;
  }
  return "other";
}

Result<FloorUse> parse_floor_use(std::string_view name, std::string field) {
  for (const auto& [u, n] : kUseNames) {
    if (name == n) return u;
  }
  return Error::invalid("unknown floor-area use '" + std::string(name) +
                            "' (expected residential, commercial, public_service, "
                            "disaster_passage, stilt_floor, public_open_space, "
                            "sky_garden_balcony_green or other)",
                        std::move(field));
}

Result<FarResult> floor_area_ratio(const FarInput& in) {
  WEILAI_CHECK(check_amount(in.land_area_m2, "/land_area_m2", true));
  WEILAI_CHECK(check_amount(in.height_limit_m, "/height_limit_m", true));
  WEILAI_CHECK(check_amount(in.far_limit, "/far_limit", true));

  FarResult r;
  std::array<double, kUseNames.size()> excluded_by_use{};
  std::array<bool, kUseNames.size()> use_seen{};
  for (size_t i = 0; i < in.floor_areas.size(); ++i) {
    const FloorAreaItem& item = in.floor_areas[i];
    const std::string path = index_path("floor_areas", i);
    WEILAI_TRY(FloorUse use, parse_floor_use(item.use, path + "/use"));
    WEILAI_CHECK(check_amount(item.area_m2, path + "/area_m2", false));

    r.total_floor_area_m2 += item.area_m2;
    if (use == FloorUse::residential) r.residential_floor_area_m2 += item.area_m2;
    const bool excluded = std::find(in.rules.excluded_uses.begin(), in.rules.excluded_uses.end(),
                                    use) != in.rules.excluded_uses.end();
    if (!excluded) {
      r.counted_floor_area_m2 += item.area_m2;
      continue;
    }
    const auto u = static_cast<size_t>(use);
    excluded_by_use[u] += item.area_m2;
    use_seen[u] = true;
    r.excluded_floor_area_m2 += item.area_m2;
    if (item.area_m2 > 0) {
      r.excluded.push_back(
          {path, item.label.empty() ? item.use : item.label, item.area_m2, exclusion_reason(use)});
    }
  }
  for (size_t u = 0; u < kUseNames.size(); ++u) {
    if (!use_seen[u]) continue;
    const auto use = static_cast<FloorUse>(u);
    r.excluded_by_use.push_back({use, excluded_by_use[u], exclusion_reason(use)});
  }

  r.far = r.counted_floor_area_m2 / in.land_area_m2;
  r.far_limit = in.far_limit;
  // Compare areas rather than the quotient: counted <= limit × land is the planner's own check.
  r.far_ok = at_most(r.counted_floor_area_m2, in.far_limit * in.land_area_m2);

  r.height_limit_m = in.height_limit_m;
  r.height_ok = true;
  for (size_t i = 0; i < in.buildings.size(); ++i) {
    const Building& b = in.buildings[i];
    WEILAI_CHECK(check_amount(b.height_m, index_path("buildings", i) + "/height_m", false));
    r.max_height_m = std::max(r.max_height_m, b.height_m);
    if (!at_most(b.height_m, in.height_limit_m)) {
      r.height_ok = false;
      r.over_height.push_back(b);
    }
  }
  return r;
}

Result<GreenResult> green_space_ratio(const GreenInput& in) {
  WEILAI_CHECK(check_amount(in.land_area_m2, "/land_area_m2", true));
  WEILAI_CHECK(check_amount(in.ground_green_m2, "/ground_green_m2", false));
  if (in.ground_green_m2 > in.land_area_m2) {
    return Error::invalid("ground green area exceeds the land area", "/ground_green_m2");
  }
  WEILAI_CHECK(check_amount(in.rule.factor, "/rule/factor", false));
  WEILAI_CHECK(check_amount(in.rule.cap_share, "/rule/cap_share", false));
  if (!std::isfinite(in.min_ratio) || in.min_ratio < 0 || in.min_ratio > 1) {
    return Error::invalid("must be between 0 and 1", "/min_ratio");
  }

  GreenResult r;
  r.ground_green_m2 = in.ground_green_m2;
  for (size_t i = 0; i < in.vertical.size(); ++i) {
    const VerticalGreening& v = in.vertical[i];
    const std::string path = index_path("vertical", i);
    WEILAI_CHECK(check_amount(v.area_m2, path + "/area_m2", false));
    if (v.is_public) {
      r.vertical_public_m2 += v.area_m2;
    } else if (v.area_m2 > 0) {
      r.excluded.push_back({path, v.label, v.area_m2,
                            "private vertical greening: only public (公共) vertical greening "
                            "counts toward the green ratio (三(二))"});
    }
  }
  r.vertical_converted_m2 = r.vertical_public_m2 * in.rule.factor;
  if (r.vertical_converted_m2 < r.vertical_public_m2) {
    r.excluded.push_back(
        {"/vertical", "public vertical greening", r.vertical_public_m2 - r.vertical_converted_m2,
         "conversion factor " + std::to_string(in.rule.factor) + " of the vertical-greening rule"});
  }
  r.vertical_counted_m2 = r.vertical_converted_m2;
  switch (in.rule.cap_basis) {
    case GreeningCapBasis::none:
      break;
    case GreeningCapBasis::ground_green:
      r.cap_m2 = in.rule.cap_share * in.ground_green_m2;
      break;
    case GreeningCapBasis::land_area:
      r.cap_m2 = in.rule.cap_share * in.land_area_m2;
      break;
  }
  if (r.cap_m2 && r.vertical_converted_m2 > *r.cap_m2) {
    r.vertical_counted_m2 = *r.cap_m2;
    r.excluded.push_back(
        {"/vertical", "public vertical greening", r.vertical_converted_m2 - *r.cap_m2,
         std::string("above the cap of the vertical-greening rule (") +
             std::to_string(in.rule.cap_share) + " × " +
             (in.rule.cap_basis == GreeningCapBasis::ground_green ? "ground green area"
                                                                  : "land area") +
             ")"});
  }
  r.green_area_m2 = r.ground_green_m2 + r.vertical_counted_m2;
  r.ratio = r.green_area_m2 / in.land_area_m2;
  r.min_ratio = in.min_ratio;
  r.ok = at_least(r.green_area_m2, in.min_ratio * in.land_area_m2);
  return r;
}

const std::vector<std::string>& default_facility_categories() {
  static const std::vector<std::string> kDefault = {
      "community_service_station",  // 社区服务站
      "neighbourhood_centre",       // 邻里中心
      "elderly_care",               // 居家养老服务 / 日间照料
      "childcare",                  // 托育 / 托儿所
      "health_station",             // 社区卫生服务站
      "culture_sports_room",        // 文化活动室 / 健身
      "community_canteen",          // 社区食堂 / 助餐点
  };
  return kDefault;
}

Result<FacilityResult> facility_area_per_100_households(const FacilityInput& in) {
  if (in.households <= 0) return Error::invalid("must be greater than 0", "/households");
  WEILAI_CHECK(check_amount(in.min_m2_per_100_households, "/min_m2_per_100_households", false));

  FacilityResult r;
  for (size_t i = 0; i < in.facilities.size(); ++i) {
    const CommunityFacility& f = in.facilities[i];
    const std::string path = index_path("facilities", i);
    if (f.category.empty()) return Error::invalid("must not be empty", path + "/category");
    WEILAI_CHECK(check_amount(f.area_m2, path + "/area_m2", false));
    const bool counts = std::find(in.counted_categories.begin(), in.counted_categories.end(),
                                  f.category) != in.counted_categories.end();
    if (counts) {
      r.counted_m2 += f.area_m2;
    } else if (f.area_m2 > 0) {
      r.excluded.push_back(
          {path, f.label.empty() ? f.category : f.label, f.area_m2,
           "category '" + f.category + "' is not a counted community facility category (三(六))"});
    }
  }
  const auto households = static_cast<double>(in.households);
  r.households = in.households;
  r.m2_per_100_households = r.counted_m2 * 100.0 / households;
  r.min_m2_per_100_households = in.min_m2_per_100_households;
  r.required_m2 = in.min_m2_per_100_households * households / 100.0;
  r.ok = at_least(r.counted_m2, r.required_m2);
  r.shortfall_m2 = r.ok ? 0.0 : r.required_m2 - r.counted_m2;
  return r;
}

}  // namespace weilai::evaluation
