"""Bulk loads on PostgreSQL: foreign keys checked once per batch, cells folded without delta rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from cameramap.domain.records import ClaimRecord
from cameramap.services.imports.store import import_records
from cameramap.services.registry.cameras import add_camera, operator_named
from cameramap.storage import cellsql
from cameramap.storage.backends import backend_for, postgis_bulk
from cameramap.storage.models import Camera, Source
from tests.factories import TEST_SOURCE, camera_record
from tests.functional.api.test_clusters import expected_cells
from tests.functional.test_bulk_load import TEST_ACTOR, cells

PLATE = ClaimRecord("licence_plate_recognition", "likely", "osm_tag", "surveillance:type=ALPR")
ORPHANS = {  # rows whose parent is missing, per foreign key an import fills
    "cameras.operator_id": "SELECT count(*) FROM cameras c WHERE c.operator_id IS NOT NULL AND NOT EXISTS "
                           "(SELECT 1 FROM operators o WHERE o.id = c.operator_id)",
    "revisions.camera_id": "SELECT count(*) FROM revisions r WHERE NOT EXISTS "
                           "(SELECT 1 FROM cameras c WHERE c.id = r.camera_id)",
    "provenance.camera_id": "SELECT count(*) FROM provenance p WHERE NOT EXISTS "
                            "(SELECT 1 FROM cameras c WHERE c.id = p.camera_id)",
    "provenance.source_id": "SELECT count(*) FROM provenance p WHERE NOT EXISTS "
                            "(SELECT 1 FROM sources s WHERE s.id = p.source_id)",
    "capability_claims.camera_id": "SELECT count(*) FROM capability_claims k WHERE k.camera_id IS NOT NULL "
                                   "AND NOT EXISTS (SELECT 1 FROM cameras c WHERE c.id = k.camera_id)",
}


def role(session) -> str:
    return session.execute(text("SELECT current_setting('session_replication_role')")).scalar_one()


@pytest.fixture
def postgres(backend):
    if backend != "postgresql":
        pytest.skip("SQLite checks its foreign keys in-process, row by row")


def records(count: int = 60, lon: float = 24.9):
    return [camera_record(lon=lon + i / 500, lat=60.2, operator=("Bulk Operator A", "Bulk Operator B")[i % 2],
                          claims=[PLATE] if i % 3 == 0 else []) for i in range(count)]


def test_an_import_leaves_no_reference_dangling_and_checks_on_again(session):
    import_records(session, TEST_SOURCE, records(), complete=False)
    assert session.scalar(select(Camera.id).limit(1)) is not None
    assert {name: session.execute(text(sql)).scalar_one() for name, sql in ORPHANS.items()} == dict.fromkeys(
        ORPHANS, 0)
    if backend_for(session).name == "postgresql":
        assert role(session) == "origin"


def test_checks_are_off_inside_only_for_a_role_that_may(session, postgres):
    source = session.scalar(select(Source.id).limit(1)) or _source(session)
    operator = operator_named(session, "Bulk Operator A").id
    with postgis_bulk.own_references(session, {"sources": {source}, "operators": {operator}}) as skipped:
        assert skipped and role(session) == "replica"
    assert role(session) == "origin"


def test_a_missing_parent_keeps_every_row_checked(session, postgres):
    source = _source(session)
    with postgis_bulk.own_references(session, {"sources": {source, 10**9}}) as skipped:
        assert not skipped and role(session) == "origin"


def test_a_role_that_may_not_gets_every_row_checked(session, postgres, monkeypatch):
    monkeypatch.setattr(postgis_bulk, "MAY_SKIP_CHECKS", text("SELECT false"))
    with postgis_bulk.own_references(session, {"sources": {_source(session)}}) as skipped:
        assert not skipped and role(session) == "origin"
    import_records(session, TEST_SOURCE, records(10), complete=False)
    assert session.scalar(text("SELECT count(*) FROM revisions")) == 10


def test_an_unknown_parent_table_is_refused(session, postgres):
    with pytest.raises(ValueError, match="not a parent table"), \
            postgis_bulk.own_references(session, {"cameras": {1}}):
        pass


def test_the_fold_takes_the_transactions_own_pending_changes_along(session, postgres):
    """A camera moved and one deleted earlier in the import's transaction are folded with the bulk-loaded
    ones, in one statement; the commit-time fold then has nothing left to add."""
    lonely = add_camera(session, {"lon": -120.0, "lat": -40.0, "camera_type": "dome"}, TEST_ACTOR)
    moved = add_camera(session, {"lon": 10.0, "lat": 50.0, "camera_type": "fixed"}, TEST_ACTOR)
    session.flush()
    session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))  # as if committed before the import
    session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
    moved.lon = 11.0
    session.flush()
    session.execute(text("DELETE FROM cameras WHERE id = :id"), {"id": lonely.id})  # revisions cascade
    session.expunge(lonely)
    assert session.scalar(text("SELECT count(*) FROM camera_cell_deltas")) == 3  # -1 +1 for moved, -1 lonely
    import_records(session, TEST_SOURCE, records(), complete=False)
    assert session.scalar(text("SELECT count(*) FROM camera_cell_deltas")) == 0
    for level in cellsql.LEVELS:
        assert cells(session, level) == expected_cells(session, level), level
    session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))  # the fold COMMIT would run
    for level in cellsql.LEVELS:
        assert cells(session, level) == expected_cells(session, level), level


def _source(session) -> int:
    source = Source(name="bulk references test", kind="open_data")
    session.add(source)
    session.flush()
    return source.id


def test_an_error_inside_leaves_the_error_not_a_second_one(session, postgres):
    savepoint = session.begin_nested()
    with pytest.raises(Exception, match="no_such_table"), \
            postgis_bulk.own_references(session, {"sources": {_source(session)}}):
        session.execute(text("SELECT * FROM no_such_table"))
    savepoint.rollback()
    assert role(session) == "origin"


@pytest.mark.parametrize("before", ["on", "off"])
def test_the_fold_groups_by_sorting_and_puts_the_planner_setting_back(session, postgres, monkeypatch, before):
    seen = []
    real = postgis_bulk.FOLD

    def spy(statement, *args, **kwargs):
        if statement is real:
            seen.append(session.execute(text("SELECT current_setting('enable_hashagg')")).scalar_one())
        return execute(statement, *args, **kwargs)

    session.execute(text(f"SET LOCAL enable_hashagg = {before}"))
    execute = session.execute
    monkeypatch.setattr(session, "execute", spy)
    import_records(session, TEST_SOURCE, records(), complete=False)
    monkeypatch.undo()
    assert seen == ["off"]
    assert session.execute(text("SELECT current_setting('enable_hashagg')")).scalar_one() == before
    for level in cellsql.LEVELS:
        assert cells(session, level) == expected_cells(session, level), level
