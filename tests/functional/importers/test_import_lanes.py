"""An import in two sessions (PostgreSQL): alternate batches, each committed whole, as one session would."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from cameramap.domain.geo import Point
from cameramap.domain.records import ClaimRecord, SourceSpec
from cameramap.importers.items import Accepted, Unlocated
from cameramap.services.imports import lanes
from cameramap.services.imports.replacing import SourceReplaced
from cameramap.services.imports.store import ImportOptions, import_items
from cameramap.services.imports.writer import BatchWriter
from cameramap.services.registry import cameras
from cameramap.storage import clusters
from cameramap.storage.gazetteer import GeocodePending
from cameramap.storage.imports import ImportRun
from cameramap.storage.models import Camera, CapabilityClaim, Operator, Provenance, Revision
from tests.databases import migrated_engine
from tests.factories import camera_record

ROWS, BATCH = 1_200, 100
HALF = BATCH // 2  # two lanes write half batches (the rows held are one batch's): twelve a lane
SPEC = SourceSpec("Synthetic lanes", "open_data")
FACE = ClaimRecord("face_recognition", "likely", "official_registry", "SYNTHETIC test claim")


def _items(prefix: str = "r", rows: int = ROWS) -> list[Accepted]:
    """SYNTHETIC cameras in one small area, so both lanes' folds share the coarse cells; every third
    with a claim."""
    return [Accepted(row, camera_record(
        lon=24.9 + (row * 37 % 1000) / 10_000, lat=60.15 + (row * 53 % 500) / 10_000,
        source_record_id=f"{prefix}{row}", claims=[FACE] if row % 3 == 0 else []))
        for row in range(1, rows + 1)]


def _import(engine, items, spec=SPEC, **options):
    with Session(engine) as session, Session(engine) as second:
        return import_items(session, spec, items,
                            ImportOptions(batch_size=BATCH, checkpoints=session, lane=second, **options))


def _cells(session: Session) -> set[tuple]:
    return {tuple(row) for row in session.execute(text(
        "SELECT level, x, y, status, count, sum_id, c_face_recognition FROM camera_cells"))}


def _assert_whole(engine, cameras: int) -> None:
    """`cameras` cameras, each with its one create revision and link, claims as staged, cells exact."""
    with Session(engine) as session:
        assert session.scalar(select(func.count(Camera.id))) == cameras
        assert session.scalar(select(func.count(Provenance.id))) == cameras
        assert session.scalar(select(func.count(Revision.id)).where(Revision.action == "create")) == cameras
        claimed = session.scalars(select(Provenance.source_record_id).join(
            CapabilityClaim, CapabilityClaim.camera_id == Provenance.camera_id)).all()
        assert all(int(record[1:]) % 3 == 0 for record in claimed)
        folded = _cells(session)
        clusters.rebuild(session)  # recomputed from the cameras, in this transaction
        assert folded == _cells(session)
        session.rollback()


@pytest.fixture
def stores(monkeypatch):
    """The session each batch was stored in, in the order the batches were handed to the lanes."""
    seen: list[Session] = []
    store = lanes._store

    def spy(state, lane, accepted):
        seen.append(lane.session)
        return store(state, lane, accepted)

    monkeypatch.setattr(lanes, "_store", spy)
    return seen


def test_two_lanes_store_alternate_batches_with_the_result_of_one(tmp_path, backend, stores):
    items = _items()
    items[449] = Accepted(450, camera_record(lon=25.0, lat=60.2, source_record_id="r30", claims=[]))
    with migrated_engine(tmp_path, "lanes") as engine:
        report = _import(engine, items)
        summary = report.summary
        assert (summary.read, summary.created, summary.rejected) == (ROWS, ROWS - 1, {"duplicate_id": 1})
        assert report.rejected[0]["row"] == 450 and "row 30" in report.rejected[0]["message"]
        _assert_whole(engine, ROWS - 1)
        if backend == "postgresql":
            assert len(stores) == ROWS // HALF and len(set(map(id, stores))) == 2
            assert stores[0::2] == [stores[0]] * 12 and stores[1::2] == [stores[1]] * 12
        else:
            assert stores == []  # one writer at a time: the second session is not used
        again = _import(engine, _items()).summary  # idempotent: nothing new, nothing changed
        assert (again.created, again.updated, again.unchanged) == (1, 0, ROWS - 1)
        with Session(engine) as session:
            run = session.scalars(select(ImportRun).order_by(ImportRun.id.desc())).first()
            assert run is not None and run.status == "completed" and run.summary["unchanged"] == ROWS - 1


def test_a_batch_failing_in_the_second_lane_leaves_whole_batches_and_a_rerun_finishes(
        tmp_path, backend, monkeypatch):
    if backend != "postgresql":
        pytest.skip("SQLite imports in one session")
    create, calls = BatchWriter.create, []

    def failing(writer, records):
        calls.append(writer.session)
        if len(calls) == 4:  # the fourth batch: the second lane's second
            raise RuntimeError("SYNTHETIC failure in a batch")
        return create(writer, records)

    monkeypatch.setattr(BatchWriter, "create", failing)
    with migrated_engine(tmp_path, "lanes_fail") as engine:
        with pytest.raises(RuntimeError, match="SYNTHETIC"):
            _import(engine, _items())
        assert calls[3] is calls[1] and calls[3] is not calls[0]
        with Session(engine) as session:
            stored = session.scalar(select(func.count(Camera.id)))
            assert session.scalar(select(ImportRun.status)) == "failed"
        assert stored % HALF == 0 and 3 * HALF <= stored < ROWS  # whole batches, the failed one not
        _assert_whole(engine, stored)
        monkeypatch.setattr(BatchWriter, "create", create)
        summary = _import(engine, _items()).summary
        assert (summary.created, summary.unchanged) == (ROWS - stored, stored)
        _assert_whole(engine, ROWS)


def test_a_reimport_and_a_conflating_import_keep_to_one_session(tmp_path, backend, stores):
    with migrated_engine(tmp_path, "lanes_one") as engine:
        _import(engine, _items())
        stores.clear()
        changed = [Accepted(item.row, replace(item.record, notes=f"moved {item.row}"))
                   if item.row % 2 else item for item in _items()]
        summary = _import(engine, changed).summary  # updates fold at COMMIT: one lane (lanes.py)
        assert (summary.updated, summary.unchanged) == (ROWS // 2, ROWS // 2)
        with pytest.raises(SourceReplaced):
            _import(engine, _items(prefix="other-"))  # another dataset's ids under the same source
        # a new source, but its records are linked to the cameras already there
        conflating = _import(engine, _items(prefix="near-"), SourceSpec("Synthetic near", "open_data"),
                             conflate_m=5.0).summary
        assert (conflating.created, conflating.conflated) == (0, ROWS)
        assert stores == []


def test_two_lanes_creating_the_same_new_operators_in_opposite_orders_do_not_deadlock(
        tmp_path, backend, monkeypatch, stores):
    if backend != "postgresql":
        pytest.skip("SQLite imports in one session")
    named = cameras.operator_named

    def slow(session, name):  # holds each new operator a while before the next: the lanes overlap
        operator = named(session, name)
        time.sleep(0.2)
        return operator

    monkeypatch.setattr(cameras, "operator_named", slow)
    items = []
    for row in range(1, 4 * HALF + 1):  # four half-batches; batches 2k and 2k+1 name the same two
        batch = (row - 1) // HALF
        pair = (f"SYNTHETIC operator {batch // 2} a", f"SYNTHETIC operator {batch // 2} b")
        first = pair if batch % 2 == 0 else pair[::-1]  # met in opposite orders by the two lanes
        items.append(Accepted(row, camera_record(lon=24.9 + row / 10_000, lat=60.17, claims=[],
                                                 source_record_id=f"r{row}", operator=first[row % 2 == 0])))
    with migrated_engine(tmp_path, "lanes_operators") as engine:
        assert _import(engine, items).summary.created == 4 * HALF
        assert len(set(map(id, stores))) == 2
        with Session(engine) as session:
            names = session.scalars(select(Operator.name)).all()
        assert sorted(names) == sorted({item.record.operator for item in items})


def test_rows_placed_or_held_wait_until_no_lane_is_writing(tmp_path, backend, stores, monkeypatch):
    busy: list[int] = []
    store = lanes._store

    def tracked(state, lane, accepted):
        busy.append(1)
        try:
            return store(state, lane, accepted)
        finally:
            busy.pop()

    monkeypatch.setattr(lanes, "_store", tracked)
    seen_busy: list[int] = []

    def geocode(address: str):
        seen_busy.append(len(busy))  # the geocoder's cache lives in the first session
        return None if address.startswith("nowhere") else Point(24.95, 60.17)

    items: list = _items(rows=6 * HALF)
    for row in (HALF + 5, 2 * HALF + 5):  # one id, address only, in two batches of two lanes
        items[row - 1] = Unlocated(row, "nowhere street 1", {"source_record_id": "held", "notes": str(row)})
    items[4 * HALF + 5 - 1] = Unlocated(4 * HALF + 5, "somewhere 2", {"source_record_id": "placed"})
    with migrated_engine(tmp_path, "lanes_places") as engine:
        summary = _import(engine, items, geocode=geocode).summary
        assert (summary.needs_location, summary.created) == (2, 6 * HALF - 2)
        assert seen_busy == [0, 0, 0]
        with Session(engine) as session:
            held = session.scalars(select(GeocodePending.status)).all()
        assert held == ["waiting"]  # the second row updated the first one's place in the queue
        if backend == "postgresql":
            assert len(set(map(id, stores))) == 2
