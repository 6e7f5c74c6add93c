"""Coordinate reference systems at the edge (OGC API - Features Part 2): the program keeps lon/lat
WGS84 (CRS84); answers are reprojected and bbox-crs/filter-crs input brought back here, with pyproj."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...domain.errors import UsageError
from ...domain.geo import COORD_DECIMALS

if TYPE_CHECKING:  # pyproj and shapely load with the first request that reprojects, not at start
    from pyproj import CRS, Transformer
    from shapely.geometry.base import BaseGeometry

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{code}"
BUILT_IN = (CRS84, EPSG_URI.format(code=4326), EPSG_URI.format(code=3857))
_EPSG = re.compile(r"^(?:\[?EPSG:(\d{1,6})\]?|https?://www\.opengis\.net/def/crs/EPSG/0/(\d{1,6}))$", re.I)
_CRS84 = re.compile(r"^(?:\[?OGC:CRS84\]?|CRS84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84)$", re.I)
METRE_DECIMALS = 3  # millimetres
DENSIFY = 16  # points per edge when a bbox is brought to lon/lat


def canonical(text: str) -> str | None:
    """The OGC URI of a CRS written as a URI, EPSG:n, [EPSG:n] or CRS84 (None when unrecognised)."""
    text = text.strip()
    if _CRS84.match(text):
        return CRS84
    match = _EPSG.match(text)
    return EPSG_URI.format(code=int(match.group(1) or match.group(2))) if match else None


@lru_cache(maxsize=8)
def offered(national: tuple[str, ...]) -> tuple[str, ...]:
    """CRS84, EPSG:4326, EPSG:3857 and the configured national systems (setting OGC_CRS)."""
    uris = list(BUILT_IN)
    for item in national:
        uri = canonical(item)
        if uri is None or _crs(uri) is None:
            raise ValueError(f"OGC_CRS names {item!r}, which is not an EPSG code pyproj knows")
        if uri not in uris:
            uris.append(uri)
    return tuple(uris)


def national_setting(value: str | Iterable[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(item.strip() for item in items if item.strip())


def choose(text: str | None, allowed: tuple[str, ...], parameter: str) -> str:
    """The CRS a parameter names (CRS84 when absent); one not offered is a 400 listing them."""
    if text is None:
        return CRS84
    uri = canonical(text)
    if uri not in allowed:
        raise UsageError(f"{parameter} must be one of the collection's crs: {', '.join(allowed)}; "
                         f"got {text[:80]!r}", parameter=parameter)
    return uri


@lru_cache(maxsize=32)
def _crs(uri: str) -> CRS | None:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input("OGC:CRS84" if uri == CRS84 else "EPSG:" + uri.rsplit("/", 1)[1])
    except CRSError:
        return None


@lru_cache(maxsize=32)
def _transformer(source: str, target: str) -> Transformer:
    """Cached; authority axis order (EPSG:4326 is lat, lon)."""
    from pyproj import Transformer

    return Transformer.from_crs(_crs(source), _crs(target))


def _decimals(uri: str) -> int:
    crs = _crs(uri)
    return COORD_DECIMALS if crs is not None and crs.is_geographic else METRE_DECIMALS


def project_features(features: list[dict[str, Any]], uri: str) -> None:
    """Point features' coordinates from CRS84 into `uri` (in place), in that CRS's axis order."""
    if uri == CRS84 or not features:
        return
    points = [f["geometry"]["coordinates"] for f in features if f.get("geometry")]
    xs, ys = _transformer(CRS84, uri).transform([p[0] for p in points], [p[1] for p in points])
    decimals = _decimals(uri)
    for point, x, y in zip(points, xs, ys, strict=True):
        point[:] = [round(float(x), decimals), round(float(y), decimals)]


def to_lonlat(geometry: BaseGeometry, uri: str, parameter: str = "filter-crs") -> BaseGeometry:
    """A geometry given in `uri` (its axis order) as lon/lat; a bbox's edges are densified first."""
    import shapely
    import shapely.errors
    from shapely.ops import transform

    if uri == CRS84:
        return geometry
    if geometry.geom_type == "Polygon" and geometry.area > 0:
        geometry = shapely.segmentize(geometry, max(geometry.length / (4 * DENSIFY), 1e-9))
    back = _transformer(uri, CRS84)
    try:
        result = transform(lambda x, y, z=None: back.transform(x, y), geometry)
    except (shapely.errors.GEOSException, ValueError):
        result = None
    if result is None or not shapely.is_valid(result) or not all(map(_finite, result.bounds)):
        raise UsageError("the geometry does not lie where that coordinate system is defined",
                         parameter=parameter)
    return result


def _finite(value: float) -> bool:
    return value == value and abs(value) != float("inf")


def bbox_polygon(numbers: list[float], uri: str) -> BaseGeometry:
    """A bbox given in `uri` (minx,miny,maxx,maxy in its axis order) as a lon/lat polygon."""
    import shapely

    west, south, east, north = numbers
    if west == east or south == north:  # a point or a line, which shapely.box cannot make
        corners = shapely.MultiPoint([(west, south), (east, north)])
        return to_lonlat(corners, uri, "bbox").envelope
    return to_lonlat(shapely.box(*numbers), uri, "bbox")


def parse_bbox(text: str) -> list[float]:
    """'minx,miny,maxx,maxy' (or six numbers with heights) in a bbox-crs's own units and axis order."""
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(map(_finite, numbers)) or numbers[0] > numbers[2] \
            or numbers[1] > numbers[3]:
        raise UsageError("bbox must be four numbers minx,miny,maxx,maxy in bbox-crs (its axis order)",
                         parameter="bbox")
    return numbers
