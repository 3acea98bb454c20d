#include "graph/chains.hpp"

#include <algorithm>

namespace weilai::graph {

namespace {

Time sat_add(Time a, Time b) {
  uint64_t s = uint64_t{a} + b;
  return s >= kInfTime ? kInfTime - 1 : static_cast<Time>(s);
}

Time arc_weight(const GraphView& g, NodeId u, NodeId v) {
  Time best = kInfTime;
  for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e)
    if (g.head[e] == v) best = std::min(best, g.weight[e]);
  return best;
}

}  // namespace

ChainIndex::ChainIndex(const GraphView& g) {
  std::vector<bool> forced(g.node_count(), false);
  // A cycle made only of degree-2 nodes has no junction to hang from: promote one node and retry.
  while (!build(g, forced)) {
  }
}

bool ChainIndex::build(const GraphView& g, std::vector<bool>& forced) {
  NodeId n = g.node_count();
  std::vector<uint32_t> in_deg(n, 0);
  for (NodeId h : g.head) ++in_deg[h];
  // Interior: exactly two distinct neighbours x != y, arcs both ways with each, nothing else.
  std::vector<bool> interior(n, false);
  for (NodeId v = 0; v < n; ++v) {
    if (forced[v]) continue;
    EdgeId b = g.first_out[v], e = g.first_out[v + 1];
    if (e - b != 2 || in_deg[v] != 2) continue;
    NodeId x = g.head[b], y = g.head[b + 1];
    if (x == y || x == v || y == v) continue;
    if (arc_weight(g, x, v) == kInfTime || arc_weight(g, y, v) == kInfTime) continue;
    interior[v] = true;
  }
  junction_of_.assign(n, kNoNode);
  junction_node_.clear();
  for (NodeId v = 0; v < n; ++v)
    if (!interior[v]) {
      junction_of_[v] = static_cast<NodeId>(junction_node_.size());
      junction_node_.push_back(v);
    }
  chain_of_.assign(n, UINT32_MAX);
  slot_of_.assign(n, UINT32_MAX);
  chains_.clear();
  slot_node_.clear();
  from_a_.clear();
  from_b_.clear();
  to_a_.clear();
  to_b_.clear();
  std::vector<Arc> arcs;
  for (NodeId ja = 0; ja < junction_node_.size(); ++ja) {
    NodeId a = junction_node_[ja];
    for (EdgeId e = g.first_out[a]; e < g.first_out[a + 1]; ++e) {
      NodeId x = g.head[e];
      if (!interior[x]) {
        arcs.push_back({ja, junction_of_[x], g.weight[e]});
        continue;
      }
      if (chain_of_[x] != UINT32_MAX) continue;  // found from its other end already
      Chain c;
      c.a = ja;
      c.first = static_cast<uint32_t>(slot_node_.size());
      auto id = static_cast<uint32_t>(chains_.size());
      NodeId prev = a, cur = x;
      Time acc = g.weight[e];
      while (interior[cur]) {
        chain_of_[cur] = id;
        slot_of_[cur] = static_cast<uint32_t>(slot_node_.size());
        slot_node_.push_back(cur);
        from_a_.push_back(acc);
        to_a_.push_back(
            sat_add(slot_node_.size() - c.first == 1 ? 0 : to_a_.back(), arc_weight(g, cur, prev)));
        EdgeId f = g.first_out[cur];
        NodeId next = g.head[f] == prev ? g.head[f + 1] : g.head[f];
        acc = sat_add(acc, arc_weight(g, cur, next));
        prev = cur;
        cur = next;
      }
      c.b = junction_of_[cur];
      c.len = static_cast<uint32_t>(slot_node_.size()) - c.first;
      Time ab = acc;
      // Walk back from b for from_b and to_b.
      from_b_.resize(slot_node_.size());
      to_b_.resize(slot_node_.size());
      Time fb = 0, tb = 0;
      NodeId after = cur;
      for (uint32_t s = c.first + c.len; s-- > c.first;) {
        NodeId v = slot_node_[s];
        fb = sat_add(fb, arc_weight(g, after, v));
        tb = sat_add(tb, arc_weight(g, v, after));
        from_b_[s] = fb;
        to_b_[s] = tb;
        after = v;
      }
      Time ba = sat_add(from_b_[c.first], arc_weight(g, slot_node_[c.first], a));
      arcs.push_back({c.a, c.b, ab});
      arcs.push_back({c.b, c.a, ba});
      chains_.push_back(c);
    }
  }
  for (NodeId v = 0; v < n; ++v)
    if (interior[v] && chain_of_[v] == UINT32_MAX) {
      forced[v] = true;
      return false;
    }
  NodeId J = junction_count();
  std::vector<int32_t> lat(J, 0), lon(J, 0);
  contracted_ = build_graph(std::move(lat), std::move(lon), {}, std::move(arcs));
  incident_first_.assign(static_cast<size_t>(J) + 1, 0);
  for (const auto& c : chains_) {
    ++incident_first_[c.a + 1];
    if (c.b != c.a) ++incident_first_[c.b + 1];
  }
  for (NodeId j = 0; j < J; ++j) incident_first_[j + 1] += incident_first_[j];
  incident_.resize(incident_first_.back());
  std::vector<uint32_t> pos(incident_first_.begin(), incident_first_.end() - 1);
  for (uint32_t i = 0; i < chains_.size(); ++i) {
    incident_[pos[chains_[i].a]++] = i;
    if (chains_[i].b != chains_[i].a) incident_[pos[chains_[i].b]++] = i;
  }
  return true;
}

}  // namespace weilai::graph
