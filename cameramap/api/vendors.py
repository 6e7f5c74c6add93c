"""Vendor endpoints' logic and the JSON of technology claims and partnerships, free of Flask."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..services.accountability import vendors
from ..storage.accountability import OperatorDocument
from ..storage.models import Vendor
from ..storage.queries import as_id
from ..storage.technology import TechnologyClaim, VendorPartnership
from . import geojson


def vendor_ref(vendor: Vendor | None) -> dict[str, Any] | None:
    if vendor is None:
        return None
    return {"id": str(vendor.id), "name": vendor.name, "url": f"/vendors/{vendor.id}"}


def evidence(documents: list[OperatorDocument]) -> list[dict[str, Any]]:
    return [{"kind": d.kind, "title": d.title, "url": d.url, "published_on": geojson.iso_date(d.published_on)}
            for d in documents]


def technology(claim: TechnologyClaim) -> dict[str, Any]:
    """A claim of technology with no place: what, its status, when, who uses it, from whom, evidence."""
    operator = claim.operator
    return {"technology": claim.technology, "status": claim.status, "since": claim.since,
            "until": claim.until, "summary": claim.summary,
            "operator": None if operator is None else {"id": str(operator.id), "name": operator.name,
                                                       "url": f"/operators/{operator.id}"},
            "vendor": vendor_ref(claim.vendor), "evidence": evidence(claim.documents)}


def partnership(link: VendorPartnership, partner: Vendor) -> dict[str, Any]:
    return {"kind": link.kind, "since": link.since, "until": link.until, "summary": link.summary,
            "partner": vendor_ref(partner), "evidence": evidence(link.documents)}


def vendor_summary(vendor: Vendor) -> dict[str, Any]:
    return {"id": str(vendor.id), "name": vendor.name, "kind": vendor.kind, "maker": vendor_ref(vendor.maker),
            "country": vendor.country, "website": vendor.website, "notes": vendor.notes,
            "url": f"/vendors/{vendor.id}", "updated_at": geojson.iso_date(vendor.updated_at)}


def list_vendors(session: Session) -> dict[str, Any]:
    """GET /api/v1/vendors: every vendor and system (a short, curated list), by name."""
    rows = vendors.vendor_rows(session)
    return {"vendors": [{**vendor_summary(row.vendor), "partners": [vendor_ref(p) for p in row.partners],
                         "technology": row.technology} for row in rows],
            "numberReturned": len(rows), "timeStamp": geojson.timestamp()}


def vendor_detail(session: Session, vendor_id: str) -> dict[str, Any]:
    """GET /api/v1/vendors/<id>: the vendor, its systems, technology claimed of it, its partnerships."""
    ident = as_id(vendor_id)
    if ident is None:
        raise NotFound(f"no vendor or system with id {vendor_id[:50]!r}", parameter="id")
    page = vendors.vendor_page(session, ident)
    body = vendor_summary(page.vendor)
    body["systems"] = [vendor_ref(s) for s in page.vendor.systems]
    body["operators"] = [{"id": str(op.id), "name": op.name, "url": f"/operators/{op.id}", "camera_count": n}
                         for op, n in page.operators]
    body["technology"] = [technology(claim) for claim in page.technology]
    body["partnerships"] = [partnership(link, partner) for link, partner in page.partnerships]
    return body
