"""Plan the shortest and the least-watched route between two places (nothing about it is kept)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from ...config import Settings
from ...domain.errors import NotFound, UsageError
from ...domain.timefilter import instant
from ...exposure.graph import Network
from ...exposure.model import NO_OVERRIDES, CameraSpec, Overrides
from ...exposure.path import segments_watched
from ...exposure.profiles import PROFILES
from ...exposure.routing import Route, Unreachable, plan
from ...exposure.tracks import Track
from ...storage.cellsql import CAPABILITY_BITS
from . import index
from .paths import path_exposure

MAX_SNAP_M = 500.0
MAX_BUDGET = 2.0
SIMILAR_SHARE = 0.1  # the least-watched route saves less than this share of watched metres...
SIMILAR_METRES = 25.0  # ...or fewer metres than this: "they differ little"
AVOID = ("cameras", "face_recognition", "licence_plate_recognition", "operators")


@dataclass(frozen=True)
class RouteRequest:
    origin: tuple[float, float]
    destination: tuple[float, float]
    profile: str = "foot"
    avoid: str = "cameras"
    operators: tuple[str, ...] = ()
    budget: float = 0.25
    overrides: Overrides = NO_OVERRIDES
    at: datetime | None = None  # the deployments active then also watch (default: now)


def avoided(session: Session, wanted: RouteRequest) -> Callable[[CameraSpec], bool]:
    """Which cameras the least-watched route keeps away from."""
    if wanted.avoid in CAPABILITY_BITS:
        bit = CAPABILITY_BITS[wanted.avoid]
        return lambda c: bool(c.capabilities & bit)
    if wanted.avoid == "operators":
        from ...storage.streets import operator_ids

        ids = operator_ids(session, wanted.operators)
        return lambda c: c.operator_id in ids
    return lambda c: True


_END = {"from": "start", "to": "end"}


def _snap(network: Network, profile: str, point: tuple[float, float], name: str) -> int:
    node, metres = network.nearest(profile, *point)
    if node < 0 or metres > MAX_SNAP_M:
        end = _END.get(name, name)
        raise Unreachable(f"there is no street for {profile} within {MAX_SNAP_M:g} m of the route's {end}",
                          parameter=name, code="no_street_near")
    return node


def _describe(session: Session, network: Network, route: Route, overrides: Overrides,
              seen_by: index.Viewers, moment: datetime) -> dict[str, Any]:
    lon, lat = network.lon[route.nodes], network.lat[route.nodes]
    body: dict[str, Any] = {"length_m": round(route.length_m, 1), "seconds": round(route.seconds),
                            "geometry": {"type": "LineString",
                                         "coordinates": [[round(float(x), 6), round(float(y), 6)]
                                                         for x, y in zip(lon, lat, strict=True)]}}
    if len(route.nodes) > 1:
        body["exposure"] = path_exposure(session, Track(lon, lat, None), overrides, moment, seen_by)
    return body


def _verdict(shortest: dict[str, Any], least: dict[str, Any], same: bool) -> dict[str, Any]:
    watched = [r.get("exposure", {}).get("watched_m", 0.0) for r in (shortest, least)]
    saved = watched[0] - watched[1]
    longer = (least["length_m"] / shortest["length_m"] - 1) if shortest["length_m"] else 0.0
    similar = same or saved < max(SIMILAR_METRES, SIMILAR_SHARE * watched[0])
    if same:
        note = "The shortest route is already the least watched within the detour budget."
    elif similar:
        note = f"They differ little: the detour saves only {saved:.0f} m in view of cameras."
    else:
        note = f"The least-watched route is {longer:.0%} longer and {saved:.0f} m less in view of cameras."
    return {"same_route": same, "similar": similar, "watched_saved_m": round(saved, 1),
            "longer_share": round(longer, 4), "note": note}


def plan_route(session: Session, wanted: RouteRequest) -> dict[str, Any]:
    """The shortest and least-watched routes with their exposure (docs/exposure.md)."""
    if wanted.profile not in PROFILES:
        raise UsageError(f"profile is one of {', '.join(PROFILES)}", parameter="profile")
    if not 0 <= wanted.budget <= MAX_BUDGET:
        raise UsageError(f"budget is a share between 0 and {MAX_BUDGET:g} (0.25: at most 25 % longer)",
                         parameter="budget")
    streets = index.streets(session)
    if streets.network is None:
        raise NotFound("no street network is loaded on this server (cameramap streets import)",
                       parameter="profile")
    moment = wanted.at or datetime.now(UTC)
    seen_by = index.viewers(session, moment)
    network, cameras, keep = streets.network, seen_by.cameras, avoided(session, wanted)
    start = _snap(network, wanted.profile, wanted.origin, "from")
    end = _snap(network, wanted.profile, wanted.destination, "to")

    def watched_of(segments: np.ndarray) -> np.ndarray:
        a = (network.lon[network.seg_a[segments]], network.lat[network.seg_a[segments]])
        b = (network.lon[network.seg_b[segments]], network.lat[network.seg_b[segments]])
        return segments_watched(cameras, a, b, keep, overrides=wanted.overrides, buildings=streets.buildings)

    found = plan(network, wanted.profile, start, end, wanted.budget, watched_of)
    shortest = _describe(session, network, found.shortest, wanted.overrides, seen_by, moment)
    same = np.array_equal(found.shortest.nodes, found.least.nodes)
    least = shortest if same else _describe(session, network, found.least, wanted.overrides, seen_by, moment)
    return {"at": instant(moment), "profile": wanted.profile, "budget": wanted.budget, "avoid": wanted.avoid,
            "shortest": shortest, "least_watched": least, "comparison": _verdict(shortest, least, same)}


def parse_place(session: Session, config: Settings, value: Any, name: str) -> tuple[float, float]:
    """[lon, lat], {"lon", "lat"}, or an address looked up in this server's own gazetteer only: an
    online geocoder would keep the address in its cache, and a route's ends are never kept."""
    from ...domain.geo import Point

    end = _END.get(name, name)
    if isinstance(value, list) and len(value) == 2:
        value = {"lon": value[0], "lat": value[1]}
    if isinstance(value, dict):
        try:
            point = Point.checked(value.get("lon"), value.get("lat"), allow_null_island=True)
        except (UsageError, TypeError, ValueError):
            raise UsageError(f"the route's {end} must be [lon, lat] in WGS84, or an address",
                             parameter=name) from None
        return point.lon, point.lat
    if isinstance(value, str) and value.strip():
        from ...geocoding.gazetteer import Gazetteer
        from ..geocoding import gazetteer_index

        result = Gazetteer(gazetteer_index(session), config.geocoder_min_score).geocode(value.strip()[:200])
        if result.ok and result.best:
            return result.best.point.lon, result.best.point.lat
        raise NotFound(f"the {end} address was not found on this server's map; try another spelling, "
                       "or give the point as [lon, lat]", parameter=name, code="address_not_found")
    raise UsageError(f"give the route's {end} as an address or as [lon, lat]", parameter=name)
