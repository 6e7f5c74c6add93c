"""Vendor/system pages: who makes it, which operators use it, what is claimed about it, with evidence."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ...domain.errors import NotFound
from ...domain.texts import N_
from ...storage.accountability import Contract, OperatorDocument, Vendor
from ...storage.models import Camera, CapabilityClaim, Operator
from ...storage.queries import MAX_ID
from ...storage.technology import TechnologyClaim, VendorPartnership
from .operators import technology_claims


@dataclass(slots=True)
class VendorPage:
    vendor: Vendor
    operators: list[tuple[Operator, int]]  # operator, cameras (not removed)
    operator_claims: list[CapabilityClaim]
    camera_claims: list[tuple[str, str, int]]  # capability, confidence, cameras
    documents: list[OperatorDocument]
    contracts: list[Contract]
    technology: list[TechnologyClaim]  # technology with no place it supplies (or its systems do)
    partnerships: list[tuple[VendorPartnership, Vendor]]  # each link with the vendor at its other end


def get_vendor(session: Session, vendor_id: int) -> Vendor:
    vendor = session.get(Vendor, vendor_id) if 0 < vendor_id <= MAX_ID else None
    if vendor is None:
        raise NotFound(N_("no vendor or system with id %(id)s", id=str(vendor_id)), parameter="id")
    return vendor


def _family(vendor: Vendor) -> list[int]:
    """The vendor and the systems it makes: a claim about FindFace is also about NtechLab."""
    return [vendor.id, *(s.id for s in vendor.systems)]


def _operator_ids(session: Session, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for model in (Contract, OperatorDocument, TechnologyClaim):
        found |= {i for i in session.scalars(select(model.operator_id).where(model.vendor_id.in_(ids))) if i}
    found |= set(session.scalars(
        select(Operator.id).join(CapabilityClaim, CapabilityClaim.operator_id == Operator.id)
        .where(CapabilityClaim.vendor_id.in_(ids))))
    found |= set(session.scalars(
        select(Operator.id).join(Camera, Camera.operator_id == Operator.id)
        .join(CapabilityClaim, CapabilityClaim.camera_id == Camera.id)
        .where(CapabilityClaim.vendor_id.in_(ids)).distinct()))
    return found


def vendor_page(session: Session, vendor_id: int) -> VendorPage:
    vendor = get_vendor(session, vendor_id)
    ids = _family(vendor)
    operator_ids = _operator_ids(session, ids)
    count = func.count(Camera.id)
    operators = [(op, int(n)) for op, n in session.execute(
        select(Operator, count).outerjoin(Camera, (Camera.operator_id == Operator.id)
                                          & (Camera.status != "removed"))
        .where(Operator.id.in_(operator_ids)).group_by(Operator.id).order_by(count.desc(), Operator.name))]
    operator_claims = list(session.scalars(
        select(CapabilityClaim).where(CapabilityClaim.vendor_id.in_(ids), CapabilityClaim.camera_id.is_(None))
        .options(selectinload(CapabilityClaim.operator), selectinload(CapabilityClaim.vendor_entity))
        .order_by(CapabilityClaim.id)))
    camera_claims = [(cap, conf, int(n)) for cap, conf, n in session.execute(
        select(CapabilityClaim.capability, CapabilityClaim.confidence,
               func.count(func.distinct(CapabilityClaim.camera_id)))
        .where(CapabilityClaim.vendor_id.in_(ids), CapabilityClaim.camera_id.is_not(None))
        .group_by(CapabilityClaim.capability, CapabilityClaim.confidence)
        .order_by(CapabilityClaim.capability, CapabilityClaim.confidence))]
    documents = list(session.scalars(
        select(OperatorDocument).where(OperatorDocument.vendor_id.in_(ids))
        .options(selectinload(OperatorDocument.operator))
        .order_by(OperatorDocument.published_on.desc().nulls_last(), OperatorDocument.id)))
    contracts = list(session.scalars(
        select(Contract).where(Contract.vendor_id.in_(ids)).options(selectinload(Contract.operator))
        .order_by(Contract.signed_on.desc().nulls_last(), Contract.id)))
    technology = technology_claims(session, TechnologyClaim.vendor_id.in_(ids))
    return VendorPage(vendor, operators, operator_claims, camera_claims, documents, contracts, technology,
                      partnerships(session, ids))


def partnerships(session: Session, ids: list[int]) -> list[tuple[VendorPartnership, Vendor]]:
    """The partnerships of these vendors, each with its other vendor, latest first."""
    links = session.scalars(select(VendorPartnership).where(
        or_(VendorPartnership.vendor_id.in_(ids), VendorPartnership.partner_id.in_(ids)))
        .options(selectinload(VendorPartnership.vendor), selectinload(VendorPartnership.partner),
                 selectinload(VendorPartnership.documents)))
    pairs = [(link, link.partner if link.vendor_id in ids else link.vendor) for link in links]
    return sorted(pairs, key=lambda p: (p[0].since or "", p[0].id), reverse=True)


def partners_by_vendor(session: Session) -> dict[int, list[Vendor]]:
    """For the vendor list: every vendor's partners, by name."""
    found: dict[int, dict[int, Vendor]] = {}
    for link in session.scalars(select(VendorPartnership).options(
            selectinload(VendorPartnership.vendor), selectinload(VendorPartnership.partner))):
        found.setdefault(link.vendor_id, {})[link.partner_id] = link.partner
        found.setdefault(link.partner_id, {})[link.vendor_id] = link.vendor
    return {key: sorted(value.values(), key=lambda v: v.name.casefold()) for key, value in found.items()}


def vendors_with_operators(session: Session) -> list[Vendor]:
    return list(session.scalars(select(Vendor).options(selectinload(Vendor.maker))
                                .order_by(func.lower(Vendor.name))))


@dataclass(frozen=True, slots=True)
class VendorRow:
    vendor: Vendor
    partners: list[Vendor]
    technology: list[str]  # kinds of technology with no place it supplies, or operators use from it


def vendor_rows(session: Session) -> list[VendorRow]:
    """The vendor list: every vendor with its partners and the technology claimed of it."""
    partners = partners_by_vendor(session)
    kinds: dict[int, set[str]] = {}
    for vendor_id, kind in session.execute(select(TechnologyClaim.vendor_id, TechnologyClaim.technology)
                                           .where(TechnologyClaim.vendor_id.is_not(None)).distinct()):
        kinds.setdefault(int(vendor_id or 0), set()).add(kind)
    return [VendorRow(v, partners.get(v.id, []), sorted(kinds.get(v.id, ())))
            for v in vendors_with_operators(session)]
