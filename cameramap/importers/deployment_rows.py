"""A published deployment row -> DeploymentRecord, or the reason it cannot be one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from ..domain.deployments import (
    OUTCOME_FIELDS,
    DeploymentRecord,
    Window,
    deployment_key,
    parse_clock,
    parse_day,
    parse_duration,
    window,
)
from ..domain.errors import UsageError
from ..domain.geo import Point
from .deployment_mapping import DeploymentMapping
from .tables import TableRow, header_key

BLANKS = {"", "-", "–", "—", "n/a", "na", "none", "not recorded", "not applicable", "nil"}
COUNTS = (*OUTCOME_FIELDS, "total_alerts")


class BadRow(Exception):
    """Why a row cannot be imported: a reason code and a sentence."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(slots=True)
class RowReason:
    """A rejected row: where it is and why."""

    page: int | None
    row: int
    code: str
    message: str
    values: dict[str, Any]


@dataclass(slots=True)
class RowRecord:
    """An accepted row with the text to geocode when it has no place of its own."""

    page: int | None
    row: int
    record: DeploymentRecord
    query: str


class Cells:
    """The row's cells by mapped field; blanks and published placeholders read as None."""

    def __init__(self, row: TableRow, mapping: DeploymentMapping):
        self.row, self.mapping = row, mapping

    def get(self, name: str) -> Any:
        column = self.mapping.columns.get(name)
        value = self.row.cells.get(header_key(column)) if column else None
        if isinstance(value, str):
            value = " ".join(value.split())
            return None if value.casefold() in BLANKS else value
        return value if value is not None else self.mapping.set.get(name)

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return str(value) if value is not None else None


def _parsed(code: str, parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except UsageError as err:
        raise BadRow(code, err.message) from None


def _count(name: str, value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    text = re.sub(r"[,\s]", "", str(value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not text.isdigit():
        raise BadRow("bad_number", f"{name} is not a whole number: {str(value)[:40]!r}")
    return int(text)


def _window(cells: Cells, mapping: DeploymentMapping) -> Window:
    raw_day = cells.get("date")
    if raw_day is None:
        raise BadRow("missing_date", "the row has no date")
    day = _parsed("bad_date", lambda v: parse_day(v, mapping.day_first), raw_day)
    start, end = cells.get("start"), cells.get("end")
    if cells.get("times") is not None:
        parts = re.split(r"\s*(?:-|–|—|to)\s*", str(cells.get("times")), maxsplit=1)
        start, end = parts[0], parts[1] if len(parts) > 1 else end
    if start is None:
        raise BadRow("missing_start", "the row has no start time")
    begins = _parsed("bad_time", parse_clock, start)
    duration = cells.get("duration")
    if end is None and duration is None:
        raise BadRow("missing_end", "the row has neither an end time nor a duration")
    length = _parsed("bad_duration", parse_duration, str(duration)) if duration is not None else None
    finish = _parsed("bad_time", parse_clock, end) if end is not None and length is None else None
    return window(day, begins, mapping.timezone, end=finish, duration=length)


def _wkt_geometry(text: str) -> dict[str, Any]:
    """A WKT cell as GeoJSON; shapely is loaded here, on first use, not in every serving process."""
    from shapely import wkt
    from shapely.errors import ShapelyError
    from shapely.geometry import mapping

    try:
        return dict(mapping(wkt.loads(text)))
    except ShapelyError as err:
        raise ValueError(str(err)) from None


def _geometry(cells: Cells) -> dict[str, Any] | None:
    lon, lat, text = cells.get("lon"), cells.get("lat"), cells.text("geometry")
    try:
        if lon is not None and lat is not None:
            lon_, lat_ = Point.checked(float(lon), float(lat)).rounded()
            return {"type": "Point", "coordinates": [lon_, lat_]}
        if text is None:
            return None
        if text.lstrip().startswith("{"):
            return dict(orjson.loads(text))
        return _wkt_geometry(text)
    except (UsageError, ValueError, orjson.JSONDecodeError) as err:
        raise BadRow("bad_place", f"the coordinates or geometry cannot be read: {err}") from None


def _checked_alerts(counts: dict[str, int | None]) -> None:
    total = counts.pop("total_alerts")
    parts = [counts[k] for k in ("true_alerts_confirmed", "true_alerts_unconfirmed",
                                 "false_alerts_confirmed", "false_alerts_unconfirmed")]
    if total is not None and all(p is not None for p in parts) and sum(parts) != total:  # type: ignore[arg-type]
        raise BadRow("inconsistent_alerts", f"total alerts {total} is not the sum of the true and false "
                                            f"alerts ({sum(parts)})")  # type: ignore[arg-type]


def to_record(row: TableRow, mapping: DeploymentMapping) -> RowRecord:
    """Parse one row; raises BadRow with the first thing wrong."""
    cells = Cells(row, mapping)
    location = cells.text("location")
    if location is None:
        raise BadRow("missing_location", "the row has no location")
    span = _window(cells, mapping)
    counts = {name: _count(name, cells.get(name)) for name in COUNTS}
    _checked_alerts(counts)
    threshold = cells.get("threshold")
    try:
        threshold = float(threshold) if threshold is not None else None
    except ValueError:
        raise BadRow("bad_number", f"threshold is not a number: {str(threshold)[:40]!r}") from None
    area = cells.text("area")
    record = DeploymentRecord(
        location_text=location, window=span, source_record_id=deployment_key(span.local_day(), location),
        geometry=_geometry(cells), operator=cells.text("operator"), system=cells.text("system"),
        vendor=cells.text("vendor"), use_case=cells.text("use_case"), threshold=threshold,
        source_page=row.page, source_row=row.row, notes=cells.text("notes"),
        tags={"area": area} if area else {}, **counts,  # type: ignore[arg-type]
    )
    query = ", ".join(p for p in (location, area, mapping.address_suffix) if p)
    return RowRecord(row.page, row.row, record, query)


def read_rows(rows: Iterable[TableRow], mapping: DeploymentMapping) -> Iterator[RowRecord | RowReason]:
    """Every row as a record or a reason."""
    for row in rows:
        try:
            yield to_record(row, mapping)
        except BadRow as err:
            values = {k: str(v) for k, v in row.cells.items() if v is not None}
            yield RowReason(row.page, row.row, err.code, err.message, values)
