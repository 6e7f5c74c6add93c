"""A small OSM extract written by hand: one street, a building, a park, a lake, a place, a coastline."""

from __future__ import annotations

from pathlib import Path

import pytest

# Around (24.95, 60.17): the street runs west-east; the coastline runs northward at lon 24.955 with
# the sea on its right-hand side, so east of it.
NODES = {
    1: (24.940, 60.170), 2: (24.950, 60.170),                                # street
    3: (24.944, 60.171), 4: (24.945, 60.171), 5: (24.945, 60.1715), 6: (24.944, 60.1715),  # building
    7: (24.941, 60.168), 8: (24.943, 60.168), 9: (24.943, 60.169), 10: (24.941, 60.169),  # park
    11: (24.946, 60.168), 12: (24.948, 60.168), 13: (24.948, 60.169), 14: (24.946, 60.169),  # lake
    20: (24.955, 60.160), 21: (24.955, 60.180),                              # coastline, north-going
}
WAYS = {
    100: ([1, 2], {"highway": "residential", "name": "Testikatu"}),
    101: ([3, 4, 5, 6, 3], {"building": "yes"}),
    102: ([7, 8, 9, 10, 7], {"leisure": "park", "name": "Testipuisto"}),
    103: ([11, 12, 13, 14, 11], {"natural": "water"}),
    104: ([20, 21], {"natural": "coastline"}),
}


def _tags(tags: dict[str, str]) -> str:
    return "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())


def write_extract(path: Path) -> Path:
    nodes = "".join(f'<node id="{i}" version="1" lat="{lat}" lon="{lon}"/>'
                    for i, (lon, lat) in NODES.items())
    nodes += ('<node id="30" version="1" lat="60.1705" lon="24.947">'
              + _tags({"place": "suburb", "name": "Testila", "name:sv": "Testby"}) + "</node>")
    ways = "".join(f'<way id="{i}" version="1">' + "".join(f'<nd ref="{n}"/>' for n in refs) + _tags(tags)
                   + "</way>" for i, (refs, tags) in WAYS.items())
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">'
                    '<bounds minlat="60.164" minlon="24.938" maxlat="60.176" maxlon="24.960"/>'
                    f"{nodes}{ways}</osm>")
    return path


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    return write_extract(tmp_path / "small.osm")
