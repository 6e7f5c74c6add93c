"""POST /api/v1/submissions and friends: JSON only, validation, status links, idempotency, proof of work."""

from __future__ import annotations

import base64
from pathlib import Path

from sqlalchemy import func, select

from cameramap.extensions import settings
from cameramap.storage.submissions import Photo, Submission
from tests.factories import make_camera
from tests.functional.submissions.helpers import HELSINKI, api_submit, jpeg_with_metadata, solution


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Submission))


def test_created_with_private_status_link(sclient, session):
    response = api_submit(
        sclient,
        HELSINKI
        | {
            "surveillance_type": "camera",
            "camera_type": "dome",
            "camera_mount": "wall",
            "camera_direction": "90",
            "operator": "Helsinki Police",
            "notes": "above the door",
            "capabilities": [{"capability": "face_recognition", "evidence": "sign says face recognition"}],
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "pending" and body["kind"] == "new" and body["received_on"]
    assert "T" not in body["received_on"]  # a date, not a time
    token = body["status_url"].rsplit("/", 1)[1]
    assert len(token) >= 32
    assert response.headers["Location"] == body["status_api"]
    stored = session.get(Submission, body["id"])
    assert stored.camera_type == "dome" and stored.operator_name == "Helsinki Police"
    assert token not in stored.token_hash  # only a digest of the link is stored
    status = sclient.get(f"/api/v1/submissions/{token}")
    assert status.status_code == 200 and status.get_json()["status"] == "pending"
    assert status.headers["Cache-Control"] == "no-store"
    altered = token[:-1] + ("y" if token.endswith("x") else "x")
    assert sclient.get(f"/api/v1/submissions/{altered}").status_code == 404
    assert sclient.get(body["status_url"].replace("http://localhost", "")).status_code == 200


def test_json_only(sclient, session):
    response = sclient.post(
        "/api/v1/submissions",
        data="lat=60&lon=24",
        content_type="application/x-www-form-urlencoded",
        headers={"X-Altcha": solution(sclient)},
    )
    assert response.status_code == 415
    assert response.get_json()["error"] == "unsupported_media_type"
    bad = sclient.post("/api/v1/submissions", data="{not json", content_type="application/json")
    assert bad.status_code == 400
    assert count(session) == 0


def test_validation_errors_name_the_parameter(sclient, session):
    response = api_submit(sclient, HELSINKI | {"camera_type": "spy"})
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "invalid_parameter",
        "parameter": "camera_type",
        "message": response.get_json()["message"],
    }
    assert "expected one of" in response.get_json()["message"]
    assert count(session) == 0


def test_proof_of_work_required_and_replay_rejected(sclient, session):
    missing = sclient.post("/api/v1/submissions", json=HELSINKI)
    assert missing.status_code == 400 and missing.get_json()["parameter"] == "altcha"
    payload = solution(sclient)
    assert api_submit(sclient, HELSINKI, pow_payload=payload).status_code == 201
    replay = api_submit(sclient, HELSINKI | {"notes": "again"}, pow_payload=payload)
    assert replay.status_code == 400
    assert replay.get_json()["error"] == "proof_of_work_replayed"
    assert count(session) == 1


def test_proof_of_work_can_be_turned_off_explicitly(sclient, submission_app, session, configure):
    configure(submission_app, PROOF_OF_WORK="off")
    assert sclient.get("/api/v1/challenge").get_json() == {"required": False}
    assert sclient.post("/api/v1/submissions", json=HELSINKI).status_code == 201


def test_idempotency_key_gives_the_same_answer_and_one_submission(sclient, session):
    payload = solution(sclient)
    key = {"Idempotency-Key": "3f1c9a52-retry-me"}
    first = api_submit(sclient, HELSINKI, pow_payload=payload, headers=key)
    again = api_submit(sclient, HELSINKI, pow_payload=payload, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert count(session) == 1
    other = api_submit(sclient, HELSINKI | {"notes": "different"}, headers=key)
    assert other.status_code == 409 and other.get_json()["error"] == "idempotency_key_reused"
    assert count(session) == 1


def test_retries_of_an_answered_request_do_not_use_up_the_rate_limit(sclient, submission_app,
                                                                     session, configure):
    configure(submission_app, RATE_LIMIT_SUBMIT="2 per hour")
    key, payload = {"Idempotency-Key": "retry-after-a-lost-answer"}, solution(sclient)
    answers = [api_submit(sclient, HELSINKI, pow_payload=payload, headers=key) for _ in range(4)]
    assert [a.status_code for a in answers] == [201] * 4
    assert all(a.get_json() == answers[0].get_json() for a in answers) and count(session) == 1
    assert api_submit(sclient, HELSINKI | {"notes": "a second camera"}).status_code == 201
    assert api_submit(sclient, HELSINKI | {"notes": "a third camera"}).status_code == 429
    late = api_submit(sclient, HELSINKI, pow_payload=payload, headers=key)  # the budget is spent
    assert late.status_code == 201 and late.get_json() == answers[0].get_json()
    changed = api_submit(sclient, HELSINKI | {"notes": "changed"}, headers=key)
    assert changed.status_code == 429  # not a retry: counted, and over the limit
    elsewhere = sclient.post("/api/v1/cameras/1/confirmations", json=HELSINKI, headers=key)
    assert elsewhere.status_code == 429  # the same key and body on another endpoint is no retry
    assert count(session) == 2


def test_rate_limit_answers_429_with_a_readable_message(sclient, submission_app, session, configure):
    configure(submission_app, RATE_LIMIT_SUBMIT="2 per hour")
    assert [api_submit(sclient, HELSINKI).status_code for _ in range(2)] == [201, 201]
    over = api_submit(sclient, HELSINKI)
    assert over.status_code == 429
    assert "Too many submissions" in over.get_json()["message"]
    assert count(session) == 2
    other_network = api_submit(sclient, HELSINKI, environ={"REMOTE_ADDR": "198.51.100.20"})
    assert other_network.status_code == 201  # the limit is per client


def test_global_limit(sclient, submission_app, session, configure):
    configure(submission_app, RATE_LIMIT_GLOBAL="1 per hour")
    assert api_submit(sclient, HELSINKI).status_code == 201
    over = api_submit(sclient, HELSINKI, environ={"REMOTE_ADDR": "198.51.100.21"})
    assert over.status_code == 429 and "too many submissions right now" in over.get_json()["message"]


def test_photo_in_json_is_cleaned_and_its_position_offered_not_applied(sclient, session, submission_app):
    photo = base64.b64encode(jpeg_with_metadata(gps=(60.2, 24.9))).decode()
    response = api_submit(sclient, HELSINKI | {"photo": photo})
    assert response.status_code == 201
    body = response.get_json()
    assert body["photo_location"]["lat"] == 60.2
    assert (body["lat"], body["lon"]) == (HELSINKI["lat"], HELSINKI["lon"])
    stored = session.scalars(select(Photo).where(Photo.submission_id == body["id"])).one()
    data = Path(settings(submission_app).media_dir, stored.filename).read_bytes()
    assert b"SecretCam" not in data and b"Exif" not in data


def test_bad_photo_is_refused(sclient, session):
    response = api_submit(sclient, HELSINKI | {"photo": base64.b64encode(b"GIF89a....").decode()})
    assert response.status_code == 415 and response.get_json()["parameter"] == "photo"
    assert count(session) == 0


def test_choosing_a_nearby_camera_makes_a_confirmation(sclient, session):
    camera = make_camera(session, lat=HELSINKI["lat"], lon=HELSINKI["lon"] + 0.0002)
    nearby = sclient.get(f"/api/v1/nearby?lat={HELSINKI['lat']}&lon={HELSINKI['lon']}").get_json()
    assert [c["id"] for c in nearby["cameras"]] == [str(camera.id)]
    assert 5 < nearby["cameras"][0]["distance_m"] < 50
    far = sclient.get(f"/api/v1/nearby?lat={HELSINKI['lat'] + 0.01}&lon={HELSINKI['lon']}").get_json()
    assert far["cameras"] == []
    response = api_submit(sclient, HELSINKI | {"camera_id": camera.id})
    assert response.status_code == 201
    assert response.get_json()["kind"] == "confirmation"
    assert response.get_json()["camera_id"] == camera.id


def test_confirm_and_report_through_the_api(sclient, session):
    camera = make_camera(session)
    response = sclient.post(
        f"/api/v1/cameras/{camera.id}/confirmations", json={}, headers={"X-Altcha": solution(sclient)}
    )
    assert response.status_code == 201 and response.get_json()["confirmations"] == 1
    twice = sclient.post(
        f"/api/v1/cameras/{camera.id}/confirmations", json={}, headers={"X-Altcha": solution(sclient)}
    )
    assert twice.status_code == 409 and twice.get_json()["error"] == "already_confirmed"
    report = sclient.post(
        f"/api/v1/cameras/{camera.id}/reports",
        json={"kind": "gone", "text": "taken down"},
        headers={"X-Altcha": solution(sclient)},
    )
    assert report.status_code == 201 and report.get_json()["status"] == "open"
    bad = sclient.post(
        f"/api/v1/cameras/{camera.id}/reports", json={"kind": "ugly"}, headers={"X-Altcha": solution(sclient)}
    )
    assert bad.status_code == 400 and bad.get_json()["parameter"] == "kind"
