"""Route p50 on Helsinki with and without deployments in play (prints, never asserts).

One process measures one code base (run it with PYTHONPATH=<an older checkout> for the floor), on a
scratch SQLite database holding the demo's cameras and Helsinki's streets, over the same fixed
origin/destination pairs: wall and CPU time (time.process_time, less sensitive to a shared machine's
load) per POST /routes service call. With --van, a live facial recognition van stands in the city
centre, active at the time asked, so every answer also carries the cameras-with-van index.

    python -m bench.route_deployments --runs 40            # this checkout, no deployment
    python -m bench.route_deployments --runs 40 --van      # this checkout, a van active
    PYTHONPATH=/tmp/base:. python bench/route_deployments.py --runs 40   # the base commit
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

import numpy as np

AT = datetime(2025, 1, 8, 13, 0, tzinfo=UTC)


def pairs(network, count: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    graph, rng, found = network.graph("foot"), np.random.default_rng(5), []
    while len(found) < count:
        s, t = rng.choice(graph.nodes, 2)
        gap = np.hypot((network.lon[s] - network.lon[t]) * 111_320 * 0.5,
                       (network.lat[s] - network.lat[t]) * 111_320)
        if 500 <= gap <= 3000:
            found.append(((float(network.lon[s]), float(network.lat[s])),
                          (float(network.lon[t]), float(network.lat[t]))))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--van", action="store_true", help="a van active at the time asked")
    args = parser.parse_args()
    import dataclasses

    from bench.exposure import helsinki_session
    from cameramap.services.exposure import index
    from cameramap.services.exposure.routes import RouteRequest, plan_route

    timed_at = "at" in {f.name for f in dataclasses.fields(RouteRequest)}
    with helsinki_session() as session:
        if args.van:
            from tests.factories import make_deployment

            make_deployment(session, geometry={"type": "Point", "coordinates": [24.944, 60.1705]})
            session.commit()
        network = index.streets(session).network
        extra = {"at": AT} if timed_at else {}
        plan_route(session, RouteRequest((24.933, 60.165), (24.954, 60.172), **extra))  # builds the indexes
        wall, cpu, vans = [], [], 0
        for origin, destination in pairs(network, args.runs):
            wanted = RouteRequest(origin, destination, **extra)
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            try:
                answer = plan_route(session, wanted)
            except Exception:  # noqa: BLE001 - an unreachable pair: not timed
                continue
            wall.append((time.perf_counter() - start_wall) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            vans += bool(answer["shortest"].get("exposure", {}).get("deployments"))
    label = ("van active" if args.van else "no deployment") if timed_at else "base (no deployments code)"
    print(f"{label:<28} routes {len(wall):3}  wall p50 {statistics.median(wall):7.1f} ms  "
          f"cpu p50 {statistics.median(cpu):7.1f} ms  routes passing the van {vans}")


if __name__ == "__main__":
    main()
