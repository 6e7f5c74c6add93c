"""The row pipeline every tabular reader shares: map fields, validate the point, pick the item kind."""

from __future__ import annotations

from typing import Any

from ..domain.geo import Point
from ..domain.records import CameraRecord
from .coords import make_point
from .items import Accepted, ReadItem, ReadOptions, Rejected, Repaired, RowProblem, Unlocated, Unsettled
from .rules import RowMapper

Coordinates = tuple[float | None, float | None]  # lon, lat


def build_item(row: int, values: dict[str, Any], lonlat: Coordinates | Repaired | RowProblem,
               mapper: RowMapper, options: ReadOptions, notes: tuple[str, ...] = ()) -> ReadItem:
    """One row as an Accepted record, a Rejected row, an Unlocated (address-only) row, or an
    Unsettled row whose repaired coordinates the file's other rows must decide between."""
    if isinstance(lonlat, Repaired):
        return _repaired(row, values, lonlat, mapper, options, notes)
    try:
        if isinstance(lonlat, RowProblem):
            raise lonlat
        point = make_point(lonlat[0], lonlat[1], options.swap_xy)
    except RowProblem as problem:
        if problem.code == "missing_coordinates" and (address := mapper.address_of(values)):
            fields = mapper.fields(values)
            fields["source_record_id"] = mapper.source_id(values)
            return Unlocated(row, address, fields, values)
        return Rejected(row, problem.code, problem.message, values)
    return accept(row, values, point, mapper, notes)


def accept(row: int, values: dict[str, Any], point: Point, mapper: RowMapper,
           notes: tuple[str, ...] = (), repairs: tuple[tuple[str, str], ...] = ()) -> Accepted:
    said: list[str] = []
    fields = mapper.fields(values, said)
    record = CameraRecord(point=point, source_record_id=mapper.source_id(values), **fields)
    return Accepted(row, record, values, (*notes, *said), repairs)


def _repaired(row: int, values: dict[str, Any], found: Repaired, mapper: RowMapper,
              options: ReadOptions, notes: tuple[str, ...]) -> ReadItem:
    points, readings, problems = [], [], []
    for reading in found.readings:
        try:
            points.append(make_point(reading[0], reading[1], options.swap_xy))
            readings.append(reading)
        except RowProblem as problem:
            problems.append(problem)
    cells = " and ".join(repr(text) for _kind, text, _at in found.cells)
    if not points:
        first = problems[0] if problems else RowProblem("mangled_number")
        code = "mangled_number" if len(found.readings) > 1 else first.code
        return Rejected(row, code, f"{first.message} (read from {cells})", values)
    if len(points) == 1:
        return accept(row, values, points[0], mapper, notes, found.repairs(readings[0]))

    def settle(index: int, why: str) -> Accepted:
        repairs = found.repairs(readings[index])
        read = "; ".join(text for _kind, text in repairs)
        note = f"read as {read}, the one reading of {len(points)} {why}"
        return accept(row, values, points[index], mapper, (*notes, note), repairs)

    def reject(message: str) -> Rejected:
        shown = ", ".join(f"({p.lon:.10g}, {p.lat:.10g})" for p in points)
        return Rejected(row, "mangled_number", f"{cells} can be read as {shown}; {message}", values)

    return Unsettled(row, points, settle, reject)
