"""What the basemap draws, read from an OSM extract: streets, buildings, water, parks, place labels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import osmium
import shapely
from shapely.geometry.base import BaseGeometry

from .coast import sea_polygons
from .tiles import to_mercator

MAJOR = {"motorway", "trunk", "primary", "secondary"}
STREET_CLASS = {
    **{k: "major" for k in MAJOR}, **{f"{k}_link": "major" for k in MAJOR},
    "tertiary": "medium", "tertiary_link": "medium",
    **dict.fromkeys(("residential", "unclassified", "living_street", "road"), "minor"),
    "service": "service",
    **dict.fromkeys(("pedestrian", "footway", "cycleway", "path", "steps", "bridleway", "track"), "path"),
}
RAIL = frozenset({"rail", "light_rail", "subway", "tram", "narrow_gauge"})
STREET_MINZOOM = {"major": 10, "medium": 11, "minor": 12, "rail": 12, "service": 14, "path": 14}
PARK = {"leisure": {"park", "garden", "playground", "pitch", "nature_reserve", "dog_park"},
        "landuse": {"grass", "forest", "meadow", "recreation_ground", "village_green", "cemetery",
                    "allotments"},
        "natural": {"wood", "scrub", "heath", "grassland", "wetland"}}
WATER = {"natural": {"water"}, "waterway": {"riverbank", "dock"}, "landuse": {"reservoir", "basin"}}
PLACE_MINZOOM = {"city": 10, "town": 10, "village": 12, "suburb": 12, "quarter": 13,
                 "neighbourhood": 13, "island": 13, "square": 15, "locality": 15, "islet": 15}
BUILDING_MINZOOM = 13
AREA_MINZOOM = 10

_WKB = osmium.geom.WKBFactory()


@dataclass(frozen=True, slots=True)
class Feature:
    """One thing to draw: its layer, its geometry in Mercator metres, its tags, its first zoom."""

    layer: str
    geometry: BaseGeometry
    properties: dict[str, Any] = field(default_factory=dict)
    minzoom: int = 0


def _project(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, to_mercator)


def _matches(tags: Any, table: dict[str, set[str]]) -> str | None:
    for key, values in table.items():
        value = tags.get(key)
        if value in values:
            return str(value)
    return None


def _line(way: Any) -> Iterator[Feature]:
    tags = way.tags
    kind = STREET_CLASS.get(tags.get("highway", ""))
    if kind is None and tags.get("railway") in RAIL:
        kind = "rail"
    if kind is None:
        return
    try:
        geometry = shapely.from_wkb(_WKB.create_linestring(way))
    except (RuntimeError, osmium.InvalidLocationError):
        return
    props = {"class": kind, **({"name": tags["name"]} if tags.get("name") else {})}
    yield Feature("streets", _project(geometry), props, STREET_MINZOOM[kind])


def _area(area: Any) -> Iterator[Feature]:
    tags = area.tags
    building = tags.get("building")
    park, water = _matches(tags, PARK), _matches(tags, WATER)
    place = tags.get("place") if tags.get("name") else None
    if not (building or park or water or place in PLACE_MINZOOM):
        return
    try:
        geometry = _project(shapely.from_wkb(_WKB.create_multipolygon(area)))
    except (RuntimeError, osmium.InvalidLocationError, shapely.errors.GEOSException):
        return
    if water:
        yield Feature("water", geometry, {"kind": water}, AREA_MINZOOM)
    elif park:
        yield Feature("parks", geometry, {"kind": park}, AREA_MINZOOM)
    elif building and building != "no":
        yield Feature("buildings", geometry, {}, BUILDING_MINZOOM)
    if place in PLACE_MINZOOM:
        yield Feature("places", geometry.representative_point(), {"name": tags["name"], "kind": place},
                      PLACE_MINZOOM[place])


def _node(node: Any) -> Iterator[Feature]:
    tags = node.tags
    place = tags.get("place")
    if place in PLACE_MINZOOM and tags.get("name") and node.location.valid():
        point = _project(shapely.Point(node.location.lon, node.location.lat))
        yield Feature("places", point, {"name": tags["name"], "kind": place}, PLACE_MINZOOM[place])


def _coastline(way: Any) -> shapely.LineString | None:
    coords = [(n.lon, n.lat) for n in way.nodes if n.location.valid()]
    return shapely.LineString(coords) if len(coords) >= 2 else None


def extract_box(path: str | Path) -> tuple[float, float, float, float] | None:
    """The (west, south, east, north) box the extract's header declares, if any."""
    box = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING).header().box()
    if not box.valid():
        return None
    return (box.bottom_left.lon, box.bottom_left.lat, box.top_right.lon, box.top_right.lat)


def read_features(path: str | Path, box: tuple[float, float, float, float]) -> list[Feature]:
    """Every feature of the extract, and the sea inside `box` (from natural=coastline ways)."""
    features: list[Feature] = []
    coast: list[shapely.LineString] = []
    for obj in osmium.FileProcessor(str(path)).with_locations().with_areas():
        if not len(obj.tags):
            continue
        if isinstance(obj, osmium.osm.Node):
            features.extend(_node(obj))
        elif isinstance(obj, osmium.osm.Way):
            features.extend(_line(obj))
            if obj.tags.get("natural") == "coastline" and (line := _coastline(obj)) is not None:
                coast.append(line)
        elif isinstance(obj, osmium.osm.Area):
            features.extend(_area(obj))
    features.extend(Feature("water", _project(sea), {"kind": "sea"}, AREA_MINZOOM)
                    for sea in sea_polygons(coast, box))
    return features
