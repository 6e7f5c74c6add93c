"""Cluster queries: cameras per grid cell inside a tile-aligned region, from camera_cells or on the fly.

A region is a rectangle of whole cells at one level (web-mercator tiles at zoom `level`). Filters the
cell index knows (status, surveillance_type, camera_type, capability) are answered from camera_cells
up to level cellsql.LEVELS[-1]; finer levels and the operator/source filters group the cameras
themselves (through the spatial index). Both give the same columns (ClusterRow).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
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
from .backends import Backend, backend_for
from .grid import Region, cell_corner, cell_x, cell_y, cluster_level, region_for_bbox
from .models import Camera
from .models import registry_version as registry_version_table
from .queries import CameraFilter, camera_conditions

__all__ = ["Region", "cell_corner", "cell_x", "cell_y", "cluster_level", "region_for_bbox"]
MAX_CELL_LEVEL = cellsql.LEVELS[-1]
MARKERS = ("fixed", "dome", "panning", "ALPR", "guard", "unknown")

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
        or wanted.where is not None
    ):
        return None
    return _STORED.get(level) if level in _STORED else _stored_level(level)


def _stored_level(level: int) -> int | None:
    return next((stored for stored in cellsql.LEVELS if stored >= level), None)


_STORED = {level: _stored_level(level) for level in range(32)}  # every zoom's level, computed once


STATUSES = ("reported", "verified", "disputed", "removed")
_SUMS = ", ".join(f"sum({c})" for c in cellsql.ADDED)
_BY_STATUS = ", ".join(f"sum(CASE WHEN status = '{s}' THEN count ELSE 0 END) AS s_{s}" for s in STATUSES)
INDEX_SELECT = (
    f"SELECT x >> :shift AS cx, y >> :shift AS cy, {_SUMS}, min(min_lon), min(min_lat), "
    f"max(max_lon), max(max_lat), {_BY_STATUS} FROM {{cells}} WHERE level = :level "
    "AND x BETWEEN :x0 AND :x1 AND y BETWEEN :y0 AND :y1 AND {status} GROUP BY cx, cy"
)
_INDEX_COUNT = (
    "SELECT coalesce(sum(count), 0) FROM {cells} WHERE level = :level "
    "AND x BETWEEN :x0 AND :x1 AND y BETWEEN :y0 AND :y1 AND {status}"
)


def _index_query(template: str, backend: Backend, wanted: CameraFilter, region: Region, level: int):
    at = region.at(level)
    status = "status IN :statuses" if wanted.statuses else "status <> 'removed'"
    statement = text(template.format(cells=backend.cells_source, status=status))
    parameters: dict[str, Any] = {
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


def _camera_columns(backend: Backend, region: Region) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    x: ColumnElement[Any] = literal_column(backend.cell_x("cameras.lon", str(region.level)))
    y: ColumnElement[Any] = literal_column(backend.cell_y("cameras.lat", str(region.level)))
    return x, y


def _region_conditions(backend: Backend, wanted: CameraFilter, region: Region) -> list[ColumnElement[bool]]:
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
    x, y = _camera_columns(backend, region)
    # Well inside the region's bounds no cell needs computing; near its edges the cell decides.
    surely_inside = and_(
        Camera.lon > inner.west, Camera.lon < inner.east, Camera.lat > inner.south, Camera.lat < inner.north
    )
    by_cell = and_(x.between(region.x0, region.x1), y.between(region.y0, region.y1))
    return [*camera_conditions(backend, replace(wanted, bbox=margin)), or_(surely_inside, by_cell)]


def count_in_region(session: Session, wanted: CameraFilter, region: Region) -> int:
    backend = backend_for(session)
    source = indexed(wanted, region.level)
    if source is not None:
        statement, parameters = _index_query(_INDEX_COUNT, backend, wanted, region, source)
        return int(session.scalar(statement, parameters) or 0)
    query = select(func.count()).select_from(Camera).where(*_region_conditions(backend, wanted, region))
    return int(session.scalar(query) or 0)


def cluster_rows(session: Session, wanted: CameraFilter, region: Region) -> list[ClusterRow]:
    """Every non-empty cell of the region with its count, id sum, centroid, bounds and breakdowns."""
    backend = backend_for(session)
    source = indexed(wanted, region.level)
    if source is not None:
        statement, parameters = _index_query(INDEX_SELECT, backend, wanted, region, source)
        return [cell_row(r) for r in session.execute(statement, parameters)]
    x, y = _camera_columns(backend, region)
    sums: list[ColumnElement[Any]] = [func.sum(literal_column(v)) for v in cellsql.values("cameras").values()]
    bounds = [func.min(Camera.lon), func.min(Camera.lat), func.max(Camera.lon), func.max(Camera.lat)]
    by_status = [func.sum(case((Camera.status == s, 1), else_=0)) for s in STATUSES]
    query = (
        select(x.label("cx"), y.label("cy"), *sums, *bounds, *by_status)
        .where(*_region_conditions(backend, wanted, region))
        .group_by(literal_column("cx"), literal_column("cy"))
    )
    return [cell_row(r) for r in session.execute(query)]


_MARKERS_AT = {kind: 6 + i for i, kind in enumerate(cellsql.MARKER_COLUMNS)}
_CAPABILITIES_AT = {
    name: 6 + len(cellsql.MARKER_COLUMNS) + i for i, name in enumerate(cellsql.CAPABILITY_BITS)
}
_BOUNDS_AT = 2 + len(cellsql.ADDED)


def cell_row(r) -> ClusterRow:
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
    Camera.operator_id,
    Camera.__table__.c.capabilities,
)


def brief_in_region(session: Session, wanted: CameraFilter, region: Region, limit: int) -> list:
    """Up to `limit` cameras of the region (id order), only the columns a map marker needs."""
    backend = backend_for(session)
    query = (
        select(*BRIEF_COLUMNS)
        .where(*_region_conditions(backend, wanted, region))
        .order_by(Camera.id)
        .limit(limit)
    )
    return list(session.execute(query))


def extent(session: Session) -> tuple[float, float, float, float] | None:
    """The bounds of every camera (removed ones too) from the coarsest cells: a few rows, not a scan."""
    cells = backend_for(session).cells_source
    row = session.execute(
        text(
            f"SELECT min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM {cells} WHERE level = :level"
        ),
        {"level": cellsql.LEVELS[0]},
    ).one()
    return None if row[0] is None else tuple(float(v) for v in row)  # type: ignore[return-value]


def rebuild(session: Session) -> None:
    """Recompute capabilities and every cell from the cameras (after a bulk load without triggers)."""
    backend = backend_for(session)
    for statement in backend.rebuild_statements():
        session.execute(text(statement))
