"""Bulk loads (migration 0008): new cameras inserted with set-based upkeep instead of per-row triggers.

An import inserts thousands of new cameras per batch. Per row, the triggers of migration 0007 upsert
the camera's cell at eight levels, give it its operator's capabilities, re-move it when each claim
arrives, and bump registry_version; on SQLite also the R*Tree entry and the change-log row: about 80%
of an import's time. Inside `bulk_inserts`, INSERTs into cameras, capability_claims, provenance
(and on SQLite revisions) skip those triggers (every UPDATE or DELETE trigger still runs), and the
caller hands over the new camera ids, whose cells, R*Tree entries and change-log rows are then
added set-based, and registry_version bumped once. The caller must insert cameras with their
`capabilities` already set (`capability_bits`), and revisions only for those new cameras.

The switch (Backend.bulk_switch) is private to the writing transaction. On SQLite the block drops
those INSERT triggers and re-creates them from their stored text before leaving (DDL is
transactional, the writer holds the only write lock, and WAL readers keep the schema of their
snapshot): even a guarded trigger costs its row more than the insert itself (200,000 cameras: 5.3 s
with the guarded triggers, 2.1 s without). Their SQLite guard (a row in `bulk_load`) was therefore
set by no one: migration 0009 re-creates those triggers without it and drops the table. On
PostgreSQL, where dropping a trigger would lock its table against readers, the transaction-local
setting cameramap.bulk_load turns the guard on. What each backend does on leaving is
Backend.add_bulk_loaded.
The migrations keep the SQL they ran: changing a trigger's SQL needs a new migration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress

from sqlalchemy import text
from sqlalchemy.orm import Session

from . import cellsql
from .backends import backend_for


class BulkLoad:
    """Collects the ids of the cameras inserted in bulk; `finish` adds them to the cluster index."""

    def __init__(self, session: Session):
        self.session = session
        self.backend = backend_for(session)
        self.ids: list[int] = []

    def added(self, ids: Iterable[int]) -> None:
        self.ids.extend(ids)

    def finish(self) -> None:
        if self.ids:
            self.backend.add_bulk_loaded(self.session, self.ids)


@contextmanager
def bulk_inserts(session: Session, waiting: Callable[[], AbstractContextManager[None]] = nullcontext
                 ) -> Iterator[BulkLoad]:
    """Within: new cameras, their claims and links skip the per-row upkeep; on leaving, cells are added
    (in set-based statements, during which `waiting` is held)."""
    load = BulkLoad(session)
    switch = load.backend.bulk_switch(session)
    switch.on()
    try:
        yield load
    except BaseException:
        with suppress(Exception):  # a failed PostgreSQL transaction refuses it, and rolls back anyway
            switch.off()
        raise
    switch.off()
    with waiting():
        load.finish()


def capability_bits(capabilities: Iterable[str]) -> int:
    """cameras.capabilities for these capability names (unknown names count for nothing, as in SQL)."""
    bits = 0
    for name in capabilities:
        bits |= cellsql.CAPABILITY_BITS.get(name, 0)
    return bits


def operator_bits(session: Session, operator_id: int | None) -> int:
    """The capabilities an operator claims for all its cameras, which its new cameras inherit."""
    if operator_id is None:
        return 0
    names = session.scalars(text("SELECT capability FROM capability_claims "
                                 "WHERE camera_id IS NULL AND operator_id = :id"), {"id": operator_id})
    return capability_bits(names)
