"""Read queries: camera search (bbox through the spatial index), detail, operators with counts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..domain.geo import BBox
from .backends import Backend, backend_for
from .cql import Expression
from .models import Camera, CapabilityClaim, Operator, Provenance, Source

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")

# Everything a feature shows, loaded for a whole page in one query per relationship.
FEATURE_LOADING = (
    selectinload(Camera.operator),
    selectinload(Camera.claims),
    selectinload(Camera.provenance).selectinload(Provenance.source),
)


@dataclass(frozen=True, slots=True)
class CameraFilter:
    """What a camera search asks; values within one field are alternatives (OR)."""

    bbox: BBox | None = None
    operators: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    surveillance_types: tuple[str, ...] = ()
    camera_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    updated_from: datetime | None = None
    updated_to: datetime | None = None
    where: Expression | None = None  # a CQL2 filter (storage.cql), ANDed with the fields above


@dataclass(slots=True)
class CameraPage:
    """One page of cameras, the number matching the filter, and operator-wide claims by operator id."""

    cameras: list[Camera]
    matched: int
    inherited: dict[int, list[CapabilityClaim]] = field(default_factory=dict)

    def inherited_for(self, camera: Camera) -> list[CapabilityClaim]:
        return self.inherited.get(camera.operator_id, []) if camera.operator_id else []


def as_id(text: str) -> int | None:
    """A database id from text, or None when it cannot be one (keeps every backend's integer happy)."""
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def _id_or_name(model: type[Operator] | type[Source], values: Sequence[str]) -> ColumnElement[bool]:
    ids = [i for i in map(as_id, values) if i is not None]
    return or_(model.name.in_(values), model.id.in_(ids))


def _claimed(capabilities: Sequence[str]) -> ColumnElement[bool]:
    """Cameras with a claim of their own, or whose operator claims it for all its cameras."""
    own = select(CapabilityClaim.camera_id).where(
        CapabilityClaim.capability.in_(capabilities), CapabilityClaim.camera_id.is_not(None))
    operator_wide = select(CapabilityClaim.operator_id).where(
        CapabilityClaim.capability.in_(capabilities), CapabilityClaim.camera_id.is_(None),
        CapabilityClaim.operator_id.is_not(None))
    return or_(Camera.id.in_(own), Camera.operator_id.in_(operator_wide))


def camera_conditions(backend: Backend, wanted: CameraFilter) -> list[ColumnElement[bool]]:
    """WHERE clauses for a filter; removed cameras only when their status is asked for."""
    conditions: list[ColumnElement[bool]] = []
    if wanted.bbox is not None:
        conditions.append(backend.bbox_filter(wanted.bbox))
    if wanted.statuses:
        conditions.append(Camera.status.in_(wanted.statuses))
    elif wanted.where is None or "status" not in wanted.where.properties:
        conditions.append(Camera.status != "removed")
    if wanted.surveillance_types:
        conditions.append(Camera.surveillance_type.in_(wanted.surveillance_types))
    if wanted.camera_types:
        conditions.append(Camera.camera_type.in_(wanted.camera_types))
    if wanted.operators:
        conditions.append(Camera.operator_id.in_(
            select(Operator.id).where(_id_or_name(Operator, wanted.operators))))
    if wanted.sources:
        conditions.append(Camera.id.in_(
            select(Provenance.camera_id).join(Source).where(_id_or_name(Source, wanted.sources))))
    if wanted.capabilities:
        conditions.append(_claimed(wanted.capabilities))
    if wanted.updated_from is not None:
        conditions.append(Camera.updated_at >= wanted.updated_from)
    if wanted.updated_to is not None:
        conditions.append(Camera.updated_at <= wanted.updated_to)
    if wanted.where is not None:
        conditions.append(wanted.where.clause(backend))
    return conditions


def search_cameras(session: Session, wanted: CameraFilter, limit: int, offset: int) -> CameraPage:
    """A page of matching cameras ordered by id, with everything a feature shows loaded.

    The count is skipped when the page itself shows where the matches end.
    """
    conditions = camera_conditions(backend_for(session), wanted)
    statement = (select(Camera).where(*conditions).order_by(Camera.id)
                 .limit(limit).offset(offset).options(*FEATURE_LOADING))
    cameras = list(session.scalars(statement))
    if (cameras and len(cameras) < limit) or (not cameras and offset == 0):
        matched = offset + len(cameras)
    else:
        matched = session.scalar(select(func.count()).select_from(Camera).where(*conditions)) or 0
    operator_ids = {c.operator_id for c in cameras if c.operator_id is not None}
    return CameraPage(cameras, matched, operator_claims(session, operator_ids))


def cameras_by_ids(session: Session, ids: Sequence[int]) -> CameraPage:
    """These cameras (id order) with everything a feature shows loaded."""
    cameras: list[Camera] = []
    for start in range(0, len(ids), 900):
        chunk = list(ids[start:start + 900])
        cameras += session.scalars(select(Camera).where(Camera.id.in_(chunk)).options(*FEATURE_LOADING))
    cameras.sort(key=lambda camera: camera.id)
    operator_ids = {c.operator_id for c in cameras if c.operator_id is not None}
    return CameraPage(cameras, len(cameras), operator_claims(session, operator_ids))


def operator_claims(session: Session, operator_ids: Iterable[int]) -> dict[int, list[CapabilityClaim]]:
    """Operator-wide claims (no camera of their own) by operator id, in id order."""
    ids = sorted(set(operator_ids))
    claims: dict[int, list[CapabilityClaim]] = defaultdict(list)
    if not ids:
        return claims
    statement = (select(CapabilityClaim)
                 .where(CapabilityClaim.operator_id.in_(ids), CapabilityClaim.camera_id.is_(None))
                 .order_by(CapabilityClaim.id))
    for claim in session.scalars(statement):
        claims[claim.operator_id].append(claim)  # type: ignore[index]
    return claims


def camera_detail(session: Session, camera_id: int) -> tuple[Camera, list[CapabilityClaim]] | None:
    """One camera (any status) with its relations and revisions, and its inherited claims."""
    statement = (select(Camera).where(Camera.id == camera_id)
                 .options(*FEATURE_LOADING, selectinload(Camera.revisions)))
    camera = session.scalar(statement)
    if camera is None:
        return None
    inherited = operator_claims(session, [camera.operator_id] if camera.operator_id else [])
    return camera, inherited.get(camera.operator_id, []) if camera.operator_id else []


def _camera_count() -> ColumnElement[int]:
    """Cameras of the outer query's operator that are not removed (uses ix_cameras_operator_id)."""
    return (select(func.count(Camera.id))
            .where(Camera.operator_id == Operator.id, Camera.status != "removed")
            .correlate(Operator).scalar_subquery())


def list_operators(session: Session, limit: int, offset: int) -> tuple[list[tuple[Operator, int]], int]:
    """A page of operators ordered by id with their camera counts, and the number of operators."""
    statement = (select(Operator, _camera_count()).order_by(Operator.id).limit(limit).offset(offset))
    rows = [(operator, int(count)) for operator, count in session.execute(statement)]
    matched = session.scalar(select(func.count(Operator.id))) or 0
    return rows, matched


def operator_detail(session: Session, operator_id: int) -> tuple[Operator, int] | None:
    """One operator with its operator-wide claims loaded, and its camera count."""
    statement = (select(Operator, _camera_count()).where(Operator.id == operator_id)
                 .options(selectinload(Operator.claims)))
    row = session.execute(statement).first()
    return (row[0], int(row[1])) if row else None
