"""Moderation: log-in, queue filters, approve / merge / reject (alone or in batch), locks, reports,
confirmations, reverts restoring exact values, and the public weekly figures."""

from __future__ import annotations

import base64
import os

import pytest
from sqlalchemy import func, select

from cameramap.domain.errors import Conflict
from cameramap.extensions import settings
from cameramap.services.moderation import accounts, figures, review
from cameramap.storage.models import Camera, CapabilityClaim, Revision
from cameramap.storage.submissions import CameraReport, Photo, Submission
from tests.factories import make_camera
from tests.functional.moderation.conftest import PASSWORD
from tests.functional.submissions.helpers import (
    HELSINKI,
    api_submit,
    csrf_token,
    jpeg_with_metadata,
    solution,
)


@pytest.fixture
def other_moderator(session):
    return accounts.add_moderator(session, "mod-bob", PASSWORD, role="admin")


def login(client, name: str = "mod-ann", password: str = PASSWORD):
    token = csrf_token(client.get("/moderate/login").get_data(as_text=True))
    return client.post("/moderate/login", data={"name": name, "password": password, "csrf_token": token})


def post(client, url: str, **data):
    token = csrf_token(client.get("/moderate").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def submit(client, **values) -> int:
    response = api_submit(client, HELSINKI | values)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def test_password_is_hashed_with_argon2(moderator, session):
    assert moderator.password_hash.startswith("$argon2id$") and PASSWORD not in moderator.password_hash
    assert accounts.authenticate(session, "mod-ann", PASSWORD).id == moderator.id
    assert accounts.authenticate(session, "mod-ann", "wrong password!!") is None
    assert accounts.authenticate(session, "nobody", PASSWORD) is None


def test_queue_needs_a_login(sclient, moderator):
    assert sclient.get("/moderate").status_code == 302
    assert login(sclient, password="not the password").status_code == 200
    assert sclient.get("/moderate").status_code == 302
    assert login(sclient).status_code == 303
    assert sclient.get("/moderate").status_code == 200


def test_approve_creates_a_camera_with_claims_and_provenance(sclient, session, moderator):
    submission_id = submit(
        sclient,
        camera_type="dome",
        operator="Metro Security",
        camera_direction="NE",
        capabilities=[{"capability": "face_recognition", "evidence": "vendor logo"}],
    )
    login(sclient)
    assert f"submission-{submission_id}" in sclient.get("/moderate").get_data(as_text=True)
    response = post(sclient, f"/moderate/submissions/{submission_id}/approve")
    assert response.status_code == 303
    submission = session.get(Submission, submission_id)
    assert submission.status == "approved" and submission.decided_by == "mod-ann"
    camera = session.get(Camera, submission.camera_id)
    assert (camera.camera_type, camera.camera_direction, camera.operator.name) == (
        "dome",
        "45",
        "Metro Security",
    )
    assert camera.revisions[0].actor_kind == "moderator" and camera.revisions[0].actor_name == "mod-ann"
    claim = session.scalars(select(CapabilityClaim).where(CapabilityClaim.camera_id == camera.id)).one()
    assert (claim.capability, claim.confidence, claim.evidence_text) == (
        "face_recognition",
        "claimed",
        "vendor logo",
    )
    assert camera.provenance[0].source.kind == "crowd"


def test_batch_approve(sclient, session, moderator):
    ids = [submit(sclient, camera_type="fixed", lat=HELSINKI["lat"] + i * 0.01) for i in range(3)]
    login(sclient)
    response = post(sclient, "/moderate/batch", ids=[str(i) for i in ids], action="approve")
    assert response.status_code == 303
    statuses = {session.get(Submission, i).status for i in ids}
    assert statuses == {"approved"}
    assert session.scalar(select(func.count()).select_from(Camera)) == 3


def test_batch_reject_needs_a_reason_and_deletes_photos(sclient, session, moderator, submission_app):
    photo = base64.b64encode(jpeg_with_metadata()).decode()
    ids = [submit(sclient, photo=photo), submit(sclient, lat=60.2)]
    files = [session.scalars(select(Photo)).one().filename]
    assert os.path.exists(os.path.join(settings(submission_app).media_dir, files[0]))
    login(sclient)
    post(sclient, "/moderate/batch", ids=[str(i) for i in ids], action="reject")
    assert {session.get(Submission, i).status for i in ids} == {"pending"}
    post(sclient, "/moderate/batch", ids=[str(i) for i in ids], action="reject", reason="not a camera")
    assert {session.get(Submission, i).status for i in ids} == {"rejected"}
    assert session.scalar(select(func.count()).select_from(Photo)) == 0
    assert not os.path.exists(os.path.join(settings(submission_app).media_dir, files[0]))
    status = sclient.get(f"/api/v1/submissions/{'x' * 10}")
    assert status.status_code == 404


def test_merge_fills_blanks_only(sclient, session, moderator):
    camera = make_camera(session, camera_type="fixed", camera_direction=None, operator=None)
    submission_id = submit(sclient, camera_type="dome", camera_direction="180", operator="Shop Oy")
    login(sclient)
    post(sclient, f"/moderate/submissions/{submission_id}/merge", camera_id=str(camera.id))
    session.expire_all()
    camera = session.get(Camera, camera.id)
    assert (camera.camera_type, camera.camera_direction, camera.operator.name) == ("fixed", "180", "Shop Oy")
    assert session.get(Submission, submission_id).status == "merged"


def test_lock_keeps_two_moderators_apart(sclient, session, moderator, other_moderator):
    submission_id = submit(sclient)
    review.lock(session, submission_id, moderator)
    with pytest.raises(Conflict, match="mod-ann is working"):
        review.approve(session, submission_id, other_moderator)
    login(sclient, "mod-bob")
    page = sclient.get(f"/moderate/submissions/{submission_id}").get_data(as_text=True)
    assert "mod-ann is working on this submission" in page and 'id="approve-button"' not in page
    review.unlock(session, submission_id, moderator)
    assert review.approve(session, submission_id, other_moderator).id


def test_item_page_shows_map_preview_and_nearby(sclient, session, moderator):
    camera = make_camera(session, lat=HELSINKI["lat"], lon=HELSINKI["lon"] + 0.0003)
    submission_id = submit(sclient)
    login(sclient)
    html = sclient.get(f"/moderate/submissions/{submission_id}").get_data(as_text=True)
    assert 'class="preview-map"' in html and 'id="item-map-data"' in html
    assert f'"id": {camera.id}' in html and 'id="merge-button"' in html


def test_queue_filters(sclient, session, moderator):
    make_camera(session, lat=HELSINKI["lat"], lon=HELSINKI["lon"])
    near = submit(sclient, camera_type="dome")
    far = submit(
        sclient,
        lat=61.5,
        lon=23.8,
        surveillance_type="ALPR",
        photo=base64.b64encode(jpeg_with_metadata()).decode(),
    )

    def ids(**filters):
        return [i.submission.id for i in review.queue(session, review.QueueFilter(**filters))]

    from cameramap.domain.geo import BBox

    assert ids() == [near, far]
    assert ids(near_existing=True) == [near] and ids(near_existing=False) == [far]
    assert ids(has_photo=True) == [far] and ids(has_photo=False) == [near]
    assert ids(kind="ALPR") == [far] and ids(kind="dome") == [near]
    assert ids(bbox=BBox(23, 61, 24, 62)) == [far]
    assert ids(min_age_days=1) == [] and ids(max_age_days=0) == [near, far]
    login(sclient)
    html = sclient.get("/moderate?near=yes&has_photo=no").get_data(as_text=True)
    assert f'id="submission-{near}"' in html and f'id="submission-{far}"' not in html


def test_revert_restores_the_previous_values_exactly(sclient, session, moderator):
    camera = make_camera(session, camera_type="fixed", camera_direction="90", operator="Helsinki Police")
    before = {k: v for k, v in session.get(Revision, camera.revisions[-1].id).after.items()}
    submission_id = submit(
        sclient,
        camera_id=camera.id,
        camera_type="dome",
        camera_direction="270",
        operator="Somebody Else",
        surveillance_zone="parking",
    )
    login(sclient)
    post(sclient, f"/moderate/submissions/{submission_id}/approve")
    session.expire_all()
    update = session.scalars(
        select(Revision).where(Revision.camera_id == camera.id, Revision.action == "update")
    ).one()
    assert session.get(Camera, camera.id).camera_direction == "270"
    response = post(sclient, f"/moderate/revisions/{update.id}/revert", reason="vandalism")
    assert response.status_code == 303
    session.expire_all()
    revert = session.scalars(select(Revision).where(Revision.reverts_id == update.id)).one()
    assert revert.actor_name == "mod-ann" and revert.reason == "vandalism"
    restored = {k: v for k, v in revert.after.items()}
    assert restored == before
    assert figures.weekly(session, weeks=1)[0].reverted == 1


def test_status_change_is_a_revision(sclient, session, moderator):
    camera = make_camera(session)
    login(sclient)
    post(sclient, f"/moderate/cameras/{camera.id}/status", status="disputed", reason="sign removed")
    session.expire_all()
    assert session.get(Camera, camera.id).status == "disputed"
    revision = session.scalars(
        select(Revision).where(Revision.camera_id == camera.id, Revision.action == "status")
    ).one()
    assert (revision.actor_name, revision.reason) == ("mod-ann", "sign removed")


def test_independent_confirmations_verify_a_camera(sclient, session, submission_app):
    camera = make_camera(session)
    for i in range(3):
        response = sclient.post(
            f"/api/v1/cameras/{camera.id}/confirmations",
            json={},
            headers={"X-Altcha": solution(sclient)},
            environ_base={"REMOTE_ADDR": f"198.51.100.{i + 1}"},
        )
        assert response.status_code == 201
    session.expire_all()
    assert session.get(Camera, camera.id).status == "verified"
    page = sclient.get(f"/cameras/{camera.id}").get_data(as_text=True)
    assert "Confirmed by 3 independent visitors" in page and 'id="confirm-button"' in page


def test_public_reports_reach_moderators(sclient, session, moderator):
    camera = make_camera(session)
    sclient.post(
        f"/api/v1/cameras/{camera.id}/reports", json={"kind": "gone"}, headers={"X-Altcha": solution(sclient)}
    )
    report = session.scalars(select(CameraReport)).one()
    login(sclient)
    assert "Open reports" in sclient.get("/moderate").get_data(as_text=True)
    post(sclient, f"/moderate/reports/{report.id}", decision="accept")
    session.expire_all()
    assert session.get(Camera, camera.id).status == "removed"
    assert session.get(CameraReport, report.id).status == "accepted"


def test_weekly_stats_are_public(sclient, session, moderator):
    approved, rejected = submit(sclient), submit(sclient, lat=60.3)
    submit(sclient, lat=60.4)
    review.approve(session, approved, moderator)
    review.reject(session, rejected, moderator, "duplicate", "/nonexistent")
    week = figures.weekly(session)[0]
    assert (week.received, week.approved, week.rejected) == (3, 1, 1)
    html = sclient.get("/moderation/stats").get_data(as_text=True)
    assert 'id="weekly-stats"' in html and '<td class="number">3</td>' in html
