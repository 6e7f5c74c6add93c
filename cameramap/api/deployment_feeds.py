"""Feeds of announced and recent deployments per area and per operator: Atom, and iCalendar (RFC 5545)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, render_template, request, url_for

from ..domain.deployments import as_utc
from ..domain.vocabulary import CameraStatus, SourceKind
from ..extensions import db
from ..storage import deployment_queries as queries
from ..storage.deployments import Deployment
from . import params
from .deployments import instant, parse_filter, reported_by

if TYPE_CHECKING:
    from icalendar import Event

bp = Blueprint("deployment_feeds", __name__, url_prefix="/feeds")
ATOM, ICS = "application/atom+xml", "text/calendar"
RECENT_DAYS, DEFAULT_ENTRIES, MAX_ENTRIES = 30, 100, 500
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _found(args: Any) -> tuple[list[Deployment], str]:
    """Deployments ending at most RECENT_DAYS ago or announced, in the bbox / of the operators asked."""
    grouped = params.collect(args, ("bbox", "operator", "limit"))
    limit = params.integer(params.single(grouped, "limit"), "limit", DEFAULT_ENTRIES, 1, MAX_ENTRIES)
    wanted = replace(parse_filter(grouped), start=datetime.now(UTC) - timedelta(days=RECENT_DAYS),
                     statuses=("reported", "verified", "disputed"))
    found, _matched = queries.search(db.session(), wanted, MAX_ENTRIES)
    found = sorted(found, key=lambda d: as_utc(d.starts_at), reverse=True)[:limit]
    scope = [f"the area {grouped['bbox'][0]}" if "bbox" in grouped else "",
             " and ".join(wanted.operators)]
    return found, ", ".join(part for part in scope if part) or "every area and operator"


def _title(item: Deployment) -> str:
    operator = f" ({item.operator.name})" if item.operator else ""
    return _NOT_XML.sub("", f"{item.system or 'Surveillance deployment'} at {item.location_text}{operator}")


def _summary(item: Deployment) -> str:
    figures = [f"{label} {value}" for label, value in (
        ("watchlist", item.watchlist_size), ("faces scanned", item.faces_scanned),
        ("true alerts", _sum(item.true_alerts_confirmed, item.true_alerts_unconfirmed)),
        ("false alerts", _sum(item.false_alerts_confirmed, item.false_alerts_unconfirmed)),
        ("arrests", item.arrests)) if value is not None]
    source = f"Source: {item.source.name}" + (f", page {item.source_page}" if item.source_page else "") \
        if item.source else "Source: a report to cameramap"
    text = f"{item.use_case or 'Use not stated'}. {', '.join(figures) or 'No outcomes published'}. {source}."
    return _NOT_XML.sub("", f"{text} {_origin(item)}.")


def _origin(item: Deployment) -> str:
    """Who the record comes from; its status only past the first step ("reported" names no reporter)."""
    if reported_by(item) == "public":
        words = "Reported by the public, checked by a moderator"
    elif item.source is not None and item.source.kind == SourceKind.OFFICIAL_REGISTRY:
        words = "Published by the operator"
    else:
        words = "From a published record"
    return words if item.status == CameraStatus.REPORTED else f"{words}; status: {item.status}"


def _sum(*values: int | None) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _url(item: Deployment) -> str:
    return url_for("api_deployments.deployment_detail", deployment_id=item.id, _external=True)


@bp.get("/deployments.atom")
def deployments_atom() -> Response:
    found, scope = _found(request.args.items(multi=True))
    authority = (request.host.split(":")[0] or "localhost").lower()
    entries = [{"id": f"tag:{authority},2024:cameramap/deployment/{d.id}", "title": _title(d),
                "updated": instant(d.updated_at), "summary": _summary(d), "url": _url(d),
                "start": instant(d.starts_at), "end": instant(d.ends_at),
                "point": f"{d.lat:.7f} {d.lon:.7f}" if d.lat is not None else None} for d in found]
    body = render_template("feeds/deployments.atom.xml", entries=entries, scope=scope, self_url=request.url,
                           updated=max((str(e["updated"]) for e in entries), default="1970-01-01T00:00:00Z"))
    return Response(body, mimetype=ATOM)


def _event(item: Deployment, authority: str) -> Event:
    from icalendar import Event, vGeo

    event = Event()
    event.add("uid", f"deployment-{item.id}@{authority}")
    event.add("dtstamp", as_utc(item.updated_at))
    event.add("dtstart", as_utc(item.starts_at))
    event.add("dtend", as_utc(item.ends_at))
    event.add("summary", _title(item))
    event.add("location", item.location_text)
    event.add("description", _summary(item))
    event.add("url", _url(item))
    event.add("status", "CONFIRMED" if item.status == "verified" else "TENTATIVE")
    if item.lat is not None and item.lon is not None:
        event.add("geo", vGeo((item.lat, item.lon)))
    return event


@bp.get("/deployments.ics")
def deployments_ics() -> Response:
    from icalendar import Calendar  # loaded by the first calendar a process serves

    found, scope = _found(request.args.items(multi=True))
    authority = (request.host.split(":")[0] or "localhost").lower()
    calendar = Calendar()
    calendar.add("prodid", "-//cameramap//deployments//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"cameramap: deployments in {scope}")
    for item in found:
        calendar.add_component(_event(item, authority))
    response = Response(calendar.to_ical(), mimetype=ICS)
    response.headers["Content-Disposition"] = 'inline; filename="deployments.ics"'
    return response
