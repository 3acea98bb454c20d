#include "graph/search.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace weilai::graph {

void nearest_source(const GraphView& g, std::span<const Source> sources, Time limit,
                    std::vector<Time>& dist, std::vector<uint32_t>& label) {
  NodeId n = g.node_count();
  dist.assign(n, kInfTime);
  label.assign(n, kNoLabel);
  // Keys are (time, label) pairs packed into 64 bits: Dijkstra on the lexicographic order makes
  // the lowest label win ties exactly, even across zero-weight arcs.
  RadixHeap<uint64_t> heap;
  auto key = [](Time t, uint32_t l) { return (static_cast<uint64_t>(t) << 32) | l; };
  for (const Source& s : sources) {
    if (s.node >= n || s.time > limit || s.label == kNoLabel) continue;
    if (key(s.time, s.label) < key(dist[s.node], label[s.node])) {
      dist[s.node] = s.time;
      label[s.node] = s.label;
      heap.push(key(s.time, s.label), s.node);
    }
  }
  while (!heap.empty()) {
    auto [k, v] = heap.pop();
    if (k != key(dist[v], label[v])) continue;
    Time d = dist[v];
    uint32_t l = label[v];
    for (EdgeId e = g.first_out[v], end = g.first_out[v + 1]; e < end; ++e) {
      NodeId w = g.head[e];
      uint64_t nd64 = uint64_t{d} + g.weight[e];
      if (nd64 > limit) continue;
      Time nd = static_cast<Time>(nd64);
      uint64_t nk = key(nd, l);
      if (nk < key(dist[w], label[w])) {
        dist[w] = nd;
        label[w] = l;
        heap.push(nk, w);
      }
    }
  }
}

std::vector<uint32_t> count_within(const GraphView& g, std::span<const Source> sources,
                                   std::span<const Time> cutoffs, unsigned threads,
                                   std::span<const int64_t> weights,
                                   std::vector<int64_t>* weighted_out,
                                   const std::function<void(size_t)>& progress) {
  NodeId n = g.node_count();
  size_t k_count = cutoffs.size();
  std::vector<uint32_t> result(static_cast<size_t>(n) * k_count, 0);
  bool weighted = weighted_out && weights.size() == sources.size();
  if (weighted) weighted_out->assign(result.size(), 0);
  if (k_count == 0 || sources.empty()) return result;
  Time limit = cutoffs.back();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(sources.size())));
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::mutex merge_mutex, progress_mutex;
  constexpr size_t kChunk = 8;
  auto worker = [&](bool is_main) {
    // Each thread tallies the first (smallest) cutoff reached per node; the prefix over cutoffs
    // happens once at the end. Integer sums make the merge order irrelevant.
    std::vector<uint32_t> first_hit(result.size(), 0);
    std::vector<int64_t> first_weight(weighted ? result.size() : 0, 0);
    BoundedSearch search(n);
    for (;;) {
      size_t begin = next.fetch_add(kChunk);
      if (begin >= sources.size()) break;
      size_t end = std::min(sources.size(), begin + kChunk);
      for (size_t i = begin; i < end; ++i) {
        int64_t w = weighted ? weights[i] : 0;
        search.run(g, sources.subspan(i, 1), limit, [&](NodeId v, Time d) {
          size_t k = 0;
          while (cutoffs[k] < d) ++k;
          first_hit[v * k_count + k] += 1;
          if (weighted) first_weight[v * k_count + k] += w;
        });
      }
      size_t total = done.fetch_add(end - begin) + (end - begin);
      if (progress && is_main) {
        std::lock_guard lock(progress_mutex);
        progress(total);
      }
    }
    std::lock_guard lock(merge_mutex);
    for (size_t i = 0; i < result.size(); ++i) result[i] += first_hit[i];
    if (weighted)
      for (size_t i = 0; i < result.size(); ++i) (*weighted_out)[i] += first_weight[i];
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, false);
  worker(true);
  for (auto& t : pool) t.join();
  for (NodeId v = 0; v < n; ++v)
    for (size_t k = 1; k < k_count; ++k) {
      result[v * k_count + k] += result[v * k_count + k - 1];
      if (weighted) (*weighted_out)[v * k_count + k] += (*weighted_out)[v * k_count + k - 1];
    }
  return result;
}

std::vector<Time> one_to_all(const GraphView& g, NodeId source) {
  std::vector<Time> dist(g.node_count(), kInfTime);
  BoundedSearch search(g.node_count());
  Source s{source, 0, 0};
  search.run(g, std::span<const Source>(&s, 1), kInfTime - 1, [&](NodeId v, Time d) { dist[v] = d; });
  return dist;
}

}  // namespace weilai::graph
