"""What a camera sees: a sector (or a disc) around it, from its type, direction and height.

One model, documented in docs/exposure.md. A camera sees, on the ground, the sectors
direction ± field_of_view / 2 up to `range` metres; cameras that turn (PTZ) or look all around
(dome), and cameras of unknown type with no mapped direction, see a full disc. Buildings cut the
sectors (visibility.py). Requests may override the range and ignore directions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.direction import parse_direction
from ..domain.errors import DomainError

if TYPE_CHECKING:  # shapely loads with the engine, not with this table
    from shapely.geometry.base import BaseGeometry

FULL = 360.0
FIELD_OF_VIEW = {  # horizontal degrees by camera:type
    "fixed": 70.0, "panorama": 180.0, "doorbell": 150.0, "dome": FULL, "panning": FULL,
}
DIRECTED_UNKNOWN_FOV = 90.0  # type unknown, direction mapped: a typical wide lens
ALPR_FOV = 30.0
RANGE_M = {  # ground distance at which a person is still "observed" (see docs/exposure.md)
    "fixed": 30.0, "panorama": 20.0, "doorbell": 8.0, "dome": 20.0, "panning": 50.0,
}
UNKNOWN_RANGE_M = 25.0
ALPR_RANGE_M = 25.0
HIGH_MOUNT_M = 8.0  # mounted at least this high: sees 1.5 times as far
HIGH_MOUNT_FACTOR = 1.5
MAX_RANGE_M = 300.0
NOT_CAMERAS = frozenset({"guard", "gunshot_detector"})
RANGE_TAGS = ("camera:range", "surveillance:range")


@dataclass(frozen=True, slots=True)
class CameraSpec:
    """A camera as the model reads it (values from the registry)."""

    id: int
    lon: float
    lat: float
    camera_type: str | None = None
    surveillance_type: str | None = None
    direction: str | None = None
    height: float | None = None
    range_m: float | None = None  # the camera's own mapped range (camera:range), if any
    capabilities: int = 0
    operator_id: int | None = None
    kind: str = "camera"  # or "deployment": a temporary viewer (exposure/deployments.py); ids per kind
    footprint: BaseGeometry | None = None  # a deployment's line or area (lon/lat); None: it stands at lon/lat


@dataclass(frozen=True, slots=True)
class Overrides:
    """Per-request changes to the model, for comparison with simpler models."""

    range_m: float | None = None
    ignore_direction: bool = False


NO_OVERRIDES = Overrides()


def sectors(camera: CameraSpec, overrides: Overrides = NO_OVERRIDES) -> list[tuple[float, float]]:
    """(centre bearing, width) in degrees of every sector the camera sees; [(0, 360)] for a disc."""
    kind = (camera.camera_type or "").lower()
    alpr = (camera.surveillance_type or "").upper() in ("ALPR", "ANPR")
    try:
        bearings = () if overrides.ignore_direction else parse_direction(camera.direction)
    except DomainError:
        bearings = ()
    fov = FIELD_OF_VIEW.get(kind, ALPR_FOV if alpr else DIRECTED_UNKNOWN_FOV if bearings else FULL)
    if fov >= FULL or not bearings:
        return [(0.0, FULL)]
    return [(b.degrees, min(FULL, b.width + fov) if b.width else fov) for b in bearings]


def view_range(camera: CameraSpec, overrides: Overrides = NO_OVERRIDES) -> float:
    """Metres the camera sees on the ground: the override, its own range, else by type and height."""
    if overrides.range_m is not None:
        return overrides.range_m
    if camera.range_m is not None and 0 < camera.range_m <= MAX_RANGE_M:
        return camera.range_m
    kind = (camera.camera_type or "").lower()
    alpr = (camera.surveillance_type or "").upper() in ("ALPR", "ANPR")
    base = RANGE_M.get(kind, ALPR_RANGE_M if alpr else UNKNOWN_RANGE_M)
    if camera.height is not None and camera.height >= HIGH_MOUNT_M:
        base *= HIGH_MOUNT_FACTOR
    return base


def sees(camera: CameraSpec) -> bool:
    return (camera.surveillance_type or "").lower() not in NOT_CAMERAS


def mapped_range(tags: dict | None) -> float | None:
    """A camera's own range from its tags (`camera:range=40`), when it is a plain number of metres."""
    for key in RANGE_TAGS:
        value = (tags or {}).get(key)
        try:
            number = float(str(value).removesuffix("m").strip()) if value is not None else math.nan
        except ValueError:
            continue
        if math.isfinite(number) and number > 0:
            return number
    return None
