"""The sea inside a box: coastline ways have the water on their right-hand side."""

from __future__ import annotations

import shapely
from shapely.geometry import LineString, Polygon, box
from shapely.ops import linemerge, polygonize, unary_union

NUDGE = 1e-6  # degrees: a point this far right of a coastline segment lies in the water


def _water_probes(line: LineString) -> list[shapely.Point]:
    probes = []
    coords = list(line.coords)
    for (x0, y0), (x1, y1) in zip(coords, coords[1:], strict=False):
        dx, dy = x1 - x0, y1 - y0
        length = (dx * dx + dy * dy) ** 0.5
        if length > 0:
            probes.append(shapely.Point((x0 + x1) / 2 + NUDGE * dy / length,
                                        (y0 + y1) / 2 - NUDGE * dx / length))
    return probes


def sea_polygons(coastlines: list[LineString], bounds: tuple[float, float, float, float]) -> list[Polygon]:
    """The parts of `bounds` (lon/lat) on the water side of coastlines that cut it in pieces."""
    if not coastlines:
        return []
    frame = box(*bounds)
    merged = linemerge(coastlines)
    lines = list(getattr(merged, "geoms", [merged]))
    clipped = [g for g in (line.intersection(frame) for line in lines) if not g.is_empty]
    if not clipped:
        return []
    pieces = list(polygonize(unary_union([frame.exterior, *clipped])))
    if len(pieces) < 2:  # the coastline does not cut the box (broken off in the extract): no side known
        return []
    probes = [p for line in lines for p in _water_probes(line) if frame.contains(p)]
    return [piece for piece in pieces if any(piece.contains(p) for p in probes)]
