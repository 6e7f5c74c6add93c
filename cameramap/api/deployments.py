"""Deployment endpoints' logic, free of Flask: parameters -> query -> GeoJSON Features."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..domain.deployments import OUTCOME_FIELDS, as_utc, zone
from ..domain.errors import NotFound, UsageError
from ..domain.geo import BBox
from ..domain.timefilter import instant, parse_datetime
from ..domain.vocabulary import CameraStatus, SourceKind, choice
from ..storage import deployment_queries as queries
from ..storage.deployments import Deployment
from . import geojson, params
from .params import Page, Pairs

PARAMETERS = ("bbox", "datetime", "operator", "status", *params.PAGING)
MAX_VALUES = 100


@dataclass(frozen=True, slots=True)
class DeploymentQuery:
    """A parsed deployment search: the filter, the page, the given parameters (for paging links)."""

    filter: queries.DeploymentFilter
    page: Page
    params: tuple[tuple[str, str], ...]


def _split(grouped: dict[str, list[str]], name: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(p.strip() for text in grouped.get(name, []) for p in text.split(",")
                                 if p.strip()))
    if len(values) > MAX_VALUES:
        raise UsageError(f"{name} takes at most {MAX_VALUES} values", parameter=name)
    return values


def parse_filter(grouped: dict[str, list[str]]) -> queries.DeploymentFilter:
    """bbox, datetime (an RFC 3339 instant or interval, `..` for an open end), operator, status."""
    bbox_text, moment = params.single(grouped, "bbox"), params.single(grouped, "datetime")
    start, end = parse_datetime(moment) if moment is not None else (None, None)
    operators = tuple(dict.fromkeys(grouped.get("operator", [])))  # names may hold commas: whole values
    statuses = tuple(choice(CameraStatus, s, "status").value for s in _split(grouped, "status"))
    return queries.DeploymentFilter(BBox.parse(bbox_text) if bbox_text else None, start, end,
                                    operators, statuses)


def deployment_query(args: Pairs, *, default_limit: int, max_limit: int) -> DeploymentQuery:
    """Parameters of GET /api/v1/deployments."""
    grouped = params.collect(args, PARAMETERS)
    wanted = parse_filter(grouped)
    pairs = tuple((k, v) for k in PARAMETERS if k not in params.PAGING for v in grouped.get(k, []))
    page = params.page_query([(k, v) for k in params.PAGING for v in grouped.get(k, [])],
                             default_limit=default_limit, max_limit=max_limit)
    return DeploymentQuery(wanted, page, pairs)


def _source(item: Deployment) -> dict[str, Any] | None:
    if item.source is None:
        return None
    source = item.source
    return {"name": source.name, "kind": source.kind, "licence": source.licence, "url": source.url,
            "attribution": source.attribution, "page": item.source_page, "row": item.source_row}


def reported_by(item: Deployment) -> str:
    """`public` for a sighting from the public (accepted by a moderator), `published` for a record
    from a published source (a police force's table, an announcement)."""
    return "public" if item.source is not None and item.source.kind == SourceKind.CROWD else "published"


def feature(item: Deployment) -> dict[str, Any]:
    """One deployment as a GeoJSON Feature (geometry null while its place is pending)."""
    start, end = as_utc(item.starts_at), as_utc(item.ends_at)
    local = zone(item.timezone)
    properties: dict[str, Any] = {
        "location_text": item.location_text, "location_status": item.location_status,
        "start": instant(start), "end": instant(end), "timezone": item.timezone,
        "local_start": start.astimezone(local).isoformat(), "local_end": end.astimezone(local).isoformat(),
        "hours": round((end - start).total_seconds() / 3600, 2), "status": item.status,
        "operator": item.operator.name if item.operator else None, "system": item.system,
        "vendor": item.vendor, "use_case": item.use_case, "threshold": item.threshold,
        **{name: getattr(item, name) for name in OUTCOME_FIELDS},
        "marker": [item.lon, item.lat] if item.lon is not None else None, "source": _source(item),
        "reported_by": reported_by(item),
    }
    return {"type": "Feature", "id": str(item.id), "geometry": item.geometry, "properties": properties}


def list_deployments(session: Session, query: DeploymentQuery, base_url: str) -> dict[str, Any]:
    """GET /api/v1/deployments: one page of matching deployments as a FeatureCollection."""
    found, matched = queries.search(session, query.filter, query.page.limit, query.page.offset)
    features = [feature(item) for item in found]
    links = params.page_links(base_url, query.params, query.page, len(features), matched, geojson.GEOJSON)
    return geojson.collection(features, matched, links)


def detail(session: Session, ident: str) -> dict[str, Any]:
    """GET /api/v1/deployments/<id>: one deployment with its revisions (dates, kinds of actor, reasons)."""
    number = int(ident) if ident.isdigit() and len(ident) < 11 else 0
    item = queries.detail(session, number)
    if item is None:
        raise NotFound(f"no deployment with id {ident[:50]!r}", parameter="id")
    body = feature(item)
    body["properties"]["revisions"] = [
        {"id": str(r.id), "action": r.action, "date": geojson.iso_date(r.created_at),
         "actor_kind": r.actor_kind, "reason": r.reason} for r in reversed(item.revisions)]
    return body

