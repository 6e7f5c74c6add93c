"""Import published deployment records: idempotent by (source, date, location), placed by geocoding."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.geo import Point
from ...domain.records import Actor, SourceSpec
from ...domain.vocabulary import ActorKind
from ...importers.deployment_rows import RowReason, RowRecord
from ...storage.deployments import Deployment
from ..registry.sources import ensure_source
from .records import add_deployment, apply_changes, placement, point_geometry, record_values

Geocode = Callable[[str], Point | None]


@dataclass
class DeploymentImportReport:
    """Counts, and every rejected row and every deployment left waiting for a place."""

    source: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    pending_location: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> bytes:
        return orjson.dumps(asdict(self), option=orjson.OPT_INDENT_2)


def _hash(record: RowRecord) -> str:
    data = asdict(record.record) | {"window": [record.record.window.start.isoformat(),
                                               record.record.window.end.isoformat()]}
    return hashlib.sha256(orjson.dumps(data, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _place(found: Deployment | None, item: RowRecord, geocode: Geocode | None) -> dict[str, Any]:
    """The place columns to set: the row's own (in its values), a geocoded point, or none (pending)."""
    if item.record.geometry is not None or item.record.point is not None or geocode is None:
        return {}
    if found is not None and found.location_status == "placed" \
            and found.location_text == item.record.location_text:
        return {}
    point = geocode(item.query)
    return placement(point_geometry(point)) if point is not None else placement(None)


def _store(session: Session, source_id: int, item: RowRecord, geocode: Geocode | None, actor: Actor,
           report: DeploymentImportReport) -> Deployment:
    key = item.record.source_record_id
    digest = _hash(item)
    found = session.scalar(select(Deployment).where(Deployment.source_id == source_id,
                                                    Deployment.source_record_id == key))
    if found is not None and found.record_hash == digest and found.location_status == "placed":
        report.unchanged += 1
        return found
    values = record_values(session, item.record) | _place(found, item, geocode)
    if found is None:
        found = add_deployment(session, values | {"source_id": source_id, "source_record_id": key,
                                                   "record_hash": digest}, actor, "import")
        report.created += 1
        return found
    changed = apply_changes(session, found, values, actor, "import")
    found.record_hash = digest
    report.updated += changed
    report.unchanged += not changed
    return found


def import_deployments(session: Session, spec: SourceSpec, items: Iterable[RowRecord | RowReason],
                       geocode: Geocode | None) -> DeploymentImportReport:
    """Create or update one deployment per accepted row; report rejected rows with their reasons.

    A row repeating the (date, location) of an earlier row of the same file is rejected: the key
    identifies a deployment within its source, and a second one would silently overwrite the first.
    """
    source = ensure_source(session, spec)
    actor = Actor(ActorKind.IMPORT.value, spec.name)
    report = DeploymentImportReport(spec.name)
    seen: dict[str, str] = {}
    for item in items:
        report.read += 1
        if isinstance(item, RowReason):
            report.rejected.append(asdict(item))
            continue
        key = item.record.source_record_id
        if key in seen:
            report.rejected.append(asdict(RowReason(
                item.page, item.row, "duplicate_key",
                f"same date and location as {seen[key]}: one of them needs correcting", {})))
            continue
        seen[key] = f"row {item.row}" + (f" of page {item.page}" if item.page else "")
        deployment = _store(session, source.id, item, geocode, actor, report)
        if deployment.location_status == "pending":
            report.pending_location += 1
            report.pending.append({"page": item.page, "row": item.row, "location": item.query})
    session.flush()
    return report
