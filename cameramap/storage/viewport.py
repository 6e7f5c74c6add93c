"""The map view's fast path: plain SQL statements built once per backend and shape, then reused.

A view whose filter the cell index knows (clusters.indexed) needs at most two statements: the
registry's version with the region's cells (one statement: the version is read with, never after,
the data it tags), then, when the cells hold at most the cap, the cameras through the spatial index.
Statements are text built once per (backend, level, status filter) and kept: no SQLAlchemy
expression is made per request, and the drivers reuse their prepared statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from ..domain.geo import BBox
from . import clusters
from .backends import backend_for, backend_named
from .grid import Region
from .queries import CameraFilter

BRIEF_SQL = (
    "cameras.id, cameras.lon, cameras.lat, cameras.status, cameras.surveillance_type, "
    "cameras.camera_type, cameras.camera_direction, cameras.camera_angle, cameras.height, "
    "cameras.operator_id, cameras.capabilities"
)
EDGE = 1e-7  # the margin of clusters._region_conditions: near a region's edge the cell decides


def _status_sql(column: str, statuses: bool) -> str:
    return f"{column} IN :statuses" if statuses else f"{column} <> 'removed'"


def _with_statuses(statement: TextClause, statuses: bool) -> TextClause:
    return statement.bindparams(bindparam("statuses", expanding=True)) if statuses else statement


@lru_cache(maxsize=64)
def _cells_statement(name: str, statuses: bool) -> TextClause:
    """The version and the region's cells in one statement (a version row even when no cell)."""
    backend = backend_named(name)
    cells = clusters.INDEX_SELECT.format(cells=backend.cells_source, status=_status_sql("status", statuses))
    return _with_statuses(text(
        f"SELECT v.version, c.* FROM registry_version v LEFT JOIN ({cells}) c ON 1 = 1 WHERE v.id = 1"
    ), statuses)


@lru_cache(maxsize=64)
def _points_statement(name: str, level: int, statuses: bool) -> TextClause:
    """Up to :limit cameras of a region at `level` (id order), the columns a marker needs."""
    backend = backend_named(name)
    x = backend.cell_x("cameras.lon", str(level))
    y = backend.cell_y("cameras.lat", str(level))
    return _with_statuses(text(
        f"SELECT {BRIEF_SQL} FROM cameras WHERE {backend.bbox_sql} "
        "AND cameras.lon >= :west AND cameras.lon <= :east AND cameras.lat >= :south "
        f"AND cameras.lat <= :north AND {_status_sql('cameras.status', statuses)} "
        "AND ((cameras.lon > :in_west AND cameras.lon < :in_east AND cameras.lat > :in_south "
        f"AND cameras.lat < :in_north) OR ({x} BETWEEN :x0 AND :x1 AND {y} BETWEEN :y0 AND :y1)) "
        "ORDER BY cameras.id LIMIT :limit"
    ), statuses)


@lru_cache(maxsize=1)
def _by_ids_statement() -> TextClause:
    return text(f"SELECT {BRIEF_SQL} FROM cameras WHERE cameras.id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )


def _statuses(wanted: CameraFilter, parameters: dict[str, Any]) -> bool:
    if wanted.statuses:
        parameters["statuses"] = list(wanted.statuses)
    return bool(wanted.statuses)


def version_and_cells(
    session: Session, wanted: CameraFilter, region: Region, level: int
) -> tuple[int, list[clusters.ClusterRow]]:
    """The registry's version and the region's non-empty cells, from the index at `level`."""
    at = region.at(level)
    parameters: dict[str, Any] = {
        "level": level, "x0": at.x0, "x1": at.x1, "y0": at.y0, "y1": at.y1, "shift": level - region.level,
    }
    statement = _cells_statement(backend_for(session).name, _statuses(wanted, parameters))
    rows = session.execute(statement, parameters).all()
    version = int(rows[0][0] or 0) if rows else 0
    return version, [clusters.cell_row(row[1:]) for row in rows if row[1] is not None]


def _box_parameters(region: Region) -> dict[str, Any]:
    box = region.bbox()
    outer = BBox(max(box.west - EDGE, -180.0), max(box.south - EDGE, -90.0),
                 min(box.east + EDGE, 180.0), min(box.north + EDGE, 90.0))
    return {
        "west": outer.west, "south": outer.south, "east": outer.east, "north": outer.north,
        "in_west": min(box.west + EDGE, box.east), "in_south": min(box.south + EDGE, box.north),
        "in_east": max(box.east - EDGE, box.west), "in_north": max(box.north - EDGE, box.south),
        "x0": region.x0, "x1": region.x1, "y0": region.y0, "y1": region.y1,
    }


def brief_in_region(session: Session, wanted: CameraFilter, region: Region, limit: int) -> list[Any]:
    """As clusters.brief_in_region, for a filter the index knows (status only), through one cached
    statement."""
    parameters = _box_parameters(region)
    parameters["limit"] = limit
    statement = _points_statement(backend_for(session).name, region.level, _statuses(wanted, parameters))
    return list(session.execute(statement, parameters))


def brief_by_ids(session: Session, ids: Sequence[int]) -> list[Any]:
    """The marker columns of cameras `ids`, in id order."""
    statement = _by_ids_statement()
    rows: list[Any] = []
    for start in range(0, len(ids), 900):
        rows += session.execute(statement, {"ids": list(ids[start:start + 900])})
    return sorted(rows, key=lambda r: r[0])
