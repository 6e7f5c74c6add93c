"""Exact exposure of straight segments: where each lies inside each camera's visible area.

A segment is cut by the area's polygon (shapely), and each piece becomes an interval [t0, t1] of the
segment's parameter; unions of intervals give metres "in view of any camera" without double counting.
Nothing is sampled: a camera between two sparse track points counts for every metre it sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

LINESTRING = 1


@dataclass
class Segments:
    """Straight segments a -> b in a metric frame; `seconds` when the track has times."""

    ax: np.ndarray
    ay: np.ndarray
    bx: np.ndarray
    by: np.ndarray
    seconds: np.ndarray | None = None

    @property
    def length(self) -> np.ndarray:
        return np.hypot(self.bx - self.ax, self.by - self.ay)

    def lines(self) -> np.ndarray:
        coords = np.stack([np.column_stack([self.ax, self.ay]), np.column_stack([self.bx, self.by])], axis=1)
        return shapely.linestrings(coords)

    def __len__(self) -> int:
        return len(self.ax)


@dataclass
class Intervals:
    """Segment `seg[i]` lies in camera `cam[i]`'s view from t0[i] to t1[i] (0..1 along it)."""

    seg: np.ndarray
    cam: np.ndarray
    t0: np.ndarray
    t1: np.ndarray

    def where(self, mask: np.ndarray) -> Intervals:
        return Intervals(self.seg[mask], self.cam[mask], self.t0[mask], self.t1[mask])


def intervals(segments: Segments, areas: np.ndarray) -> Intervals:
    """Every (segment, camera) stretch in view; `areas` holds one (possibly empty) polygon per camera."""
    empty = Intervals(*(np.zeros(0, int),) * 2, *(np.zeros(0),) * 2)
    length = segments.length
    if not len(segments) or not len(areas):
        return empty
    lines = segments.lines()
    seg, cam = shapely.STRtree(areas).query(lines, predicate="intersects")
    seg, cam = seg[length[seg] > 0], cam[length[seg] > 0]
    if not len(seg):
        return empty
    parts, owner = shapely.get_parts(shapely.intersection(lines[seg], areas[cam]), return_index=True)
    keep = shapely.get_type_id(parts) == LINESTRING
    parts, owner = parts[keep], owner[keep]
    first = shapely.get_coordinates(shapely.get_point(parts, 0))
    last = shapely.get_coordinates(shapely.get_point(parts, -1))
    s = seg[owner]
    dx, dy = segments.bx[s] - segments.ax[s], segments.by[s] - segments.ay[s]
    scale = dx * dx + dy * dy

    def along(p: np.ndarray) -> np.ndarray:
        return np.clip(((p[:, 0] - segments.ax[s]) * dx + (p[:, 1] - segments.ay[s]) * dy) / scale, 0, 1)

    t_first, t_last = along(first), along(last)
    return Intervals(s, cam[owner], np.minimum(t_first, t_last), np.maximum(t_first, t_last))


def merged(found: Intervals) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The union of the intervals, segment by segment: (segment, start, end) of disjoint runs."""
    if not len(found.seg):
        return np.zeros(0, int), np.zeros(0), np.zeros(0)
    order = np.lexsort((found.t0, found.seg))
    seg, t0, t1 = found.seg[order], found.t0[order], found.t1[order]
    offset = seg * 4.0  # t lies in 0..1: offsets keep each segment's running maximum its own
    reach = np.maximum.accumulate(t1 + offset) - offset
    starts = np.ones(len(seg), bool)
    starts[1:] = (seg[1:] != seg[:-1]) | (t0[1:] > reach[:-1])
    first = np.flatnonzero(starts)
    return seg[first], t0[first], np.maximum.reduceat(t1, first)


def covered(found: Intervals, count: int) -> np.ndarray:
    """The fraction (0..1) of each of `count` segments in view of at least one of the cameras."""
    seg, start, end = merged(found)
    return np.bincount(seg, weights=end - start, minlength=count)[:count]


def per_camera(found: Intervals, cameras: int, weights: np.ndarray) -> np.ndarray:
    """Per camera: the sum of its intervals times the segment weight (metres or seconds)."""
    return np.bincount(found.cam, weights=(found.t1 - found.t0) * weights[found.seg], minlength=cameras)
