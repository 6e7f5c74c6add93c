"""Technology with no place (claims of an operator and/or a vendor) and vendor partnerships: writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.accountability import DocumentKind, day, title, web_link
from ...domain.errors import UsageError
from ...domain.records import Actor
from ...domain.technology import PartnershipKind, TechnologyKind, TechnologyStatus, date_window
from ...domain.vocabulary import choice
from ...storage.accountability import OperatorDocument, OperatorRevision, Vendor
from ...storage.models import utcnow
from ...storage.technology import TechnologyClaim, VendorPartnership
from .operators import get_operator

CLAIM_KEYS = {"technology", "status", "since", "until", "summary", "vendor", "evidence"}
PARTNERSHIP_KEYS = {"vendor", "partner", "kind", "since", "until", "summary", "evidence"}
DOCUMENT_KEYS = {"kind", "title", "url", "published_on", "summary"}


def check_keys(entry: Any, allowed: set[str], what: str) -> dict[str, Any]:
    """The entry as a mapping with known keys only; a clear error names the first unknown key."""
    if not isinstance(entry, dict):
        raise UsageError(f"a {what} must be a mapping", parameter=what)
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise UsageError(f"unknown {what} key {unknown[0]!r}", parameter=unknown[0])
    return entry


def known_vendor(session: Session, name: object, parameter: str = "vendor") -> Vendor:
    """A vendor listed under `vendors` (or loaded before); technology and partnerships create none."""
    text = title(name, parameter)
    vendor = session.scalar(select(Vendor).where(Vendor.name == text))
    if vendor is None:
        raise UsageError(f"{parameter} {text!r} is not a known vendor or system: list it under `vendors`",
                         parameter=parameter)
    return vendor


def add_vendor_document(session: Session, vendor: Vendor, entry: dict[str, Any]) -> OperatorDocument:
    """Add (or update, same vendor and title) a document about a vendor alone, with no operator."""
    entry = check_keys(entry, DOCUMENT_KEYS, "document")
    doc_title = title(entry.get("title"))
    document = session.scalar(select(OperatorDocument).where(
        OperatorDocument.operator_id.is_(None), OperatorDocument.vendor_id == vendor.id,
        OperatorDocument.title == doc_title))
    if document is None:
        document = OperatorDocument(operator_id=None, vendor=vendor, title=doc_title)
        session.add(document)
    document.kind = choice(DocumentKind, entry.get("kind"), "kind").value
    document.url, document.published_on = web_link(entry.get("url")), day(entry.get("published_on"),
                                                                           "published_on")
    document.summary = (entry.get("summary") or "").strip() or None
    session.flush()
    return document


def _evidence(session: Session, titles: Any, operator_id: int | None) -> list[OperatorDocument]:
    """The documents named by title: the operator's own first, else a document about a vendor alone."""
    if titles is None:
        return []
    if not isinstance(titles, list):
        raise UsageError("evidence must be a list of document titles", parameter="evidence")
    found: list[OperatorDocument] = []
    for name in titles:
        text = title(name, "evidence")
        scopes = ([OperatorDocument.operator_id == operator_id] if operator_id else []) + [
            OperatorDocument.operator_id.is_(None)]
        document = next((d for scope in scopes for d in session.scalars(
            select(OperatorDocument).where(scope, OperatorDocument.title == text)
            .order_by(OperatorDocument.id).limit(1))), None)
        if document is None:
            raise UsageError(f"evidence {text[:80]!r} names no document: list it under `documents`",
                             parameter="evidence")
        found.append(document)
    return found


def _snapshot(claim: TechnologyClaim) -> dict[str, Any]:
    """What an operator revision records of a claim: the technology's status, dates, vendor, summary."""
    return {claim.technology: claim.status, "since": claim.since, "until": claim.until,
            "vendor": claim.vendor.name if claim.vendor else None, "summary": claim.summary,
            "evidence": "; ".join(sorted(d.title for d in claim.documents)) or None}


def add_technology_claim(session: Session, entry: dict[str, Any], actor: Actor, *,
                         operator_id: int | None = None, vendor: Vendor | None = None,
                         reason: str | None = None) -> bool:
    """Add or update (same operator, technology, vendor and since) a claim; an operator's change is a
    revision (a trial and the later use of the same system are two claims with different since).

    True when something changed."""
    entry = check_keys(entry, CLAIM_KEYS, "technology claim")
    technology = choice(TechnologyKind, entry.get("technology"), "technology").value
    status = choice(TechnologyStatus, entry.get("status"), "status").value
    since, until = date_window(entry.get("since"), entry.get("until"))
    vendor = known_vendor(session, entry["vendor"]) if entry.get("vendor") else vendor
    if operator_id is not None:
        get_operator(session, operator_id)
    elif vendor is None:
        raise UsageError("a technology claim needs an operator or a vendor", parameter="vendor")
    documents = _evidence(session, entry.get("evidence"), operator_id)
    same_operator = (TechnologyClaim.operator_id.is_(None) if operator_id is None
                     else TechnologyClaim.operator_id == operator_id)
    same_vendor = (TechnologyClaim.vendor_id.is_(None) if vendor is None
                   else TechnologyClaim.vendor_id == vendor.id)
    same_since = TechnologyClaim.since.is_(None) if since is None else TechnologyClaim.since == since
    claim = session.scalar(select(TechnologyClaim).where(
        same_operator, same_vendor, same_since, TechnologyClaim.technology == technology))
    before = _snapshot(claim) if claim is not None else None
    if claim is None:
        claim = TechnologyClaim(operator_id=operator_id, technology=technology, vendor=vendor)
        session.add(claim)
    claim.status, claim.since, claim.until = status, since, until
    claim.summary = " ".join(str(entry.get("summary") or "").split()) or None
    claim.documents = documents
    after = _snapshot(claim)
    if after == before:
        return False
    claim.updated_at = utcnow()
    if operator_id is not None:
        session.add(OperatorRevision(operator_id=operator_id, before=before, after=after,
                                     actor_kind=actor.kind, actor_name=actor.name, reason=reason))
    session.flush()
    return True


def add_partnership(session: Session, entry: dict[str, Any]) -> bool:
    """Add or update (same two vendors, either way round, and kind) a dated partnership. True when new."""
    entry = check_keys(entry, PARTNERSHIP_KEYS, "partnership")
    vendor = known_vendor(session, entry.get("vendor"), "vendor")
    partner = known_vendor(session, entry.get("partner"), "partner")
    if vendor.id == partner.id:
        raise UsageError("a partnership links two different vendors", parameter="partner")
    kind = choice(PartnershipKind, entry.get("kind") or "partnership", "kind").value
    since, until = date_window(entry.get("since"), entry.get("until"))
    documents = _evidence(session, entry.get("evidence"), None)
    pairs = ((VendorPartnership.vendor_id == vendor.id) & (VendorPartnership.partner_id == partner.id)) | (
        (VendorPartnership.vendor_id == partner.id) & (VendorPartnership.partner_id == vendor.id))
    link = session.scalar(select(VendorPartnership).where(pairs, VendorPartnership.kind == kind))
    new = link is None
    if link is None:
        link = VendorPartnership(vendor=vendor, partner=partner, kind=kind)
        session.add(link)
    link.since, link.until = since, until
    link.summary = " ".join(str(entry.get("summary") or "").split()) or None
    link.documents = documents
    session.flush()
    return new
