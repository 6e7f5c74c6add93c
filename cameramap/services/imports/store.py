"""Store rows from one source: keyed by (source, record id), idempotent, batched, conflated, reported."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from ...domain.geo import Point
from ...domain.records import Actor, CameraRecord, SourceSpec
from ...importers.items import Accepted, Item, Rejected, Unlocated
from ...storage.backends import backend_for
from ...storage.imports import ImportRun
from ...storage.models import Provenance, Source, utcnow
from ..registry.sources import ensure_source
from .conflation import Conflator
from .pending import hold_row, located_record, release_row
from .pipeline import Batch, fewer_collections, opened, prefetched, staged_batches
from .replacing import ReplaceGuard
from .report import ImportReport, ImportSummary
from .runs import mark_interrupted, this_runner
from .stage import Staged, record_hash, stage
from .writer import BatchWriter

__all__ = ["Checkpoints", "ImportOptions", "ImportReport", "ImportSummary", "import_items", "import_records",
           "record_hash"]
Geocode = Callable[[str], Point | None]


class Checkpoints(Protocol):
    """The import runner's transaction control: it commits each batch (services never commit)."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


@dataclass
class ImportOptions:
    batch_size: int = 1000
    complete: bool = True  # mark this source's records absent from the run as missing from source
    dry_run: bool = False  # do everything, then roll back
    conflate_m: float | None = None  # link to another source's camera within this distance
    geocode: Geocode | None = None  # places address-only rows; None keeps them as "needs location"
    actor: Actor | None = None
    on_batch: Callable[[ImportSummary], None] | None = None
    path: str | None = None
    format: str | None = None
    prefetch: bool = True  # read the next batches in a thread while writing this one
    checkpoints: Checkpoints | None = None  # the runner's commit per batch; None: the caller's unit
    replace: bool = False  # a complete import may mark most of the source's records missing



class _Run:
    """One import's state across batches: writer, conflator, ids seen in this file, the report."""

    def __init__(self, session: Session, source: Source, options: ImportOptions, report: ImportReport):
        self.session, self.options, self.report = session, options, report
        self.gate = threading.Event()  # open while the reader thread may run (import_pipeline)
        self.waiting = partial(opened, self.gate)
        self.writer = BatchWriter(session, source, options.actor or Actor("import", source.name),
                                  waiting=self.waiting)
        self.conflator = Conflator(session, source.id, options.conflate_m)
        self.seen: dict[str, int] = {}  # source id -> digest prefix << 32 | row
        self.guard = ReplaceGuard(session, source, options.complete, options.replace)

    def locate(self, item: Unlocated) -> Accepted | None:
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
        source_id = self.writer.source.id
        if point is None:
            summary.needs_location += 1
            hold_row(self.session, source_id, item, reason, self.options.conflate_m)
            self.report.needs_location.append({"row": item.row, "reason": reason, "address": item.address,
                                               "source_id": item.fields.get("source_record_id"),
                                               "values": item.values})
            return None
        release_row(self.session, source_id, str(item.fields.get("source_record_id")), point)
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
        summary, report = self.report.summary, self.report
        accepted: list[tuple[Accepted, Staged]] = []
        for item, staged in batch:
            summary.read += 1
            if isinstance(item, Rejected):
                report.reject(item.row, item.code, item.message, item.values, detail=item.detail)
                continue
            if isinstance(item, Unlocated):
                if (located := self.locate(item)) is None:
                    continue
                item, staged = located, stage(located.record, backend_for(self.session).text_rows)
            assert staged is not None
            if self.admit(item, staged):
                accepted.append((item, staged))
                report.repaired(item.repairs)
                if item.outlier:
                    report.outlier_kept(item.row, item.record.source_record_id, item.outlier)
                if item.notes:
                    report.notes.extend({"row": item.row, "source_id": item.record.source_record_id,
                                         "note": n} for n in item.notes)
        self._store(accepted)

    def _store(self, accepted: list[tuple[Accepted, Staged]]) -> None:
        summary = self.report.summary
        links = self.writer.links([item.record.source_record_id for item, _ in accepted])
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
                self.writer.change(link[0], item.record, staged.digest)
                summary.updated += 1
        summary.unchanged += len(unchanged)
        self.writer.touch(unchanged)
        matches = self.conflator.match([item.record for item, _ in new])
        for index, (camera_id, distance) in matches.items():
            item, staged = new[index]
            self.writer.link(camera_id, staged)
            self.report.conflated.append({
                "row": item.row, "source_id": item.record.source_record_id, "camera_id": camera_id,
                "distance_m": distance, "values": item.values})
        summary.conflated += len(matches)
        created = [staged for i, (_item, staged) in enumerate(new) if i not in matches]
        summary.created += len(self.writer.create(created))


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
    ask for smaller batches and a pause after each commit, for other writers)."""
    options, backend = state.options, backend_for(session)
    committing = options.checkpoints is not None
    size = backend.import_slice(options.batch_size) if committing else options.batch_size
    if options.prefetch:
        batches = prefetched(staged_batches(items, size, state.gate, backend.text_rows), state.gate)
    else:
        batches = staged_batches(items, size, text_rows=backend.text_rows)
    # closing: on an error too, the reader thread ends and lets go of the file
    with closing(batches), fewer_collections():
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
