"""Validated WGS84 value types: Point (lon, lat) and BBox."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import UsageError

COORD_DECIMALS = 7
EARTH_RADIUS_M = 6_371_008.8  # the mean radius Point.distance_m measures on
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180  # along a meridian of that sphere


def _finite(value: object, name: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise UsageError(f"{name} must be a number, got {value!r}", parameter=name) from None
    if not math.isfinite(number):
        raise UsageError(f"{name} must be a finite number, got {value!r}", parameter=name)
    return number


@dataclass(frozen=True, slots=True)
class Point:
    """A WGS84 position in EPSG:4326 axis order used by GeoJSON: longitude first."""

    lon: float
    lat: float

    def __post_init__(self) -> None:
        if type(self.lon) is float and type(self.lat) is float \
                and -180.0 <= self.lon <= 180.0 and -90.0 <= self.lat <= 90.0:
            return  # the usual point: finite floats in range (NaN fails every comparison)
        lon = _finite(self.lon, "lon")
        lat = _finite(self.lat, "lat")
        if not -180.0 <= lon <= 180.0:
            raise UsageError(f"longitude {lon} is outside -180..180", parameter="lon")
        if not -90.0 <= lat <= 90.0:
            raise UsageError(f"latitude {lat} is outside -90..90", parameter="lat")
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "lat", lat)

    @classmethod
    def checked(cls, lon: object, lat: object, *, allow_null_island: bool = False) -> Point:
        """Build a point, also rejecting (0, 0), the usual sign of a missing value."""
        point = cls(_finite(lon, "lon"), _finite(lat, "lat"))
        if not allow_null_island and point.lon == 0.0 and point.lat == 0.0:
            raise UsageError("(0, 0) is not a real camera position", parameter="lon", code="null_island")
        return point

    def rounded(self) -> tuple[float, float]:
        return (round(self.lon, COORD_DECIMALS), round(self.lat, COORD_DECIMALS))

    def distance_m(self, other: Point) -> float:
        """Great-circle distance in metres (haversine, mean Earth radius)."""
        r = EARTH_RADIUS_M
        p1, p2 = math.radians(self.lat), math.radians(other.lat)
        dp = p2 - p1
        dl = math.radians(other.lon - self.lon)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * r * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class BBox:
    """A lon/lat bounding box; west may not exceed east (no antimeridian crossing)."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        for name in ("west", "south", "east", "north"):
            value = getattr(self, name)
            if type(value) is not float or not math.isfinite(value):  # a finite float stays as it is
                object.__setattr__(self, name, _finite(value, "bbox"))
        if not (-180 <= self.west <= 180 and -180 <= self.east <= 180):
            raise UsageError("bbox longitudes must lie within -180..180", parameter="bbox",
                             code="bbox_out_of_range")
        if not (-90 <= self.south <= 90 and -90 <= self.north <= 90):
            raise UsageError("bbox latitudes must lie within -90..90", parameter="bbox",
                             code="bbox_out_of_range")
        if self.west > self.east or self.south > self.north:
            raise UsageError(
                "bbox is inverted: it must be minlon,minlat,maxlon,maxlat", parameter="bbox",
                code="inverted_bbox")

    @classmethod
    def of_valid(cls, west: float, south: float, east: float, north: float) -> BBox:
        """A box of floats already known valid (cell corners), built without checking them again."""
        box = object.__new__(cls)
        for name, value in (("west", west), ("south", south), ("east", east), ("north", north)):
            object.__setattr__(box, name, value)
        return box

    @classmethod
    def parse(cls, text: str, parameter: str = "bbox") -> BBox:
        """Parse 'minlon,minlat,maxlon,maxlat'."""
        parts = [p.strip() for p in str(text).split(",")]
        if len(parts) != 4 or not all(parts):
            raise UsageError(
                "bbox must be four numbers: minlon,minlat,maxlon,maxlat", parameter=parameter
            )
        try:
            return cls(*(_finite(p, parameter) for p in parts))
        except UsageError as err:
            raise UsageError(err.message, parameter=parameter, code=err.code) from None

    def contains(self, point: Point) -> bool:
        return self.west <= point.lon <= self.east and self.south <= point.lat <= self.north

    def as_list(self) -> list[float]:
        return [self.west, self.south, self.east, self.north]


def degrees_around(metres: float, lat: float) -> tuple[float, float]:
    """(dlon, dlat): degrees reaching at least `metres` east-west and north-south of latitude `lat`
    (east-west measured on the poleward side, where a degree is shortest)."""
    dlat = metres / METRES_PER_DEGREE + 1e-9  # a hair (0.1 mm) against rounding
    shrink = max(math.cos(math.radians(min(abs(lat) + dlat, 90.0))), 1e-6)
    return min(360.0, dlat / shrink), dlat


def box_around(points: Sequence[Point], metres: float) -> BBox:
    """The points' bounding box grown by `metres` each way, clipped to the world: every place within
    `metres` of one of the points (by Point.distance_m) lies inside."""
    dlon, dlat = degrees_around(metres, max(abs(p.lat) for p in points))
    return BBox(max(-180.0, min(p.lon for p in points) - dlon), max(-90.0, min(p.lat for p in points) - dlat),
                min(180.0, max(p.lon for p in points) + dlon), min(90.0, max(p.lat for p in points) + dlat))


def local_scale(lat: float) -> tuple[float, float]:
    """Metres per degree of longitude and of latitude near `lat` (WGS84, flat-earth: exact enough
    across a few kilometres)."""
    return 111_320.0 * math.cos(math.radians(lat)), 110_574.0
