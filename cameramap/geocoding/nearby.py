"""Distances and groups of nearby points (lon/lat), for the gazetteer's indexes."""

from __future__ import annotations

import math

from ..domain.geo import local_scale

LonLat = tuple[float, float]
CLUSTER_M = 150.0  # objects with one name or address farther apart than this are different places


def distance_m(a: LonLat, b: LonLat) -> float:
    """Equirectangular distance in metres: exact enough below a few kilometres."""
    kx, ky = local_scale((a[1] + b[1]) / 2)
    return math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * ky)


def medoid(points: list[LonLat]) -> LonLat:
    """The member point closest to all others (a real object's position, never in between)."""
    if len(points) <= 2:
        return points[0]
    return min(points, key=lambda p: sum(distance_m(p, q) for q in points))


def clusters(points: list[LonLat]) -> list[list[int]]:
    """Single-link groups of point indices within CLUSTER_M."""
    groups: list[list[int]] = []
    for i, point in enumerate(points):
        near = [g for g in groups if any(distance_m(point, points[j]) <= CLUSTER_M for j in g)]
        merged = [i] + [j for g in near for j in g]
        groups = [g for g in groups if g not in near] + [merged]
    return groups
