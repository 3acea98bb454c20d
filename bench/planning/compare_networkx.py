#!/usr/bin/env python3
"""Peer run with networkx on the exported Weilai graph: nearest facility (multi-source Dijkstra)
and count of facilities within a cutoff (one bounded Dijkstra per facility), on exactly the arcs
and facility nodes the engine used. Compares every node's answer with weilai_results.csv and
prints figures as `networkx <name>_ms <value>` lines for run.sh.

usage: compare_networkx.py DIR [CUTOFF_DS]   (DIR holds nodes.csv, edges.csv, facility_nodes.txt,
                                              weilai_results.csv)
"""
import csv
import sys
import time

import networkx as nx


def deciseconds(text):
    # Seconds are written with exactly one decimal from integer deciseconds: parse exactly.
    whole, _, frac = text.partition(".")
    return int(whole) * 10 + (int(frac) if frac else 0)


def main():
    d = sys.argv[1]
    cutoff = int(sys.argv[2]) if len(sys.argv) > 2 else 6000
    t0 = time.perf_counter()
    g = nx.DiGraph()
    with open(f"{d}/nodes.csv") as f:
        r = csv.reader(f)
        next(r)
        g.add_nodes_from(int(row[0]) for row in r)
    with open(f"{d}/edges.csv") as f:
        r = csv.reader(f)
        next(r)
        # Reverse arcs: the engine measures time from each node TO the facilities.
        g.add_weighted_edges_from((int(b), int(a), deciseconds(s)) for a, b, s in r)
    t1 = time.perf_counter()
    facilities = [int(x) for x in open(f"{d}/facility_nodes.txt").read().split()]
    dist = nx.multi_source_dijkstra_path_length(g, set(facilities), weight="weight")
    t2 = time.perf_counter()
    counts = {}
    for s in facilities:
        for v in nx.single_source_dijkstra_path_length(g, s, cutoff=cutoff, weight="weight"):
            counts[v] = counts.get(v, 0) + 1
    t3 = time.perf_counter()
    mismatch_nearest = mismatch_count = 0
    rows = 0
    with open(f"{d}/weilai_results.csv") as f:
        r = csv.reader(f)
        next(r)
        for node, nearest, count in r:
            rows += 1
            v = int(node)
            want = dist.get(v)
            got = int(nearest) if nearest else None
            if want != got:
                mismatch_nearest += 1
                if mismatch_nearest <= 5:
                    print(f"nearest differs at node {v}: networkx {want} weilai {got}", file=sys.stderr)
            if counts.get(v, 0) != int(count):
                mismatch_count += 1
                if mismatch_count <= 5:
                    print(f"count differs at node {v}: networkx {counts.get(v, 0)} weilai {count}", file=sys.stderr)
    print(f"networkx build_ms {1000 * (t1 - t0):.1f}")
    print(f"networkx nearest_ms {1000 * (t2 - t1):.1f}")
    print(f"networkx count_ms {1000 * (t3 - t2):.1f}")
    print(f"networkx nodes_compared {rows}")
    print(f"networkx nearest_mismatches {mismatch_nearest}")
    print(f"networkx count_mismatches {mismatch_count}")


if __name__ == "__main__":
    main()
