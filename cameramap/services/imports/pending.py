"""Import rows that need a location: kept in the "needs location" queue with what placing them needs."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.geo import Point
from ...domain.records import CameraRecord, ClaimRecord
from ...importers.items import Unlocated
from ...storage.gazetteer import GeocodePending
from ...storage.geocache import hold, pending_for, resolve
from ...storage.models import Source

SUBJECT = "import"
DATES = ("first_seen", "last_verified")


def subject_id(source_id: int, source_record_id: str) -> str:
    """The queue key of one record of one source (a digest when the id is too long for the column)."""
    key = f"{source_id}:{source_record_id}"
    if len(key) <= 100:
        return key
    return f"{source_id}:#{hashlib.sha256(source_record_id.encode()).hexdigest()}"


def _record(source_id: int, item: Unlocated, conflate_m: float | None) -> dict[str, Any]:
    fields = dict(item.fields)
    fields["claims"] = [asdict(c) for c in fields.get("claims") or []]
    for name in DATES:
        if isinstance(fields.get(name), date):
            fields[name] = fields[name].isoformat()
    return {"source_id": source_id, "row": item.row, "fields": fields, "conflate_m": conflate_m}


def located_record(point: Point, fields: dict[str, Any], address: str) -> CameraRecord:
    """The record of an address-only row once placed: its fields, the point, where it came from."""
    record = CameraRecord(point=point, **fields)
    record.tags = {**record.tags, "cameramap:geocoded_from": address}
    return record


def fields_of(record: dict[str, Any]) -> dict[str, Any]:
    fields = dict(record["fields"])
    fields["claims"] = [ClaimRecord(**c) for c in fields.get("claims") or []]
    for name in DATES:
        if fields.get(name):
            fields[name] = date.fromisoformat(fields[name])
    return fields


def hold_row(session: Session, source_id: int, item: Unlocated, reason: str,
             conflate_m: float | None) -> None:
    """Keep an address-only row that no geocoder could place in the "needs location" queue."""
    sid = subject_id(source_id, str(item.fields.get("source_record_id")))
    hold(session, SUBJECT, sid, item.address, reason, _record(source_id, item, conflate_m))


def release_row(session: Session, source_id: int, source_record_id: str, point: Point) -> None:
    """A queued row placed by a later import leaves the queue."""
    row = pending_for(session, SUBJECT, subject_id(source_id, source_record_id))
    if row is not None and row.status == "waiting":
        resolve(row, {"lon": point.lon, "lat": point.lat, "placed_by": "import"}, "placed")


def listing(session: Session) -> list[dict[str, Any]]:
    """The import rows waiting for a location, with their source's name, oldest first."""
    names: dict[Any, str] = {i: n for i, n in session.execute(select(Source.id, Source.name))}
    rows = session.scalars(select(GeocodePending).where(GeocodePending.subject_kind == SUBJECT,
                                                        GeocodePending.status == "waiting")
                           .order_by(GeocodePending.id))
    listed = []
    for row in rows:
        record = row.record or {}
        listed.append({"source": names.get(record.get("source_id")), "row": record.get("row"),
                       "source_id": record.get("fields", {}).get("source_record_id"), "address": row.query,
                       "attempts": row.attempts, "reason": row.last_error})
    return listed
