"""Reverse geocoding: the nearest address and the nearest street line to a point."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import LineString

from ..domain.geo import Point, local_scale
from .base import Candidate, Precision, ReverseResult
from .index import GazetteerIndex

MAX_ADDRESS_M = 100.0
MAX_STREET_M = 200.0


@dataclass(frozen=True)
class _Near:
    """Points of a batch as arrays, with metres per degree (of longitude, of latitude) at each."""

    lon: np.ndarray
    lat: np.ndarray
    kx: np.ndarray
    ky: np.ndarray

    def boxes(self, metres: float) -> np.ndarray:
        """A box reaching `metres` around each point (its candidates' search area)."""
        return shapely.box(self.lon - metres / self.kx, self.lat - metres / self.ky,
                           self.lon + metres / self.kx, self.lat + metres / self.ky)


def _nearest_each(asked: np.ndarray, d: np.ndarray, limit: float) -> list[int]:
    """Of (point `asked[k]`, distance `d[k]`) pairs, the index k of each point's nearest within `limit`."""
    order = np.lexsort((d, asked))  # by point, nearest first
    if not len(order):
        return []
    first = order[np.r_[True, asked[order][1:] != asked[order][:-1]]]
    return [int(k) for k in first if d[k] <= limit]


class NearestFinder:
    """Vectorised nearest address; an STRtree of street lines for the nearest street."""

    def __init__(self, index: GazetteerIndex):
        self.labels: list[str] = []
        coords: list[tuple[float, float]] = []
        for street in index.streets:
            for group in {id(g): g for g in street.addresses.values()}.values():
                for place in group.places:
                    coords.append(place.point)
                    self.labels.append(f"{street.name} {group.display}")
        self.coords = np.array(coords, dtype=float).reshape(-1, 2)
        self.lines = [(street, line) for street in index.streets for line in street.lines]
        self.tree = STRtree([LineString(line) for _, line in self.lines]) if self.lines else None
        # For batches (built on the first one): the addresses' tree, the street segments and theirs.
        self._points: STRtree | None = None
        self._segment_index: tuple[np.ndarray, np.ndarray, STRtree] | None = None

    def reverse(self, point: Point) -> ReverseResult:
        address, address_m = self._address(point)
        street, street_m = self._street(point)
        return ReverseResult(address, address_m, street, street_m)

    def reverse_many(self, points: list[Point]) -> list[ReverseResult]:
        """The answers for many points at once: one tree query finds every point's nearby addresses,
        one more every point's nearby street segments, and numpy measures them all."""
        if not points:
            return []
        lon = np.array([p.lon for p in points])
        lat = np.array([p.lat for p in points])
        scale = np.array([local_scale(p.lat) for p in points])
        near = _Near(lon, lat, np.maximum(scale[:, 0], 1.0), scale[:, 1])
        return [ReverseResult(*address, *street)
                for address, street in zip(self._addresses(near), self._streets(near), strict=True)]

    def _addresses(self, near: _Near) -> list[tuple[Candidate | None, float | None]]:
        found: list[tuple[Candidate | None, float | None]] = [(None, None)] * len(near.lon)
        if not len(self.coords):
            return found
        if self._points is None:
            self._points = STRtree(shapely.points(self.coords))
        asked, hit = self._points.query(near.boxes(MAX_ADDRESS_M))
        d = np.hypot((self.coords[hit, 0] - near.lon[asked]) * near.kx[asked],
                     (self.coords[hit, 1] - near.lat[asked]) * near.ky[asked])
        for k in _nearest_each(asked, d, MAX_ADDRESS_M):
            x, y = self.coords[hit[k]]
            found[int(asked[k])] = (Candidate(Point(float(x), float(y)), Precision.ADDRESS, 1.0,
                                              self.labels[int(hit[k])]), float(d[k]))
        return found

    def _streets(self, near: _Near) -> list[tuple[Candidate | None, float | None]]:
        found: list[tuple[Candidate | None, float | None]] = [(None, None)] * len(near.lon)
        if not self.lines:
            return found
        segments, owner, tree = self._segments()
        asked, hit = tree.query(near.boxes(MAX_STREET_M))
        kx, ky, x0, y0 = near.kx[asked], near.ky[asked], near.lon[asked], near.lat[asked]
        ax, ay = (segments[hit, 0] - x0) * kx, (segments[hit, 1] - y0) * ky
        dx, dy = (segments[hit, 2] - x0) * kx - ax, (segments[hit, 3] - y0) * ky - ay
        length2 = dx * dx + dy * dy
        along = np.clip(-(ax * dx + ay * dy) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
        d = np.hypot(ax + along * dx, ay + along * dy)  # metres from each point to each segment
        for k in _nearest_each(asked, d, MAX_STREET_M):
            i = int(asked[k])
            street, line = self.lines[int(owner[hit[k]])]
            shape = LineString(line)
            nearest = shape.interpolate(shape.project(shapely.Point(near.lon[i], near.lat[i])))
            place = Point(nearest.x, nearest.y)
            found[i] = (Candidate(place, Precision.STREET, 1.0, street.name), float(d[k]))
        return found

    def _segments(self) -> tuple[np.ndarray, np.ndarray, STRtree]:
        """Every street line's segments as rows (x0, y0, x1, y1), the line of each, and their tree."""
        if self._segment_index is None:
            parts, owners = [], []
            for i, (_street, line) in enumerate(self.lines):
                xy = np.asarray(line, dtype=float).reshape(-1, 2)
                xy = np.vstack([xy, xy]) if len(xy) == 1 else xy
                parts.append(np.hstack([xy[:-1], xy[1:]]))
                owners.append(np.full(len(xy) - 1, i))
            segments = np.vstack(parts)
            low = np.minimum(segments[:, :2], segments[:, 2:])
            high = np.maximum(segments[:, :2], segments[:, 2:])
            boxes = shapely.box(low[:, 0], low[:, 1], high[:, 0], high[:, 1])
            self._segment_index = (segments, np.concatenate(owners), STRtree(boxes))
        return self._segment_index

    def lines_in(self, box: tuple[float, float, float, float],
                 limit: int) -> tuple[list[tuple[str, list[tuple[float, float]]]], bool]:
        """Named street lines touching a (west, south, east, north) box, at most `limit`, and
        whether more were left out."""
        if self.tree is None:
            return [], False
        found = sorted(int(i) for i in self.tree.query(shapely.box(*box)))
        return [(self.lines[i][0].name, self.lines[i][1]) for i in found[:limit]], len(found) > limit

    def _address(self, point: Point) -> tuple[Candidate | None, float | None]:
        if not len(self.coords):
            return None, None
        kx, ky = local_scale(point.lat)
        d = np.hypot((self.coords[:, 0] - point.lon) * kx, (self.coords[:, 1] - point.lat) * ky)
        i = int(np.argmin(d))
        if d[i] > MAX_ADDRESS_M:
            return None, None
        lon, lat = self.coords[i]
        found = Point(float(lon), float(lat))
        return Candidate(found, Precision.ADDRESS, 1.0, self.labels[i]), float(d[i])

    def _street(self, point: Point) -> tuple[Candidate | None, float | None]:
        if self.tree is None:
            return None, None
        kx, ky = local_scale(point.lat)
        box = shapely.box(point.lon - MAX_STREET_M / kx, point.lat - MAX_STREET_M / ky,
                          point.lon + MAX_STREET_M / kx, point.lat + MAX_STREET_M / ky)
        here = shapely.Point(point.lon * kx, point.lat * ky)
        best = None
        for i in self.tree.query(box):
            street, line = self.lines[int(i)]
            d = LineString([(x * kx, y * ky) for x, y in line]).distance(here)
            if d <= MAX_STREET_M and (best is None or d < best[0]):
                best = (d, street, line)
        if best is None:
            return None, None
        d, street, line = best
        nearest = LineString(line).interpolate(LineString(line).project(shapely.Point(point.lon, point.lat)))
        found = Point(nearest.x, nearest.y)
        return Candidate(found, Precision.STREET, 1.0, street.name), float(d)
