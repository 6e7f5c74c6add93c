"""The row pipeline every tabular reader shares: map fields, validate the point, pick the item kind."""

from __future__ import annotations

from typing import Any

from ..domain.records import CameraRecord
from .coords import make_point
from .items import Accepted, Item, ReadOptions, Rejected, RowProblem, Unlocated
from .rules import RowMapper

Coordinates = tuple[float | None, float | None]  # lon, lat


def build_item(row: int, values: dict[str, Any], lonlat: Coordinates | RowProblem, mapper: RowMapper,
               options: ReadOptions, notes: tuple[str, ...] = ()) -> Item:
    """One row as an Accepted record, a Rejected row or an Unlocated (address-only) row."""
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
    fields = mapper.fields(values)
    record = CameraRecord(point=point, source_record_id=mapper.source_id(values), **fields)
    return Accepted(row, record, values, notes)
