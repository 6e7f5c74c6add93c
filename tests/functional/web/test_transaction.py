"""One unit of work per request: a request that fails after writing leaves nothing, a successful one
is committed (seen from another connection)."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from cameramap.api import submissions as api
from cameramap.extensions import db, settings
from cameramap.storage.database import make_engine
from cameramap.storage.submissions import Photo, Submission
from tests.databases import app_on_fresh_database
from tests.functional.submissions.helpers import HELSINKI, api_submit, jpeg_with_metadata


def fail_after_flush(*_args, **_kwargs):
    db.session().flush()
    raise RuntimeError("the answer could not be built")


def test_a_request_that_raises_after_writing_leaves_nothing(sclient, session, submission_app,
                                                             monkeypatch):
    monkeypatch.setattr(api, "_receipt_body", fail_after_flush)
    photo = base64.b64encode(jpeg_with_metadata()).decode()
    response = api_submit(sclient, HELSINKI | {"photo": photo})
    assert response.status_code == 500
    assert response.get_json()["error"] == "internal_error"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Submission)) == 0
    assert session.scalar(select(func.count()).select_from(Photo)) == 0
    media = settings(submission_app).media_dir
    assert not os.path.isdir(media) or os.listdir(media) == []  # the photo's file went with its row


@pytest.fixture
def committed_app(tmp_path) -> Iterator[tuple[Flask, str]]:
    """An app over its own database, where requests really commit."""
    with app_on_fresh_database(tmp_path, "unit_of_work", MEDIA_DIR=str(tmp_path / "media"),
                               PROOF_OF_WORK="off") as made:
        yield made


def committed_submissions(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM submissions")).scalar_one())
    finally:
        engine.dispose()


def test_a_successful_post_is_committed_and_a_failed_one_is_not(committed_app, monkeypatch):
    app, url = committed_app
    client = app.test_client()
    assert client.post("/api/v1/submissions", json=HELSINKI).status_code == 201
    assert committed_submissions(url) == 1
    assert client.post("/api/v1/submissions", json={"lat": 91, "lon": 0}).status_code == 400
    monkeypatch.setattr(api, "_receipt_body", fail_after_flush)
    assert client.post("/api/v1/submissions", json=HELSINKI).status_code == 500
    assert committed_submissions(url) == 1
