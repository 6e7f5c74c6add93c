"""What each process holds in memory: the street graph and buildings, and the cameras as arrays.

Each is rebuilt when its version changes: the street network's counter (bumped by every streets
import) or the registry's (bumped by every camera change). A request reads two small version rows,
and the deployments active at its time: the cameras with those deployments' viewers are kept per
set of deployments (the key holds the viewers, never the time asked, which is not kept).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ...exposure.deployments import viewer
from ...exposure.graph import Network
from ...exposure.model import CameraSpec, mapped_range
from ...exposure.path import Buildings, CameraSet
from ...storage import deployment_queries
from ...storage import streets as store
from ...storage.cellsql import CAPABILITY_BITS
from ...storage.clusters import registry_version
from ...storage.deployments import Deployment


@dataclass
class Streets:
    version: int
    network: Network | None
    buildings: Buildings | None


@dataclass
class Cameras:
    version: int
    cameras: CameraSet


@dataclass(frozen=True)
class Active:
    """A deployment active at the asked time, as an answer names it."""

    id: int
    operator_id: int | None
    operator: str | None
    start: datetime
    end: datetime
    timezone: str
    location_text: str
    system: str | None


@dataclass
class Viewers:
    """The cameras and the active deployments' viewers (after them), and those deployments by id."""

    cameras: CameraSet
    deployments: dict[int, Active]


DEPLOYMENT_CAPABILITIES = CAPABILITY_BITS["face_recognition"]  # live facial recognition
KEPT_SETS = 8

_lock = threading.Lock()
_streets: Streets | None = None
_cameras: Cameras | None = None
_with_deployments: OrderedDict[tuple, CameraSet] = OrderedDict()


def streets(session: Session) -> Streets:
    """The current street network (None when none was imported) and building footprints."""
    global _streets
    version = store.network_version(session)
    with _lock:
        if _streets is None or _streets.version != version:
            ways = list(store.iter_ways(session))
            network = Network.from_ways(ways) if ways else None
            rings = store.building_rings(session)
            _streets = Streets(version, network, Buildings.of(rings) if rings else None)
        return _streets


def spec(row: tuple) -> CameraSpec:
    cid, lon, lat, camera_type, surveillance_type, direction, height, caps, operator_id, tags = row
    return CameraSpec(int(cid), float(lon), float(lat), camera_type, surveillance_type, direction,
                      height, mapped_range(tags if isinstance(tags, dict) else None), int(caps or 0),
                      operator_id)


def cameras(session: Session) -> CameraSet:
    """The registry's cameras that are not removed."""
    global _cameras
    version = registry_version(session)
    with _lock:
        if _cameras is None or _cameras.version != version:
            _cameras = Cameras(version, CameraSet.of([spec(r) for r in store.camera_rows(session)]))
        return _cameras.cameras


def _active(item: Deployment) -> Active:
    return Active(item.id, item.operator_id, item.operator.name if item.operator else None, item.starts_at,
                  item.ends_at, item.timezone, item.location_text, item.system)


def viewers(session: Session, moment: datetime | None = None) -> Viewers:
    """The cameras, with the viewers of the deployments active at `moment` (default: now)."""
    found = deployment_queries.active_at(session, moment or datetime.now(UTC))
    base = cameras(session)
    if not found:
        return Viewers(base, {})
    specs = tuple(viewer(d.id, d.geometry, d.lon or 0.0, d.lat or 0.0, DEPLOYMENT_CAPABILITIES, d.operator_id)
                  for d in found)
    key = (base.token, specs)
    with _lock:
        combined = _with_deployments.get(key)
        if combined is None:
            combined = _with_deployments[key] = base.with_viewers(specs)
            while len(_with_deployments) > KEPT_SETS:
                _with_deployments.popitem(last=False)
        _with_deployments.move_to_end(key)
    return Viewers(combined, {d.id: _active(d) for d in found})


def capability_names(bits: int) -> list[str]:
    return [name for name, bit in CAPABILITY_BITS.items() if bits & bit]


def forget() -> None:
    """Drop both (tests that roll their transactions back reuse version numbers)."""
    global _streets, _cameras
    with _lock:
        _streets = _cameras = None
        _with_deployments.clear()
