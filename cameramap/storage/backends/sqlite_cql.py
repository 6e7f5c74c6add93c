"""SQLite's share of CQL2 filters: an exact point-in-geometry function on every connection, LIKE as GLOB."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # shapely loads when a CQL2 filter first needs it
    from shapely.geometry.base import BaseGeometry

SQLITE_INTERSECTS = "cameramap_intersects"
_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}


@lru_cache(maxsize=64)
def _prepared(wkb: bytes) -> BaseGeometry:
    import shapely

    geometry = shapely.from_wkb(wkb)
    shapely.prepare(geometry)
    return geometry


def sqlite_intersects(lon: float | None, lat: float | None, wkb: bytes | None) -> int | None:
    """The SQLite function: 1 when the point lies in (or on) the geometry, else 0."""
    if lon is None or lat is None or wkb is None:
        return None
    import shapely

    return int(bool(shapely.intersects_xy(_prepared(bytes(wkb)), lon, lat)))


def register_functions(dbapi_connection: object) -> None:
    """Called on every new SQLite connection."""
    dbapi_connection.create_function(SQLITE_INTERSECTS, 3, sqlite_intersects,  # type: ignore[attr-defined]
                                     deterministic=True)


def glob_pattern(pattern: str) -> str:
    """A CQL2 LIKE pattern (% any run, _ one character, backslash escapes) as a case-sensitive GLOB."""
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
