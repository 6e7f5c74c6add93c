"""What each process holds in memory: the street graph and buildings, and the cameras as arrays.

Each is rebuilt when its version changes: the street network's counter (bumped by every streets
import) or the registry's (bumped by every camera change). A request reads two small version rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...exposure.graph import Network
from ...exposure.model import CameraSpec, mapped_range
from ...exposure.path import Buildings, CameraSet
from ...storage import streets as store
from ...storage.cellsql import CAPABILITY_BITS
from ...storage.clusters import registry_version


@dataclass
class Streets:
    version: int
    network: Network | None
    buildings: Buildings | None


@dataclass
class Cameras:
    version: int
    cameras: CameraSet


_lock = threading.Lock()
_streets: Streets | None = None
_cameras: Cameras | None = None


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


def capability_names(bits: int) -> list[str]:
    return [name for name, bit in CAPABILITY_BITS.items() if bits & bit]


def forget() -> None:
    """Drop both (tests that roll their transactions back reuse version numbers)."""
    global _streets, _cameras
    with _lock:
        _streets = _cameras = None
