"""The street stretches in view of cameras inside a box: the map's "watched streets" layer.

Answers are kept in memory per process for the current street network and registry (the key holds
both versions), so a map panned back and forth, or many visitors of one city, cost one computation
per box. Only cameras and streets are involved: nothing about a visitor is kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from ...domain.errors import NotFound, UsageError
from ...domain.geo import BBox
from ...exposure.measure import merged
from ...exposure.path import segment_intervals
from ...exposure.profiles import BACKWARD, FORWARD, PROFILES
from ...storage import streets as store
from ...storage.clusters import registry_version
from . import index

MAX_SPAN_DEG = 0.1  # about 11 km north-south: a city district at zoom 14-15
KEPT = 64  # boxes kept per process

_lock = threading.Lock()
_cache: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()


def versions(session: Session) -> tuple[int, int]:
    """(street network version, registry version): what an answer depends on."""
    return store.network_version(session), registry_version(session)


def _selected(network: Any, box: BBox, profile: str) -> np.ndarray:
    """Segments of the profile whose bounds meet the box."""
    lon_a, lon_b = network.lon[network.seg_a], network.lon[network.seg_b]
    lat_a, lat_b = network.lat[network.seg_a], network.lat[network.seg_b]
    meets = ((np.minimum(lon_a, lon_b) <= box.east) & (np.maximum(lon_a, lon_b) >= box.west)
             & (np.minimum(lat_a, lat_b) <= box.north) & (np.maximum(lat_a, lat_b) >= box.south))
    usable = (network.access & (FORWARD[profile] | BACKWARD[profile])) != 0
    return np.flatnonzero(meets & usable)


def _build(session: Session, box: BBox, profile: str, version: tuple[int, int]) -> dict[str, Any]:
    streets = index.streets(session)
    network = streets.network
    if network is None:
        raise NotFound("no street network is loaded on this server (cameramap streets import)",
                       parameter="bbox")
    chosen = _selected(network, box, profile)
    lines: list[list[list[float]]] = []
    street_m = watched_m = 0.0
    if len(chosen):
        a = (network.lon[network.seg_a[chosen]], network.lat[network.seg_a[chosen]])
        b = (network.lon[network.seg_b[chosen]], network.lat[network.seg_b[chosen]])
        result = segment_intervals(index.cameras(session), a, b, buildings=streets.buildings)
        seg, start, end = merged(result.found)
        s = result.segments
        street_m, watched_m = float(s.length.sum()), float(((end - start) * s.length[seg]).sum())
        dx, dy = s.bx[seg] - s.ax[seg], s.by[seg] - s.ay[seg]
        lon0, lat0 = result.frame.lonlat(s.ax[seg] + start * dx, s.ay[seg] + start * dy)
        lon1, lat1 = result.frame.lonlat(s.ax[seg] + end * dx, s.ay[seg] + end * dy)
        lines = [[[round(float(p), 6), round(float(q), 6)], [round(float(r), 6), round(float(u), 6)]]
                 for p, q, r, u in zip(lon0, lat0, lon1, lat1, strict=True)]
    properties = {"profile": profile, "street_m": round(street_m, 1), "watched_m": round(watched_m, 1),
                  "streets_version": version[0], "registry_version": version[1]}
    return {"type": "FeatureCollection", "bbox": box.as_list(), "features": [
        {"type": "Feature", "properties": properties,
         "geometry": {"type": "MultiLineString", "coordinates": lines}}]}


def watched_segments(session: Session, box: BBox, profile: str, version: tuple[int, int]) -> dict[str, Any]:
    """The profile's street stretches in view of any camera whose segments meet the box (GeoJSON)."""
    if profile not in PROFILES:
        raise UsageError(f"profile is one of {', '.join(PROFILES)}", parameter="profile")
    if box.east - box.west > MAX_SPAN_DEG or box.north - box.south > MAX_SPAN_DEG:
        raise UsageError(f"the box may span at most {MAX_SPAN_DEG:g}° each way: zoom in", parameter="bbox",
                         code="bbox_too_large")
    key = (version, profile, tuple(box.as_list()))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    body = _build(session, box, profile, version)
    with _lock:
        _cache[key] = body
        while len(_cache) > KEPT:
            _cache.popitem(last=False)
    return body


def forget() -> None:
    with _lock:
        _cache.clear()
