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

from ..domain.geo import BBox
from . import clusters
from .backends import backend_named
from .grid import Region
from .queries import CameraFilter
from .reader import Reader

BRIEF_SQL = (
    "cameras.id, cameras.lon, cameras.lat, cameras.status, cameras.surveillance_type, "
    "cameras.camera_type, cameras.camera_direction, cameras.camera_angle, cameras.height, "
    "cameras.operator_id, cameras.capabilities"
)
EDGE = 1e-7  # the margin of clusters._region_conditions: near a region's edge the cell decides
CHUNK = 900


def _names(prefix: str, count: int) -> str:
    return ", ".join(f":{prefix}{i}" for i in range(count))


def _status_sql(column: str, statuses: int) -> str:
    return f"{column} IN ({_names('st', statuses)})" if statuses else f"{column} <> 'removed'"


def _statuses(wanted: CameraFilter, parameters: dict[str, Any]) -> int:
    parameters.update({f"st{i}": status for i, status in enumerate(wanted.statuses or ())})
    return len(wanted.statuses or ())


@lru_cache(maxsize=64)
def _cells_sql(name: str, statuses: int, own_writes: bool = True) -> str:
    """The version and the region's cells in one statement (a version row even when no cell).
    `own_writes`: the reader may have written in its transaction, so it also reads what the backend
    has not folded into camera_cells yet (PostgreSQL's deltas, folded at COMMIT); a reader on an
    autocommit connection sees only committed, folded cells and reads camera_cells alone."""
    source = backend_named(name).cells_source if own_writes else "camera_cells"
    cells = clusters.INDEX_SELECT.format(cells=source, status=_status_sql("status", statuses))
    return f"SELECT v.version, c.* FROM registry_version v LEFT JOIN ({cells}) c ON 1 = 1 WHERE v.id = 1"


@lru_cache(maxsize=64)
def _points_sql(name: str, level: int, statuses: int) -> str:
    """Up to :limit cameras of a region at `level` (id order), the columns a marker needs."""
    backend = backend_named(name)
    x = backend.cell_x("cameras.lon", str(level))
    y = backend.cell_y("cameras.lat", str(level))
    return (
        f"SELECT {BRIEF_SQL} FROM cameras WHERE {backend.bbox_sql} "
        "AND cameras.lon >= :west AND cameras.lon <= :east AND cameras.lat >= :south "
        f"AND cameras.lat <= :north AND {_status_sql('cameras.status', statuses)} "
        "AND ((cameras.lon > :in_west AND cameras.lon < :in_east AND cameras.lat > :in_south "
        f"AND cameras.lat < :in_north) OR ({x} BETWEEN :x0 AND :x1 AND {y} BETWEEN :y0 AND :y1)) "
        "ORDER BY cameras.id LIMIT :limit"
    )


@lru_cache(maxsize=128)
def _by_ids_sql(count: int) -> str:
    return f"SELECT {BRIEF_SQL} FROM cameras WHERE cameras.id IN ({_names('id', count)})"


@lru_cache(maxsize=256)
def _claims_sql(cameras: int, operators: int) -> str:
    """Own claims of the cameras, and operator-wide claims of their operators."""
    wanted = f"camera_id IN ({_names('c', cameras)})"
    if operators:
        wanted += f" OR (camera_id IS NULL AND operator_id IN ({_names('o', operators)}))"
    return f"SELECT camera_id, operator_id, capability, confidence FROM capability_claims WHERE {wanted}"


def version_and_cells(
    reader: Reader, wanted: CameraFilter, region: Region, level: int
) -> tuple[int, list[clusters.ClusterRow]]:
    """The registry's version and the region's non-empty cells, from the index at `level`."""
    at = region.at(level)
    parameters: dict[str, Any] = {
        "level": level, "x0": at.x0, "x1": at.x1, "y0": at.y0, "y1": at.y1, "shift": level - region.level,
    }
    sql = _cells_sql(reader.backend.name, _statuses(wanted, parameters), reader.in_transaction)
    rows = reader.rows(sql, parameters)
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


def brief_in_region(reader: Reader, wanted: CameraFilter, region: Region, limit: int) -> list[Any]:
    """As clusters.brief_in_region, for a filter the index knows (status only), in one statement."""
    parameters = _box_parameters(region)
    parameters["limit"] = limit
    statuses = _statuses(wanted, parameters)
    return reader.rows(_points_sql(reader.backend.name, region.level, statuses), parameters)


def brief_by_ids(reader: Reader, ids: Sequence[int]) -> list[Any]:
    """The marker columns of cameras `ids`, in id order."""
    rows: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows += reader.rows(_by_ids_sql(len(chunk)), {f"id{i}": v for i, v in enumerate(chunk)})
    return sorted(rows, key=lambda r: r[0])


def claim_rows(reader: Reader, cameras: Sequence[int], operators: Sequence[int]) -> list[Any]:
    """(camera_id, operator_id, capability, confidence) of the cameras' and operators' claims."""
    parameters = {f"c{i}": v for i, v in enumerate(cameras)}
    parameters.update({f"o{i}": v for i, v in enumerate(operators)})
    return reader.rows(_claims_sql(len(cameras), len(operators)), parameters)
