// Site suggestion: choose k new facilities of a category among candidate sites so as to cover
// the most households that currently have no such facility within the cutoff (maximal covering
// location problem). Greedy with lazy re-evaluation (CELF): each step takes the candidate with
// the largest marginal gain (ties: lowest candidate index). Coverage is monotone submodular, so
// the greedy total is at least (1 - 1/e) ~ 63.2 % of the best possible k-set (Nemhauser, Wolsey &
// Fisher 1978). Deterministic; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "planning/analysis.hpp"

namespace weilai::planning {

struct Candidate {
  std::string id;
  geo::LatLon at;
};

struct SiteChoice {
  uint32_t candidate = 0;      // index into candidates
  double gain_households = 0;  // newly covered by this choice, given the earlier ones
  uint32_t gain_residences = 0;
  double cumulative_households = 0;
};

struct SiteSuggestion {
  std::string category;
  graph::Time cutoff = 0;
  double households_total = 0;
  double households_uncovered_before = 0;
  std::vector<SiteChoice> choices;  // in greedy order; stops early when no gain remains
  std::vector<uint32_t> unsnapped_candidates;
};

// `in` must have been prepared with the candidates' positions as extra points (in order).
// Errors: invalid_argument for k == 0 or a candidate count mismatch.
Result<SiteSuggestion> suggest_sites(const PlanningInput& in,
                                     const std::vector<Candidate>& candidates,
                                     const std::string& category, graph::Time cutoff, size_t k,
                                     unsigned threads);

// Candidates from every base graph node inside a lon/lat box (ids "node:<n>"), capped at `limit`
// (evenly thinned, deterministic).
std::vector<Candidate> node_candidates(const Network& net, geo::LatLon min, geo::LatLon max,
                                       size_t limit);

}  // namespace weilai::planning
