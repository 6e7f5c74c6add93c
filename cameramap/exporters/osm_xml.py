"""OSM XML for review in JOSM: new nodes (negative ids) carrying OpenStreetMap tags only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO, Any
from xml.sax.saxutils import quoteattr

# Camera field -> OSM key (the reverse of importers.osm_tags).
TAG_KEYS = (
    ("surveillance_type", "surveillance:type"), ("surveillance", "surveillance"),
    ("surveillance_zone", "surveillance:zone"), ("camera_type", "camera:type"),
    ("camera_mount", "camera:mount"), ("camera_direction", "camera:direction"),
    ("camera_angle", "camera:angle"), ("height", "height"), ("manufacturer", "manufacturer"),
    ("model", "model"), ("operator", "operator"), ("first_seen", "start_date"),
    ("last_verified", "check_date"),
)
MAX_VALUE = 255  # OSM's limit on a tag value
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Node:
    """A camera to contribute: a negative id, a position and its tags."""

    id: int
    lon: float
    lat: float
    tags: Mapping[str, str]


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return _NOT_XML.sub("", str(value)).strip()[:MAX_VALUE] or None


def osm_tags(values: Mapping[str, Any], sources: Iterable[str]) -> dict[str, str]:
    """OSM tags for a camera's values: man_made=surveillance, the mapped keys, and source=."""
    tags = {"man_made": "surveillance"}
    for field, key in TAG_KEYS:
        text = _text(values.get(field))
        if text is not None:
            tags[key] = text
    names = ";".join(dict.fromkeys(name for name in sources if name))
    if names:
        tags["source"] = names[:MAX_VALUE]
    return tags


def write(nodes: Iterable[Node], out: IO[str], generator: str = "cameramap") -> int:
    """Write an <osm version="0.6"> document of new nodes; return how many were written."""
    out.write("<?xml version='1.0' encoding='UTF-8'?>\n")
    out.write(f"<osm version=\"0.6\" generator={quoteattr(generator)}>\n")
    count = 0
    for node in nodes:
        if node.id >= 0:
            raise ValueError("new OSM nodes need negative ids")
        out.write(f'  <node id="{node.id}" lat="{node.lat:.7f}" lon="{node.lon:.7f}" visible="true">\n')
        for key, value in node.tags.items():
            out.write(f"    <tag k={quoteattr(key)} v={quoteattr(value)}/>\n")
        out.write("  </node>\n")
        count += 1
    out.write("</osm>\n")
    return count
