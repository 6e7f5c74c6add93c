"""Web Mercator tile arithmetic: lon/lat <-> metres, a tile's bounds, the tiles covering a box."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

EARTH = 6378137.0
HALF = math.pi * EARTH  # half the width of the Mercator square, in metres
MAX_LAT = 85.0511287798


def to_mercator(coords: np.ndarray) -> np.ndarray:
    """(n, 2) lon/lat degrees -> (n, 2) EPSG:3857 metres (shapely.transform's callback)."""
    lon = np.radians(coords[:, 0])
    lat = np.radians(np.clip(coords[:, 1], -MAX_LAT, MAX_LAT))
    return np.column_stack([EARTH * lon, EARTH * np.log(np.tan(np.pi / 4 + lat / 2))])


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    """EPSG:3857 metres -> lon/lat degrees."""
    return math.degrees(x / EARTH), math.degrees(2 * math.atan(math.exp(y / EARTH)) - math.pi / 2)


def tile_size(z: int) -> float:
    """Width of one tile at zoom `z`, in metres."""
    return 2 * HALF / (1 << z)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of tile z/x/y in metres (y counts down from the north, as XYZ)."""
    size = tile_size(z)
    minx = -HALF + x * size
    maxy = HALF - y * size
    return (minx, maxy - size, minx + size, maxy)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ tile holding a lon/lat point at zoom `z`."""
    n = 1 << z
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tiles_covering(box: tuple[float, float, float, float], z: int) -> Iterator[tuple[int, int]]:
    """Every (x, y) at zoom `z` touching a (west, south, east, north) lon/lat box."""
    x0, y0 = tile_of(box[0], box[3], z)
    x1, y1 = tile_of(box[2], box[1], z)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            yield x, y
