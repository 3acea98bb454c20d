#include "planning/site_suggestion.hpp"

#include <algorithm>
#include <atomic>
#include <queue>
#include <thread>

#include "graph/search.hpp"

namespace weilai::planning {

Result<SiteSuggestion> suggest_sites(const PlanningInput& in,
                                     const std::vector<Candidate>& candidates,
                                     const std::string& category, graph::Time cutoff, size_t k,
                                     unsigned threads) {
  if (k == 0) return Error::invalid("k must be at least 1", "/k");
  if (in.extra_points != candidates.size())
    return Error::invalid("candidates were not attached to the scenario", "/candidates");
  const auto& rs = *in.residences;
  SiteSuggestion out;
  out.category = category;
  out.cutoff = cutoff;
  auto nearest = nearest_facilities(in, {category}, cutoff, 1);
  // Residence leaf node -> residence index, for uncovered residences only.
  std::vector<uint32_t> uncovered_at(in.scenario.graph.node_count(), kNone);
  for (uint32_t r = 0; r < rs.size(); ++r) {
    out.households_total += rs[r].households;
    if (nearest.at(0, r) <= cutoff) continue;
    out.households_uncovered_before += rs[r].households;
    if (in.residence_node(r) != graph::kNoNode) uncovered_at[in.residence_node(r)] = r;
  }
  // Cover sets: residences whose trip to the candidate takes <= cutoff (search the reverse graph
  // from the candidate). Candidates are independent, so they run in parallel into own slots.
  size_t n = candidates.size();
  std::vector<std::vector<uint32_t>> covers(n);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    graph::BoundedSearch search(in.scenario.graph.node_count());
    for (size_t c; (c = next.fetch_add(1)) < n;) {
      graph::NodeId v = in.extra_node(c);
      if (v == graph::kNoNode) continue;
      graph::Source s{v, 0, 0};
      search.run(graph::view(in.scenario.reverse), std::span<const graph::Source>(&s, 1), cutoff,
                 [&](graph::NodeId x, graph::Time) {
                   if (uncovered_at[x] != kNone) covers[c].push_back(uncovered_at[x]);
                 });
      std::sort(covers[c].begin(), covers[c].end());
    }
  };
  threads = std::max(1u, threads);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (uint32_t c = 0; c < n; ++c)
    if (in.extra_node(c) == graph::kNoNode) out.unsnapped_candidates.push_back(c);

  std::vector<bool> covered(rs.size(), false);
  auto gain_of = [&](uint32_t c) {
    double g = 0;
    for (uint32_t r : covers[c])
      if (!covered[r]) g += rs[r].households;
    return g;
  };
  // CELF: a max-heap of (stale gain, -index); a popped entry whose gain is up to date is optimal
  // because gains only shrink (submodularity).
  struct Entry {
    double gain;
    uint32_t cand;
    size_t round;
    bool operator<(const Entry& o) const { return gain != o.gain ? gain < o.gain : cand > o.cand; }
  };
  std::priority_queue<Entry> heap;
  for (uint32_t c = 0; c < n; ++c)
    if (!covers[c].empty()) heap.push({gain_of(c), c, 0});
  double cumulative = 0;
  while (out.choices.size() < k && !heap.empty()) {
    Entry e = heap.top();
    heap.pop();
    if (e.round != out.choices.size()) {
      double g = gain_of(e.cand);
      if (g > 0) heap.push({g, e.cand, out.choices.size()});
      continue;
    }
    if (e.gain <= 0) break;
    SiteChoice choice{e.cand, 0, 0, 0};
    for (uint32_t r : covers[e.cand])
      if (!covered[r]) {
        covered[r] = true;
        choice.gain_households += rs[r].households;
        ++choice.gain_residences;
      }
    cumulative += choice.gain_households;
    choice.cumulative_households = cumulative;
    out.choices.push_back(choice);
  }
  return out;
}

std::vector<Candidate> node_candidates(const Network& net, geo::LatLon min, geo::LatLon max,
                                       size_t limit) {
  std::vector<graph::NodeId> inside;
  const auto& g = net.graph();
  for (graph::NodeId v = 0; v < g.node_count(); ++v) {
    geo::LatLon p = net.node_lat_lon(v);
    if (p.lat >= min.lat && p.lat <= max.lat && p.lon >= min.lon && p.lon <= max.lon)
      inside.push_back(v);
  }
  std::vector<Candidate> out;
  size_t step = limit == 0 || inside.size() <= limit ? 1 : (inside.size() + limit - 1) / limit;
  for (size_t i = 0; i < inside.size(); i += step)
    out.push_back({"node:" + std::to_string(inside[i]), net.node_lat_lon(inside[i])});
  return out;
}

}  // namespace weilai::planning
