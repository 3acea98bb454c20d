#include "graph/search.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <thread>
#include <tuple>

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
  search.run(g, std::span<const Source>(&s, 1), kInfTime - 1,
             [&](NodeId v, Time d) { dist[v] = d; });
  return dist;
}

}  // namespace weilai::graph

namespace weilai::graph {

namespace {

// Sources mapped onto the junction graph; interior sources also remembered per chain.
struct MappedSources {
  std::vector<Source> junction;
  struct Interior {
    uint32_t chain, slot;
    Time time;
    uint32_t label;
  };
  std::vector<Interior> interior;  // sorted by (chain, slot, time, label)
};

Time sat(uint64_t t) {
  return t >= kInfTime ? kInfTime : static_cast<Time>(t);
}

MappedSources map_sources(const ChainIndex& idx, std::span<const Source> sources, Time limit) {
  MappedSources m;
  for (const Source& s : sources) {
    if (s.node >= idx.node_count() || s.time > limit) continue;
    NodeId j = idx.junction_of(s.node);
    if (j != kNoNode) {
      m.junction.push_back({j, s.time, s.label});
      continue;
    }
    uint32_t c = idx.chain_of(s.node), slot = idx.slot_of(s.node);
    const auto& ch = idx.chains()[c];
    Time ta = sat(uint64_t{s.time} + idx.to_a(slot)), tb = sat(uint64_t{s.time} + idx.to_b(slot));
    if (ta <= limit) m.junction.push_back({ch.a, ta, s.label});
    if (tb <= limit) m.junction.push_back({ch.b, tb, s.label});
    m.interior.push_back({c, slot, s.time, s.label});
  }
  std::sort(m.interior.begin(), m.interior.end(), [](const auto& x, const auto& y) {
    return std::tie(x.chain, x.slot, x.time, x.label) < std::tie(y.chain, y.slot, y.time, y.label);
  });
  return m;
}

}  // namespace

void nearest_source(const ChainIndex& idx, std::span<const Source> sources, Time limit,
                    std::vector<Time>& dist, std::vector<uint32_t>& label) {
  NodeId n = idx.node_count();
  dist.assign(n, kInfTime);
  label.assign(n, kNoLabel);
  auto m = map_sources(idx, sources, limit);
  std::vector<Time> jd;
  std::vector<uint32_t> jl;
  nearest_source(idx.junction_graph(), m.junction, limit, jd, jl);
  for (NodeId j = 0; j < idx.junction_count(); ++j) {
    dist[idx.junction_node(j)] = jd[j];
    label[idx.junction_node(j)] = jl[j];
  }
  auto key = [](Time t, uint32_t l) { return (static_cast<uint64_t>(t) << 32) | l; };
  std::vector<uint64_t> fwd;
  size_t ip = 0;
  const auto& chains = idx.chains();
  for (uint32_t c = 0; c < chains.size(); ++c) {
    const auto& ch = chains[c];
    size_t ibegin = ip;
    while (ip < m.interior.size() && m.interior[ip].chain == c) ++ip;
    // Forward sweep from the a-end, then backward from the b-end; each carries the best
    // (time, label) entering from that side, picking up sources sitting inside the chain.
    fwd.resize(ch.len);
    uint64_t carry = key(jd[ch.a], jl[ch.a]);
    size_t q = ibegin;
    for (uint32_t i = 0; i < ch.len; ++i) {
      uint32_t s = ch.first + i;
      Time step = i == 0 ? idx.from_a(s) : idx.from_a(s) - idx.from_a(s - 1);
      Time t = static_cast<Time>(carry >> 32);
      if (t != kInfTime) carry = key(sat(uint64_t{t} + step), static_cast<uint32_t>(carry));
      for (; q < ip && m.interior[q].slot == s; ++q)
        carry = std::min(carry, key(m.interior[q].time, m.interior[q].label));
      fwd[i] = carry;
    }
    carry = key(jd[ch.b], jl[ch.b]);
    q = ip;
    for (uint32_t i = ch.len; i-- > 0;) {
      uint32_t s = ch.first + i;
      Time step = i + 1 == ch.len ? idx.from_b(s) : idx.from_b(s) - idx.from_b(s + 1);
      Time t = static_cast<Time>(carry >> 32);
      if (t != kInfTime) carry = key(sat(uint64_t{t} + step), static_cast<uint32_t>(carry));
      for (; q > ibegin && m.interior[q - 1].slot == s; --q)
        carry = std::min(carry, key(m.interior[q - 1].time, m.interior[q - 1].label));
      uint64_t best = std::min(carry, fwd[i]);
      Time bt = static_cast<Time>(best >> 32);
      if (bt <= limit) {
        dist[idx.slot_node(s)] = bt;
        label[idx.slot_node(s)] = static_cast<uint32_t>(best);
      }
    }
  }
}

std::vector<uint32_t> count_within(const ChainIndex& idx, std::span<const Source> sources,
                                   std::span<const Time> cutoffs, unsigned threads,
                                   std::span<const int64_t> weights,
                                   std::vector<int64_t>* weighted_out,
                                   const std::function<void(size_t)>& progress) {
  NodeId n = idx.node_count(), J = idx.junction_count();
  size_t K = cutoffs.size();
  std::vector<uint32_t> result(static_cast<size_t>(n) * K, 0);
  bool weighted = weighted_out && weights.size() == sources.size();
  if (weighted) weighted_out->assign(result.size(), 0);
  if (K == 0 || sources.empty()) return result;
  Time limit = cutoffs.back();
  const auto& chains = idx.chains();
  // Per chain one extra sentinel position so that range ends never spill into the next chain.
  size_t diff_size = (static_cast<size_t>(idx.slot_count()) + chains.size()) * K;
  auto pos = [&](uint32_t c, uint32_t i) {
    return (static_cast<size_t>(chains[c].first) + c + i) * K;
  };
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(sources.size())));
  std::atomic<size_t> next{0}, done{0};
  std::mutex merge_mutex, progress_mutex;
  std::vector<int32_t> diff_total(diff_size, 0);
  std::vector<int64_t> wdiff_total(weighted ? diff_size : 0, 0);
  std::vector<uint32_t> jfirst_total(static_cast<size_t>(J) * K, 0);
  std::vector<int64_t> jw_total(weighted ? jfirst_total.size() : 0, 0);
  std::vector<uint32_t> full_total(chains.size() * K, 0);
  std::vector<int64_t> wfull_total(weighted ? chains.size() * K : 0, 0);
  // Sources in node order (nodes are Hilbert-ordered): consecutive searches then overlap in
  // space, so the distance array, tallies and chain data they touch stay in cache.
  std::vector<uint32_t> order(sources.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t x, uint32_t y) { return sources[x].node < sources[y].node; });
  constexpr size_t kChunk = 8;
  auto worker = [&](bool is_main) {
    std::vector<uint32_t> jfirst(jfirst_total.size(), 0);
    std::vector<int64_t> jw(jw_total.size(), 0);
    std::vector<int32_t> diff(diff_size, 0);
    std::vector<int64_t> wdiff(wdiff_total.size(), 0);
    std::vector<uint32_t> stamp(chains.size(), UINT32_MAX);
    std::vector<uint32_t> full_from(chains.size() * K, 0);
    std::vector<int64_t> wfull_from(weighted ? chains.size() * K : 0, 0);
    std::vector<NodeId> settled;
    BoundedSearch search(J);
    GraphView jg = idx.junction_graph();
    for (;;) {
      size_t begin = next.fetch_add(kChunk);
      if (begin >= sources.size()) break;
      size_t end = std::min(sources.size(), begin + kChunk);
      for (size_t oi = begin; oi < end; ++oi) {
        size_t si = order[oi];
        const Source& src = sources[si];
        if (src.node >= n || src.time > limit) continue;
        int64_t w = weighted ? weights[si] : 0;
        auto add_range = [&](uint32_t c, uint32_t lo, uint32_t hi, size_t k) {
          if (lo >= hi) return;
          diff[pos(c, lo) + k] += 1;
          diff[pos(c, hi) + k] -= 1;
          if (weighted) {
            wdiff[pos(c, lo) + k] += w;
            wdiff[pos(c, hi) + k] -= w;
          }
        };
        Source seeds[2];
        size_t nseeds = 0;
        uint32_t own_chain = UINT32_MAX, own_slot = 0;
        NodeId j0 = idx.junction_of(src.node);
        if (j0 != kNoNode) {
          seeds[nseeds++] = {j0, src.time, 0};
        } else {
          own_chain = idx.chain_of(src.node);
          own_slot = idx.slot_of(src.node);
          const auto& ch = chains[own_chain];
          seeds[nseeds++] = {ch.a, sat(uint64_t{src.time} + idx.to_a(own_slot)), 0};
          seeds[nseeds++] = {ch.b, sat(uint64_t{src.time} + idx.to_b(own_slot)), 0};
        }
        settled.clear();
        search.run(jg, std::span<const Source>(seeds, nseeds), limit, [&](NodeId j, Time d) {
          size_t k = 0;
          while (cutoffs[k] < d) ++k;
          jfirst[static_cast<size_t>(j) * K + k] += 1;
          if (weighted) jw[static_cast<size_t>(j) * K + k] += w;
          settled.push_back(j);
        });
        auto stamp_id = static_cast<uint32_t>(si);
        for (NodeId j : settled)
          for (const uint32_t* it = idx.incident_begin(j); it != idx.incident_end(j); ++it) {
            uint32_t c = *it;
            if (stamp[c] == stamp_id || c == own_chain) continue;
            stamp[c] = stamp_id;
            const auto& ch = chains[c];
            Time da = search.dist(ch.a), db = search.dist(ch.b);
            const Time* fa = idx.from_a_data() + ch.first;
            const Time* fb = idx.from_b_data() + ch.first;
            // Reach only grows with the cutoff: once the whole chain is inside at cutoff k it is
            // inside for every larger one, so one "full from k" tally replaces range updates.
            for (size_t k = 0; k < K; ++k) {
              Time T = cutoffs[k];
              bool full = (da <= T && uint64_t{da} + fa[ch.len - 1] <= T) ||
                          (db <= T && uint64_t{db} + fb[0] <= T);
              uint32_t p = 0, q = 0;
              if (!full) {
                if (da <= T)
                  p = static_cast<uint32_t>(std::upper_bound(fa, fa + ch.len, T - da) - fa);
                if (db <= T) {
                  Time x = T - db;
                  q = ch.len -
                      static_cast<uint32_t>(
                          std::partition_point(fb, fb + ch.len, [x](Time t) { return t > x; }) -
                          fb);
                }
                full = p + q >= ch.len;
              }
              if (full) {
                full_from[static_cast<size_t>(c) * K + k] += 1;
                if (weighted) wfull_from[static_cast<size_t>(c) * K + k] += w;
                break;
              }
              add_range(c, 0, p, k);
              add_range(c, ch.len - q, ch.len, k);
            }
          }
        if (own_chain != UINT32_MAX) {
          const auto& ch = chains[own_chain];
          Time da = search.dist(ch.a), db = search.dist(ch.b);
          for (uint32_t i = 0; i < ch.len; ++i) {
            uint32_t s = ch.first + i;
            uint64_t t = std::min(da == kInfTime ? UINT64_MAX : uint64_t{da} + idx.from_a(s),
                                  db == kInfTime ? UINT64_MAX : uint64_t{db} + idx.from_b(s));
            uint64_t direct = s >= own_slot
                                  ? uint64_t{src.time} + idx.from_a(s) - idx.from_a(own_slot)
                                  : uint64_t{src.time} + idx.from_b(s) - idx.from_b(own_slot);
            t = std::min(t, direct);
            for (size_t k = 0; k < K; ++k)
              if (t <= cutoffs[k]) add_range(own_chain, i, i + 1, k);
          }
        }
      }
      size_t total = done.fetch_add(end - begin) + (end - begin);
      if (progress && is_main) {
        std::lock_guard lock(progress_mutex);
        progress(total);
      }
    }
    std::lock_guard lock(merge_mutex);
    for (size_t i = 0; i < jfirst.size(); ++i) jfirst_total[i] += jfirst[i];
    for (size_t i = 0; i < diff.size(); ++i) diff_total[i] += diff[i];
    for (size_t i = 0; i < jw.size(); ++i) jw_total[i] += jw[i];
    for (size_t i = 0; i < wdiff.size(); ++i) wdiff_total[i] += wdiff[i];
    for (size_t i = 0; i < full_from.size(); ++i) full_total[i] += full_from[i];
    for (size_t i = 0; i < wfull_from.size(); ++i) wfull_total[i] += wfull_from[i];
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, false);
  worker(true);
  for (auto& t : pool) t.join();
  for (NodeId j = 0; j < J; ++j) {
    size_t v = idx.junction_node(j);
    uint32_t acc = 0;
    int64_t wacc = 0;
    for (size_t k = 0; k < K; ++k) {
      acc += jfirst_total[j * K + k];
      result[v * K + k] = acc;
      if (weighted) {
        wacc += jw_total[j * K + k];
        (*weighted_out)[v * K + k] = wacc;
      }
    }
  }
  for (uint32_t c = 0; c < chains.size(); ++c) {
    int64_t full = 0, wfull = 0;
    for (size_t k = 0; k < K; ++k) {
      full += full_total[c * K + k];
      if (weighted) wfull += wfull_total[c * K + k];
      int64_t acc = 0, wacc = 0;
      for (uint32_t i = 0; i < chains[c].len; ++i) {
        acc += diff_total[pos(c, i) + k];
        size_t v = idx.slot_node(chains[c].first + i);
        result[v * K + k] = static_cast<uint32_t>(acc + full);
        if (weighted) {
          wacc += wdiff_total[pos(c, i) + k];
          (*weighted_out)[v * K + k] = wacc + wfull;
        }
      }
    }
  }
  return result;
}

}  // namespace weilai::graph
