"""Each moderation action is one unit of work: when its second write fails, nothing of its first stays."""

from __future__ import annotations

import base64
import os

import pytest
from sqlalchemy import func, select

from cameramap.extensions import db, settings
from cameramap.services.moderation import review
from cameramap.services.registry import cameras, revisions
from cameramap.storage.models import Camera, CapabilityClaim, Operator, Provenance, Revision
from cameramap.storage.submissions import CameraReport, Confirmation, Photo, Submission
from tests.factories import make_camera
from tests.functional.moderation.test_moderation import login, post, submit
from tests.functional.submissions.helpers import HELSINKI, jpeg_with_metadata, solution


class SecondWriteFailed(RuntimeError):
    pass


def fail_after_flush(*_args, **_kwargs):
    """The second write: fails once the first has reached the database."""
    db.session().flush()
    raise SecondWriteFailed("the second write of the operation failed")


def rows(session, *models) -> dict[str, int]:
    session.expire_all()
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in models}


def pending(session, submission_id: int) -> bool:
    session.expire_all()
    submission = session.get(Submission, submission_id)
    return submission.status == "pending" and submission.locked_by is None and submission.camera_id is None


def test_approve_leaves_no_camera_when_the_decision_fails(sclient, session, moderator, monkeypatch):
    submission_id = submit(sclient, operator="Metro Security",
                           capabilities=[{"capability": "face_recognition", "evidence": "logo"}])
    login(sclient)
    before = rows(session, Camera, Revision, Provenance, Operator, CapabilityClaim)
    monkeypatch.setattr(review, "_decide", fail_after_flush)
    response = post(sclient, f"/moderate/submissions/{submission_id}/approve")
    assert response.status_code == 500
    assert rows(session, Camera, Revision, Provenance, Operator, CapabilityClaim) == before
    assert pending(session, submission_id)


def test_merge_leaves_the_camera_as_it_was_when_the_provenance_fails(sclient, session, moderator,
                                                                        monkeypatch):
    camera = make_camera(session, lon=HELSINKI["lon"], lat=HELSINKI["lat"], camera_type=None)
    submission_id = submit(sclient, camera_type="dome")
    login(sclient)
    before = rows(session, Revision, Provenance)
    monkeypatch.setattr(review, "_provenance", fail_after_flush)
    response = post(sclient, f"/moderate/submissions/{submission_id}/merge", camera_id=str(camera.id))
    assert response.status_code == 500
    assert rows(session, Revision, Provenance) == before
    assert session.get(Camera, camera.id).camera_type is None
    assert pending(session, submission_id)


def test_reject_keeps_the_photo_when_the_decision_fails(sclient, session, moderator, submission_app,
                                                         monkeypatch):
    submission_id = submit(sclient, photo=base64.b64encode(jpeg_with_metadata()).decode())
    filename = session.scalars(select(Photo)).one().filename
    login(sclient)
    monkeypatch.setattr(review, "_decide", fail_after_flush)
    response = post(sclient, f"/moderate/submissions/{submission_id}/reject", reason="not a camera")
    assert response.status_code == 500
    assert rows(session, Photo) == {"Photo": 1}
    # the file goes only once the photo's deletion is committed
    assert os.path.exists(os.path.join(settings(submission_app).media_dir, filename))
    assert pending(session, submission_id)


def test_resolving_a_report_keeps_the_camera_when_the_report_update_fails(sclient, session, moderator,
                                                                          monkeypatch):
    camera = make_camera(session)
    response = sclient.post(f"/api/v1/cameras/{camera.id}/reports", json={"kind": "gone"},
                            headers={"X-Altcha": solution(sclient)})
    assert response.status_code == 201
    report_id = session.scalars(select(CameraReport.id)).one()
    login(sclient)
    before = rows(session, Revision)
    monkeypatch.setattr(review, "today", fail_after_flush)  # stamping the report is its second write
    response = post(sclient, f"/moderate/reports/{report_id}", decision="accept")
    assert response.status_code == 500
    assert rows(session, Revision) == before
    assert session.get(Camera, camera.id).status == "reported"
    assert session.get(CameraReport, report_id).status == "open"


def test_revert_keeps_the_values_when_its_revision_fails(sclient, session, moderator, monkeypatch):
    camera = make_camera(session, camera_type="fixed")
    cameras.apply_changes(session, camera, {"camera_type": "dome"}, review.actor(moderator), "edit")
    session.flush()
    update = session.scalars(select(Revision).where(Revision.camera_id == camera.id,
                                                    Revision.action == "update")).one()
    login(sclient)
    before = rows(session, Revision)
    monkeypatch.setattr(revisions, "record", fail_after_flush)
    response = post(sclient, f"/moderate/revisions/{update.id}/revert", reason="vandalism")
    assert response.status_code == 500
    assert rows(session, Revision) == before
    assert session.get(Camera, camera.id).camera_type == "dome"


def test_a_batch_keeps_the_items_that_succeeded(sclient, session, moderator):
    first, second = submit(sclient), submit(sclient, lat=60.2)
    review.reject(session, second, moderator, "duplicate", "/nonexistent")
    login(sclient)
    response = post(sclient, "/moderate/batch", ids=[str(first), str(second)], action="approve")
    assert response.status_code == 303
    session.expire_all()
    assert session.get(Submission, first).status == "approved"
    assert session.get(Submission, second).status == "rejected"


@pytest.fixture
def fast_verification(submission_app, monkeypatch, configure):
    configure(submission_app, CONFIRMATIONS_TO_VERIFY=1)


def test_confirm_leaves_no_confirmation_when_verifying_fails(sclient, session, fast_verification,
                                                             monkeypatch):
    camera = make_camera(session)
    monkeypatch.setattr(cameras, "change_status", fail_after_flush)
    response = sclient.post(f"/api/v1/cameras/{camera.id}/confirmations", json={},
                            headers={"X-Altcha": solution(sclient)})
    assert response.status_code == 500
    assert rows(session, Confirmation) == {"Confirmation": 0}
    assert session.get(Camera, camera.id).status == "reported"
