"""Street coverage per area: the share of each profile's street length in view of cameras.

A segment belongs to the area that holds its midpoint. Figures are kept in memory per process for
the current street network, registry and area layer (they change only with those).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import shapely
from sqlalchemy.orm import Session

from ...exposure.measure import covered
from ...exposure.path import segment_intervals
from ...exposure.profiles import BACKWARD, FORWARD, PROFILES
from ...storage import streets as store
from ...storage.cellsql import CAPABILITY_BITS
from ...storage.clusters import registry_version
from ..exports.formats import escape_cell
from ..stats.areas import layer_areas, shape
from . import index

_lock = threading.Lock()
_cache: dict[tuple[Any, ...], dict[str, Any]] = {}


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _profile_rows(mask_by_profile: dict[str, np.ndarray], length: np.ndarray,
                  watched: np.ndarray) -> dict[str, dict[str, float]]:
    return {p: {"street_m": round(float(length[m].sum()), 1), "watched_m": round(float(watched[m].sum()), 1),
                "share": _share(float(watched[m].sum()), float(length[m].sum()))}
            for p, m in mask_by_profile.items()}


def _area_figures(session: Session, polygon: shapely.Geometry) -> dict[str, Any]:
    streets, cameras = index.streets(session), index.cameras(session)
    network = streets.network
    if network is None:
        return {"profiles": {}, "capabilities": {}, "operators": []}
    mid_lon = (network.lon[network.seg_a] + network.lon[network.seg_b]) / 2
    mid_lat = (network.lat[network.seg_a] + network.lat[network.seg_b]) / 2
    inside = np.flatnonzero(shapely.contains_xy(polygon, mid_lon, mid_lat))
    a = (network.lon[network.seg_a[inside]], network.lat[network.seg_a[inside]])
    b = (network.lon[network.seg_b[inside]], network.lat[network.seg_b[inside]])
    result = segment_intervals(cameras, a, b, buildings=streets.buildings)
    found, length = result.found, result.segments.length
    access = network.access[inside]
    masks = {p: (access & (FORWARD[p] | BACKWARD[p])) != 0 for p in PROFILES}
    specs = [cameras.specs[i] for i in result.cameras]

    def watched_by(selected: np.ndarray) -> np.ndarray:
        return covered(found.where(selected[found.cam]), len(length)) * length

    everyone = np.ones(len(specs), bool)
    figures: dict[str, Any] = {"profiles": _profile_rows(masks, length, watched_by(everyone))}
    bits = np.array([c.capabilities for c in specs], int)
    figures["capabilities"] = {name: _profile_rows(masks, length, watched_by((bits & bit) != 0))
                               for name, bit in CAPABILITY_BITS.items() if ((bits & bit) != 0).any()}
    operator_ids = sorted({c.operator_id for c in specs if c.operator_id is not None})
    names = store.operator_names(session, operator_ids)
    figures["operators"] = [{"id": str(op), "name": names.get(op),
                             "profiles": _profile_rows(masks, length, watched_by(
                                 np.array([c.operator_id == op for c in specs], bool)))}
                            for op in operator_ids]
    return figures


def layer_coverage(session: Session, layer: str) -> dict[str, Any]:
    """Per area of the layer: street metres and the share in view, per profile, capability, operator."""
    areas = layer_areas(session, layer)
    key = (layer, store.network_version(session), registry_version(session),
           tuple((a.id, a.code, str(a.geometry)[:200]) for a in areas))
    with _lock:
        if key in _cache:
            return _cache[key]
    body = {"layer": layer, "streets_version": key[1], "profiles": list(PROFILES),
            "areas": [{"id": str(a.id), "code": a.code, "name": a.name, **_area_figures(session, shape(a))}
                      for a in areas]}
    with _lock:
        _cache.clear()  # one layer at a time: the newest answer
        _cache[key] = body
    return body


def csv_rows(body: dict[str, Any]) -> list[list[Any]]:
    """One row per area, profile and grouping (all cameras, a capability, an operator)."""
    rows: list[list[Any]] = [["area_code", "area_name", "profile", "cameras", "street_m", "watched_m",
                              "share"]]
    for area in body["areas"]:
        groups = [("all", area["profiles"])]
        groups += [(f"capability:{name}", figures) for name, figures in area["capabilities"].items()]
        groups += [(f"operator:{op['name'] or op['id']}", op["profiles"]) for op in area["operators"]]
        for label, figures in groups:
            for profile, row in figures.items():
                rows.append([*map(escape_cell, (area["code"], area["name"], profile, label)),
                             row["street_m"], row["watched_m"], row["share"]])
    return rows


def page_rows(session: Session, layer: str) -> dict[str, Any] | None:
    """The /stats page's table: per area, the share in view per profile, and per capability and the
    top operators on foot; None when no street network is loaded."""
    if not store.network_version(session):
        return None
    body = layer_coverage(session, layer)
    capabilities = sorted({name for area in body["areas"] for name in area["capabilities"]})
    rows = []
    for area in body["areas"]:
        foot = area["profiles"].get("foot", {})
        seen = [op for op in area["operators"] if op["profiles"].get("foot", {}).get("watched_m")]
        operators = sorted(((op["name"] or op["id"], op["profiles"]["foot"]["share"]) for op in seen),
                           key=lambda o: -o[1])
        rows.append({"name": area["name"], "code": area["code"], "foot_km": foot.get("street_m", 0) / 1000,
                     "shares": {p: area["profiles"].get(p, {}).get("share") for p in PROFILES},
                     "capabilities": {c: area["capabilities"].get(c, {}).get("foot", {}).get("share", 0.0)
                                      for c in capabilities},
                     "operators": operators[:3]})
    rows.sort(key=lambda r: -(r["shares"]["foot"] or 0))
    return {"layer": layer, "profiles": list(PROFILES), "capabilities": capabilities, "rows": rows}
