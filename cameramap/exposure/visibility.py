"""Visibility polygons in a local metric frame: the model's sectors, minus the buildings' shadows."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from .model import FULL

ARC_STEP_DEG = 5.0  # a 30 m sector's arc is off the true circle by at most 3 cm
SHADOW_STEP_DEG = 20.0
MOUNTED_ON_M = 1.0  # a building this close to the camera is the one it hangs on: it hides nothing


def sector_rings(x: float, y: float, radius: float, views: Sequence[tuple[float, float]]) -> list[np.ndarray]:
    """The closed rings of the sectors (centre bearing, width in degrees, clockwise from north)."""
    if any(width >= FULL for _, width in views):
        angles = np.radians(np.arange(0.0, FULL + ARC_STEP_DEG / 2, ARC_STEP_DEG))
        return [np.column_stack([x + radius * np.sin(angles), y + radius * np.cos(angles)])]
    rings = []
    for centre, width in views:
        steps = max(2, math.ceil(width / ARC_STEP_DEG) + 1)
        angles = np.radians(np.linspace(centre - width / 2, centre + width / 2, steps))
        arc = np.column_stack([x + radius * np.sin(angles), y + radius * np.cos(angles)])
        rings.append(np.vstack([[x, y], arc, [x, y]]))
    return rings


def sector_polygon(x: float, y: float, radius: float, views: Sequence[tuple[float, float]]) -> BaseGeometry:
    """The union of the sectors (centre bearing, width in degrees, clockwise from north)."""
    parts = [Polygon(ring) for ring in sector_rings(x, y, radius, views)]
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def sector_polygons(x: np.ndarray, y: np.ndarray, radius: np.ndarray,
                    views: Sequence[Sequence[tuple[float, float]]]) -> np.ndarray:
    """Many cameras' sector polygons at once (one shapely call for all single-ring cameras)."""
    rings = [sector_rings(float(x[k]), float(y[k]), float(radius[k]), v) for k, v in enumerate(views)]
    single = [k for k, r in enumerate(rings) if len(r) == 1]
    areas = np.empty(len(rings), dtype=object)
    if single:
        coords = np.vstack([rings[k][0] for k in single])
        owner = np.repeat(np.arange(len(single)), [len(rings[k][0]) for k in single])
        areas[single] = shapely.polygons(shapely.linearrings(coords, indices=owner))
    for k, r in enumerate(rings):
        if len(r) > 1:
            areas[k] = shapely.union_all([Polygon(ring) for ring in r])
    return areas


def _shadow_of(x: float, y: float, far: float, points: np.ndarray) -> BaseGeometry:
    """Everything behind `points` (seen from x, y, not around them) up to `far` metres: a hull of the
    points and rays through them, with extra rays so that the far side stays beyond `far`."""
    dx, dy = points[:, 0] - x, points[:, 1] - y
    mid = math.atan2(float(dx.mean()), float(dy.mean()))
    angles = (np.arctan2(dx, dy) - mid + math.pi) % (2 * math.pi) - math.pi + mid
    steps = max(2, math.ceil(math.degrees(angles.max() - angles.min()) / SHADOW_STEP_DEG) + 1)
    fan = np.linspace(angles.min(), angles.max(), steps)
    reach = 2 * far
    rays = np.column_stack([x + reach * np.sin(fan), y + reach * np.cos(fan)])
    return shapely.convex_hull(shapely.multipoints(np.vstack([points, rays])))


def shadow(x: float, y: float, far: float, building: Polygon) -> BaseGeometry | None:
    """The part of the ground a building hides from a camera at (x, y); None for its own building."""
    camera = Point(x, y)
    for inner in building.interiors:  # a camera in a courtyard (or on its walls) sees only the courtyard
        courtyard = Polygon(inner)
        if courtyard.distance(camera) <= MOUNTED_ON_M:
            reach = 2 * far
            return shapely.box(x - reach, y - reach, x + reach, y + reach).difference(courtyard)
    if building.distance(camera) <= MOUNTED_ON_M:
        return None
    ring = np.asarray(building.exterior.coords)[:-1]
    if not shapely.convex_hull(building).contains(camera):
        return _shadow_of(x, y, far, ring)
    edges = [_shadow_of(x, y, far, np.vstack([a, b])) for a, b in zip(ring, np.roll(ring, -1, axis=0),
                                                                          strict=True)]
    return shapely.union_all(edges)  # a camera in a courtyard: edge by edge


def cut(x: float, y: float, radius: float, area: BaseGeometry, buildings: Sequence[Polygon]) -> BaseGeometry:
    """The area less what the buildings within reach hide from a camera at (x, y)."""
    shadows = [s for b in buildings if b.intersects(area) and (s := shadow(x, y, radius, b)) is not None]
    return area.difference(shapely.union_all(shadows)) if shadows else area


def visible_area(x: float, y: float, radius: float, views: Sequence[tuple[float, float]],
                 buildings: Sequence[Polygon] = ()) -> BaseGeometry:
    """The sector(s) less what the buildings within reach hide."""
    return cut(x, y, radius, sector_polygon(x, y, radius, views), buildings)
