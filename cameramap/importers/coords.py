"""Coordinates in the wild: column names in several languages, packed cells, validation to a Point."""

from __future__ import annotations

import math
import re
import unicodedata

from ..domain.errors import UsageError
from ..domain.geo import Point
from .items import RowProblem
from .numbers import plain_number

LAT_NAMES = frozenset({
    "lat", "latitude", "latitud", "latitudine", "breite", "breitengrad", "широта", "위도", "緯度",
    "纬度", "gps_lat", "lat_dd", "wgs84_lat", "lat_wgs84", "geo_lat", "y_lat", "lat_y", "latitude_wgs84",
    "latitude_deg", "latitudedecimal", "decimal_latitude", "point_lat", "enlem",
})
LON_NAMES = frozenset({
    "lon", "lng", "long", "longitude", "longitud", "longitudine", "länge", "laenge", "längengrad",
    "laengengrad", "долгота", "경도", "経度", "經度", "经度", "gps_lon", "gps_lng", "lon_dd", "wgs84_lon",
    "lon_wgs84", "geo_lon", "x_lon", "lon_x", "longitude_wgs84", "longitude_deg", "decimal_longitude",
    "point_lon", "point_lng", "boylam",
})
X_NAMES = frozenset({"x", "xcoord", "x_coord", "coord_x", "point_x", "easting", "rechtswert", "x_koord"})
Y_NAMES = frozenset({"y", "ycoord", "y_coord", "coord_y", "point_y", "northing", "hochwert", "y_koord"})
PACKED_NAMES = frozenset({
    "location", "coordinates", "coordinate", "coords", "co_ordinates", "point", "geometry", "the_geom",
    "geom", "wkt", "position", "latlon", "lat_lon", "latlng", "lat_lng", "lat_long", "geo_point",
    "geopoint", "geo_point_2d", "координаты", "좌표", "koordinaten", "coordonnees", "coordenadas",
})

_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_WKT = re.compile(rf"^\s*(?:SRID=\d+;)?\s*POINT\s*Z?M?\s*\(\s*({_NUM})\s+({_NUM})(?:\s+{_NUM})*\s*\)\s*$",
                  re.I)
_PAIR = re.compile(rf"^\s*[(\[]?\s*({_NUM})\s*(?:,|;|\s)\s*({_NUM})\s*[)\]]?\s*$")


def normalize_name(name: object) -> str:
    """A column name folded for matching: lower case, NFC, separators as `_`, no BOM or brackets."""
    text = unicodedata.normalize("NFC", str(name)).replace("\ufeff", "").strip().lower()
    text = re.sub(r"[\s\-./:]+", "_", text)
    return re.sub(r"[()\[\]#*\"']", "", text).strip("_")


def parse_number(value: object, *, name: str = "coordinate") -> float | None:
    """A coordinate number from a cell; None when empty; RowProblem when unreadable or non-finite.
    Unambiguous spreadsheet manglings (decimal comma, DMS, hemisphere letters) are repaired."""
    return plain_number(value, name=name)


def parse_packed(value: object, order: str = "auto") -> tuple[float, float] | None:
    """(lon, lat) from `POINT (lon lat)`, `(lat, lon)` or `lat, lon`; None when the cell is not a pair.

    Pairs without WKT are read as lat, lon unless `order` is `lonlat` or the first number cannot be a
    latitude.
    """
    if value is None:
        return None
    text = str(value)
    match = _WKT.match(text)
    if match:
        return float(match.group(1)), float(match.group(2))
    match = _PAIR.match(text)
    if not match:
        return None
    first, second = float(match.group(1)), float(match.group(2))
    if order == "lonlat" or (order == "auto" and abs(first) > 90 >= abs(second)):
        return first, second
    return second, first


def make_point(lon: float | None, lat: float | None, swap: bool = False) -> Point:
    """Validate a lon/lat pair into a Point, or raise RowProblem with the reason code."""
    if lon is None or lat is None:
        raise RowProblem("missing_coordinates")
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise RowProblem("non_finite", f"coordinates ({lon}, {lat}) are not finite numbers")
    if swap:
        lon, lat = lat, lon
    if lon == 0.0 and lat == 0.0:
        raise RowProblem("null_island")
    if abs(lat) > 90 and abs(lon) <= 90 and abs(lat) <= 180:
        if swap:  # --swap-xy was given: this row was the right way round already
            raise RowProblem("out_of_range", f"with --swap-xy the latitude is {lat}, which is impossible: "
                             "this row's pair was not swapped")
        raise RowProblem("swapped_coordinates",
                         f"latitude {lat} is impossible but would fit as a longitude: lat/lon look "
                         "swapped (rerun with --swap-xy)")
    try:
        return Point(lon, lat)
    except UsageError as err:
        raise RowProblem("out_of_range", err.message) from None
