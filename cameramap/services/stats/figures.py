"""Cameras per area (count, per km², per 1,000 residents, by capability and operator) and growth over time."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.geo import BBox
from ...domain.stats import PHONE_CHART_WIDTH, Chart, chart, cumulative, per_km2, per_thousand, pick_unit
from ...domain.vocabulary import Capability
from ...storage.accountability import Area
from ...storage.backends import backend_for
from ...storage.models import Camera, CapabilityClaim, Operator
from .areas import layer_areas, shape

SORT_KEYS = ("name", "cameras", "per_km2", "per_1000", "area_km2", "population")


@dataclass(slots=True)
class CameraRow:
    id: int
    lon: float
    lat: float
    operator_id: int | None
    first_seen: date | None
    added: date


@dataclass(slots=True)
class AreaCount:
    area: Area
    cameras: int = 0
    capabilities: dict[str, int] = field(default_factory=dict)
    operators: list[tuple[int | None, str | None, int]] = field(default_factory=list)

    @property
    def per_km2(self) -> float | None:
        return per_km2(self.cameras, self.area.area_km2)

    @property
    def per_1000(self) -> float | None:
        return per_thousand(self.cameras, self.area.population)


@dataclass(slots=True)
class Growth:
    """Cumulative cameras by first-seen date and by the date they entered the registry."""

    unit: str
    first_seen: list[tuple[date, int]]
    added: list[tuple[date, int]]
    undated: int
    chart: Chart | None
    narrow: Chart | None = None  # the same chart laid out for a phone's width (stats/_chart.html)


@dataclass(slots=True)
class LayerStats:
    layer: str
    areas: list[AreaCount]
    inside: int  # cameras in at least one area
    capabilities: list[str]
    growth: Growth


def _cameras(session: Session, box: BBox | None) -> list[CameraRow]:
    statement = select(Camera.id, Camera.lon, Camera.lat, Camera.operator_id, Camera.first_seen,
                       Camera.created_at).where(Camera.status != "removed")
    if box is not None:
        statement = statement.where(backend_for(session).bbox_filter(box))
    return [CameraRow(i, lon, lat, op, first, created.date())
            for i, lon, lat, op, first, created in session.execute(statement.order_by(Camera.id))]


def _claims(session: Session, box: BBox | None) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Capabilities per camera (own claims) and per operator (operator-wide claims)."""
    own: dict[int, set[str]] = defaultdict(set)
    statement = (select(Camera.id, CapabilityClaim.capability)
                 .join(Camera, Camera.id == CapabilityClaim.camera_id).where(Camera.status != "removed"))
    if box is not None:
        statement = statement.where(backend_for(session).bbox_filter(box))
    for camera_id, capability in session.execute(statement):
        own[camera_id].add(capability)
    wide: dict[int, set[str]] = defaultdict(set)
    for operator_id, capability in session.execute(
            select(Operator.id, CapabilityClaim.capability)
            .join(Operator, Operator.id == CapabilityClaim.operator_id)
            .where(CapabilityClaim.camera_id.is_(None))):
        wide[operator_id].add(capability)
    return own, wide


def assign(areas: list[Area], cameras: list[CameraRow]) -> list[list[int]]:
    """For each area, the indexes of the cameras inside it or on its boundary."""
    inside: list[list[int]] = [[] for _ in areas]
    if not areas or not cameras:
        return inside
    tree = shapely.STRtree([shape(a) for a in areas])
    points = shapely.points(np.array([c.lon for c in cameras]), np.array([c.lat for c in cameras]))
    camera_index, area_index = tree.query(points, predicate="intersects")
    for c, a in sorted(zip(camera_index.tolist(), area_index.tolist(), strict=True)):
        inside[a].append(c)
    return inside


def growth(cameras: list[CameraRow]) -> Growth:
    seen = [c.first_seen for c in cameras if c.first_seen is not None]
    added = [c.added for c in cameras]
    unit = pick_unit(seen + added)
    series = {"first_seen": cumulative(seen, unit), "added": cumulative(added, unit)}
    return Growth(unit, series["first_seen"], series["added"], len(cameras) - len(seen), chart(series, unit),
                  chart(series, unit, width=PHONE_CHART_WIDTH, height=220, max_labels=4))


def _operator_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Operator.id, Operator.name).where(Operator.id.in_(ids))).all())


def _count(area: Area, rows: list[CameraRow], own: dict[int, set[str]], wide: dict[int, set[str]],
           names: dict[int, str]) -> AreaCount:
    capabilities: Counter[str] = Counter()
    operators: Counter[int | None] = Counter()
    for row in rows:
        capabilities.update(own.get(row.id, set()) | wide.get(row.operator_id or 0, set()))
        operators[row.operator_id] += 1
    ranked = sorted(operators.items(), key=lambda item: (-item[1], item[0] is None, item[0] or 0))
    return AreaCount(area, len(rows), dict(capabilities),
                     [(op, names.get(op) if op else None, n) for op, n in ranked])


def layer_stats(session: Session, layer: str) -> LayerStats:
    """Counts for every area of `layer` over the cameras that are not removed."""
    areas = layer_areas(session, layer)
    box = BBox(min(a.west for a in areas), min(a.south for a in areas),
               max(a.east for a in areas), max(a.north for a in areas))
    cameras = _cameras(session, box)
    own, wide = _claims(session, box)
    inside = assign(areas, cameras)
    names = _operator_names(session, {c.operator_id for c in cameras if c.operator_id})
    counts = [_count(area, [cameras[i] for i in indexes], own, wide, names)
              for area, indexes in zip(areas, inside, strict=True)]
    covered = sorted({i for indexes in inside for i in indexes})
    present = [c.value for c in Capability if any(c.value in a.capabilities for a in counts)]
    return LayerStats(layer, counts, len(covered), present, growth([cameras[i] for i in covered]))


def registry_growth(session: Session) -> Growth:
    return growth(_cameras(session, None))


def sort_areas(counts: list[AreaCount], key: str | None, descending: bool) -> list[AreaCount]:
    """Areas sorted by a column (a SORT_KEYS name or a capability); missing values always last."""
    key = key or "name"
    if key not in SORT_KEYS and key not in {c.value for c in Capability}:
        raise UsageError(f"cannot sort by {key[:50]!r}; use one of: {', '.join(SORT_KEYS)} or a capability",
                         parameter="sort")

    def value(count: AreaCount):
        if key == "name":
            return count.area.name.casefold()
        if key in ("area_km2", "population"):
            return getattr(count.area, key)
        if key in SORT_KEYS:
            return getattr(count, key)
        return count.capabilities.get(key, 0)

    known = [c for c in counts if value(c) is not None]
    unknown = [c for c in counts if value(c) is None]
    return sorted(known, key=value, reverse=descending) + unknown
