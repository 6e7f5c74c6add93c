"""The change feed: created, updated and removed cameras in an order that never skips or repeats.

A trigger on `revisions` writes one `changes` row per revision in the same transaction
(migration 0005), so bulk inserts are logged too. Readers page by a cursor (txid, id):

- SQLite serializes writers, so ids become visible in order; txid is always 0.
- On PostgreSQL a higher id can commit before a lower one. Each row keeps the id of the
  transaction that wrote it, and readers only see rows of transactions older than the oldest one
  still in flight (the snapshot's xmin). Every later row then belongs to a transaction at least as
  new as that xmin, so it sorts after every row already served: ordering by (txid, id) makes the
  served sequence append-only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.geo import BBox
from ...storage.backends import backend_for
from ...storage.changes import Change
from ...storage.models import Camera, CapabilityClaim
from ...storage.queries import FEATURE_LOADING, operator_claims

KINDS = ("created", "updated", "removed")
_CURSOR = re.compile(r"([0-9]{1,19})_([0-9]{1,10})")
MAX_TXID = 2**63 - 1
MAX_ID = 2**31 - 1


@dataclass(frozen=True, slots=True, order=True)
class Cursor:
    """A position in the feed: after the change `id` of transaction `txid`."""

    txid: int = 0
    id: int = 0

    def __str__(self) -> str:
        return f"{self.txid}_{self.id}"

    @classmethod
    def parse(cls, value: str | None, parameter: str = "since") -> Cursor:
        """`<txid>_<id>` as given in `next_cursor`; absent or empty means the beginning."""
        if value is None or not value.strip():
            return cls()
        match = _CURSOR.fullmatch(value.strip())
        if not match:
            raise UsageError(f"{parameter} must be a cursor such as '0_42' (from next_cursor), "
                             f"got {value[:50]!r}", parameter=parameter, code="invalid_cursor")
        # Past the largest possible position: the same as that position (nothing follows it).
        return cls(min(int(match[1]), MAX_TXID), min(int(match[2]), MAX_ID))


@dataclass(slots=True)
class ChangePage:
    """Changes after a cursor, the cameras they concern, and where to resume."""

    changes: list[Change]
    cameras: dict[int, Camera]
    next: Cursor
    more: bool
    inherited: dict[int, list[CapabilityClaim]] = field(default_factory=dict)

    def inherited_for(self, camera: Camera) -> list[CapabilityClaim]:
        return self.inherited.get(camera.operator_id, []) if camera.operator_id else []


def _cameras(session: Session, ids: set[int]) -> dict[int, Camera]:
    if not ids:
        return {}
    found = session.scalars(select(Camera).where(Camera.id.in_(sorted(ids))).options(*FEATURE_LOADING))
    return {camera.id: camera for camera in found}


def read(session: Session, since: Cursor, limit: int) -> ChangePage:
    """Up to `limit` settled changes after `since`, oldest first, with their cameras loaded."""
    statement = (select(Change)
                 .where(tuple_(Change.txid, Change.id) > tuple_(since.txid, since.id),
                        backend_for(session).settled_changes())
                 .order_by(Change.txid, Change.id).limit(limit + 1))
    rows = list(session.scalars(statement))
    more = len(rows) > limit
    rows = rows[:limit]
    cameras = _cameras(session, {row.camera_id for row in rows})
    last = Cursor(rows[-1].txid, rows[-1].id) if rows else since
    operators = {c.operator_id for c in cameras.values() if c.operator_id is not None}
    return ChangePage(rows, cameras, last, more, operator_claims(session, operators))


def recent(session: Session, bbox: BBox | None, kinds: Sequence[str],
           limit: int) -> list[tuple[Change, Camera]]:
    """The newest changes of these kinds to cameras inside `bbox`, newest first (for feeds)."""
    backend = backend_for(session)
    statement = (select(Change, Camera).join(Camera, Camera.id == Change.camera_id)
                 .where(Change.kind.in_(kinds), backend.settled_changes())
                 .order_by(Change.id.desc()).limit(limit).options(*FEATURE_LOADING))
    if bbox is not None:
        statement = statement.where(backend.bbox_filter(bbox))
    return [(change, camera) for change, camera in session.execute(statement)]
