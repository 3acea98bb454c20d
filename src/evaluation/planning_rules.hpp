// Planning-rule calculators of the Lishui future-community policy (丽政办发〔2019〕60号):
//  - floor area ratio 容积率 with the 三(二) exclusions (disaster passages, stilt floors, public
//  open
//    space, the greened part of sky-garden balconies) and the height limit;
//  - green space ratio 绿地率 with public vertical greening converted by a configurable rule
//  (三(二));
//  - community facility floor area per 100 households, >= 80 m² by default (三(六)).
// Pure functions over plain values: thread-safe, no I/O. Every result lists the inputs it left out
// and why (field path, amount, reason) so that a report can show its arithmetic.
//
// Areas are m², heights m, ratios plain numbers (FAR 2.7, green ratio 0.30). Limits compare with
// "at most/at least, within a relative 1e-9": a value equal to its limit passes even when the
// floating-point sum of its parts lands one ulp past it.
// Errors are invalid_argument with a JSON-pointer-like field ("/floor_areas/2/area_m2").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace weilai::evaluation {

// One input the calculator did not count (or counted only in part), and why.
struct Exclusion {
  std::string field;   // input path, e.g. "/floor_areas/3"
  std::string label;   // the item's label or use/category, for display
  double area_m2 = 0;  // the amount left out
  std::string reason;  // human-readable, cites the clause
};

// ---------------------------------------------------------------------------------------------
// Floor area ratio 容积率 (三(二))

enum class FloorUse {
  residential,
  commercial,
  public_service,
  disaster_passage,          // 防灾安全通道 / 避灾通道
  stilt_floor,               // 架空层 / 架空空间
  public_open_space,         // 公共开放(开敞)空间
  sky_garden_balcony_green,  // 空中花园阳台的绿化部分
  other,
};

const char* to_string(FloorUse use);
// Parses the snake_case name used by to_string. Error: invalid_argument naming `field`.
Result<FloorUse> parse_floor_use(std::string_view name, std::string field = "/use");

// One floor-area line of a plot. `use` is a FloorUse name (kept as text because it comes from
// user input; an unknown name is an error).
// The greened part of a sky-garden balcony is its OWN item (use sky_garden_balcony_green): it must
// not also be included in a residential item. Residential floor area is the sum of residential
// items only, so the greening is out of residential floor area and, by default, out of FAR.
struct FloorAreaItem {
  std::string use;
  double area_m2 = 0;
  std::string label;  // optional, e.g. "Building A 架空层"
};

struct Building {
  std::string id;
  double height_m = 0;
};

// Which uses do not count toward FAR. The policy *supports* (支持…合理确定) these exclusions per
// project, so a project may switch one off; the default is all four of 三(二).
struct FarRules {
  std::vector<FloorUse> excluded_uses = {FloorUse::disaster_passage, FloorUse::stilt_floor,
                                         FloorUse::public_open_space,
                                         FloorUse::sky_garden_balcony_green};
};

struct FarInput {
  double land_area_m2 = 0;  // plot land area, > 0
  std::vector<FloorAreaItem> floor_areas;
  std::vector<Building> buildings;
  double height_limit_m = 0;  // > 0
  double far_limit = 0;       // > 0
  FarRules rules;
};

struct ExcludedByUse {
  FloorUse use = FloorUse::other;
  double area_m2 = 0;
  std::string reason;
};

struct FarResult {
  double total_floor_area_m2 = 0;              // sum of all items
  double counted_floor_area_m2 = 0;            // toward FAR
  double excluded_floor_area_m2 = 0;           // total - counted
  std::vector<ExcludedByUse> excluded_by_use;  // one row per excluded use present, in enum order
  std::vector<Exclusion> excluded;             // one row per excluded item (> 0 m²)
  double residential_floor_area_m2 = 0;        // residential items (balcony greening is apart)
  double far = 0;                              // counted / land area
  double far_limit = 0;
  bool far_ok = false;  // far <= far_limit
  double height_limit_m = 0;
  double max_height_m = 0;            // 0 when there are no buildings
  bool height_ok = false;             // every building <= limit (true for no buildings)
  std::vector<Building> over_height;  // buildings above the limit, in input order
  bool ok() const { return far_ok && height_ok; }
};

// Errors: land_area_m2 <= 0 or not finite ("/land_area_m2"); a negative or non-finite amount
// ("/floor_areas/i/area_m2"); an unknown use ("/floor_areas/i/use"); a negative height
// ("/buildings/i/height_m"); limits <= 0 ("/height_limit_m", "/far_limit").
Result<FarResult> floor_area_ratio(const FarInput& in);

// ---------------------------------------------------------------------------------------------
// Green space ratio 绿地率 (三(二): 公共立体绿化合理计入绿地率)

// What bounds the converted vertical greening.
enum class GreeningCapBasis {
  none,          // no cap
  ground_green,  // at most cap_share × ground green area
  land_area,     // at most cap_share × land area
};

// How public vertical greening turns into green-ratio area. No official conversion was found: the
// defaults (factor 1, no cap) are placeholders *(draft)*; a ruleset should set its own.
struct VerticalGreeningRule {
  double factor = 1.0;  // m² counted per m² of public vertical greening, >= 0
  GreeningCapBasis cap_basis = GreeningCapBasis::none;
  double cap_share = 0;  // >= 0; used unless cap_basis is none
};

struct VerticalGreening {
  std::string label;
  double area_m2 = 0;
  bool is_public = true;  // only public (公共) vertical greening may count
};

struct GreenInput {
  double land_area_m2 = 0;     // > 0
  double ground_green_m2 = 0;  // 0 ..= land area
  std::vector<VerticalGreening> vertical;
  VerticalGreeningRule rule;
  double min_ratio = 0;  // 0 ..= 1, e.g. 0.30
};

struct GreenResult {
  double ground_green_m2 = 0;
  double vertical_public_m2 = 0;     // public vertical greening before conversion
  double vertical_converted_m2 = 0;  // × factor, before the cap
  std::optional<double> cap_m2;      // the cap, when the rule has one
  double vertical_counted_m2 = 0;    // min(converted, cap)
  double green_area_m2 = 0;          // ground + vertical counted
  std::vector<Exclusion> excluded;   // non-public items; the part cut by the factor and the cap
  double ratio = 0;                  // green_area / land area
  double min_ratio = 0;
  bool ok = false;  // ratio >= min_ratio
};

// Errors: land area <= 0 ("/land_area_m2"); ground green < 0 or > land area ("/ground_green_m2");
// a negative vertical area ("/vertical/i/area_m2"); factor < 0 ("/rule/factor"); cap_share < 0
// ("/rule/cap_share"); min_ratio outside [0, 1] ("/min_ratio"). Non-finite numbers are errors too.
Result<GreenResult> green_space_ratio(const GreenInput& in);

// ---------------------------------------------------------------------------------------------
// Community facility floor area per 100 households (三(六): 每百户不少于80平方米)

// The categories that count by default *(draft)*: the policy names 社区配套用房 and 邻里中心 but
// not a list; this reading takes the community service premises of GB 50180-2018's 社区服务设施.
const std::vector<std::string>& default_facility_categories();

struct CommunityFacility {
  std::string category;  // e.g. "elderly_care"
  double area_m2 = 0;
  std::string label;
};

struct FacilityInput {
  std::vector<CommunityFacility> facilities;
  long long households = 0;  // > 0
  std::vector<std::string> counted_categories = default_facility_categories();
  double min_m2_per_100_households = 80;  // >= 0
};

struct FacilityResult {
  double counted_m2 = 0;
  std::vector<Exclusion> excluded;  // facilities whose category does not count
  long long households = 0;
  double m2_per_100_households = 0;  // counted × 100 / households
  double min_m2_per_100_households = 0;
  double required_m2 = 0;   // min × households / 100
  double shortfall_m2 = 0;  // max(0, required - counted); 0 when ok
  bool ok = false;          // counted >= required
};

// Errors: households <= 0 ("/households"); a negative area ("/facilities/i/area_m2"); an empty
// category ("/facilities/i/category"); a negative minimum ("/min_m2_per_100_households").
Result<FacilityResult> facility_area_per_100_households(const FacilityInput& in);

}  // namespace weilai::evaluation
