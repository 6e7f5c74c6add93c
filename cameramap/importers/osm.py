"""Read man_made=surveillance nodes from OSM PBF or XML files with pyosmium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import osmium

from ..domain.errors import UsageError
from ..domain.geo import Point
from ..domain.records import CameraRecord
from .osm_tags import record_from_tags


def read_osm_file(path: str | Path) -> Iterator[CameraRecord]:
    """Yield one record per surveillance node; the OSM id `node/<id>` is the source id."""
    fp = (
        osmium.FileProcessor(str(path), osmium.osm.NODE)
        .with_filter(osmium.filter.KeyFilter("man_made"))
    )
    for node in fp:
        tags = {tag.k: tag.v for tag in node.tags}
        if tags.get("man_made") != "surveillance" or not node.location.valid():
            continue
        try:
            point = Point.checked(node.location.lon, node.location.lat)
        except UsageError:
            continue
        yield record_from_tags(point, f"node/{node.id}", tags)
