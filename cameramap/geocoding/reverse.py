"""Reverse geocoding: the nearest address and the nearest street line to a point."""

from __future__ import annotations

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import LineString

from ..domain.geo import Point, local_scale
from .base import Candidate, Precision, ReverseResult
from .index import GazetteerIndex

MAX_ADDRESS_M = 100.0
MAX_STREET_M = 200.0


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
        self._points: STRtree | None = None  # the addresses, for batches (built on the first one)

    def reverse(self, point: Point) -> ReverseResult:
        address, address_m = self._address(point)
        street, street_m = self._street(point)
        return ReverseResult(address, address_m, street, street_m)

    def reverse_many(self, points: list[Point]) -> list[ReverseResult]:
        """The answers for many points at once: one tree query finds every point's nearby addresses."""
        addresses = self._addresses(points)
        return [ReverseResult(address, address_m, *self._street(point))
                for point, (address, address_m) in zip(points, addresses, strict=True)]

    def _addresses(self, points: list[Point]) -> list[tuple[Candidate | None, float | None]]:
        found: list[tuple[Candidate | None, float | None]] = [(None, None)] * len(points)
        if not len(self.coords) or not points:
            return found
        if self._points is None:
            self._points = STRtree(shapely.points(self.coords))
        lon = np.array([p.lon for p in points])
        lat = np.array([p.lat for p in points])
        scale = np.array([local_scale(p.lat) for p in points])
        kx, ky = np.maximum(scale[:, 0], 1.0), scale[:, 1]
        boxes = shapely.box(lon - MAX_ADDRESS_M / kx, lat - MAX_ADDRESS_M / ky,
                            lon + MAX_ADDRESS_M / kx, lat + MAX_ADDRESS_M / ky)
        asked, hit = self._points.query(boxes)
        d = np.hypot((self.coords[hit, 0] - lon[asked]) * kx[asked],
                     (self.coords[hit, 1] - lat[asked]) * ky[asked])
        order = np.lexsort((d, asked))  # by point, nearest first
        first = order[np.r_[True, asked[order][1:] != asked[order][:-1]]] if len(order) else order
        for k in first:
            if d[k] <= MAX_ADDRESS_M:
                x, y = self.coords[hit[k]]
                place = Point(float(x), float(y))
                found[int(asked[k])] = (Candidate(place, Precision.ADDRESS, 1.0, self.labels[int(hit[k])]),
                                        float(d[k]))
        return found

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
