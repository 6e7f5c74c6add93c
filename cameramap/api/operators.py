"""Operator endpoints' logic, free of Flask: a session and parsed parameters in, a dict out."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..services.accountability.operators import technology_claims
from ..storage import queries
from ..storage.models import Operator
from ..storage.technology import TechnologyClaim
from . import geojson, vendors
from .params import Page, page_links

OPERATOR_FIELDS = (
    "name", "kind", "jurisdiction", "website", "data_controller", "legal_basis", "retention_period",
    "access_contact", "notes",
)


def operator_summary(operator: Operator, camera_count: int) -> dict[str, Any]:
    """Every public operator field, with the number of its cameras that are not removed."""
    body: dict[str, Any] = {"id": str(operator.id)}
    body.update({name: getattr(operator, name) for name in OPERATOR_FIELDS})
    body["camera_count"] = camera_count
    body["url"] = f"/operators/{operator.id}"
    body["updated_at"] = geojson.iso_date(operator.updated_at)
    return body


def list_operators(session: Session, page: Page, base_url: str) -> dict[str, Any]:
    """GET /api/v1/operators: a page of operators ordered by id."""
    rows, matched = queries.list_operators(session, page.limit, page.offset)
    operators = [operator_summary(operator, count) for operator, count in rows]
    return {"operators": operators, "numberMatched": matched, "numberReturned": len(operators),
            "timeStamp": geojson.timestamp(),
            "links": page_links(base_url, (), page, len(operators), matched, geojson.JSON)}


def operator_detail(session: Session, operator_id: str) -> dict[str, Any]:
    """GET /api/v1/operators/<id>: the operator, its camera count, operator-wide claims and technology
    with no place (retrospective face search, body-worn cameras, vans...)."""
    ident = queries.as_id(operator_id)
    found = queries.operator_detail(session, ident) if ident is not None else None
    if found is None:
        raise NotFound(f"no operator with id {operator_id[:50]!r}", parameter="id")
    operator, count = found
    body = operator_summary(operator, count)
    body["capabilities"] = [geojson.claim(c, False) for c in operator.claims if c.camera_id is None]
    body["technology"] = [vendors.technology(claim) for claim in technology_claims(
        session, TechnologyClaim.operator_id == operator.id)]
    return body
