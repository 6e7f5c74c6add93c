"""Where two streets meet: the crossings of their lines (or a near miss), computed in local metres."""

from __future__ import annotations

import math

from ..domain.geo import local_scale

LonLat = tuple[float, float]
NEAR_MISS_M = 40.0  # streets that stop this close (dual carriageways, squares) still "meet"
SAME_CROSSING_M = 80.0  # crossing points closer than this are one junction


def _projector(lat0: float):
    kx, ky = local_scale(lat0)
    return (lambda p: (p[0] * kx, p[1] * ky)), (lambda x, y: (x / kx, y / ky))


def _clustered(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    groups: list[list[tuple[float, float]]] = []
    for p in points:
        for group in groups:
            if any(math.dist(p, q) <= SAME_CROSSING_M for q in group):
                group.append(p)
                break
        else:
            groups.append([p])
    return [(sum(x for x, _ in g) / len(g), sum(y for _, y in g) / len(g)) for g in groups]


def crossings(lines_a: list[list[LonLat]], lines_b: list[list[LonLat]]) -> list[tuple[LonLat, float]]:
    """Junction points of two streets with a confidence factor (1.0 crossing, 0.9 near miss)."""
    if not lines_a or not lines_b:
        return []
    import shapely  # on first use: the app's start never needs it
    from shapely.geometry import MultiLineString
    from shapely.ops import nearest_points

    to_xy, to_lonlat = _projector(lines_a[0][0][1])
    a = MultiLineString([[to_xy(p) for p in line] for line in lines_a])
    b = MultiLineString([[to_xy(p) for p in line] for line in lines_b])
    meet = a.intersection(b)
    points = [(c[0], c[1]) for part in shapely.get_parts(meet) if not part.is_empty
              for c in [part.representative_point().coords[0]]]
    factor = 1.0
    if not points:
        if a.distance(b) > NEAR_MISS_M:
            return []
        pa, pb = nearest_points(a, b)
        points, factor = [((pa.x + pb.x) / 2, (pa.y + pb.y) / 2)], 0.9
    return [(to_lonlat(x, y), factor) for x, y in _clustered(points)]
