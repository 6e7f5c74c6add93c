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
    bindparam,
    case,
    func,
    literal_column,
    or_,
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
    "camera_cells",
    MetaData(),
    *(
        Column(
            name,
            String(16) if name == "status" else Float if name in cellsql.BOUNDS else BigInteger,
            primary_key=name in cellsql.KEY,
        )
        for name in cellsql.COLUMNS
    ),
)
camera_cell_deltas = Table(
    "camera_cell_deltas",
    MetaData(),
    Column("id", BigInteger, primary_key=True),
    Column("txid", BigInteger),
    Column("sign", Integer),
    Column("camera_id", Integer),
    Column("lon", Float),
    Column("lat", Float),
    *(Column(name, String(64)) for name in ("status", "surveillance_type", "camera_type")),
    Column("capabilities", Integer),
)
registry_version_table = Table(
    "registry_version", MetaData(), Column("id", Integer, primary_key=True), Column("version", BigInteger)
)


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
        return Region(
            level,
            self.x0 << shift,
            self.y0 << shift,
            ((self.x1 + 1) << shift) - 1,
            ((self.y1 + 1) << shift) - 1,
        )


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
    return Region(
        level, _clamp(x0, level), _clamp(y0, level), _clamp(max(x1, x0), level), _clamp(max(y1, y0), level)
    )


def registry_version(session: Session) -> int:
    """The registry's change counter (bumped in the transaction of every change a feature shows)."""
    return int(
        session.scalar(select(registry_version_table.c.version).where(registry_version_table.c.id == 1)) or 0
    )


def indexed(wanted: CameraFilter, level: int) -> int | None:
    """The camera_cells level that answers this filter at this level (cells nest), or None: the
    index knows cells and statuses; other filters group the matching cameras themselves."""
    if (
        wanted.operators
        or wanted.sources
        or wanted.updated_from
        or wanted.updated_to
        or wanted.capabilities
        or wanted.surveillance_types
        or wanted.camera_types
    ):
        return None
    return next((stored for stored in cellsql.LEVELS if stored >= level), None)


STATUSES = ("reported", "verified", "disputed", "removed")
_SUMS = ", ".join(f"sum({c})" for c in cellsql.ADDED)
_BY_STATUS = ", ".join(f"sum(CASE WHEN status = '{s}' THEN count ELSE 0 END) AS s_{s}" for s in STATUSES)
_INDEX_SELECT = (
    f"SELECT x >> :shift AS cx, y >> :shift AS cy, {_SUMS}, min(min_lon), min(min_lat), "
    f"max(max_lon), max(max_lat), {_BY_STATUS} FROM {{cells}} WHERE level = :level "
    "AND x BETWEEN :x0 AND :x1 AND y BETWEEN :y0 AND :y1 AND {status} GROUP BY cx, cy"
)
_INDEX_COUNT = (
    "SELECT coalesce(sum(count), 0) FROM {cells} WHERE level = :level "
    "AND x BETWEEN :x0 AND :x1 AND y BETWEEN :y0 AND :y1 AND {status}"
)


def _cells(dialect: str) -> str:
    """camera_cells, plus on PostgreSQL this transaction's deltas not yet folded in (see cellsql)."""
    if dialect != "postgresql":
        return "camera_cells"
    values = ", ".join(cellsql.delta_values().values())
    bounds = ", ".join(f"CASE WHEN d.sign > 0 THEN d.{c} END" for c in ("lon", "lat", "lon", "lat"))
    deltas = (
        f"SELECT CAST(:level AS integer), {cellsql.cell_x(dialect, 'd.lon', ':level')}, "
        f"{cellsql.cell_y(dialect, 'd.lat', ':level')}, d.status, {values}, {bounds} "
        "FROM camera_cell_deltas d"
    )
    return f"(SELECT {', '.join(cellsql.COLUMNS)} FROM camera_cells UNION ALL {deltas}) AS cells"


def _index_query(template: str, dialect: str, wanted: CameraFilter, region: Region, level: int):
    at = region.at(level)
    status = "status IN :statuses" if wanted.statuses else "status <> 'removed'"
    statement = text(template.format(cells=_cells(dialect), status=status))
    parameters = {
        "level": level,
        "x0": at.x0,
        "x1": at.x1,
        "y0": at.y0,
        "y1": at.y1,
        "shift": level - region.level,
    }
    if wanted.statuses:
        statement = statement.bindparams(bindparam("statuses", expanding=True))
        parameters["statuses"] = list(wanted.statuses)
    return statement, parameters


def _camera_columns(dialect: str, region: Region) -> tuple[ColumnElement, ColumnElement]:
    x = literal_column(cellsql.cell_x(dialect, "cameras.lon", str(region.level)))
    y = literal_column(cellsql.cell_y(dialect, "cameras.lat", str(region.level)))
    return x, y


def _region_conditions(dialect: str, wanted: CameraFilter, region: Region) -> list[ColumnElement[bool]]:
    """Cameras matching `wanted` whose cell at region.level lies in the region (index first)."""
    box = region.bbox()
    margin = BBox(
        max(box.west - 1e-7, -180.0),
        max(box.south - 1e-7, -90.0),
        min(box.east + 1e-7, 180.0),
        min(box.north + 1e-7, 90.0),
    )
    inner = BBox(
        min(box.west + 1e-7, box.east),
        min(box.south + 1e-7, box.north),
        max(box.east - 1e-7, box.west),
        max(box.north - 1e-7, box.south),
    )
    x, y = _camera_columns(dialect, region)
    # Well inside the region's bounds no cell needs computing; near its edges the cell decides.
    surely_inside = and_(
        Camera.lon > inner.west, Camera.lon < inner.east, Camera.lat > inner.south, Camera.lat < inner.north
    )
    by_cell = and_(x.between(region.x0, region.x1), y.between(region.y0, region.y1))
    return [*camera_conditions(dialect, replace(wanted, bbox=margin)), or_(surely_inside, by_cell)]


def count_in_region(session: Session, wanted: CameraFilter, region: Region) -> int:
    dialect = session.get_bind().dialect.name
    source = indexed(wanted, region.level)
    if source is not None:
        statement, parameters = _index_query(_INDEX_COUNT, dialect, wanted, region, source)
        return int(session.scalar(statement, parameters) or 0)
    query = select(func.count()).select_from(Camera).where(*_region_conditions(dialect, wanted, region))
    return int(session.scalar(query) or 0)


def cluster_rows(session: Session, wanted: CameraFilter, region: Region) -> list[ClusterRow]:
    """Every non-empty cell of the region with its count, id sum, centroid, bounds and breakdowns."""
    dialect = session.get_bind().dialect.name
    source = indexed(wanted, region.level)
    if source is not None:
        statement, parameters = _index_query(_INDEX_SELECT, dialect, wanted, region, source)
        return [_row(r) for r in session.execute(statement, parameters)]
    x, y = _camera_columns(dialect, region)
    sums = [func.sum(literal_column(v)) for v in cellsql.values("cameras").values()]
    bounds = [func.min(Camera.lon), func.min(Camera.lat), func.max(Camera.lon), func.max(Camera.lat)]
    by_status = [func.sum(case((Camera.status == s, 1), else_=0)) for s in STATUSES]
    query = (
        select(x.label("cx"), y.label("cy"), *sums, *bounds, *by_status)
        .where(*_region_conditions(dialect, wanted, region))
        .group_by(literal_column("cx"), literal_column("cy"))
    )
    return [_row(r) for r in session.execute(query)]


_MARKERS_AT = {kind: 6 + i for i, kind in enumerate(cellsql.MARKER_COLUMNS)}
_CAPABILITIES_AT = {
    name: 6 + len(cellsql.MARKER_COLUMNS) + i for i, name in enumerate(cellsql.CAPABILITY_BITS)
}
_BOUNDS_AT = 2 + len(cellsql.ADDED)


def _row(r) -> ClusterRow:
    """cx, cy, the ADDED sums (count, sum_id, sum_lon, sum_lat, markers, capabilities), bounds, statuses."""
    count = int(r[2])
    markers = {kind: int(r[i]) for kind, i in _MARKERS_AT.items() if r[i]}
    unknown = count - sum(markers.values())
    if unknown:
        markers["unknown"] = unknown
    b = _BOUNDS_AT
    return ClusterRow(
        x=int(r[0]),
        y=int(r[1]),
        count=count,
        sum_id=int(r[3]),
        lon=float(r[4]) / count,
        lat=float(r[5]) / count,
        bounds=(float(r[b]), float(r[b + 1]), float(r[b + 2]), float(r[b + 3])),
        markers=markers,
        capabilities={k: int(r[i]) for k, i in _CAPABILITIES_AT.items() if r[i]},
        statuses={s: int(r[b + 4 + i]) for i, s in enumerate(STATUSES) if r[b + 4 + i]},
    )


BRIEF_COLUMNS = (
    Camera.id,
    Camera.lon,
    Camera.lat,
    Camera.status,
    Camera.surveillance_type,
    Camera.camera_type,
    Camera.camera_direction,
    Camera.camera_angle,
    Camera.height,
)


def brief_in_region(session: Session, wanted: CameraFilter, region: Region, limit: int) -> list:
    """Up to `limit` cameras of the region (id order), only the columns a map marker needs."""
    dialect = session.get_bind().dialect.name
    query = (
        select(*BRIEF_COLUMNS)
        .where(*_region_conditions(dialect, wanted, region))
        .order_by(Camera.id)
        .limit(limit)
    )
    return list(session.execute(query))


def brief_by_ids(session: Session, ids: Sequence[int]) -> list:
    rows: list = []
    for start in range(0, len(ids), 900):
        rows += session.execute(select(*BRIEF_COLUMNS).where(Camera.id.in_(ids[start : start + 900])))
    return sorted(rows, key=lambda r: r.id)


def extent(session: Session) -> tuple[float, float, float, float] | None:
    """The bounds of every camera (removed ones too) from the coarsest cells: a few rows, not a scan."""
    cells = _cells(session.get_bind().dialect.name)
    row = session.execute(
        text(
            f"SELECT min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM {cells} WHERE level = :level"
        ),
        {"level": cellsql.LEVELS[0]},
    ).one()
    return None if row[0] is None else tuple(float(v) for v in row)  # type: ignore[return-value]


def rebuild(session: Session) -> None:
    """Recompute capabilities and every cell from the cameras (after a bulk load without triggers)."""
    dialect = session.get_bind().dialect.name
    for statement in cellsql.rebuild_statements(dialect):
        session.execute(text(statement))


def cluster_level(zoom: int) -> int:
    """The cell level for a map zoom: cells of 128 screen pixels (a 256-pixel tile holds 2 x 2)."""
    return zoom + 1
