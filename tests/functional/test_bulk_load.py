"""Bulk loads: imported cameras skip the per-row triggers, and every index they feed still adds up."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from cameramap.domain.records import Actor, ClaimRecord
from cameramap.services.imports.store import import_records
from cameramap.services.registry.cameras import add_camera, operator_named
from cameramap.storage import cellsql
from cameramap.storage.backends.sqlite_sql import bulk_triggers as sqlite_triggers
from cameramap.storage.bulkload import bulk_inserts
from cameramap.storage.clusters import registry_version
from cameramap.storage.database import read_only_intent
from cameramap.storage.models import Camera, CapabilityClaim
from tests.factories import TEST_SOURCE, camera_record
from tests.functional.api.test_clusters import (
    as_if_committed,  # noqa: F401 - a fixture
    expected_cells,
)

AUDIO = ClaimRecord("audio", "claimed", "document", "procurement lists microphones")
TEST_ACTOR = Actor("moderator", "bulk-test")
PLATE = ClaimRecord("licence_plate_recognition", "likely", "osm_tag", "surveillance:type=ALPR")


def cells(session, level: int) -> dict:
    columns = ", ".join(cellsql.COLUMNS)
    rows = session.execute(text(f"SELECT {columns} FROM camera_cells WHERE level = {level}")).all()
    return {tuple(r[1:4]): dict(zip(cellsql.ADDED, r[4:4 + len(cellsql.ADDED)], strict=True)) for r in rows}


def switched_on(session, backend: str) -> bool:
    if backend == "sqlite":  # the guarded INSERT triggers are gone for the block
        names = session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        return not set(sqlite_triggers()) & set(names)
    return session.execute(text("SELECT current_setting('cameramap.bulk_load', true)")).scalar() == "on"


@pytest.fixture
def wiretapper(session):
    """An operator whose every camera records sound (an operator-wide claim made before the import)."""
    operator = operator_named(session, "Wiretap Transit")
    session.add(CapabilityClaim(operator_id=operator.id, capability="audio", confidence="claimed",
                                evidence_kind="document", evidence_text="tender"))
    session.flush()
    return operator


def test_imported_cameras_inherit_and_claim_capabilities(session, wiretapper, as_if_committed):  # noqa: F811
    records = [camera_record(lon=24.9 + i / 1000, lat=60.2, operator=("Wiretap Transit", "Other")[i % 2],
                             claims=[PLATE] if i % 3 == 0 else []) for i in range(30)]
    import_records(session, TEST_SOURCE, records, complete=False)
    bits = dict(session.execute(text("SELECT id, capabilities FROM cameras")).all())
    for camera in session.scalars(select(Camera)).all():
        own = 2 if any(c.capability == "licence_plate_recognition" for c in camera.claims) else 0
        inherited = 16 if camera.operator_id == wiretapper.id else 0
        assert bits[camera.id] == own | inherited, camera.id
    for level in cellsql.LEVELS:
        assert cells(session, level) == expected_cells(session, level)


def test_every_index_takes_the_new_cameras(session, backend, as_if_committed):  # noqa: F811
    before = registry_version(session)
    records = [camera_record(lon=-170 + i * 8.3, lat=-50 + i * 2.9, claims=[AUDIO]) for i in range(40)]
    import_records(session, TEST_SOURCE, records, complete=False)
    ids = session.scalars(select(Camera.id).order_by(Camera.id)).all()
    assert len(ids) == 40
    assert registry_version(session) > before
    changes = session.execute(text("SELECT camera_id, kind FROM changes ORDER BY id")).all()
    assert [(c, "created") for c in ids] == [tuple(row) for row in changes[-40:]]
    if backend == "sqlite":
        indexed = session.scalars(text("SELECT id FROM camera_rtree ORDER BY id")).all()
        assert indexed == ids
    for level in (cellsql.LEVELS[0], cellsql.LEVELS[-1]):
        assert cells(session, level) == expected_cells(session, level)


def test_the_switch_is_off_after_the_block_and_triggers_run_again(session, backend, as_if_committed):  # noqa: F811
    import_records(session, TEST_SOURCE, [camera_record(lon=10.0, lat=50.0)], complete=False)
    assert not switched_on(session, backend)
    later = add_camera(session, {"lon": 10.001, "lat": 50.0, "camera_type": "dome"}, TEST_ACTOR)
    session.flush()
    assert later.id in session.scalars(text("SELECT camera_id FROM changes")).all()
    finest = cellsql.LEVELS[-1]
    assert cells(session, finest) == expected_cells(session, finest)


def test_an_error_inside_the_block_leaves_the_switch_off(session, backend):
    with pytest.raises(RuntimeError), bulk_inserts(session):
        assert switched_on(session, backend)
        raise RuntimeError("the import failed half-way")
    assert not switched_on(session, backend)


def test_the_switch_is_private_to_the_writing_transaction(session, engine, backend):
    with bulk_inserts(session):
        assert switched_on(session, backend)
        token = read_only_intent.set(True)  # a reader: SQLite would make a writer wait for this one
        try:
            with engine.connect() as other:
                seen = switched_on(other, backend)
        finally:
            read_only_intent.reset(token)
        assert not seen



def test_sqlite_triggers_come_back_exactly_as_stored(session, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL keeps its triggers and turns their guard on")
    stored = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    before = session.execute(stored).all()
    with bulk_inserts(session):
        assert len(session.execute(stored).all()) == len(before) - len(sqlite_triggers())
    assert session.execute(stored).all() == before
