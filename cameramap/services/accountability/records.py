"""Operator accountability writes: edit an operator (a revision), vendors, documents, contracts, claims."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.accountability import OPERATOR_FIELDS, DocumentKind, VendorKind, day, title, web_link
from ...domain.errors import UsageError
from ...domain.records import Actor
from ...domain.vocabulary import Capability, Confidence, EvidenceKind, OperatorKind, choice
from ...storage.accountability import Contract, OperatorDocument, OperatorRevision, Vendor
from ...storage.models import CapabilityClaim, Operator, utcnow
from .operators import get_operator


def _snapshot(operator: Operator) -> dict[str, Any]:
    return {name: getattr(operator, name) for name in OPERATOR_FIELDS}


def _clean(name: str, value: Any) -> Any:
    if name == "kind":
        return choice(OperatorKind, value or "unknown", "kind").value
    if name == "website":
        return web_link(value, "website")
    text = None if value is None else str(value).strip()
    return text or None


def update_operator(session: Session, operator_id: int, changes: dict[str, Any], actor: Actor,
                    reason: str | None = None) -> bool:
    """Change an operator's public record; every change is an operator revision. False when unchanged."""
    unknown = sorted(set(changes) - set(OPERATOR_FIELDS))
    if unknown:
        raise UsageError(f"cannot change {', '.join(unknown)}", parameter=unknown[0])
    operator = get_operator(session, operator_id)
    before = _snapshot(operator)
    for name, value in changes.items():
        setattr(operator, name, _clean(name, value))
    after = _snapshot(operator)
    if after == before:
        return False
    operator.updated_at = utcnow()
    session.add(OperatorRevision(operator_id=operator.id, before=before, after=after,
                                 actor_kind=actor.kind, actor_name=actor.name, reason=reason))
    session.flush()
    return True


def ensure_vendor(session: Session, name: str, kind: str = "vendor", maker: str | None = None,
                  **details: Any) -> Vendor:
    """The vendor/system with this name, created or updated (country, website, notes)."""
    name = title(name, "vendor")
    vendor = session.scalar(select(Vendor).where(Vendor.name == name))
    if vendor is None:
        vendor = Vendor(name=name)
        session.add(vendor)
    vendor.kind = choice(VendorKind, kind, "vendor kind").value
    if maker:
        vendor.maker = ensure_vendor(session, maker)
    for field in ("country", "notes"):
        if details.get(field):
            setattr(vendor, field, str(details[field]).strip())
    if details.get("website"):
        vendor.website = web_link(details["website"], "website")
    session.flush()
    return vendor


def _vendor(session: Session, name: str | None) -> Vendor | None:
    return ensure_vendor(session, name) if name and name.strip() else None


def _existing_vendor(session: Session, name: str | None) -> Vendor | None:
    """A vendor named in a claim: linked when we know it, created as a vendor otherwise."""
    if not name or not name.strip():
        return None
    return session.scalar(select(Vendor).where(Vendor.name == name.strip())) or _vendor(session, name)


def add_document(session: Session, operator_id: int, kind: str, doc_title: str, url: str | None = None,
                 published_on: Any = None, summary: str | None = None,
                 vendor: str | None = None) -> OperatorDocument:
    """Add (or update, same operator and title) a dated document about an operator."""
    operator = get_operator(session, operator_id)
    doc_title = title(doc_title)
    document = session.scalar(select(OperatorDocument).where(
        OperatorDocument.operator_id == operator.id, OperatorDocument.title == doc_title))
    if document is None:
        document = OperatorDocument(operator_id=operator.id, title=doc_title)
        session.add(document)
    document.kind = choice(DocumentKind, kind, "kind").value
    document.url, document.published_on = web_link(url), day(published_on, "published_on")
    document.summary = (summary or "").strip() or None
    document.vendor = _existing_vendor(session, vendor)
    session.flush()
    return document


def add_contract(session: Session, operator_id: int, contract_title: str, *, vendor: str | None = None,
                 reference: str | None = None, amount: Any = None, currency: str | None = None,
                 signed_on: Any = None, ends_on: Any = None, url: str | None = None,
                 notes: str | None = None) -> Contract:
    """Add (or update, same operator and title) a contract with a vendor."""
    operator = get_operator(session, operator_id)
    contract_title = title(contract_title)
    contract = session.scalar(select(Contract).where(Contract.operator_id == operator.id,
                                                     Contract.title == contract_title))
    if contract is None:
        contract = Contract(operator_id=operator.id, title=contract_title)
        session.add(contract)
    if currency and (len(currency.strip()) != 3 or not currency.strip().isalpha()):
        raise UsageError("currency must be a three-letter ISO 4217 code", parameter="currency")
    try:
        contract.amount = None if amount in (None, "") else float(amount)
    except (TypeError, ValueError):
        raise UsageError("amount must be a number", parameter="amount") from None
    contract.currency = currency.strip().upper() if currency else None
    contract.reference, contract.notes = (reference or None), (notes or None)
    contract.signed_on, contract.ends_on = day(signed_on, "signed_on"), day(ends_on, "ends_on")
    contract.url, contract.vendor = web_link(url), _existing_vendor(session, vendor)
    session.flush()
    return contract


def add_operator_claim(session: Session, operator_id: int, capability: str, confidence: str = "claimed",
                       evidence_kind: str | None = None, evidence_text: str | None = None,
                       evidence_url: str | None = None, vendor: str | None = None) -> CapabilityClaim:
    """An operator-wide capability claim (it applies to every camera of the operator).

    The same capability with the same evidence is updated, not repeated.
    """
    operator = get_operator(session, operator_id)
    capability = choice(Capability, capability, "capability").value
    evidence_url = web_link(evidence_url, "evidence_url")
    same_text = CapabilityClaim.evidence_text.is_(None) if not evidence_text else (
        CapabilityClaim.evidence_text == evidence_text)
    same_url = CapabilityClaim.evidence_url.is_(None) if not evidence_url else (
        CapabilityClaim.evidence_url == evidence_url)
    claim = session.scalar(select(CapabilityClaim).where(
        CapabilityClaim.operator_id == operator.id, CapabilityClaim.camera_id.is_(None),
        CapabilityClaim.capability == capability, same_text, same_url))
    if claim is None:
        claim = CapabilityClaim(operator_id=operator.id, capability=capability,
                                evidence_text=evidence_text, evidence_url=evidence_url)
        session.add(claim)
    claim.confidence = choice(Confidence, confidence, "confidence").value
    claim.evidence_kind = (choice(EvidenceKind, evidence_kind, "evidence_kind").value
                           if evidence_kind else None)
    entity = _existing_vendor(session, vendor)
    claim.vendor, claim.vendor_entity = (entity.name if entity else None), entity
    session.flush()
    return claim


def link_claim_vendors(session: Session) -> int:
    """Link claims whose free-text vendor names a known vendor/system; returns how many were linked."""
    vendors = {v.name.casefold(): v for v in session.scalars(select(Vendor))}
    linked = 0
    for claim in session.scalars(select(CapabilityClaim).where(
            CapabilityClaim.vendor.is_not(None), CapabilityClaim.vendor_id.is_(None))):
        vendor = vendors.get(claim.vendor.strip().casefold()) if claim.vendor else None
        if vendor is not None:
            claim.vendor_entity = vendor
            linked += 1
    session.flush()
    return linked
