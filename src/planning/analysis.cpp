#include "planning/analysis.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <thread>

#include "graph/search.hpp"

namespace weilai::planning {

PlanningInput prepare(const Network& net, const std::vector<Residence>& residences,
                      const std::vector<Facility>& facilities, const SnapOptions& snap,
                      const std::vector<geo::LatLon>& extra) {
  PlanningInput in;
  in.residences = &residences;
  in.facilities = &facilities;
  in.extra_points = extra.size();
  std::vector<geo::LatLon> pts;
  pts.reserve(residences.size() + facilities.size() + extra.size());
  for (const auto& r : residences) pts.push_back(r.at);
  for (const auto& f : facilities) pts.push_back(f.at);
  pts.insert(pts.end(), extra.begin(), extra.end());
  in.scenario = attach_points(net, pts, snap);
  for (uint32_t r = 0; r < residences.size(); ++r)
    if (in.residence_node(r) == graph::kNoNode) in.unsnapped_residences.push_back(r);
  for (uint32_t f = 0; f < facilities.size(); ++f)
    if (in.facility_node(f) == graph::kNoNode) in.unsnapped_facilities.push_back(f);
  auto limit = std::to_string(static_cast<int>(snap.max_snap_m));
  if (!in.unsnapped_residences.empty())
    in.warnings.push_back(
        std::to_string(in.unsnapped_residences.size()) + " residences are farther than " + limit +
        " m from the network (first: '" + residences[in.unsnapped_residences[0]].id +
        "'); they count as not covered");
  if (!in.unsnapped_facilities.empty())
    in.warnings.push_back(std::to_string(in.unsnapped_facilities.size()) +
                          " facilities are farther than " + limit +
                          " m from the network (first: '" +
                          facilities[in.unsnapped_facilities[0]].id + "'); they are ignored");
  return in;
}

namespace {

std::vector<graph::Source> category_sources(const PlanningInput& in, const std::string& category) {
  std::vector<graph::Source> src;
  const auto& fs = *in.facilities;
  for (uint32_t f = 0; f < fs.size(); ++f)
    if (fs[f].category == category && in.facility_node(f) != graph::kNoNode)
      src.push_back({in.facility_node(f), 0, f});
  return src;
}

template <class Fn>
void parallel_for(size_t count, unsigned threads, Fn&& fn) {
  threads =
      std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<size_t>(count, 1))));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < count;) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

}  // namespace

NearestTable nearest_facilities(const PlanningInput& in, const std::vector<std::string>& categories,
                                graph::Time limit, unsigned threads, const CancelCheck& cancelled) {
  NearestTable t;
  t.categories = categories;
  size_t R = in.residences->size();
  t.residences = R;
  t.time.assign(categories.size() * R, graph::kInfTime);
  t.facility.assign(categories.size() * R, kNone);
  // One multi-source search per category on the reverse graph (time from each node TO the
  // nearest facility); categories run in parallel, each writing only its own slice.
  parallel_for(categories.size(), threads, [&](size_t c) {
    if (cancelled && cancelled()) return;
    auto src = category_sources(in, categories[c]);
    if (src.empty()) return;
    std::vector<graph::Time> dist;
    std::vector<uint32_t> label;
    graph::nearest_source(*in.scenario.reverse_index, src, limit, dist, label);
    for (size_t r = 0; r < R; ++r) {
      graph::NodeId v = in.residence_node(r);
      if (v == graph::kNoNode || dist[v] == graph::kInfTime) continue;
      t.time[c * R + r] = dist[v];
      t.facility[c * R + r] = label[v];
    }
  });
  return t;
}

CountTable count_facilities(const PlanningInput& in, const std::vector<std::string>& categories,
                            const std::vector<graph::Time>& cutoffs, unsigned threads,
                            const Progress& progress, const CancelCheck& cancelled) {
  CountTable t;
  t.categories = categories;
  t.cutoffs = cutoffs;
  std::sort(t.cutoffs.begin(), t.cutoffs.end());
  size_t R = in.residences->size(), K = t.cutoffs.size();
  t.residences = R;
  t.count.assign(categories.size() * R * K, 0);
  t.capacity.assign(categories.size() * R * K, 0);
  for (size_t c = 0; c < categories.size(); ++c) {
    if (cancelled && cancelled()) break;
    auto src = category_sources(in, categories[c]);
    // Capacities are summed as integer thousandths: exact and order-independent.
    std::vector<int64_t> w;
    for (const auto& s : src) w.push_back(std::llround((*in.facilities)[s.label].capacity * 1000));
    std::vector<int64_t> wsum;
    auto counts =
        graph::count_within(*in.scenario.reverse_index, src, t.cutoffs, threads, w, &wsum);
    for (size_t r = 0; r < R; ++r) {
      graph::NodeId v = in.residence_node(r);
      if (v == graph::kNoNode) continue;
      for (size_t k = 0; k < K; ++k) {
        t.count[(c * R + r) * K + k] = counts[static_cast<size_t>(v) * K + k];
        t.capacity[(c * R + r) * K + k] =
            static_cast<double>(wsum[static_cast<size_t>(v) * K + k]) / 1000.0;
      }
    }
    if (progress) progress(static_cast<double>(c + 1) / std::max<size_t>(1, categories.size()));
  }
  return t;
}

std::vector<std::vector<bool>> levels_met(const PlanningInput& in, const NearestTable& nearest,
                                          const Rules& rules) {
  size_t R = in.residences->size();
  std::vector<std::vector<bool>> met(rules.levels.size(), std::vector<bool>(R, false));
  auto cat_index = [&](const std::string& c) {
    auto it = std::find(nearest.categories.begin(), nearest.categories.end(), c);
    return it == nearest.categories.end() ? kNone
                                          : static_cast<uint32_t>(it - nearest.categories.begin());
  };
  for (size_t l = 0; l < rules.levels.size(); ++l) {
    const auto& level = rules.levels[l];
    graph::Time cut = minutes_to_ds(level.cutoff_min);
    for (size_t r = 0; r < R; ++r) {
      bool ok = l == 0 || met[l - 1][r];
      for (const auto& c : level.require) {
        if (!ok) break;
        uint32_t ci = cat_index(c);
        ok = ci != kNone && nearest.at(ci, r) <= cut;
      }
      met[l][r] = ok;
    }
  }
  return met;
}

Coverage coverage(const PlanningInput& in, const NearestTable& nearest, const Rules& rules) {
  Coverage cov;
  cov.categories = nearest.categories;
  cov.cutoffs_min = rules.cutoffs_min;
  for (const auto& l : rules.levels) cov.levels.push_back(l.name);
  size_t C = cov.categories.size(), K = cov.cutoffs_min.size(), L = rules.levels.size();
  const auto& rs = *in.residences;
  auto met = levels_met(in, nearest, rules);
  std::map<std::string, size_t> area_row;
  for (const auto& r : rs)
    if (!r.area.empty()) area_row.emplace(r.area, 0);
  cov.rows.push_back({"", 0, std::vector<double>(C * K, 0), std::vector<double>(L, 0)});
  for (auto& [name, idx] : area_row) {
    idx = cov.rows.size();
    cov.rows.push_back({name, 0, std::vector<double>(C * K, 0), std::vector<double>(L, 0)});
  }
  for (size_t r = 0; r < rs.size(); ++r) {
    size_t rows[2] = {0, rs[r].area.empty() ? 0 : area_row[rs[r].area]};
    for (size_t q = 0; q < (rows[1] ? 2u : 1u); ++q) {
      CoverageRow& row = cov.rows[rows[q]];
      double h = rs[r].households;
      row.households += h;
      for (size_t c = 0; c < C; ++c)
        for (size_t k = 0; k < K; ++k)
          if (nearest.at(c, r) <= minutes_to_ds(cov.cutoffs_min[k])) row.covered[c * K + k] += h;
      for (size_t l = 0; l < L; ++l)
        if (met[l][r]) row.level_met[l] += h;
    }
  }
  return cov;
}

namespace {

// Calls emit(gap) for every gap in gaps() order.
template <class Emit>
void for_each_gap(const PlanningInput& in, const NearestTable& nearest, const Rules& rules,
                  Emit&& emit) {
  const auto& rs = *in.residences;
  // Requirements accumulate: level l checks its own categories at its cutoff plus all lower
  // levels' categories at theirs.
  std::vector<std::pair<uint16_t, int>> required;
  for (size_t l = 0; l < rules.levels.size(); ++l) {
    const auto& level = rules.levels[l];
    for (const auto& c : level.require) {
      auto it = std::find(nearest.categories.begin(), nearest.categories.end(), c);
      if (it == nearest.categories.end()) continue;  // not analysed: caller's contract
      required.push_back(
          {static_cast<uint16_t>(it - nearest.categories.begin()), level.cutoff_min});
    }
    for (size_t r = 0; r < rs.size(); ++r)
      for (const auto& [c, cutoff] : required) {
        graph::Time t = nearest.at(c, r);
        if (t > minutes_to_ds(cutoff))
          emit(Gap{static_cast<uint32_t>(r), static_cast<uint16_t>(l), c, cutoff, t,
                   rs[r].households});
      }
  }
}

}  // namespace

std::vector<Gap> gaps(const PlanningInput& in, const NearestTable& nearest, const Rules& rules) {
  std::vector<Gap> out;
  for_each_gap(in, nearest, rules, [&](const Gap& g) { out.push_back(g); });
  return out;
}

size_t count_gaps(const PlanningInput& in, const NearestTable& nearest, const Rules& rules) {
  size_t n = 0;
  for_each_gap(in, nearest, rules, [&](const Gap&) { ++n; });
  return n;
}

std::string format_seconds(graph::Time ds) {
  return std::to_string(ds / 10) + "." + std::to_string(ds % 10);
}

}  // namespace weilai::planning
