"""Sightings from the public: form -> moderation queue -> accepted as a deployment, shown while its window
lasts and gone from "now" views after it (a controlled clock, no sleeps); rejected ones never shown."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from cameramap.domain.deployments import as_utc
from cameramap.extensions import settings
from cameramap.services.moderation import accounts
from cameramap.services.submissions import sightings
from cameramap.storage.deployments import Deployment, DeploymentRevision
from cameramap.storage.submissions import Photo, Submission
from tests.functional.submissions.helpers import csrf_token, form_tokens, jpeg_with_metadata, solution

T0 = datetime(2030, 6, 5, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
URL = "/submit/sighting"


@pytest.fixture
def clock(monkeypatch):
    """The sightings' clock, moved by the test."""
    state = {"now": T0}
    monkeypatch.setattr(sightings, "now", lambda: state["now"])
    return state


def fields(**values) -> dict:
    return {"lat": "51.5152", "lon": "-0.1419", "place": "Oxford Circus, north exit", "seen_ago": "0",
            "hours": "3", "timezone": "Europe/London", "face_recognition": "y",
            "evidence": "sign: live facial recognition in use", "operator": "Metropolitan Police",
            "notes": "", "website": "", "action": "save"} | values


def send(client, **values):
    return client.post(URL, data=fields(altcha=solution(client), **form_tokens(client, URL), **values))


def sighted(client, session, **values) -> Submission:
    response = send(client, **values)
    assert response.status_code == 303, response.get_data(as_text=True)
    return session.scalars(select(Submission).order_by(Submission.id.desc())).first()


def moderate(client, session, submission: Submission, action: str, **data):
    accounts.add_moderator(session, "mod-sam", PASSWORD)
    token = csrf_token(client.get("/moderate/login").get_data(as_text=True))
    assert client.post("/moderate/login", data={"name": "mod-sam", "password": PASSWORD,
                                                "csrf_token": token}).status_code == 303
    token = csrf_token(client.get("/moderate").get_data(as_text=True))
    return client.post(f"/moderate/submissions/{submission.id}/{action}", data={"csrf_token": token, **data})


def visible(client, moment: datetime | None = None) -> list[dict]:
    query = f"?datetime={moment.isoformat().replace('+00:00', 'Z')}" if moment else ""
    response = client.get("/api/v1/deployments" + query)
    assert response.status_code == 200
    return response.get_json()["features"]


def test_the_form_works_without_javascript_and_links_from_the_camera_form(sclient):
    html = sclient.get(URL).get_data(as_text=True)
    for name in ("lat", "lon", "place", "seen_ago", "hours", "timezone", "face_recognition", "evidence",
                 "operator", "notes", "photo", "website", "started", "altcha"):
        assert f'name="{name}"' in html, name
    assert 'value="3" selected' in html or 'selected value="3"' in html
    assert URL in sclient.get("/submit").get_data(as_text=True)
    russian = sclient.get(URL + "?lang=ru").get_data(as_text=True)
    assert "Фургон с камерами здесь" in russian


def test_a_sighting_is_queued_accepted_shown_now_and_gone_after_its_window(sclient, session, clock):
    submission = sighted(sclient, session)
    assert (submission.kind, submission.status, submission.channel) == ("sighting", "pending", "form")
    assert as_utc(submission.seen_at) == T0 and as_utc(submission.ends_at) == T0 + timedelta(hours=3)
    assert visible(sclient) == []  # pending: not shown
    queue = moderate(sclient, session, submission, "approve")
    assert queue.status_code == 303
    assert session.get(Submission, submission.id).status == "approved"
    deployment = session.scalars(select(Deployment)).one()
    assert deployment.source.kind == "crowd" and deployment.source_record_id == f"submission-{submission.id}"
    revisions = session.scalars(select(DeploymentRevision)).all()
    assert [r.action for r in revisions] == ["create"] and revisions[0].actor_kind == "moderator"
    during = visible(sclient, T0 + timedelta(hours=1))
    assert [f["id"] for f in during] == [str(deployment.id)]
    props = during[0]["properties"]
    assert props["reported_by"] == "public" and props["location_text"] == "Oxford Circus, north exit"
    assert props["start"] == "2030-06-05T09:00:00Z" and props["end"] == "2030-06-05T12:00:00Z"
    assert props["local_start"].startswith("2030-06-05T10:00:00+01:00")
    assert during[0]["geometry"] == {"type": "Point", "coordinates": [-0.1419, 51.5152]}
    ogc = sclient.get("/ogc/collections/deployments/items?datetime=2030-06-05T10:00:00Z").get_json()
    assert [f["properties"]["reported_by"] for f in ogc["features"]] == ["public"]
    later = sclient.get("/ogc/collections/deployments/items?datetime=2030-06-05T12:00:01Z").get_json()
    assert later["features"] == []
    assert visible(sclient, T0 + timedelta(hours=3, seconds=1)) == []
    assert visible(sclient, T0 - timedelta(seconds=1)) == []


def test_the_status_link_shows_the_window_and_the_deployment(sclient, session, clock):
    response = send(sclient)
    location = response.headers["Location"]
    page = sclient.get(location).get_data(as_text=True)
    assert "sighting of a camera van" in page and "Oxford Circus, north exit" in page
    assert "(Europe/London)" in page and "10:00\u202fAM" in page and "1:00\u202fPM" in page
    russian = sclient.get(location + "&lang=ru").get_data(as_text=True)
    assert "наблюдение фургона с камерами" in russian and "10:00 – 13:00 (Europe/London)" in russian
    submission = session.scalars(select(Submission)).one()
    moderate(sclient, session, submission, "approve")
    deployment = session.scalars(select(Deployment)).one()
    page = sclient.get(location).get_data(as_text=True)
    assert f"/api/v1/deployments/{deployment.id}" in page and "#17/51.51520/-0.14190" in page


def test_a_rejected_sighting_is_never_shown(sclient, session, clock):
    submission = sighted(sclient, session)
    assert moderate(sclient, session, submission, "reject", reason="a delivery van").status_code == 303
    assert session.get(Submission, submission.id).status == "rejected"
    assert session.scalar(select(func.count()).select_from(Deployment)) == 0
    assert visible(sclient) == [] and visible(sclient, T0 + timedelta(hours=1)) == []


def test_a_sighting_cannot_be_merged_into_a_camera(sclient, session, clock):
    submission = sighted(sclient, session)
    response = moderate(sclient, session, submission, "merge", camera_id="1")
    assert response.status_code == 303
    assert session.get(Submission, submission.id).status == "pending"


def test_a_pending_sighting_past_its_window_is_marked_and_kept_as_a_past_record(sclient, session, clock):
    submission = sighted(sclient, session, seen_ago="60", hours="1")
    assert as_utc(submission.ends_at) == T0
    clock["now"] = T0 + timedelta(minutes=1)
    moderate(sclient, session, submission, "unlock")
    item = sclient.get(f"/moderate/submissions/{submission.id}").get_data(as_text=True)
    assert 'id="sighting-expired"' in item
    queue = sclient.get("/moderate?kind=sighting").get_data(as_text=True)
    assert f'id="submission-{submission.id}"' in queue and "ended" in queue
    token = csrf_token(item)
    accepted = sclient.post(f"/moderate/submissions/{submission.id}/approve", data={"csrf_token": token})
    assert accepted.status_code == 303
    assert visible(sclient, clock["now"]) == []  # not now
    past = visible(sclient, T0 - timedelta(minutes=30))
    assert len(past) == 1 and past[0]["properties"]["reported_by"] == "public"


def test_batch_approval_accepts_sightings_too(sclient, session, clock):
    submission = sighted(sclient, session)
    moderate(sclient, session, submission, "unlock")
    token = csrf_token(sclient.get("/moderate").get_data(as_text=True))
    response = sclient.post("/moderate/batch", data={"csrf_token": token, "ids": [str(submission.id)],
                                                     "action": "approve"})
    assert response.status_code == 303
    assert session.get(Submission, submission.id).status == "approved"
    assert session.scalar(select(func.count()).select_from(Deployment)) == 1


@pytest.mark.parametrize(("values", "words"), [
    ({"hours": "13"}, "from 1 to 12"),
    ({"lat": ""}, "lat and lon are required"),
    ({"lat": "95"}, "lat"),
    ({"seen_ago": "5000"}, "seen_ago"),
    ({"timezone": "Nowhere/Atlantis"}, "unknown time zone"),
    ({"place": "x" * 301}, "longer than 300"),
])
def test_bad_input_is_a_4xx_with_its_reason_and_saves_nothing(sclient, session, clock, values, words):
    response = send(sclient, **values)
    assert 400 <= response.status_code < 500
    assert words in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_the_photo_loses_its_metadata(sclient, session, clock):
    tokens = form_tokens(sclient, URL)
    data = fields(altcha=solution(sclient), **tokens)
    data["photo"] = (io.BytesIO(jpeg_with_metadata()), "van.jpg")
    response = sclient.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    photo = session.scalars(select(Photo)).one()
    assert photo.submission.kind == "sighting"
    stored = (Path(settings().media_dir) / photo.filename).read_bytes()
    for secret in (b"SecretCam", b"SecretXMP", b"SecretComment", b"SecretSoftware"):
        assert secret not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_sightings_are_not_counted_in_the_accountability_figures(sclient, session, clock):
    submission = sighted(sclient, session)
    moderate(sclient, session, submission, "approve")
    assert session.scalar(select(func.count()).select_from(Deployment)) == 1
    body = sclient.get("/api/v1/deployments/figures").get_json()
    assert body["total"]["deployments"] == 0 and body["months"] == []


def test_the_status_api_names_a_sighting_as_its_openapi_document_says(sclient, session, clock):
    token = send(sclient).headers["Location"].split("/submissions/")[1].split("?")[0]
    body = sclient.get(f"/api/v1/submissions/{token}").get_json()
    assert body["kind"] == "sighting" and body["status"] == "pending"
    document = sclient.get("/api/v1/openapi.json").get_json()
    schema = document["components"]["schemas"]
    kinds = next(s["properties"]["kind"]["enum"] for s in schema.values()
                 if "kind" in s.get("properties", {}) and "received_on" in s.get("properties", {}))
    assert "sighting" in kinds
    reported_by = schema["Deployment"]["properties"]["properties"]["properties"]["reported_by"]
    assert reported_by["enum"] == ["published", "public"]
