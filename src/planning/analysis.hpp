// Life-circle analyses over a Scenario: nearest facility per category for every residence,
// facility counts (and capacity sums) within each cutoff, household coverage per category and
// cutoff (overall and per area), nested rule levels, and the gap list.
// Times are integer deciseconds from the residence's door to the facility's door (access walks
// included); reachable means time <= cutoff. Results are exact, deterministic and independent of
// the thread count. Functions are thread-safe (they only read their inputs).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "graph/road_graph.hpp"
#include "planning/inputs.hpp"
#include "planning/network.hpp"
#include "planning/rules.hpp"

namespace weilai::planning {

inline constexpr uint32_t kNone = UINT32_MAX;

// Residences and facilities attached to one network (points: residences first, then
// facilities, then `extra` points such as candidate sites).
struct PlanningInput {
  const std::vector<Residence>* residences = nullptr;
  const std::vector<Facility>* facilities = nullptr;
  Scenario scenario;
  size_t extra_points = 0;
  std::vector<std::string> warnings;  // unsnapped items etc.
  std::vector<uint32_t> unsnapped_residences, unsnapped_facilities;

  graph::NodeId residence_node(size_t r) const { return scenario.points[r].node; }
  graph::NodeId facility_node(size_t f) const {
    return scenario.points[residences->size() + f].node;
  }
  graph::NodeId extra_node(size_t i) const {
    return scenario.points[residences->size() + facilities->size() + i].node;
  }
};

PlanningInput prepare(const Network& net, const std::vector<Residence>& residences,
                      const std::vector<Facility>& facilities, const SnapOptions& snap,
                      const std::vector<geo::LatLon>& extra = {});

struct NearestTable {
  std::vector<std::string> categories;
  size_t residences = 0;
  // [c * residences + r]: time to the nearest facility of category c, kInfTime if none within
  // the limit; facility index (into the facility list) or kNone. Ties: lowest facility index.
  std::vector<graph::Time> time;
  std::vector<uint32_t> facility;
  graph::Time at(size_t c, size_t r) const { return time[c * residences + r]; }
  uint32_t facility_at(size_t c, size_t r) const { return facility[c * residences + r]; }
};

// Polled between units of work; true asks a long run to stop early (its result is then partial
// and must be discarded by the caller).
using CancelCheck = std::function<bool()>;

NearestTable nearest_facilities(const PlanningInput& in, const std::vector<std::string>& categories,
                                graph::Time limit, unsigned threads,
                                const CancelCheck& cancelled = {});

struct CountTable {
  std::vector<std::string> categories;
  std::vector<graph::Time> cutoffs;  // ascending, deciseconds
  size_t residences = 0;
  // [(c * residences + r) * cutoffs + k]
  std::vector<uint32_t> count;
  std::vector<double> capacity;
  uint32_t count_at(size_t c, size_t r, size_t k) const {
    return count[(c * residences + r) * cutoffs.size() + k];
  }
};

using Progress = std::function<void(double fraction)>;

CountTable count_facilities(const PlanningInput& in, const std::vector<std::string>& categories,
                            const std::vector<graph::Time>& cutoffs, unsigned threads,
                            const Progress& progress = {}, const CancelCheck& cancelled = {});

struct CoverageRow {
  std::string area;  // "" = all residences
  double households = 0;
  // [c * cutoffs + k]: households with a facility of category c within cutoff k
  std::vector<double> covered;
  // per rule level: households meeting the (nested) level
  std::vector<double> level_met;
};

struct Coverage {
  std::vector<std::string> categories;
  std::vector<int> cutoffs_min;
  std::vector<std::string> levels;
  std::vector<CoverageRow> rows;  // first row: all; then areas sorted by name
};

Coverage coverage(const PlanningInput& in, const NearestTable& nearest, const Rules& rules);

// Compact (millions of gaps at city scale): names via rules.levels[level].name and
// nearest.categories[category].
struct Gap {
  uint32_t residence = 0;
  uint16_t level = 0;
  uint16_t category = 0;  // index into NearestTable::categories
  int cutoff_min = 0;
  graph::Time nearest = graph::kInfTime;  // kInfTime: none within the largest cutoff
  double households = 0;
};

// For each rule level and each category it requires (own and lower levels', at the cutoff of
// the level that introduced it), the residences without one in time. Ordered by level,
// residence, then requirement order. `nearest` must cover every category the rules name
// (analyze() ensures this).
std::vector<Gap> gaps(const PlanningInput& in, const NearestTable& nearest, const Rules& rules);

// The number of records gaps() would return, without storing them.
size_t count_gaps(const PlanningInput& in, const NearestTable& nearest, const Rules& rules);

// Whether residence r meets each level (nested).
std::vector<std::vector<bool>> levels_met(const PlanningInput& in, const NearestTable& nearest,
                                          const Rules& rules);

// "123.4" for 1234 deciseconds.
std::string format_seconds(graph::Time ds);

}  // namespace weilai::planning
