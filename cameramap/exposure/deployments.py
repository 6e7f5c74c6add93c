"""Deployments as viewers: a live facial recognition van at a point, along a street or over an area.

A deployment active at the asked time sees like an omnidirectional camera of VAN_RANGE_M metres
(docs/exposure.md, "Deployments"): from its point; or, when its place was published as a street or
an area, from anywhere on it (the record does not say where the van stood), so everything within
the range of the line or the polygon counts as in view. It carries its system's capabilities.
"""

from __future__ import annotations

import math
from typing import Any

from .model import CameraSpec

VAN_RANGE_M = 30.0  # a mast's cameras, direction unpublished: a disc at the "observed" level
METRES_PER_DEGREE = 111_320.0
POINT = "Point"


def viewer(ident: int, geometry: dict[str, Any] | None, lon: float, lat: float, capabilities: int,
           operator_id: int | None = None) -> CameraSpec:
    """The viewer of a placed deployment: its marker point, and its line or area as the footprint."""
    footprint = None
    if geometry is not None and geometry.get("type") != POINT:
        from shapely.geometry import shape  # the engine's own dependency, loaded with it

        footprint = shape(geometry)
    elif geometry is not None:
        lon, lat = (float(v) for v in geometry["coordinates"][:2])
    return CameraSpec(int(ident), float(lon), float(lat), range_m=VAN_RANGE_M, capabilities=capabilities,
                      operator_id=operator_id, kind="deployment", footprint=footprint)


def extent_m(spec: CameraSpec) -> float:
    """Metres from the viewer's point to the farthest point of its footprint (0 for a point)."""
    if spec.footprint is None:
        return 0.0
    import shapely

    coords = shapely.get_coordinates(spec.footprint)
    dx = (coords[:, 0] - spec.lon) * METRES_PER_DEGREE * math.cos(math.radians(spec.lat))
    dy = (coords[:, 1] - spec.lat) * METRES_PER_DEGREE
    return float((dx * dx + dy * dy).max() ** 0.5) * 1.01 if len(coords) else 0.0
