"""One import written in two sessions, alternate batches: one backend stores while the other folds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from ...domain.records import Actor
from ...importers.items import Accepted
from ...storage.models import Source
from .conflation import Conflator
from .pipeline import Batch
from .stage import Staged
from .writer import BatchWriter

Admitted = list[tuple[Accepted, Staged]]


class Run(Protocol):
    """What the lanes need of an import's state (store._Run)."""

    source_id: int
    actor: Actor
    writer: BatchWriter
    conflator: Conflator

    def waiting(self) -> AbstractContextManager[None]: ...

    def triage(self, batch: Batch, session: Session, settle: Callable[[], None] | None = None
               ) -> Admitted: ...

    def store(self, writer: BatchWriter, accepted: Admitted) -> None: ...


@dataclass
class Lane:
    """One session with its own writer; `checkpoint` ends a batch in it (the runner's commit)."""

    session: Session
    writer: BatchWriter
    checkpoint: Callable[[], None]
    rollback: Callable[[], None]


def opened_lanes(state: Run, lanes: int, main: Lane, second: Session | None) -> list[Lane]:
    """`main` and a lane in the runner's `second` session (its commits are checkpoints), where the
    backend can write in `lanes` > 1, the source has no records yet (every row creates a camera) and
    none is conflated (its matches must see the links made before). None either where the second
    session cannot see the run's source: the first session's commits are then not the database's
    (a test's savepoints in an outer transaction)."""
    if lanes < 2 or second is None or not state.writer.fresh or state.conflator.active:
        return []
    source = second.get(Source, state.source_id)
    if source is None:
        return []
    lane = Lane(second, BatchWriter(second, source, state.actor, waiting=state.waiting),
                second.commit, second.rollback)
    return [main, lane]


def write_in_lanes(state: Run, batches: Iterator[Batch], lanes: list[Lane],
                   after: Callable[[Lane], None]) -> None:
    """Batch i is stored by lanes[i % len(lanes)] in a thread of its own and checkpointed there; this
    thread counts, rejects, places and admits each batch's rows in the file's order first.

    For a source's first import, without conflation (opened_lanes): every batch then only creates
    cameras, and depends on no other batch's uncommitted rows (ids in the file are admitted here, in
    order). Each batch locks the cells it folds in key order, then the registry version, then commits,
    so two batches wait for each other but cannot deadlock; an operator the file names first is
    created by one batch, and the other's waits for that batch's commit. A re-import updates cameras,
    whose cells are folded at COMMIT after the version is locked: the reverse order, so it keeps to
    one lane. `after(lane)` runs here once a lane's batch is committed."""
    pending: list[Future[None] | None] = [None] * len(lanes)

    def settle() -> None:
        """Every lane's batch committed: placing an address-only row reads and writes the queue of
        rows that need a location (and the geocoder's cache, in the first session)."""
        for lane, future in enumerate(pending):
            _finish(state, future, lanes[lane], after)
            pending[lane] = None

    with ThreadPoolExecutor(len(lanes), thread_name_prefix="import-lane") as pool:
        try:
            for index, batch in enumerate(batches):
                lane = index % len(lanes)
                _finish(state, pending[lane], lanes[lane], after)
                pending[lane] = None
                accepted = state.triage(batch, lanes[lane].session, settle)
                pending[lane] = pool.submit(_store, state, lanes[lane], accepted)
            settle()
        except BaseException:
            # no session is touched while its lane still runs; a second interrupt here goes up at once
            wait([future for future in pending if future is not None])
            for each in lanes:
                with suppress(Exception):
                    each.rollback()  # what this thread began in it (a failed lane rolled back already)
            raise


def _store(state: Run, lane: Lane, accepted: Admitted) -> None:
    try:
        state.store(lane.writer, accepted)
        with state.waiting():
            lane.checkpoint()
    except BaseException:
        lane.rollback()  # at once: its locks would hold up the other lane until this one's error is seen
        raise


def _finish(state: Run, future: Future[None] | None, lane: Lane, after: Callable[[Lane], None]) -> None:
    if future is None:
        return
    with state.waiting():
        future.result()
    after(lane)
