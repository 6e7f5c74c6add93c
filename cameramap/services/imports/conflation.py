"""Conflation: link an incoming record to an existing camera of another source nearby, not a twin."""

from __future__ import annotations

import math
from collections import defaultdict

from sqlalchemy import distinct, exists, func, select
from sqlalchemy.orm import Session

from ...domain.geo import Point, box_around
from ...domain.records import CameraRecord
from ...storage.backends import backend_for
from ...storage.models import Camera, Provenance

# Types that can describe the same device; a missing type is compatible with anything.
FAMILIES = {"camera": "optical", "ALPR": "optical", "webcam": "optical", "guard": "guard",
            "gunshot_detector": "acoustic"}
CELL = 0.05  # degrees: records are looked up per cell, one query each


def compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return FAMILIES.get(a, a) == FAMILIES.get(b, b)


class Conflator:
    """Finds, per batch, the nearest compatible camera of another source within `metres`."""

    def __init__(self, session: Session, source_id: int, metres: float | None):
        self.session, self.source_id, self.metres = session, source_id, metres or 0.0
        self.backend = backend_for(session)
        self.claimed: set[int] = set()
        self.active = self.metres > 0 and self._others_exist()

    def _not_ours(self):
        return ~exists().where(Provenance.camera_id == Camera.id, Provenance.source_id == self.source_id)

    def _others_exist(self) -> bool:
        """Is there any camera this source has no link to? (Two counts: planners do these well.)"""
        cameras = self.session.scalar(select(func.count(Camera.id))) or 0
        ours = self.session.scalar(select(func.count(distinct(Provenance.camera_id)))
                                   .where(Provenance.source_id == self.source_id)) or 0
        return cameras > ours

    def match(self, records: list[CameraRecord]) -> dict[int, tuple[int, float]]:
        """index in `records` -> (camera id, distance in metres) for each record to link."""
        if not self.active or not records:
            return {}
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, record in enumerate(records):
            cells[(math.floor(record.point.lon / CELL), math.floor(record.point.lat / CELL))].append(i)
        found: dict[int, tuple[int, float]] = {}
        for indexes in cells.values():
            box = box_around([records[i].point for i in indexes], self.metres)
            candidates = self.session.execute(
                select(Camera.id, Camera.lon, Camera.lat, Camera.surveillance_type)
                .where(self.backend.bbox_filter(box), self._not_ours())
            ).all()
            for i in indexes:
                best = self._nearest(records[i], candidates)
                if best is not None:
                    self.claimed.add(best[0])
                    found[i] = best
        return found

    def _nearest(self, record: CameraRecord, candidates) -> tuple[int, float] | None:
        best: tuple[int, float] | None = None
        for camera_id, lon, lat, stype in candidates:
            if camera_id in self.claimed or not compatible(record.surveillance_type, stype):
                continue
            distance = record.point.distance_m(Point(lon, lat))
            if distance <= self.metres and (best is None or distance < best[1]):
                best = (camera_id, round(distance, 2))
        return best
