"""Exposure fixtures: a small hand-made OSM street grid, and fresh in-memory indexes per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from cameramap.protection.ratelimits import limiter
from cameramap.services.exposure import index, segments
from cameramap.services.exposure.streets import import_streets

# A 3 x 3 grid of streets 0.002° apart (~223 m north-south, ~111 m east-west)
# south-west corner at (24.94, 60.17); node id = 1 + row * 3 + column.
WEST, SOUTH, STEP = 24.94, 60.17, 0.002


def node_lonlat(node: int) -> tuple[float, float]:
    row, column = divmod(node - 1, 3)
    return WEST + column * STEP, SOUTH + row * STEP


def grid_osm(extra_ways: str = "", extra_nodes: str = "") -> str:
    nodes = "".join(f'<node id="{n}" lat="{node_lonlat(n)[1]}" lon="{node_lonlat(n)[0]}" version="1"/>'
                    for n in range(1, 10))
    ways = []
    for k, chain in enumerate([(1, 2, 3), (4, 5, 6), (7, 8, 9), (1, 4, 7), (2, 5, 8), (3, 6, 9)], start=1):
        refs = "".join(f'<nd ref="{n}"/>' for n in chain)
        ways.append(f'<way id="{k}" version="1">{refs}<tag k="highway" v="residential"/></way>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><osm version="0.6" generator="test">{nodes}{extra_nodes}'
            f'{"".join(ways)}{extra_ways}</osm>')


@pytest.fixture(autouse=True)
def fresh_indexes():
    index.forget()
    segments.forget()
    limiter.reset()  # the exposure and route limits count per process: each test starts afresh
    yield
    index.forget()
    segments.forget()


@pytest.fixture
def grid_file(tmp_path: Path) -> Path:
    path = tmp_path / "grid.osm"
    path.write_text(grid_osm())
    return path


@pytest.fixture
def grid(session, grid_file):
    return import_streets(session, grid_file)
