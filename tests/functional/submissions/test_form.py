"""The /submit form: CSRF, honeypot, fill time, proof of work or the no-JavaScript wait, nearby
question, photo offer, and the status page."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

from sqlalchemy import func, select

from cameramap.extensions import settings
from cameramap.storage.submissions import Photo, Submission
from tests.factories import make_camera
from tests.functional.submissions.helpers import HELSINKI, form_tokens, jpeg_with_metadata, solution


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Submission))


def fields(**values) -> dict:
    base = {
        "lat": str(HELSINKI["lat"]),
        "lon": str(HELSINKI["lon"]),
        "surveillance_type": "camera",
        "camera_type": "dome",
        "camera_mount": "wall",
        "surveillance_zone": "",
        "camera_direction": "135",
        "operator": "Helsinki Police",
        "notes": "",
        "website": "",
        "action": "save",
    }
    return base | values


def test_form_page_works_without_javascript_parts(sclient):
    html = sclient.get("/submit?lat=60.1&lon=24.9").get_data(as_text=True)
    for name in (
        "address",
        "lat",
        "lon",
        "camera_direction",
        "operator",
        "photo",
        "cap_face_recognition",
        "evidence_face_recognition",
        "website",
        "started",
        "altcha",
    ):
        assert f'name="{name}"' in html, name
    assert 'value="60.1"' in html and 'enctype="multipart/form-data"' in html
    assert 'value="locate"' in html and 'value="save"' in html


def test_full_submission_with_proof_of_work(sclient, session):
    tokens = form_tokens(sclient)
    response = sclient.post(
        "/submit",
        data=fields(
            altcha=solution(sclient),
            cap_face_recognition="y",
            evidence_face_recognition="sign says face recognition",
            **tokens,
        ),
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.search(r"/submissions/[\w-]{32,}\?new=1$", location)
    stored = session.scalars(select(Submission)).one()
    assert stored.channel == "form" and stored.camera_direction == "135"
    assert stored.capabilities == [
        {"capability": "face_recognition", "evidence": "sign says face recognition"}
    ]
    page = sclient.get(location).get_data(as_text=True)
    assert "Keep this page" in page and "pending" in page


def test_csrf_failure_is_refused(sclient, session):
    tokens = form_tokens(sclient)
    response = sclient.post(
        "/submit", data=fields(altcha=solution(sclient), started=tokens["started"], csrf_token="forged")
    )
    assert response.status_code == 400
    assert "If you sent a form, reload its page and send it again." in response.get_data(as_text=True)
    missing = sclient.post("/submit", data=fields(started=tokens["started"]))
    assert missing.status_code == 400
    assert count(session) == 0


def test_honeypot(sclient, session):
    response = sclient.post(
        "/submit",
        data=fields(website="http://spam.example", altcha=solution(sclient), **form_tokens(sclient)),
    )
    assert response.status_code == 400 and "looks automated" in response.get_data(as_text=True)
    assert count(session) == 0


def test_minimum_fill_time(sclient, submission_app, session, configure):
    configure(submission_app, FORM_MIN_SECONDS=60)
    response = sclient.post("/submit", data=fields(altcha=solution(sclient), **form_tokens(sclient)))
    assert response.status_code == 400 and "quicker than a person" in response.get_data(as_text=True)
    assert 'value="Helsinki Police"' in response.get_data(as_text=True)  # the values are kept
    assert count(session) == 0


def test_tampered_start_token(sclient, session):
    tokens = form_tokens(sclient) | {"started": "forged.token"}
    response = sclient.post("/submit", data=fields(altcha=solution(sclient), **tokens))
    assert response.status_code == 400 and "reload the page" in response.get_data(as_text=True)


def test_without_javascript_a_wait_replaces_the_proof_of_work(sclient, submission_app, session, configure):
    configure(submission_app, NOSCRIPT_MIN_SECONDS=1)
    tokens = form_tokens(sclient)
    early = sclient.post("/submit", data=fields(**tokens))
    if early.status_code != 303:  # sent within the second
        assert "seconds" in early.get_data(as_text=True)
        time.sleep(1.1)
        assert sclient.post("/submit", data=fields(**tokens)).status_code == 303
    assert session.scalars(select(Submission)).one().channel == "noscript"
    replay = sclient.post("/submit", data=fields(**tokens))
    assert replay.status_code == 400 and "already sent" in replay.get_data(as_text=True)
    assert count(session) == 1


def test_no_javascript_wait_is_enforced(sclient, session):
    response = sclient.post("/submit", data=fields(**form_tokens(sclient)))
    assert response.status_code == 400
    assert "send the form again in" in response.get_data(as_text=True)
    assert count(session) == 0


def test_nearby_cameras_are_asked_about_and_choosing_one_confirms_it(sclient, session):
    camera = make_camera(session, lat=HELSINKI["lat"] + 0.0001, lon=HELSINKI["lon"])
    tokens = form_tokens(sclient)
    asked = sclient.post("/submit", data=fields(altcha=solution(sclient), **tokens))
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Is it one of these?" in html
    assert f'name="same_as" value="{camera.id}"' in html
    assert count(session) == 0
    saved = sclient.post("/submit", data=fields(altcha=solution(sclient), same_as=str(camera.id), **tokens))
    assert saved.status_code == 303
    stored = session.scalars(select(Submission)).one()
    assert stored.kind == "confirmation" and stored.camera_id == camera.id


def test_answering_new_keeps_a_new_camera(sclient, session):
    make_camera(session, lat=HELSINKI["lat"] + 0.0001, lon=HELSINKI["lon"])
    saved = sclient.post(
        "/submit", data=fields(altcha=solution(sclient), same_as="new", **form_tokens(sclient))
    )
    assert saved.status_code == 303
    assert session.scalars(select(Submission)).one().kind == "new"


def test_validation_error_is_shown_beside_the_field(sclient, session):
    response = sclient.post(
        "/submit", data=fields(camera_direction="sideways", altcha=solution(sclient), **form_tokens(sclient))
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="error-camera_direction"' in html
    assert count(session) == 0


def test_photo_position_is_offered_never_applied_silently(sclient, session, submission_app):
    tokens = form_tokens(sclient)
    upload = (io.BytesIO(jpeg_with_metadata(gps=(60.2, 24.95))), "holiday.jpg")
    offered = sclient.post(
        "/submit",
        data=fields(photo=upload, altcha=solution(sclient), **tokens),
        content_type="multipart/form-data",
    )
    html = offered.get_data(as_text=True)
    assert offered.status_code == 200 and "Use the photo's position" in html
    assert count(session) == 0
    assert f'value="{HELSINKI["lat"]}"' in html  # the typed position stays
    token = re.search(r'id="photo_token" name="photo_token" type="hidden" value="([^"]+)"', html).group(1)
    used = sclient.post(
        "/submit",
        data=fields(
            photo_token=token,
            photo_lat="60.2000000",
            photo_lon="24.9500000",
            action="use_photo_position",
            **tokens,
        ),
    )
    assert 'value="60.2000000"' in used.get_data(as_text=True)
    saved = sclient.post(
        "/submit",
        data=fields(
            lat="60.2000000", lon="24.9500000", photo_token=token, altcha=solution(sclient), **tokens
        ),
    )
    assert saved.status_code == 303
    submission = session.scalars(select(Submission)).one()
    assert (submission.lat, submission.lon) == (60.2, 24.95)
    photo = session.scalars(select(Photo)).one()
    assert photo.submission_id == submission.id
    stored = Path(settings(submission_app).media_dir, photo.filename).read_bytes()
    assert b"SecretCam" not in stored and b"Exif" not in stored


def test_photo_upload_endpoint_for_the_script(sclient, session):
    tokens = form_tokens(sclient)
    response = sclient.post(
        "/submit/photo",
        data={"photo": (io.BytesIO(jpeg_with_metadata()), "a.jpg")},
        headers={"X-CSRFToken": tokens["csrf_token"]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["photo_location"] == {"lat": 60.1699, "lon": 24.9384} and len(body["photo_token"]) >= 32
    refused = sclient.post(
        "/submit/photo",
        data={"photo": (io.BytesIO(b"plain text"), "a.jpg")},
        headers={"X-CSRFToken": tokens["csrf_token"]},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 415 and "JPEG, PNG or WebP" in refused.get_json()["message"]
    no_csrf = sclient.post(
        "/submit/photo",
        data={"photo": (io.BytesIO(jpeg_with_metadata()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert no_csrf.status_code == 400


def test_address_search_answers_or_says_it_is_unavailable(sclient, submission_app, session):
    data = fields(address="Nowhere street 999999, Atlantis", lat="", lon="", action="locate")
    response = sclient.post("/submit", data=data | form_tokens(sclient))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="error-address"' in html
    has_geocoder = any(rule.rule == "/api/v1/geocode" for rule in submission_app.url_map.iter_rules())
    if has_geocoder:
        assert "No place matched" in html or "unavailable" in html
    else:
        assert "Address search is not available on this server" in html
    assert count(session) == 0


def test_camera_page_confirm_and_report_forms(sclient, session):
    camera = make_camera(session)
    page = sclient.get(f"/cameras/{camera.id}").get_data(as_text=True)
    assert 'id="public-voice"' in page and "No one has confirmed this camera yet." in page
    tokens = form_tokens(sclient, f"/cameras/{camera.id}")
    confirmed = sclient.post(f"/cameras/{camera.id}/confirm", data=tokens | {"altcha": solution(sclient)})
    assert confirmed.status_code == 303 and confirmed.headers["Location"].endswith("#public-voice")
    page = sclient.get(f"/cameras/{camera.id}").get_data(as_text=True)
    assert "Confirmed by 1 independent visitor," in page and "1 independent confirmation so far" in page
    tokens = form_tokens(sclient, f"/cameras/{camera.id}")
    again = sclient.post(f"/cameras/{camera.id}/confirm", data=tokens | {"altcha": solution(sclient)})
    assert "already confirmed" in sclient.get(again.headers["Location"]).get_data(as_text=True)
    report = {"altcha": solution(sclient), "kind": "wrong_operator", "text": "it is the mall's"}
    tokens = form_tokens(sclient, f"/cameras/{camera.id}")
    reported = sclient.post(f"/cameras/{camera.id}/report", data=tokens | report)
    assert reported.status_code == 303
    page = sclient.get(f"/cameras/{camera.id}").get_data(as_text=True)
    assert "Another organisation operates it (1)" in page


def test_media_headers_and_visibility(sclient, session, submission_app):
    response = sclient.post(
        "/submit/photo",
        data={"photo": (io.BytesIO(jpeg_with_metadata()), "a.jpg")},
        headers={"X-CSRFToken": form_tokens(sclient)["csrf_token"]},
        content_type="multipart/form-data",
    )
    filename = session.scalars(select(Photo)).one().filename
    assert response.status_code == 200
    assert sclient.get(f"/media/{filename}").status_code == 404  # not attached, not approved
    photo = session.scalars(select(Photo)).one()  # the request closed the earlier session
    submission = Submission(token_hash="x" * 64, lon=24.9, lat=60.1, status="approved", capabilities=[])
    session.add(submission)
    session.flush()
    photo.submission_id = submission.id
    session.flush()
    served = sclient.get(f"/media/{photo.filename}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["Content-Security-Policy"] == "sandbox"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert sclient.get("/media/../secret_key").status_code == 404


def test_address_search_without_javascript_uses_the_geocoder(sclient, session, demo):
    """The no-JavaScript "Find" button asks GET /api/v1/geocode (here the demo's Helsinki gazetteer)
    and puts the answer into the form's coordinates, saving nothing."""
    answer = sclient.get("/api/v1/geocode", query_string={"q": "Mannerheimintie 10"}).get_json()
    assert answer["status"] == "ok" and "Mannerheimintie" in answer["label"]
    data = fields(address="Mannerheimintie 10", lat="", lon="", action="locate")
    html = sclient.post("/submit", data=data | form_tokens(sclient)).get_data(as_text=True)
    assert "Found: " in html and answer["label"] in html and 'id="error-address"' not in html
    assert f'value="{answer["lat"]:.7f}"' in html and f'value="{answer["lon"]:.7f}"' in html
    assert count(session) == 0
