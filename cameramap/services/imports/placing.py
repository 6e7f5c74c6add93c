"""`cameramap geocode --retry-pending` for import rows: placed rows become cameras of their source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy.orm import Session

from ...config import Settings
from ...domain.records import SourceSpec
from ...geocoding.base import Status
from ...importers.items import Accepted
from ...storage.gazetteer import GeocodePending
from ...storage.geocache import enqueue, resolve, waiting
from ...storage.models import Source
from .. import geocoding
from .pending import SUBJECT, fields_of, located_record
from .store import ImportOptions, import_items

CHUNK = 500


def retry_pending(session: Session, config: Settings,
                  checkpoint: Callable[[], None] | None = None) -> dict[str, int]:
    """Geocode every waiting import row again; the placed ones become cameras of their source, as an
    import of their source would have made them (one import run per source and chunk)."""
    counts = {"placed": 0, "still_waiting": 0}
    chain = geocoding.geocoder(session, config)
    after = 0
    while chunk := waiting(session, SUBJECT, after, CHUNK):
        after = chunk[-1].id
        placed: dict[int, list[tuple[GeocodePending, Accepted]]] = defaultdict(list)
        for row in chunk:
            result = chain.geocode(row.query)
            if not result.ok or result.best is None or row.record is None:
                retry_after = chain.retry_after() if result.status is Status.UNAVAILABLE else None
                enqueue(session, SUBJECT, row.subject_id, row.query, result.message or "no match",
                        retry_after)
                counts["still_waiting"] += 1
                continue
            record = located_record(result.best.point, fields_of(row.record), row.query)
            placed[row.record["source_id"]].append((row, Accepted(row.record["row"], record)))
            resolve(row, result.to_dict(), "placed")
        for source_id, rows in placed.items():
            counts["placed"] += _place(session, source_id, rows)
        session.flush()
        if checkpoint is not None:
            checkpoint()
    return counts


def _place(session: Session, source_id: int, rows: list[tuple[GeocodePending, Accepted]]) -> int:
    source = session.get(Source, source_id)
    assert source is not None, "a queued row names the source it was imported into"
    spec = SourceSpec(source.name, source.kind, source.url, source.licence, source.attribution)
    conflate_m = rows[0][0].record.get("conflate_m") if rows[0][0].record else None
    options = ImportOptions(batch_size=CHUNK, complete=False, conflate_m=conflate_m,
                            path="cameramap geocode --retry-pending", format="needs location queue")
    report = import_items(session, spec, [item for _, item in rows], options)
    return report.summary.created + report.summary.conflated + report.summary.updated


def retry_all(session: Session, config: Settings,
              checkpoint: Callable[[], None] | None = None) -> dict[str, int]:
    """The whole queue: import rows (placed as cameras), then every other waiting record."""
    counts = retry_pending(session, config, checkpoint)
    others = geocoding.retry_pending(session, config, checkpoint=checkpoint, other_than=SUBJECT)
    return {**counts, **others}
