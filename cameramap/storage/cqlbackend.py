"""BACKEND: the dialect differences of CQL2 filters, isolated here to move into the storage Backend.

Three things differ between SQLite and PostGIS: the spatial test S_INTERSECTS (a bbox prefilter on
the spatial index, then an exact test: PostGIS ST_Intersects, or on SQLite a shapely function
registered on every connection), case-sensitive LIKE (PostgreSQL LIKE, SQLite GLOB) and the byte
order of strings (PostgreSQL's "C" collation, SQLite's default BINARY).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, LargeBinary, and_, bindparam, func, literal_column
from sqlalchemy.sql.elements import ColumnElement as Element

from ..domain.geo import BBox
from .models import Camera
from .spatial import bbox_filter

SQLITE_INTERSECTS = "cameramap_intersects"
_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}


@lru_cache(maxsize=64)
def _prepared(wkb: bytes) -> BaseGeometry:
    geometry = shapely.from_wkb(wkb)
    shapely.prepare(geometry)
    return geometry


def sqlite_intersects(lon: float | None, lat: float | None, wkb: bytes | None) -> int | None:
    """The SQLite function: 1 when the point lies in (or on) the geometry, else 0."""
    if lon is None or lat is None or wkb is None:
        return None
    return int(bool(shapely.intersects_xy(_prepared(bytes(wkb)), lon, lat)))


def register_sqlite_functions(dbapi_connection: Any) -> None:
    """Called on every new SQLite connection (storage.database)."""
    dbapi_connection.create_function(SQLITE_INTERSECTS, 3, sqlite_intersects, deterministic=True)


def intersects(dialect: str, geometry: BaseGeometry) -> ColumnElement[bool]:
    """Cameras whose point intersects `geometry` (lon/lat WGS84): index first, then the exact test."""
    west, south, east, north = geometry.bounds
    indexed = bbox_filter(dialect, BBox(west, south, east, north))
    if geometry.envelope.equals(geometry):  # a point, or a rectangle along the meridians
        return indexed  # the bbox test is already exact
    wkb = bindparam(None, shapely.to_wkb(geometry), type_=LargeBinary)
    if dialect == "postgresql":
        exact: Element[bool] = func.ST_Intersects(literal_column("cameras.geom"),
                                                  func.ST_GeomFromWKB(wkb, 4326))
    else:
        exact = getattr(func, SQLITE_INTERSECTS)(Camera.lon, Camera.lat, wkb) == 1
    return and_(indexed, exact)


def like(dialect: str, column: ColumnElement[Any], pattern: str) -> ColumnElement[bool]:
    """CQL2 LIKE (case-sensitive; % any run, _ one character, backslash escapes)."""
    if dialect == "sqlite":
        return func.glob(_glob(pattern), column) == 1
    return column.like(pattern, escape="\\")


def _glob(pattern: str) -> str:
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(_GLOB_SPECIAL.get(char, char))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append({"%": "*", "_": "?"}.get(char, _GLOB_SPECIAL.get(char, char)))
    if escaped:
        out.append("\\")
    return "".join(out)


def ordered(dialect: str, column: ColumnElement[Any]) -> ColumnElement[Any]:
    """A string column compared by code point, as SQLite and Python compare."""
    return column.collate("C") if dialect == "postgresql" else column
