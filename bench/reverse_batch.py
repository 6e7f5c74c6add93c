"""Benchmark: the list's nearest streets — one batch reverse lookup for a page of cameras against the
same lookups one point at a time (the floor a per-camera request could at best reach), alternating.

Builds the demo (central Helsinki) gazetteer, or that of --file, in a temporary SQLite file, then times
pages of 150 and 1,000 points spread over central Helsinki.
Run: python bench/reverse_batch.py [--rounds N] [--file ../shared/data/helsinki/Helsinki.osm.pbf]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session

from cameramap.config import parse
from cameramap.domain.geo import Point
from cameramap.importers.osm import demo_pbf_path
from cameramap.services import geocoding
from cameramap.storage.database import make_engine, upgrade


def timed(work, *args) -> float:
    start = time.perf_counter()
    work(*args)
    return (time.perf_counter() - start) * 1000


def one_by_one(session: Session, points: list[Point], config) -> list:
    return [geocoding.reverse(session, p, config) for p in points]


def summary(times: list[float]) -> str:
    return f"{min(times):.0f} ms (median {sorted(times)[len(times) // 2]:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--file", default=None, help="an .osm.pbf extract (default: the demo's)")
    args = parser.parse_args()
    config = parse({})
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        with Session(engine) as session:
            geocoding.build_gazetteer(session, args.file or demo_pbf_path())
            session.commit()
            index = geocoding.gazetteer_index(session)
            print(f"gazetteer: {len(index.streets)} streets")
            rng = random.Random(1)
            geocoding.nearest_streets(session, [Point(24.94, 60.17)])  # the finder is built once
            for size in (150, 1000):
                points = [Point(rng.uniform(24.92, 24.97), rng.uniform(60.160, 60.178)) for _ in range(size)]
                batch, single = [], []
                for _ in range(args.rounds):  # alternating, so load changes hit both alike
                    batch.append(timed(geocoding.nearest_streets, session, points))
                    single.append(timed(one_by_one, session, points, config))
                print(f"{size} points: batch {summary(batch)}; one by one {summary(single)}")


if __name__ == "__main__":
    main()
