"""The import service: idempotent, revisions on change, missing-from-source marking."""

from sqlalchemy import func, select

from cameramap.services.imports.store import import_records
from cameramap.storage.models import Camera, Provenance, Revision
from tests.factories import TEST_SOURCE, camera_record


def test_reimport_changes_nothing(session):
    records = [camera_record(source_record_id="a"), camera_record(source_record_id="b")]
    first = import_records(session, TEST_SOURCE, records)
    second = import_records(session, TEST_SOURCE, records)
    assert (first.created, second.created, second.unchanged) == (2, 0, 2)
    assert session.scalar(select(func.count(Revision.id))) == 2


def test_changed_record_updates_and_writes_revision(session):
    import_records(session, TEST_SOURCE, [camera_record(source_record_id="a")])
    summary = import_records(session, TEST_SOURCE,
                             [camera_record(source_record_id="a", camera_type="dome")])
    assert summary.updated == 1
    camera = session.scalars(select(Camera)).one()
    assert camera.camera_type == "dome"
    update = camera.revisions[-1]
    assert update.action == "update"
    assert (update.before["camera_type"], update.after["camera_type"]) == ("fixed", "dome")


def test_missing_record_is_marked_not_deleted(session):
    import_records(session, TEST_SOURCE, [camera_record(source_record_id="a"),
                                          camera_record(source_record_id="b")])
    summary = import_records(session, TEST_SOURCE, [camera_record(source_record_id="a")])
    assert summary.missing_from_source == 1
    link = session.scalars(select(Provenance).where(Provenance.source_record_id == "b")).one()
    assert link.missing_from_source and link.camera is not None


def test_demo_loads_221_helsinki_cameras(demo, session):
    assert demo.created == 221
    assert session.scalar(select(func.count(Camera.id))) == 221
