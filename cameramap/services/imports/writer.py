"""Bulk writes of one import batch: new cameras with their revisions, links, claims; touched links."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...domain.records import Actor, CameraRecord, ClaimRecord
from ...storage.bulkload import bulk_inserts, operator_bits
from ...storage.models import CapabilityClaim, Provenance, Source, utcnow
from ..registry import cameras
from ..registry.revisions import TRACKED
from .bulk_sql import RawInserts
from .stage import HEAD_KEYS, Staged
from .text_rows import NewCamera, snapshot_tail, write_text

CHUNK = 900  # ids per IN (...) list
SNAPSHOT_KEYS = ("lon", "lat", *CameraRecord.CAMERA_FIELDS, "operator_id", "status", "removed_at")
assert set(SNAPSHOT_KEYS) == set(TRACKED), "a created camera's revision must snapshot every tracked field"
assert (*HEAD_KEYS, "operator_id", "status", "removed_at") == SNAPSHOT_KEYS, "writer._create splices these"


def _chunks(items: list[Any], size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


class BatchWriter:
    """Writes new cameras through the backend's bulk path (text rows or tuples); changed records go through
    services.registry.cameras."""

    def __init__(self, session: Session, source: Source, actor: Actor,
                 waiting: Callable[[], AbstractContextManager[None]] = nullcontext):
        self.session, self.source, self.actor = session, source, actor
        self.waiting = waiting  # held around long statements: the import's reader thread runs
        self.operators: dict[str, int | None] = {}
        self.inherited: dict[int | None, int] = {}  # operator id -> its operator-wide capability bits
        self.raw = RawInserts(session)
        self.backend = self.raw.backend
        # A source with no links yet has none but this run's, and the run never repeats a record id.
        first = session.scalar(select(Provenance.id).where(Provenance.source_id == source.id).limit(1))
        self.fresh = first is None

    def operator_id(self, name: str | None) -> int | None:
        if not name or not name.strip():
            return None
        if name not in self.operators:
            operator = cameras.operator_named(self.session, name)
            self.operators[name] = operator.id if operator else None
        return self.operators[name]

    def links(self, ids: list[str]) -> dict[str, tuple[int, str | None]]:
        """source record id -> (link id, record hash) for the records this source already has."""
        found: dict[str, tuple[int, str | None]] = {}
        if self.fresh:
            return found
        for chunk in _chunks(ids):
            for link_id, record_id, digest in self.session.execute(
                select(Provenance.id, Provenance.source_record_id, Provenance.record_hash)
                .where(Provenance.source_id == self.source.id, Provenance.source_record_id.in_(chunk))
            ):
                found[record_id] = (link_id, digest)
        return found

    def touch(self, link_ids: list[int]) -> None:
        now = utcnow()
        for chunk in _chunks(link_ids):
            self.session.execute(update(Provenance).where(Provenance.id.in_(chunk))
                                 .values(last_seen_at=now, missing_from_source=False))

    def _claims(self, camera_id: int, claims: list[ClaimRecord], now: Any) -> list[tuple[Any, ...]]:
        return [(camera_id, c.capability, c.confidence, c.evidence_kind, c.evidence_text, c.evidence_url,
                 c.vendor, self.source.id, now) for c in claims]

    def _link(self, camera_id: int, staged: Staged, now: Any) -> tuple[Any, ...]:
        return (camera_id, self.source.id, staged.source_record_id, staged.digest, self.raw.flag(False),
                staged.tags, now, now)

    def link(self, camera_id: int, staged: Staged) -> None:
        """Attach a record to an existing camera (conflation): provenance and claims only."""
        now = self.raw.when(utcnow())
        self.raw.insert("provenance", [self._link(camera_id, staged, now)])
        self.raw.insert("capability_claims", self._claims(camera_id, staged.record.claims, now))

    def capabilities(self, staged: Staged, operator_id: int | None) -> int:
        """cameras.capabilities of a new camera: its own claims' and its operator's operator-wide."""
        if operator_id not in self.inherited:
            self.inherited[operator_id] = operator_bits(self.session, operator_id)
        return staged.bits | self.inherited[operator_id]

    def create(self, records: list[Staged]) -> list[int]:
        """Insert cameras, their `create` revisions, links and claims; return the new camera ids.

        A bulk load: the cluster index takes the batch in one grouped statement (storage.bulkload)."""
        if not records:
            return []
        with bulk_inserts(self.session, self.waiting) as load:
            ids = self._create(records)
            load.added(ids)
        return ids

    def _create(self, records: list[Staged]) -> list[int]:
        now = utcnow()
        for name in sorted({staged.record.operator for staged in records if staged.record.operator}):
            self.operator_id(name)  # new ones created in name order: two lanes' batches cannot deadlock
        cameras = []
        for staged in records:
            operator_id = self.operator_id(staged.record.operator)
            cameras.append(NewCamera(staged, operator_id, self.capabilities(staged, operator_id)))
        operators = {c.operator_id for c in cameras if c.operator_id is not None}
        text = self.backend.text_rows
        # every row below references the new cameras, this source or an operator named in the file
        with self.backend.own_references(self.session, {"sources": {self.source.id}, "operators": operators}):
            if text is not None and all(staged.text is not None for staged in records):
                who = (self.actor.kind, self.actor.name, f"imported from {self.source.name}")
                return write_text(self.session, text, cameras, self.source.id, who, now)
            return self._create_rows(cameras, now)

    def _create_rows(self, cameras: list[NewCamera], now: datetime) -> list[int]:
        """The rows as tuples, through the backend's fastest path for them (insert_rows)."""
        raw = self.raw
        stamp, empty = raw.when(now), raw.json({})
        ids = raw.insert("cameras", [(*c.staged.values, c.operator_id, "reported", c.capabilities, empty,
                                      stamp, stamp) for c in cameras], ids=True)
        reason = f"imported from {self.source.name}"
        raw.insert("revisions", [(i, "create", None, c.staged.snapshot_head + snapshot_tail(c.operator_id),
                                  self.actor.kind, self.actor.name, reason, stamp)
                                 for i, c in zip(ids, cameras, strict=True)])
        raw.insert("provenance", [self._link(i, c.staged, stamp) for i, c in zip(ids, cameras, strict=True)])
        raw.insert("capability_claims", [row for i, c in zip(ids, cameras, strict=True)
                                         for row in self._claims(i, c.staged.record.claims, stamp)])
        return ids

    def change(self, link_id: int, record: CameraRecord, digest: str) -> bool:
        """A changed record: update its camera (a revision) when it created it, and its claims."""
        link = self.session.get(Provenance, link_id)
        assert link is not None
        camera = link.camera
        primary = min(p.id for p in camera.provenance) == link.id
        if primary:
            values = record.camera_values()
            values["operator_id"] = self.operator_id(record.operator)
            cameras.apply_changes(self.session, camera, values, self.actor,
                                  reason=f"source {self.source.name} changed its record")
        for claim in [c for c in camera.claims if c.source_id == link.source_id]:
            camera.claims.remove(claim)
            self.session.delete(claim)
        self.session.add_all(CapabilityClaim(camera_id=camera.id, source_id=self.source.id, **asdict(c))
                             for c in record.claims)
        link.record_hash, link.tags = digest, record.tags
        link.last_seen_at, link.missing_from_source = utcnow(), False
        return primary
