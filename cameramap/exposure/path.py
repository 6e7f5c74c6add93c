"""Exposure of a path (a track or a route): the cameras near it, their visible areas, what they see."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .deployments import extent_m
from .frame import LocalFrame
from .measure import Intervals, Segments, covered, intervals
from .model import NO_OVERRIDES, CameraSpec, Overrides, sectors, sees, view_range
from .visibility import cut, sector_polygons

METRES_PER_DEGREE = 111_320.0
_tokens = itertools.count(1)  # tells CameraSets and Buildings apart in the AreaCache


@dataclass
class CameraSet:
    """The registry's cameras as arrays for fast selection (built once per registry version), with the
    deployments active at the asked time after them (`with_viewers`)."""

    specs: list[CameraSpec]
    lon: np.ndarray
    lat: np.ndarray
    range_m: np.ndarray  # each camera's range under the model's defaults
    token: int = field(default_factory=lambda: next(_tokens))
    extent: np.ndarray | None = None  # metres from each point to its farthest footprint point (deployments)
    base: int = -1  # the first `base` specs are the registry's; -1: all of them

    @classmethod
    def of(cls, specs: Sequence[CameraSpec]) -> CameraSet:
        kept = [s for s in specs if sees(s)]
        return cls(kept, np.array([s.lon for s in kept], float), np.array([s.lat for s in kept], float),
                   np.array([view_range(s) for s in kept], float))

    def with_viewers(self, viewers: Sequence[CameraSpec]) -> CameraSet:
        """These cameras and the viewers after them; the same token, so that the cameras' visible
        areas already built are shared (area_key tells the viewers apart by their whole spec)."""
        if not viewers:
            return self
        extra = CameraSet.of(viewers)
        extent = np.concatenate([self.extents(), [extent_m(s) for s in extra.specs]])
        return CameraSet(self.specs + extra.specs, np.concatenate([self.lon, extra.lon]),
                         np.concatenate([self.lat, extra.lat]), np.concatenate([self.range_m, extra.range_m]),
                         self.token, extent, len(self.specs) if self.base < 0 else self.base)

    def extents(self) -> np.ndarray:
        return self.extent if self.extent is not None else np.zeros(len(self.specs))

    def area_key(self, index: int) -> Hashable:
        """What a visible area is cached under: the camera's index, a viewer's whole spec."""
        return index if self.base < 0 or index < self.base else self.specs[index]

    def ranges(self, indices: np.ndarray, overrides: Overrides) -> np.ndarray:
        if overrides.range_m is not None:
            return np.full(len(indices), overrides.range_m)
        return self.range_m[indices]

    def reach(self, overrides: Overrides) -> float:
        if not len(self.range_m):
            return 0.0
        return float((self.ranges(np.arange(len(self.range_m)), overrides) + self.extents()).max())


def _polygon(rings: Sequence[Any]) -> Polygon:
    """A footprint as stored: one ring of [lon, lat], or [outer ring, *inner rings] (a courtyard building)."""
    if rings and rings[0] and isinstance(rings[0][0], Sequence):
        return Polygon(rings[0], rings[1:])
    return Polygon(rings)


@dataclass
class Buildings:
    """Building footprints (lon/lat polygons) with an R-tree."""

    polygons: np.ndarray
    tree: shapely.STRtree
    token: int = field(default_factory=lambda: next(_tokens))

    @classmethod
    def of(cls, rings: Sequence[Sequence[Any]]) -> Buildings:
        polygons = np.array([shapely.make_valid(_polygon(r)) for r in rings], dtype=object)
        return cls(polygons, shapely.STRtree(polygons))

    def near(self, lon: float, lat: float, metres: float) -> np.ndarray:
        if not len(self.polygons):
            return self.polygons
        dlat = metres / METRES_PER_DEGREE
        dlon = dlat / max(0.01, np.cos(np.radians(lat)))
        return self.polygons[self.tree.query(shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat))]


@dataclass
class PathExposure:
    """The path's segments, the cameras that see part of it (indices into the CameraSet) and where."""

    frame: LocalFrame
    segments: Segments
    cameras: np.ndarray
    found: Intervals


def candidates(cameras: CameraSet, lon: np.ndarray, lat: np.ndarray, overrides: Overrides,
               frame: LocalFrame, line: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Cameras whose range reaches the path (indices) and their ranges."""
    margin = cameras.reach(overrides) / METRES_PER_DEGREE * 1.01
    lon_margin = margin / max(0.01, float(np.cos(np.radians(np.max(np.abs(lat))))))
    box = ((cameras.lon >= lon.min() - lon_margin) & (cameras.lon <= lon.max() + lon_margin)
           & (cameras.lat >= lat.min() - margin) & (cameras.lat <= lat.max() + margin))
    near = np.flatnonzero(box)
    if not len(near):
        return near, np.zeros(0)
    ranges = cameras.ranges(near, overrides)
    x, y = frame.xy(cameras.lon[near], cameras.lat[near])
    close = shapely.dwithin(shapely.points(x, y), line, ranges + cameras.extents()[near])
    return near[close], ranges[close]


class AreaCache:
    """Visible areas already built, per frame, model and data version (frames snap to a grid, so the
    requests of one city share them). Holds camera geometry only, never a path. Bounded."""

    def __init__(self, per_key: int = 50_000, keys: int = 4):
        self.per_key, self.keys = per_key, keys
        self._store: dict[tuple, dict[Hashable, BaseGeometry]] = {}
        self._lock = threading.Lock()

    def areas(self, key: tuple) -> dict[Hashable, BaseGeometry]:
        with self._lock:
            store = self._store.get(key)
            if store is None or len(store) > self.per_key:
                if len(self._store) >= self.keys:
                    self._store.pop(next(iter(self._store)))
                store = self._store[key] = {}
            return store


AREAS = AreaCache()


def _build_areas(cameras: CameraSet, chosen: np.ndarray, ranges: np.ndarray, overrides: Overrides,
                 frame: LocalFrame, buildings: Buildings | None) -> np.ndarray:
    x, y = frame.xy(cameras.lon[chosen], cameras.lat[chosen])
    specs = [cameras.specs[i] for i in chosen]
    areas = sector_polygons(x, y, ranges, [sectors(spec, overrides) for spec in specs])
    for k, spec in enumerate(specs):
        if spec.footprint is not None:  # anywhere on the street or area: its whole reach, no shadows
            areas[k] = shapely.buffer(frame.geometry(spec.footprint), float(ranges[k]), quad_segs=18)
            continue
        if buildings is None:
            continue
        near = [frame.geometry(b) for b in buildings.near(spec.lon, spec.lat, ranges[k])
                if isinstance(b, Polygon)]
        if near:
            areas[k] = cut(float(x[k]), float(y[k]), float(ranges[k]), areas[k], near)
    return areas


def areas_of(cameras: CameraSet, chosen: np.ndarray, ranges: np.ndarray, overrides: Overrides,
             frame: LocalFrame, buildings: Buildings | None) -> np.ndarray:
    """The visible area of each chosen camera in the frame, cut by the buildings within its range."""
    key = (frame.lon0, frame.lat0, overrides, cameras.token, buildings.token if buildings else 0)
    store = AREAS.areas(key)
    keys = [cameras.area_key(int(i)) for i in chosen]
    missing = np.array([k for k, key in enumerate(keys) if key not in store], np.int64)
    if len(missing):
        built = _build_areas(cameras, chosen[missing], ranges[missing], overrides, frame, buildings)
        for k, area in zip(missing, built, strict=True):
            store[keys[k]] = area
    return np.array([store[key] for key in keys], dtype=object)


def measure(cameras: CameraSet, lon: np.ndarray, lat: np.ndarray, *, overrides: Overrides = NO_OVERRIDES,
            buildings: Buildings | None = None, seconds: np.ndarray | None = None) -> PathExposure:
    """Where the path lon/lat (seconds since its start, if known) lies in view of which camera."""
    frame = LocalFrame.around(lon, lat)
    x, y = frame.xy(lon, lat)
    segments = Segments(x[:-1], y[:-1], x[1:], y[1:], None if seconds is None else np.diff(seconds))
    line = shapely.linestrings(np.column_stack([x, y]))
    chosen, ranges = candidates(cameras, lon, lat, overrides, frame, line)
    areas = areas_of(cameras, chosen, ranges, overrides, frame, buildings)
    return PathExposure(frame, segments, chosen, intervals(segments, areas))


def segment_intervals(cameras: CameraSet, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
                      *, overrides: Overrides = NO_OVERRIDES, buildings: Buildings | None = None,
                      keep: Callable[[CameraSpec], bool] | None = None) -> PathExposure:
    """Where each segment a -> b (lon/lat arrays) lies in view of which camera (those `keep` selects)."""
    lon, lat = np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]])
    frame = LocalFrame.around(lon, lat)
    (ax, ay), (bx, by) = frame.xy(*a), frame.xy(*b)
    segments = Segments(ax, ay, bx, by)
    network = shapely.multilinestrings(segments.lines())
    chosen, ranges = candidates(cameras, lon, lat, overrides, frame, network)
    if keep is not None:
        wanted = np.array([keep(cameras.specs[i]) for i in chosen], bool)
        chosen, ranges = chosen[wanted], ranges[wanted]
    areas = areas_of(cameras, chosen, ranges, overrides, frame, buildings)
    return PathExposure(frame, segments, chosen, intervals(segments, areas))


def segments_watched(cameras: CameraSet, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
                     keep: Callable[[CameraSpec], bool], *, overrides: Overrides = NO_OVERRIDES,
                     buildings: Buildings | None = None) -> np.ndarray:
    """Metres of each segment a -> b in view of any camera that `keep` selects."""
    found = segment_intervals(cameras, a, b, overrides=overrides, buildings=buildings, keep=keep)
    return covered(found.found, len(found.segments)) * found.segments.length
