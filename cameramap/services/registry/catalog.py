"""Read-side helpers for the public pages: the registry's extent, one camera's full record, sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ...domain.direction import Bearing, parse_direction
from ...domain.errors import NotFound, UsageError
from ...domain.texts import N_
from ...storage import clusters
from ...storage.models import Camera, CapabilityClaim, Operator, Provenance, Revision, Source
from .revisions import diff

MAX_ID = 2**31 - 1  # ids are 32-bit integers on every backend


@dataclass(frozen=True, slots=True)
class Extent:
    """The bounding box of the cameras on the map, in lon/lat."""

    west: float
    south: float
    east: float
    north: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.west, self.south, self.east, self.north)


@dataclass(frozen=True, slots=True)
class RevisionView:
    """A revision as the public sees it: a date, who kind of actor, what changed and why."""

    id: int
    action: str
    day: date
    actor_kind: str
    changes: dict[str, tuple[Any, Any]]
    reason: str | None


@dataclass(slots=True)
class CameraDetail:
    """Everything known about one camera, ready for a template."""

    camera: Camera
    bearings: tuple[Bearing, ...]
    claims: list[CapabilityClaim]
    inherited_claims: list[CapabilityClaim]
    sources: list[Provenance]
    revisions: list[RevisionView] = field(default_factory=list)


def registry_extent(session: Session) -> Extent | None:
    """The extent of every camera the map draws (removed ones too, greyed); None when empty.

    Read from the coarsest level of the cluster index (a few rows, kept by triggers), not by
    scanning every camera: the map page asks for it on every load.
    """
    bounds = clusters.extent(session)
    return Extent(*bounds) if bounds else None


def _bearings(text: str | None) -> tuple[Bearing, ...]:
    try:
        return parse_direction(text)
    except UsageError:
        return ()


def _operator_names(session: Session, revisions: list[Revision]) -> dict[int, str]:
    ids = {value for r in revisions for snap in (r.before or {}, r.after or {})
           for key, value in snap.items() if key == "operator_id" and value is not None}
    if not ids:
        return {}
    return dict(session.execute(select(Operator.id, Operator.name).where(Operator.id.in_(ids))).all())


def _revision_views(session: Session, revisions: list[Revision]) -> list[RevisionView]:
    """Revisions newest first, with operator ids shown as names; never the actor's name."""
    names = _operator_names(session, revisions)
    views = []
    for revision in sorted(revisions, key=lambda r: r.id, reverse=True):
        changes = diff(revision.before, revision.after or {})
        if "operator_id" in changes:
            before, after = changes.pop("operator_id")
            changes["operator"] = (names.get(before, before), names.get(after, after))
        views.append(RevisionView(revision.id, revision.action, revision.created_at.date(),
                                  revision.actor_kind, changes, revision.reason))
    return views


def camera_detail(session: Session, camera_id: int) -> CameraDetail:
    """One camera with its operator, claims (own and operator-wide), sources and revisions."""
    if not 0 < camera_id <= MAX_ID:
        raise NotFound(N_("no camera with id %(id)s", id=str(camera_id)), parameter="id")
    camera = session.scalar(
        select(Camera).where(Camera.id == camera_id).options(
            selectinload(Camera.operator).selectinload(Operator.claims)
            .selectinload(CapabilityClaim.source),
            selectinload(Camera.claims).selectinload(CapabilityClaim.source),
            selectinload(Camera.provenance).selectinload(Provenance.source),
            selectinload(Camera.revisions),
        )
    )
    if camera is None:
        raise NotFound(N_("no camera with id %(id)s", id=str(camera_id)), parameter="id")
    inherited = [c for c in camera.operator.claims if c.camera_id is None] if camera.operator else []
    return CameraDetail(
        camera=camera, bearings=_bearings(camera.camera_direction), claims=list(camera.claims),
        inherited_claims=inherited, sources=list(camera.provenance),
        revisions=_revision_views(session, list(camera.revisions)),
    )


def sources_with_counts(session: Session) -> list[tuple[Source, int]]:
    """Every source with the number of cameras it describes, largest first."""
    count = func.count(func.distinct(Provenance.camera_id))
    rows = session.execute(
        select(Source, count).outerjoin(Provenance, Provenance.source_id == Source.id)
        .group_by(Source.id).order_by(count.desc(), Source.name)
    ).all()
    return [(source, int(n)) for source, n in rows]
