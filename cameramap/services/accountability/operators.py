"""Operator and vendor pages: counts, claims with evidence, documents, contracts, vendors and history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ...domain.errors import NotFound
from ...domain.technology import TechnologyStatus
from ...domain.texts import N_
from ...domain.vocabulary import CONFIDENCE_RANK, Capability, marker_kind
from ...storage.accountability import Contract, OperatorDocument, OperatorRevision, Vendor
from ...storage.models import Camera, CapabilityClaim, Operator
from ...storage.queries import MAX_ID
from ...storage.technology import TechnologyClaim
from ..deployments.figures import Figures, deployment_figures
from ..registry.revisions import diff

STATUS_ORDER = [s.value for s in TechnologyStatus]


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Per-camera claims of one kind summed up: how many cameras, with what evidence."""

    capability: str
    confidence: str
    evidence_kind: str | None
    vendor: str | None
    cameras: int
    example_camera_id: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    day: date
    changes: dict[str, tuple[Any, Any]]
    actor_kind: str
    reason: str | None


@dataclass(slots=True)
class OperatorPage:
    operator: Operator
    cameras: int
    by_type: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_capability: list[tuple[str, int]]
    operator_claims: list[CapabilityClaim]
    camera_claims: list[ClaimGroup]
    documents: list[OperatorDocument]
    contracts: list[Contract]
    vendors: list[Vendor]
    vendor_names: list[str]  # free-text vendor names of claims with no vendor entity
    history: list[HistoryEntry] = field(default_factory=list)
    extent: tuple[float, float, float, float] | None = None
    deployments: Figures | None = None  # its temporary systems (facial recognition vans), when any
    technology: list[TechnologyClaim] = field(default_factory=list)  # systems with no place


def get_operator(session: Session, operator_id: int) -> Operator:
    operator = session.get(Operator, operator_id) if 0 < operator_id <= MAX_ID else None
    if operator is None:
        raise NotFound(N_("no operator with id %(id)s", id=str(operator_id)), parameter="id")
    return operator


def _ordered(counter: Counter[str], order: list[str] | None = None) -> list[tuple[str, int]]:
    if order:
        return [(k, counter[k]) for k in order if counter.get(k)]
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _counts(session: Session, operator_id: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    by_type: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for stype, ctype, status, n in session.execute(
            select(Camera.surveillance_type, Camera.camera_type, Camera.status, func.count(Camera.id))
            .where(Camera.operator_id == operator_id)
            .group_by(Camera.surveillance_type, Camera.camera_type, Camera.status)):
        by_status[status] += n
        if status != "removed":
            by_type[marker_kind(stype, ctype)] += n
    return _ordered(by_type), _ordered(by_status, ["reported", "verified", "disputed", "removed"])


def _camera_claims(session: Session, operator_id: int) -> list[ClaimGroup]:
    count = func.count(func.distinct(CapabilityClaim.camera_id))
    rows = session.execute(
        select(CapabilityClaim.capability, CapabilityClaim.confidence, CapabilityClaim.evidence_kind,
               CapabilityClaim.vendor, count, func.min(Camera.id))
        .join(Camera, Camera.id == CapabilityClaim.camera_id)
        .where(Camera.operator_id == operator_id, Camera.status != "removed")
        .group_by(CapabilityClaim.capability, CapabilityClaim.confidence, CapabilityClaim.evidence_kind,
                  CapabilityClaim.vendor)).all()
    groups = [ClaimGroup(*row) for row in rows]
    return sorted(groups, key=lambda g: (g.capability, -CONFIDENCE_RANK.get(g.confidence, -1),  # type: ignore[call-overload]
                                         -g.cameras, g.evidence_kind or ""))


def _by_capability(session: Session, operator_id: int, cameras: int,
                   operator_claims: list[CapabilityClaim]) -> list[tuple[str, int]]:
    """Cameras per capability: an operator-wide claim covers every camera."""
    counter: Counter[str] = Counter()
    for capability, n in session.execute(
            select(CapabilityClaim.capability, func.count(func.distinct(CapabilityClaim.camera_id)))
            .join(Camera, Camera.id == CapabilityClaim.camera_id)
            .where(Camera.operator_id == operator_id, Camera.status != "removed")
            .group_by(CapabilityClaim.capability)):
        counter[capability] = n
    for claim in operator_claims:
        counter[claim.capability] = cameras
    return _ordered(counter, [c.value for c in Capability] + sorted(set(counter) - set(Capability)))


def _history(session: Session, operator_id: int) -> list[HistoryEntry]:
    revisions = session.scalars(select(OperatorRevision).where(OperatorRevision.operator_id == operator_id)
                                .order_by(OperatorRevision.id.desc()))
    return [HistoryEntry(r.created_at.date(), diff(r.before, r.after or {}), r.actor_kind, r.reason)
            for r in revisions]


def _extent(session: Session, operator_id: int) -> tuple[float, float, float, float] | None:
    row = session.execute(select(func.min(Camera.lon), func.min(Camera.lat), func.max(Camera.lon),
                                 func.max(Camera.lat)).where(Camera.operator_id == operator_id)).one()
    return None if row[0] is None else (float(row[0]), float(row[1]), float(row[2]), float(row[3]))


def technology_claims(session: Session, *where: Any) -> list[TechnologyClaim]:
    """Technology claims matching `where`, in use first, then the latest since."""
    claims = session.scalars(select(TechnologyClaim).where(*where).options(
        selectinload(TechnologyClaim.operator), selectinload(TechnologyClaim.vendor),
        selectinload(TechnologyClaim.documents)).order_by(TechnologyClaim.technology, TechnologyClaim.id))
    return sorted(claims, key=lambda c: (STATUS_ORDER.index(c.status) if c.status in STATUS_ORDER else 9,
                                         c.technology, c.id))


def _vendors(documents, contracts, claims: list[CapabilityClaim],
             technology: list[TechnologyClaim]) -> tuple[list[Vendor], list[str]]:
    entities = {v.id: v for v in [d.vendor for d in documents] + [c.vendor for c in contracts]
                + [c.vendor_entity for c in claims] + [t.vendor for t in technology] if v is not None}
    named = {v.name.casefold() for v in entities.values()}
    loose = sorted({c.vendor for c in claims if c.vendor and c.vendor_entity is None
                    and c.vendor.casefold() not in named})
    return sorted(entities.values(), key=lambda v: v.name.casefold()), loose


def operator_page(session: Session, operator_id: int) -> OperatorPage:
    operator = get_operator(session, operator_id)
    cameras = session.scalar(select(func.count(Camera.id)).where(
        Camera.operator_id == operator.id, Camera.status != "removed")) or 0
    by_type, by_status = _counts(session, operator.id)
    operator_claims = list(session.scalars(
        select(CapabilityClaim).where(CapabilityClaim.operator_id == operator.id,
                                      CapabilityClaim.camera_id.is_(None))
        .options(selectinload(CapabilityClaim.source), selectinload(CapabilityClaim.vendor_entity))
        .order_by(CapabilityClaim.id)))
    documents = list(session.scalars(
        select(OperatorDocument).where(OperatorDocument.operator_id == operator.id)
        .options(selectinload(OperatorDocument.vendor))
        .order_by(OperatorDocument.published_on.desc().nulls_last(), OperatorDocument.id)))
    contracts = list(session.scalars(
        select(Contract).where(Contract.operator_id == operator.id).options(selectinload(Contract.vendor))
        .order_by(Contract.signed_on.desc().nulls_last(), Contract.id)))
    camera_claim_vendors = list(session.scalars(
        select(CapabilityClaim).join(Camera, Camera.id == CapabilityClaim.camera_id)
        .where(Camera.operator_id == operator.id,
               or_(CapabilityClaim.vendor_id.is_not(None), CapabilityClaim.vendor.is_not(None)))
        .options(selectinload(CapabilityClaim.vendor_entity)).limit(500)))
    technology = technology_claims(session, TechnologyClaim.operator_id == operator.id)
    vendors, loose = _vendors(documents, contracts, operator_claims + camera_claim_vendors, technology)
    return OperatorPage(
        operator, cameras, by_type, by_status, _by_capability(session, operator.id, cameras, operator_claims),
        operator_claims, _camera_claims(session, operator.id), documents, contracts, vendors, loose,
        _history(session, operator.id), _extent(session, operator.id),
        deployment_figures(session, operator.id), technology)


def operators_with_counts(session: Session) -> list[tuple[Operator, int]]:
    """Every operator with its cameras that are not removed, most cameras first."""
    count = func.count(Camera.id)
    rows = session.execute(
        select(Operator, count).outerjoin(Camera, (Camera.operator_id == Operator.id)
                                          & (Camera.status != "removed"))
        .group_by(Operator.id).order_by(count.desc(), Operator.name))
    return [(operator, int(n)) for operator, n in rows]
