"""Store CameraRecords from one source: keyed by (source, record id), idempotent, batched."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice

import orjson
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain.records import Actor, CameraRecord, ClaimRecord, SourceSpec
from ..storage.models import CapabilityClaim, Provenance, Source, utcnow
from . import cameras


@dataclass
class ImportSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_from_source: int = 0
    rejected: dict[str, int] = field(default_factory=dict)


def record_hash(record: CameraRecord) -> str:
    """A stable digest of everything a record says, to tell changed rows from unchanged ones."""
    data = asdict(record)
    data["point"] = record.point.rounded()
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


def ensure_source(session: Session, spec: SourceSpec) -> Source:
    """The source row for `spec`, created or refreshed with its licence and attribution."""
    source = session.scalar(select(Source).where(Source.name == spec.name))
    if source is None:
        source = Source(name=spec.name, kind=spec.kind)
        session.add(source)
    for name in ("kind", "url", "licence", "attribution"):
        value = getattr(spec, name)
        if value is not None:
            setattr(source, name, value)
    source.imported_at = utcnow()
    session.flush()
    return source


def _batches(records: Iterable[CameraRecord], size: int) -> Iterator[list[CameraRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _claims(camera_id: int, source_id: int, claims: list[ClaimRecord]) -> list[CapabilityClaim]:
    return [
        CapabilityClaim(camera_id=camera_id, source_id=source_id, **asdict(claim))
        for claim in claims
    ]


def _replace_claims(session: Session, link: Provenance, record: CameraRecord) -> None:
    camera = link.camera
    for claim in [c for c in camera.claims if c.source_id == link.source_id]:
        camera.claims.remove(claim)
        session.delete(claim)
    session.add_all(_claims(camera.id, link.source_id, record.claims))


def _store(session: Session, source: Source, record: CameraRecord, link: Provenance | None,
           actor: Actor, summary: ImportSummary) -> None:
    digest = record_hash(record)
    values = record.camera_values()
    operator = cameras.operator_named(session, record.operator)
    values["operator_id"] = operator.id if operator else None
    if link is None:
        camera = cameras.add_camera(session, values, actor, reason=f"imported from {source.name}")
        session.add(Provenance(camera_id=camera.id, source_id=source.id, tags=record.tags,
                               source_record_id=record.source_record_id, record_hash=digest))
        session.add_all(_claims(camera.id, source.id, record.claims))
        summary.created += 1
        return
    link.last_seen_at, link.missing_from_source = utcnow(), False
    if link.record_hash == digest:
        summary.unchanged += 1
        return
    cameras.apply_changes(session, link.camera, values, actor,
                          reason=f"source {source.name} changed its record")
    _replace_claims(session, link, record)
    link.record_hash, link.tags = digest, record.tags
    summary.updated += 1


def import_records(
    session: Session, spec: SourceSpec, records: Iterable[CameraRecord],
    actor: Actor | None = None, batch_size: int = 1000, complete: bool = True,
) -> ImportSummary:
    """Create, update or leave each record's camera; commit per batch.

    With `complete`, links of this source whose records did not come this time are marked
    missing from source (never deleted).
    """
    actor = actor or Actor("import", spec.name)
    summary = ImportSummary()
    source = ensure_source(session, spec)
    started = utcnow()
    session.commit()
    for batch in _batches(records, batch_size):
        ids = [r.source_record_id for r in batch]
        links = {link.source_record_id: link for link in session.scalars(
            select(Provenance).where(Provenance.source_id == source.id,
                                     Provenance.source_record_id.in_(ids)))}
        for record in batch:
            summary.read += 1
            _store(session, source, record, links.get(record.source_record_id), actor, summary)
        session.commit()
    if complete:
        result = session.execute(
            update(Provenance)
            .where(Provenance.source_id == source.id, Provenance.last_seen_at < started,
                   Provenance.missing_from_source.is_(False))
            .values(missing_from_source=True)
        )
        summary.missing_from_source = result.rowcount or 0
        session.commit()
    return summary
