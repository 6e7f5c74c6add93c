"""How watched is a path: the exposure summary of a track or a route (never stored, never logged)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from ...domain.deployments import as_utc, zone
from ...domain.timefilter import instant
from ...exposure.measure import covered, merged, per_camera
from ...exposure.model import NO_OVERRIDES, Overrides, sectors, view_range
from ...exposure.path import PathExposure, measure
from ...exposure.tracks import Track
from ...storage import streets as store
from ...storage.cellsql import CAPABILITY_BITS
from . import index


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _union(found, count: int, mask: np.ndarray, weights: np.ndarray) -> float:
    """Metres (or seconds, with those weights) of the path in view of the cameras the mask selects."""
    return float(np.dot(covered(found.where(mask[found.cam]), count), weights))


def _watched_geometry(result: PathExposure) -> dict[str, Any]:
    """The stretches in view of any camera, as a GeoJSON MultiLineString (lon/lat)."""
    seg, start, end = merged(result.found)
    s = result.segments
    dx, dy = s.bx[seg] - s.ax[seg], s.by[seg] - s.ay[seg]
    lon0, lat0 = result.frame.lonlat(s.ax[seg] + start * dx, s.ay[seg] + start * dy)
    lon1, lat1 = result.frame.lonlat(s.ax[seg] + end * dx, s.ay[seg] + end * dy)
    lines = [[[round(float(a), 6), round(float(b), 6)], [round(float(c), 6), round(float(d), 6)]]
             for a, b, c, d in zip(lon0, lat0, lon1, lat1, strict=True)]
    return {"type": "MultiLineString", "coordinates": lines}


def _camera_rows(chosen: list, in_view: np.ndarray, timed: np.ndarray | None, names: dict[int, str],
                 overrides: Overrides) -> list[dict[str, Any]]:
    rows = [{"id": str(c.id), "metres": _round(in_view[k]),
             "seconds": _round(timed[k]) if timed is not None else None,
             "capabilities": index.capability_names(c.capabilities),
             "operator": {"id": str(c.operator_id), "name": names.get(c.operator_id)}
             if c.operator_id else None,
             "range_m": view_range(c, overrides), "sectors": [list(v) for v in sectors(c, overrides)]}
            for k, c in enumerate(chosen) if in_view[k] > 0 and c.kind == "camera"]
    return sorted(rows, key=lambda r: (-(r["metres"] or 0), int(r["id"])))


def _deployment_rows(chosen: list, in_view: np.ndarray, timed: np.ndarray | None,
                     active: dict[int, index.Active], overrides: Overrides) -> list[dict[str, Any]]:
    """The deployments active at the asked time that see part of the path, most metres first."""
    rows = []
    for k, c in enumerate(chosen):
        if c.kind != "deployment" or in_view[k] <= 0:
            continue
        item = active[c.id]
        rows.append({"id": str(c.id), "metres": _round(in_view[k]),
                     "seconds": _round(timed[k]) if timed is not None else None,
                     "capabilities": index.capability_names(c.capabilities),
                     "operator": {"id": str(item.operator_id), "name": item.operator}
                     if item.operator_id else None,
                     "system": item.system, "location_text": item.location_text,
                     "start": instant(item.start), "end": instant(item.end), "timezone": item.timezone,
                     "local_end": as_utc(item.end).astimezone(zone(item.timezone)).isoformat(),
                     "range_m": view_range(c, overrides), "area": c.footprint is not None})
    return sorted(rows, key=lambda r: (-(r["metres"] or 0), int(r["id"])))


def _groups(result: PathExposure, chosen: list, in_view: np.ndarray,
            names: dict[int, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Metres (and seconds) in view per capability and per operator, overlaps counted once."""
    found, count, metres, seconds = result.found, len(result.segments), result.segments.length, \
        result.segments.seconds
    bits = np.array([c.capabilities for c in chosen], int)
    camera = np.array([c.kind == "camera" for c in chosen], bool)
    by_capability = {}
    for name, bit in CAPABILITY_BITS.items():
        mask = (bits & bit) != 0
        if mask.any() and (metres_in := _union(found, count, mask, metres)) > 0:
            seen = mask & (in_view > 0)
            by_capability[name] = {"metres": _round(metres_in), "cameras": int((seen & camera).sum()),
                                   "deployments": int((seen & ~camera).sum()),
                                   "seconds": _round(_union(found, count, mask, seconds))
                                   if seconds is not None else None}
    operators = []
    for op_id in sorted({c.operator_id for c in chosen if c.operator_id is not None}):
        mask = np.array([c.operator_id == op_id for c in chosen])
        if (metres_in := _union(found, count, mask, metres)) > 0:
            seen = mask & (in_view > 0)
            operators.append({"id": str(op_id), "name": names.get(op_id), "metres": _round(metres_in),
                              "cameras": int((seen & camera).sum()),
                              "deployments": int((seen & ~camera).sum())})
    return by_capability, operators


def summary(session: Session, result: PathExposure, overrides: Overrides,
            seen_by: index.Viewers) -> dict[str, Any]:
    """The answer of POST /exposure (and each route's exposure) for a measured path."""
    cameras = seen_by.cameras
    s, found, count = result.segments, result.found, len(result.segments)
    chosen = [cameras.specs[i] for i in result.cameras]
    in_view = per_camera(found, len(chosen), s.length)
    timed = per_camera(found, len(chosen), s.seconds) if s.seconds is not None else None
    everyone = np.ones(len(chosen), bool)
    watched, total = _union(found, count, everyone, s.length), float(s.length.sum())
    names = store.operator_names(session, [c.operator_id for c in chosen if c.operator_id is not None])
    by_capability, operators = _groups(result, chosen, in_view, names)
    timed_total = _union(found, count, everyone, s.seconds) if s.seconds is not None else None
    return {
        "length_m": _round(total), "watched_m": _round(watched),
        "watched_share": round(watched / total, 4) if total else 0.0,
        "seconds": _round(s.seconds.sum()) if s.seconds is not None else None,
        "watched_seconds": _round(timed_total),
        "cameras": _camera_rows(chosen, in_view, timed, names, overrides),
        "deployments": _deployment_rows(chosen, in_view, timed, seen_by.deployments, overrides),
        "capabilities": by_capability, "operators": operators,
        "model": {"range_m": overrides.range_m, "ignore_direction": overrides.ignore_direction,
                  "buildings": index.streets(session).buildings is not None},
        "watched": _watched_geometry(result),
    }


def path_exposure(session: Session, track: Track, overrides: Overrides = NO_OVERRIDES,
                  moment: datetime | None = None, seen_by: index.Viewers | None = None) -> dict[str, Any]:
    """The exposure summary of a track at `moment` (default now; see docs/exposure.md) by the cameras
    and the deployments active then; nothing about it is kept."""
    moment = moment or datetime.now(UTC)
    seen_by = seen_by or index.viewers(session, moment)
    found = measure(seen_by.cameras, track.lon, track.lat, overrides=overrides,
                    buildings=index.streets(session).buildings, seconds=track.seconds)
    return {"at": instant(moment), **summary(session, found, overrides, seen_by)}
