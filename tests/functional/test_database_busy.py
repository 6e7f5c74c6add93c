"""SQLite's "database is locked" (another writer held the lock past the busy timeout) answers 503 with
Retry-After saying nothing was saved, never a 500: at BEGIN IMMEDIATE, and at the commit; so does a
PostgreSQL lock time-out."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from cameramap import create_app
from cameramap.storage.database import make_engine, upgrade
from cameramap.storage.submissions import Submission
from tests.databases import fresh_database

HELSINKI = {"lat": 60.1699, "lon": 24.9384}


@pytest.fixture
def busy_app(database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one-writer lock; PostgreSQL writers do not wait for one another here")
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}?timeout=0.2"  # writers wait 0.2 s for the lock
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False, "TESTING": True, "SECRET_KEY": "busy",
                      "INSTANCE_DIR": str(tmp_path / "instance"), "PROOF_OF_WORK": False})
    app.config["RATELIMIT_ENABLED"] = False
    yield app, tmp_path / "busy.sqlite3"


def _saved(app) -> int:
    with Session(make_engine(app.config["DATABASE_URL"])) as session:
        return session.scalar(select(func.count()).select_from(Submission))


def _assert_busy(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert int(response.headers["Retry-After"]) > 0
    assert "Nothing was saved" in response.get_json()["message"]


def test_a_held_write_lock_answers_503_with_retry_after(busy_app):
    app, path = busy_app
    client = app.test_client()
    client.get("/api/v1/challenge")  # the app has started and made its secrets
    with closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")  # an import's batch holds the write lock
        _assert_busy(client.post("/api/v1/submissions", json=HELSINKI))
        page = client.post("/submit", data={"lat": "60.17", "lon": "24.93"}, headers={"Accept": "text/html"})
        assert page.status_code in (400, 503) and page.status_code != 500
        holder.execute("ROLLBACK")
    assert _saved(app) == 0
    assert client.post("/api/v1/submissions", json=HELSINKI).status_code == 201  # the lock is free again


def test_a_lock_time_out_at_the_commit_answers_503(busy_app, monkeypatch):
    app, _path = busy_app
    client = app.test_client()
    client.get("/api/v1/challenge")

    def locked(self):
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(Session, "commit", locked)
    response = client.post("/api/v1/submissions", json=HELSINKI)
    monkeypatch.undo()
    _assert_busy(response)
    assert "Content-Security-Policy" in response.headers or "X-Content-Type-Options" in response.headers
    assert _saved(app) == 0


def test_a_postgresql_lock_time_out_answers_503(database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's lock_timeout")
    with fresh_database(tmp_path, "busy") as url:
        engine = make_engine(url)
        upgrade(engine)
        app = create_app({"DATABASE_URL": f"{url}?options=-c%20lock_timeout%3D200", "AUTO_MIGRATE": False,
                          "TESTING": True, "SECRET_KEY": "busy", "INSTANCE_DIR": str(tmp_path / "instance"),
                          "PROOF_OF_WORK": False})
        app.config["RATELIMIT_ENABLED"] = False
        client = app.test_client()
        client.get("/api/v1/challenge")
        try:
            with engine.connect() as holder:
                holder.exec_driver_sql("LOCK TABLE submissions IN ACCESS EXCLUSIVE MODE")
                _assert_busy(client.post("/api/v1/submissions", json=HELSINKI))
                holder.rollback()
            assert _saved(app) == 0
        finally:
            from cameramap.extensions import db

            db.session.remove()
            db.engine.dispose()
            engine.dispose()
