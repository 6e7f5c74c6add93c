"""The cluster grid: web-mercator tile cells per level, regions of whole cells, the level for a zoom.

The arithmetic is the same as the SQL of cellsql.cell_x / cell_y, so Python and the database agree
on which cell a camera is in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..domain.geo import BBox
from .cellsql import MAX_LAT

EDGE = 1e-9  # a coordinate this close to a cell edge counts as on it (bboxes written from tile numbers)


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
        return BBox.of_valid(west, south, east, north)

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


def _fraction_x(lon: float, level: int) -> float:
    return (lon + 180.0) / 360.0 * (1 << level)


def _fraction_y(lat: float, level: int) -> float:
    phi = math.radians(min(max(lat, -MAX_LAT), MAX_LAT))
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
    return lon, min(max(lat, -MAX_LAT), MAX_LAT)


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


def cluster_level(zoom: int) -> int:
    """The cell level for a map zoom: cells of 128 screen pixels (a 256-pixel tile holds 2 x 2)."""
    return zoom + 1


def tile_pixel(z: int, x: int, y: int, lon: float, lat: float, extent: int) -> tuple[int, int]:
    """The position of (lon, lat) inside tile z/x/y in vector-tile units (0..extent, y down)."""
    return (round((_fraction_x(lon, z) - x) * extent), round((_fraction_y(lat, z) - y) * extent))
