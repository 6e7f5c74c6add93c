"""Read a path from a GeoJSON LineString or a GPX file (parsed with defusedxml), with times if given."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..domain.errors import DomainError, UsageError

MAX_VERTICES = 100_000
MAX_SPAN_DEGREES = 2.0  # ~200 km: one local metric frame stays true to well under a metre per km


class TooLarge(DomainError):
    code = "payload_too_large"
    status = 413


@dataclass(frozen=True)
class Track:
    lon: np.ndarray
    lat: np.ndarray
    seconds: np.ndarray | None  # since the first point, when every point has a time


def _seconds(values: list[Any]) -> np.ndarray | None:
    if not values or any(v is None for v in values):
        return None
    try:
        stamps = [float(v) if isinstance(v, int | float) else datetime.fromisoformat(str(v)).timestamp()
                  for v in values]
    except (ValueError, TypeError, OverflowError):
        raise UsageError("a time is not ISO 8601 (2024-05-01T08:30:00Z) nor seconds",
                         parameter="times") from None
    seconds = np.array(stamps, float) - stamps[0]
    if not np.all(np.isfinite(seconds)) or np.any(np.diff(seconds) < 0):
        raise UsageError("the track's times must not go backwards", parameter="times")
    return seconds


def checked(lon: list[float], lat: list[float], times: list[Any] | None = None) -> Track:
    """A track after the checks every input passes: 2..MAX_VERTICES WGS84 points, a bounded span."""
    if len(lon) > MAX_VERTICES:
        raise TooLarge(f"the track has {len(lon):,} points; at most {MAX_VERTICES:,} are measured",
                       parameter="body")
    if len(lon) < 2:
        raise UsageError("a track needs at least two points", parameter="body", code="invalid_track")
    x, y = np.array(lon, float), np.array(lat, float)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))
            and np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90)):
        raise UsageError("coordinates must be longitude, latitude in WGS84", parameter="body")
    if np.ptp(x) > MAX_SPAN_DEGREES or np.ptp(y) > MAX_SPAN_DEGREES:
        raise UsageError(f"the track spans more than {MAX_SPAN_DEGREES}° (about 200 km); measure it in parts",
                         parameter="body")
    if times is not None and len(times) != len(x):
        raise UsageError("give one time per point, or none", parameter="times")
    return Track(x, y, _seconds(times) if times else None)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError("coordinates must be numbers", parameter="body")
    return float(value)


def from_geojson(data: Any) -> Track:
    """A LineString, or a Feature holding one (times in properties.times or coordTimes)."""
    times = None
    if isinstance(data, dict) and data.get("type") == "Feature":
        properties = data.get("properties") or {}
        if isinstance(properties, dict):
            times = properties.get("times") or properties.get("coordTimes")
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") != "LineString":
        raise UsageError("send a GeoJSON LineString (or a Feature with one)", parameter="body")
    coords = data.get("coordinates")
    if not isinstance(coords, list):
        raise UsageError("the LineString has no coordinates", parameter="body")
    if len(coords) > MAX_VERTICES:
        checked([0.0] * len(coords), [0.0] * len(coords))  # raises TooLarge
    if not all(isinstance(c, list) and 2 <= len(c) <= 4 for c in coords):
        raise UsageError("each position is [lon, lat] (with an optional height)", parameter="body")
    if times is not None and not isinstance(times, list):
        raise UsageError("times must be a list", parameter="times")
    return checked([_number(c[0]) for c in coords], [_number(c[1]) for c in coords], times)


def from_gpx(body: bytes) -> Track:
    """The points of every track (trkpt) in order, else of the routes (rtept); times when all have one."""
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as err:
        raise UsageError(f"not a readable GPX file: {err}", parameter="body") from None
    points = [e for e in root.iter() if str(e.tag).rsplit("}", 1)[-1] == "trkpt"] or \
        [e for e in root.iter() if str(e.tag).rsplit("}", 1)[-1] == "rtept"]
    if len(points) > MAX_VERTICES:
        checked([0.0] * len(points), [0.0] * len(points))
    lon, lat, times = [], [], []
    for point in points:
        try:
            lon.append(float(point.get("lon", "nan")))
            lat.append(float(point.get("lat", "nan")))
        except ValueError:
            lon.append(math.nan)
            lat.append(math.nan)
        stamp = next((c.text for c in point if str(c.tag).rsplit("}", 1)[-1] == "time"), None)
        times.append(stamp.strip() if stamp else None)
    return checked(lon, lat, times if times and all(times) else None)
