"""Store rows from one source: keyed by (source, record id), idempotent, batched, conflated, reported."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from ...domain.records import Actor, CameraRecord, SourceSpec
from ...importers.items import Accepted, Item, Rejected, Unlocated
from ...storage.backends import backend_for
from ...storage.imports import ImportRun
from ...storage.models import Provenance, Source, utcnow
from ..registry.sources import ensure_source
from .conflation import Conflator
from .lanes import Lane, opened_lanes, write_in_lanes
from .options import Checkpoints, ImportOptions
from .pending import hold_row, located_record, release_row
from .pipeline import Batch, Gate, fewer_collections, opened, prefetched, quick_switches, staged_batches
from .replacing import ReplaceGuard
from .report import ImportReport, ImportSummary
from .runs import mark_interrupted, this_runner
from .stage import Staged, record_hash, stage
from .writer import BatchWriter

__all__ = ["Checkpoints", "ImportOptions", "ImportReport", "ImportSummary", "import_items", "import_records",
           "record_hash"]


class _Run:
    """One import's state across batches: writer, conflator, ids seen in this file, the report."""

    def __init__(self, session: Session, source: Source, options: ImportOptions, report: ImportReport):
        self.session, self.options, self.report = session, options, report
        self.source_id = source.id  # read in any thread (an expired Source would load in its session)
        self.gate = Gate()  # open while the reader thread may run (import_pipeline)
        self.waiting = partial(opened, self.gate)
        self.actor = options.actor or Actor("import", source.name)
        self.writer = BatchWriter(session, source, self.actor, waiting=self.waiting)
        self.counting = threading.Lock()  # lanes (lanes.py) store batches in two threads
        self.conflator = Conflator(session, source.id, options.conflate_m)
        self.seen: dict[str, int] = {}  # source id -> digest prefix << 32 | row
        self.guard = ReplaceGuard(session, source, options.complete, options.replace)

    def locate(self, item: Unlocated, session: Session) -> Accepted | None:
        """Place an address-only row by geocoding; one no geocoder can place yet waits in the queue."""
        summary, geocode = self.report.summary, self.options.geocode
        point, reason = None, "needs_location"
        if geocode is not None:
            reason = "geocoding_failed"
            try:
                with self.waiting():  # a network wait: the reader runs meanwhile
                    point = geocode(item.address)
            except Exception:  # noqa: BLE001 - a geocoder outage must not abort the file
                point = None
        source_id = self.source_id
        if point is None:
            summary.needs_location += 1
            hold_row(session, source_id, item, reason, self.options.conflate_m)
            self.report.needs_location.append({"row": item.row, "reason": reason, "address": item.address,
                                               "source_id": item.fields.get("source_record_id"),
                                               "values": item.values})
            return None
        release_row(session, source_id, str(item.fields.get("source_record_id")), point)
        record = located_record(point, item.fields, item.address)
        return Accepted(item.row, record, item.values, (f"located by geocoding {item.address!r}",))

    def admit(self, item: Accepted, staged: Staged) -> bool:
        """Whether the row is new in this file (a repeated row or id is rejected)."""
        sid, prefix = item.record.source_record_id, int(staged.digest[:8], 16)
        earlier = self.seen.get(sid)
        if earlier is None:
            self.seen[sid] = prefix << 32 | item.row
            return True
        first = earlier & 0xFFFFFFFF
        code = "duplicate_row" if earlier >> 32 == prefix else "duplicate_id"
        message = (f"an exact duplicate of row {first}" if code == "duplicate_row"
                   else f"repeats id {sid!r} of row {first} with different values")
        self.report.reject(item.row, code, message, item.values, sid)
        return False

    def process(self, batch: Batch) -> None:
        self.store(self.writer, self.triage(batch, self.session))

    def triage(self, batch: Batch, session: Session,
               settle: Callable[[], None] | None = None) -> list[tuple[Accepted, Staged]]:
        """Count, reject, place and admit a batch's rows in the file's order: the rows to store.
        `settle` runs before the batch's first address-only row is placed (lanes.py)."""
        summary, report = self.report.summary, self.report
        accepted: list[tuple[Accepted, Staged]] = []
        for item, staged in batch:
            summary.read += 1
            if isinstance(item, Rejected):
                report.reject(item.row, item.code, item.message, item.values, detail=item.detail)
                continue
            if isinstance(item, Unlocated):
                if settle is not None:  # once a batch
                    settle()
                    settle = None
                if (located := self.locate(item, session)) is None:
                    continue
                item, staged = located, stage(located.record, backend_for(session).text_rows)
            assert staged is not None
            if self.admit(item, staged):
                accepted.append((item, staged))
                report.repaired(item.repairs)
                if item.outlier:
                    report.outlier_kept(item.row, item.record.source_record_id, item.outlier)
                if item.notes:
                    report.notes.extend({"row": item.row, "source_id": item.record.source_record_id,
                                         "note": n} for n in item.notes)
        return accepted

    def store(self, writer: BatchWriter, accepted: list[tuple[Accepted, Staged]]) -> None:
        """Create, change, touch or link each admitted row's camera through `writer` (its session)."""
        links = writer.links([item.record.source_record_id for item, _ in accepted])
        self.guard.first_batch(len(accepted), len(links))
        new: list[tuple[Accepted, Staged]] = []
        unchanged: list[int] = []
        for item, staged in accepted:
            link = links.get(item.record.source_record_id)
            if link is None:
                new.append((item, staged))
            elif link[1] == staged.digest:
                unchanged.append(link[0])
            else:
                writer.change(link[0], item.record, staged.digest)
        writer.touch(unchanged)
        matches = self.conflator.match([item.record for item, _ in new])
        for index, (camera_id, distance) in matches.items():
            item, staged = new[index]
            writer.link(camera_id, staged)
            self.report.conflated.append({
                "row": item.row, "source_id": item.record.source_record_id, "camera_id": camera_id,
                "distance_m": distance, "values": item.values})
        created = writer.create([staged for i, (_item, staged) in enumerate(new) if i not in matches])
        with self.counting:
            summary = self.report.summary
            summary.updated += len(accepted) - len(new) - len(unchanged)
            summary.unchanged += len(unchanged)
            summary.conflated += len(matches)
            summary.created += len(created)


def _mark_missing(session: Session, source: Source, started: datetime) -> int:
    result = cast(CursorResult[Any], session.execute(
        update(Provenance)
        .where(Provenance.source_id == source.id, Provenance.last_seen_at < started,
               Provenance.missing_from_source.is_(False))
        .values(missing_from_source=True)
    ))
    return result.rowcount or 0


def _changed(summary: ImportSummary) -> bool:
    """Did the run change anything readers see (an unchanged re-import bumps no version)?"""
    return bool(summary.created or summary.updated or summary.conflated or summary.missing_from_source)


def _checkpoint(session: Session, options: ImportOptions) -> None:
    """End a batch: the runner commits it; without a runner it only reaches the database."""
    if options.checkpoints is not None:
        options.checkpoints.commit()
    else:
        session.flush()


def import_items(session: Session, spec: SourceSpec, items: Iterable[Item],
                 options: ImportOptions | None = None) -> ImportReport:
    """Create, update, link or leave each row's camera, batch by batch.

    With `options.checkpoints` the runner commits each batch: a crash leaves whole batches only, the
    run is recorded as failed, and re-running finishes the job, since every row is keyed. Without,
    the import is part of the caller's unit of work. A dry run is rolled back to a savepoint.
    """
    options = options or ImportOptions()
    if not options.dry_run:
        return _import(session, spec, items, options)
    savepoint = session.begin_nested()
    try:
        return _import(session, spec, items, replace(options, checkpoints=None))
    finally:
        savepoint.rollback()


def _import(session: Session, spec: SourceSpec, items: Iterable[Item],
            options: ImportOptions) -> ImportReport:
    report = ImportReport(spec.name, dry_run=options.dry_run)
    source = ensure_source(session, spec)
    if not source.licence:
        report.warnings.append(f"no licence is recorded for source '{source.name}': the exports and "
                               "LICENCE.txt say 'not stated (ask the source before reuse)' and leave its "
                               "cameras out of the OSM export; --licence (or the mapping's source.licence) "
                               "records it")
    started = utcnow()
    mark_interrupted(session, started)  # runs killed before this one never finish
    run = ImportRun(source_id=source.id, path=options.path, format=options.format, started_at=started,
                    alive_at=started, runner=this_runner())
    session.add(run)
    _checkpoint(session, options)
    state = _Run(session, source, options, report)
    try:
        _write_batches(session, state, items, run)
        if options.complete:
            state.guard.before_marking(started)
            report.summary.missing_from_source = _mark_missing(session, source, started)
        if _changed(report.summary):
            source.imported_at = utcnow()
        run.status, run.finished_at, run.summary = "completed", utcnow(), report.summary.as_dict()
        _checkpoint(session, options)
    except BaseException:
        if options.checkpoints is not None:
            options.checkpoints.rollback()
            _fail(session, run.id, report)
            options.checkpoints.commit()
        raise
    return report


def _write_batches(session: Session, state: _Run, items: Iterable[Item], run: ImportRun) -> None:
    """Read, stage and write the rows batch by batch, each batch ended by a checkpoint (the backend may
    ask for smaller batches and a pause after each commit, for other writers). Written in two lanes,
    batches are half as large: two are stored at once, and the rows held are those of one."""
    options, backend = state.options, backend_for(session)
    committing = options.checkpoints is not None
    size = backend.import_slice(options.batch_size) if committing else options.batch_size
    main = Lane(session, state.writer, partial(_checkpoint, session, options),
                options.checkpoints.rollback if options.checkpoints else session.rollback)
    lanes = opened_lanes(state, backend.import_lanes, main, options.lane) if committing else []
    size = max(1, size // len(lanes)) if lanes else size
    if options.prefetch:
        batches = prefetched(staged_batches(items, size, state.gate, backend.text_rows), state.gate)
    else:
        batches = staged_batches(items, size, text_rows=backend.text_rows)
    # closing: on an error too, the reader thread ends and lets go of the file
    with closing(batches), fewer_collections(), quick_switches():
        if lanes:
            write_in_lanes(state, batches, lanes, partial(_after_lane, state, run, lanes[0]))
            return
        for batch in batches:
            backend.tune_import(session)
            state.process(batch)
            run.alive_at = utcnow()
            with state.waiting():
                _checkpoint(session, options)
                if committing:
                    backend.import_pause()  # other writers' turn (the reader runs meanwhile)
            if options.on_batch:
                options.on_batch(state.report.summary)


def _after_lane(state: _Run, run: ImportRun, main: Lane, lane: Lane) -> None:
    """A lane's batch is committed: the run is alive (written with the main lane's next batch)."""
    if lane is main:
        run.alive_at = utcnow()
    if state.options.on_batch:
        state.options.on_batch(state.report.summary)


def _fail(session: Session, run_id: int, report: ImportReport) -> None:
    run = session.get(ImportRun, run_id)
    if run is not None:
        run.status, run.finished_at, run.summary = "failed", utcnow(), report.summary.as_dict()


def import_records(
    session: Session, spec: SourceSpec, records: Iterable[CameraRecord],
    actor: Actor | None = None, batch_size: int = 1000, complete: bool = True,
    conflate_m: float | None = None,
) -> ImportSummary:
    """Import ready-made records (demo loader, tests): see import_items."""
    items = (Accepted(row, record) for row, record in enumerate(records, start=1))
    options = ImportOptions(batch_size=batch_size, complete=complete, actor=actor, conflate_m=conflate_m)
    return import_items(session, spec, items, options).summary
