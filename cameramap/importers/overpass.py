"""Overpass API JSON: `{"elements": [...]}` or a bare list of elements; nodes, and ways with a center."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from ..domain.records import CameraRecord
from .coords import make_point, parse_number
from .items import Accepted, FileError, Item, Reading, ReadOptions, Rejected, RowProblem
from .osm_tags import direction_note, fields_from_tags, looks_like_surveillance
from .plausibility import screen


def elements_of(data: Any) -> list[dict[str, Any]] | None:
    """The element list of an Overpass answer, or None when `data` is not one."""
    if isinstance(data, dict):
        data = data.get("elements")
    if isinstance(data, list) and all(isinstance(e, dict) and "type" in e for e in data[:50]):
        return data
    return None


def _lonlat(element: dict[str, Any]) -> tuple[float | None, float | None, tuple[str, ...]]:
    if "lat" in element or "lon" in element:
        return parse_number(element.get("lon")), parse_number(element.get("lat")), ()
    center = element.get("center") or {}
    if center:
        note = f"an OSM {element.get('type')}: its center was used"
        return parse_number(center.get("lon")), parse_number(center.get("lat")), (note,)
    return None, None, ()


def element_item(number: int, element: dict[str, Any], options: ReadOptions) -> Item:
    tags = {str(k): str(v) for k, v in (element.get("tags") or {}).items()}
    values = {"type": element.get("type"), "id": element.get("id"), **tags}
    if not looks_like_surveillance(tags):
        return Rejected(number, "not_surveillance", "the OpenStreetMap object carries no surveillance tags",
                        values)
    try:
        lon, lat, notes = _lonlat(element)
        point = make_point(lon, lat, options.swap_xy)
    except RowProblem as problem:
        return Rejected(number, problem.code, problem.message, values)
    source_id = f"{element.get('type', 'node')}/{element.get('id')}"
    record = CameraRecord(point=point, source_record_id=source_id, **fields_from_tags(tags))  # type: ignore[arg-type]
    return Accepted(number, record, values, (*notes, *direction_note(tags, record.camera_direction)))


def read_overpass(path: str | Path, options: ReadOptions, data: Any = None) -> Reading:
    if data is None:
        try:
            data = orjson.loads(Path(path).read_bytes())
        except orjson.JSONDecodeError as err:
            raise FileError(f"not valid JSON: {err}") from None
    elements = elements_of(data)
    if elements is None:
        raise FileError("not an Overpass JSON answer (no `elements` list)")
    done = [0]

    def items() -> Iterator[Item]:
        for number, element in enumerate(elements, start=1):
            done[0] = number
            yield element_item(number, element, options)

    return Reading("overpass", screen(items(), options), len(elements), lambda: done[0], "utf-8",
                   [f"{len(elements)} OpenStreetMap elements"])
