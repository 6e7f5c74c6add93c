"""Cluster queries: cameras per grid cell inside a tile-aligned region, from camera_cells or on the fly.

A region is a rectangle of whole cells at one level (web-mercator tiles at zoom `level`). Filters the
cell index knows (status, surveillance_type, camera_type, capability) are answered from camera_cells
up to level cellsql.LEVELS[-1]; finer levels and the operator/source filters group the cameras
themselves (through the spatial index). Both give the same columns (ClusterRow).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session

from ..domain.geo import BBox
from . import cellsql
from .models import Camera
from .queries import CameraFilter, camera_conditions

MAX_CELL_LEVEL = cellsql.LEVELS[-1]
MARKERS = ("fixed", "dome", "panning", "ALPR", "guard", "unknown")
EDGE = 1e-9  # a coordinate this close to a cell edge counts as on it (bboxes written from tile numbers)

camera_cells = Table(
    "camera_cells", MetaData(),
    *(Column(name, Integer if name in ("level", "x", "y", "capabilities", "count") else String(64),
             primary_key=name in cellsql.KEY) for name in (*cellsql.KEY, "count")),
    Column("sum_id", BigInteger), *(Column(name, Float) for name in (
        "sum_lon", "sum_lat", "min_lon", "min_lat", "max_lon", "max_lat")),
)
registry_version_table = Table("registry_version", MetaData(), Column("id", Integer, primary_key=True),
                               Column("version", BigInteger))


@dataclass(frozen=True, slots=True)
class Region:
    """Cells x0..x1, y0..y1 (inclusive) at `level`."""

    level: int
    x0: int
    y0: int
    x1: int
    y1: int

    def bbox(self) -> BBox:
        west, north = cell_corner(self.level, self.x0, self.y0)
        east, south = cell_corner(self.level, self.x1 + 1, self.y1 + 1)
        return BBox(west, south, east, north)

    def at(self, level: int) -> Region:
        """The same area in cells of a finer (or equal) level."""
        shift = level - self.level
        return Region(level, self.x0 << shift, self.y0 << shift,
                      ((self.x1 + 1) << shift) - 1, ((self.y1 + 1) << shift) - 1)


@dataclass(frozen=True, slots=True)
class ClusterRow:
    x: int
    y: int
    count: int
    sum_id: int
    lon: float
    lat: float
    bounds: tuple[float, float, float, float]
    markers: dict[str, int]
    capabilities: dict[str, int]
    statuses: dict[str, int]


def _fraction_x(lon: float, level: int) -> float:
    return (lon + 180.0) / 360.0 * (1 << level)


def _fraction_y(lat: float, level: int) -> float:
    phi = math.radians(min(max(lat, -cellsql.MAX_LAT), cellsql.MAX_LAT))
    return (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0 * (1 << level)


def _clamp(value: int, level: int) -> int:
    return min(max(value, 0), (1 << level) - 1)


def cell_x(lon: float, level: int) -> int:
    return _clamp(math.floor(_fraction_x(lon, level)), level)


def cell_y(lat: float, level: int) -> int:
    return _clamp(math.floor(_fraction_y(lat, level)), level)


def cell_corner(level: int, x: int, y: int) -> tuple[float, float]:
    """The north-west corner (lon, lat) of cell (x, y); x or y may be 2**level (the far edge)."""
    n = 1 << level
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lon, min(max(lat, -cellsql.MAX_LAT), cellsql.MAX_LAT)


def _snap(value: float, low: bool) -> int:
    """The cell index of an edge: an edge within EDGE of a cell boundary is that boundary."""
    nearest = round(value)
    if abs(value - nearest) < EDGE * max(1.0, abs(value)):
        return nearest if low else nearest - 1
    return math.floor(value)


def region_for_bbox(bbox: BBox, level: int) -> Region:
    """The smallest region of whole cells at `level` that covers `bbox`."""
    x0 = _snap(_fraction_x(bbox.west, level), True)
    x1 = _snap(_fraction_x(bbox.east, level), False)
    y0 = _snap(_fraction_y(bbox.north, level), True)
    y1 = _snap(_fraction_y(bbox.south, level), False)
    return Region(level, _clamp(x0, level), _clamp(y0, level),
                  _clamp(max(x1, x0), level), _clamp(max(y1, y0), level))


def registry_version(session: Session) -> int:
    """The registry's change counter (bumped in the transaction of every change a feature shows)."""
    return int(session.scalar(select(registry_version_table.c.version)
                              .where(registry_version_table.c.id == 1)) or 0)


def indexed(wanted: CameraFilter, level: int) -> int | None:
    """The camera_cells level that answers this filter at this level (cells nest), or None."""
    if wanted.operators or wanted.sources or wanted.updated_from or wanted.updated_to:
        return None
    return next((stored for stored in cellsql.LEVELS if stored >= level), None)


def _capability_mask(capabilities: Sequence[str]) -> int:
    return sum(cellsql.CAPABILITY_BITS.get(name, 0) for name in set(capabilities))


def _cell_conditions(wanted: CameraFilter, region: Region) -> list[ColumnElement[bool]]:
    """camera_cells rows of the region (given at a stored level) that match the filter."""
    c = camera_cells.c
    conditions = [c.level == region.level, c.x.between(region.x0, region.x1),
                  c.y.between(region.y0, region.y1)]
    conditions.append(c.status.in_(wanted.statuses) if wanted.statuses else c.status != "removed")
    if wanted.surveillance_types:
        conditions.append(c.surveillance_type.in_(wanted.surveillance_types))
    if wanted.camera_types:
        conditions.append(c.camera_type.in_(wanted.camera_types))
    if wanted.capabilities:
        conditions.append(c.capabilities.op("&")(_capability_mask(wanted.capabilities)) != 0)
    return conditions


def _camera_columns(dialect: str, region: Region) -> tuple[ColumnElement, ColumnElement]:
    x = literal_column(cellsql.cell_x(dialect, "cameras.lon", str(region.level)))
    y = literal_column(cellsql.cell_y(dialect, "cameras.lat", str(region.level)))
    return x, y


def _region_conditions(dialect: str, wanted: CameraFilter, region: Region) -> list[ColumnElement[bool]]:
    """Cameras matching `wanted` whose cell at region.level lies in the region (index first)."""
    box = region.bbox()
    margin = BBox(max(box.west - 1e-7, -180.0), max(box.south - 1e-7, -90.0),
                  min(box.east + 1e-7, 180.0), min(box.north + 1e-7, 90.0))
    x, y = _camera_columns(dialect, region)
    return [*camera_conditions(dialect, replace(wanted, bbox=margin)), x.between(region.x0, region.x1),
            y.between(region.y0, region.y1)]


def _marker_case(stype: ColumnElement, ctype: ColumnElement) -> dict[str, ColumnElement[bool]]:
    special = stype.in_(("ALPR", "guard"))
    return {
        "ALPR": stype == "ALPR", "guard": stype == "guard",
        "fixed": and_(~special, ctype == "fixed"), "dome": and_(~special, ctype == "dome"),
        "panning": and_(~special, ctype == "panning"),
    }


def _aggregates(count, stype, ctype, status, caps) -> list[ColumnElement]:
    def total(condition: ColumnElement[bool]) -> ColumnElement:
        return func.sum(case((condition, count), else_=0))

    markers = _marker_case(func.coalesce(stype, ""), func.coalesce(ctype, ""))
    columns = [total(markers[m]).label(f"m_{m}") for m in MARKERS if m != "unknown"]
    columns += [total(caps.op("&")(bit) != 0).label(f"c_{name}")
                for name, bit in cellsql.CAPABILITY_BITS.items()]
    columns += [total(status == s).label(f"s_{s}") for s in ("reported", "verified", "disputed", "removed")]
    return columns


def count_in_region(session: Session, wanted: CameraFilter, region: Region) -> int:
    dialect = session.get_bind().dialect.name
    source = indexed(wanted, region.level)
    if source is not None:
        total = func.coalesce(func.sum(camera_cells.c.count), 0)
        query = select(total).where(*_cell_conditions(wanted, region.at(source)))
    else:
        query = select(func.count()).select_from(Camera).where(*_region_conditions(dialect, wanted, region))
    return int(session.scalar(query) or 0)


def cluster_rows(session: Session, wanted: CameraFilter, region: Region) -> list[ClusterRow]:
    """Every non-empty cell of the region with its count, id sum, centroid, bounds and breakdowns."""
    dialect = session.get_bind().dialect.name
    source = indexed(wanted, region.level)
    if source is not None:
        c = camera_cells.c
        shift = source - region.level
        x, y = (c.x.op(">>")(shift), c.y.op(">>")(shift)) if shift else (c.x, c.y)
        count = c.count
        sums = [func.sum(c.count), func.sum(c.sum_id), func.sum(c.sum_lon), func.sum(c.sum_lat),
                func.min(c.min_lon), func.min(c.min_lat), func.max(c.max_lon), func.max(c.max_lat)]
        extra = _aggregates(count, c.surveillance_type, c.camera_type, c.status, c.capabilities)
        query = (select(x.label("cx"), y.label("cy"), *sums, *extra)
                 .where(*_cell_conditions(wanted, region.at(source)))
                 .group_by(literal_column("cx"), literal_column("cy")))
    else:
        x, y = _camera_columns(dialect, region)
        caps = literal_column("cameras.capabilities")
        sums = [func.count(), func.sum(Camera.id), func.sum(Camera.lon), func.sum(Camera.lat),
                func.min(Camera.lon), func.min(Camera.lat), func.max(Camera.lon), func.max(Camera.lat)]
        extra = _aggregates(literal_column("1"), Camera.surveillance_type, Camera.camera_type,
                            Camera.status, caps)
        query = (select(x.label("cx"), y.label("cy"), *sums, *extra)
                 .where(*_region_conditions(dialect, wanted, region))
                 .group_by(literal_column("cx"), literal_column("cy")))
    return [_row(r) for r in session.execute(query)]


def _row(r) -> ClusterRow:
    count = int(r[2])
    named = r._mapping
    markers = {m: int(named[f"m_{m}"] or 0) for m in MARKERS if m != "unknown"}
    markers["unknown"] = count - sum(markers.values())
    return ClusterRow(
        x=int(r[0]), y=int(r[1]), count=count, sum_id=int(r[3]), lon=float(r[4]) / count,
        lat=float(r[5]) / count, bounds=(float(r[6]), float(r[7]), float(r[8]), float(r[9])),
        markers={k: v for k, v in markers.items() if v},
        capabilities={k: int(named[f"c_{k}"] or 0) for k in cellsql.CAPABILITY_BITS if named[f"c_{k}"]},
        statuses={s: int(named[f"s_{s}"] or 0) for s in ("reported", "verified", "disputed", "removed")
                  if named[f"s_{s}"]},
    )


BRIEF_COLUMNS = (Camera.id, Camera.lon, Camera.lat, Camera.status, Camera.surveillance_type,
                 Camera.camera_type, Camera.camera_direction, Camera.camera_angle, Camera.height)


def brief_in_region(session: Session, wanted: CameraFilter, region: Region, limit: int) -> list:
    """Up to `limit` cameras of the region (id order), only the columns a map marker needs."""
    dialect = session.get_bind().dialect.name
    query = (select(*BRIEF_COLUMNS).where(*_region_conditions(dialect, wanted, region))
             .order_by(Camera.id).limit(limit))
    return list(session.execute(query))


def brief_by_ids(session: Session, ids: Sequence[int]) -> list:
    rows: list = []
    for start in range(0, len(ids), 900):
        rows += session.execute(select(*BRIEF_COLUMNS).where(Camera.id.in_(ids[start:start + 900])))
    return sorted(rows, key=lambda r: r.id)


def extent(session: Session) -> tuple[float, float, float, float] | None:
    """The bounds of every camera (removed ones too) from the coarsest cells: a few rows, not a scan."""
    c = camera_cells.c
    row = session.execute(select(func.min(c.min_lon), func.min(c.min_lat), func.max(c.max_lon),
                                 func.max(c.max_lat)).where(c.level == cellsql.LEVELS[0])).one()
    return None if row[0] is None else tuple(float(v) for v in row)  # type: ignore[return-value]


def rebuild(session: Session) -> None:
    """Recompute capabilities and every cell from the cameras (after a bulk load without triggers)."""
    dialect = session.get_bind().dialect.name
    for statement in cellsql.rebuild_statements(dialect):
        session.execute(text(statement))


def cluster_level(zoom: int) -> int:
    """The cell level for a map zoom: cells of 64 screen pixels (a 256-pixel tile holds 4 x 4)."""
    return zoom + 2
