"""Exports are built in the background, one build per dump at a time across workers and hosts (a lease
in the database): a request never waits for a build. It gets the current file, else the last complete
one with its date and version, else 503 with Retry-After; an expired lease is taken over; builds are
rate-limited; the cameras API answers while an export builds."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cameramap.api import exportjobs
from cameramap.domain.records import SourceSpec
from cameramap.extensions import db, settings
from cameramap.services.exports import builds, dumps
from cameramap.storage.exports import ExportBuild
from cameramap.storage.models import utcnow
from tests.databases import fresh_database, migrated_engine
from tests.factories import make_camera

CC0 = SourceSpec(name="Open registry", kind="official_registry", licence="CC0-1.0", attribution="City")


@pytest.fixture
def jobs(app, configure, tmp_path, monkeypatch):
    """Builds are queued here, not run: the test decides when (or whether) a build happens."""
    configure(app, export_rebuild_seconds=0, export_dir=str(tmp_path / "exports"))
    queued: list = []
    monkeypatch.setitem(app.extensions, exportjobs.RUNNER, queued.append)
    return queued


def _features(response) -> int:
    return len(orjson.loads(response.data)["features"])


def _hold_lease(session, name: str, owner: str = "other-host:1:builder", minutes: float = 2) -> None:
    row = session.get(ExportBuild, name) or ExportBuild(name=name)
    row.owner, row.started_at = owner, utcnow() - timedelta(minutes=5)
    row.lease_until = utcnow() + timedelta(minutes=minutes)
    session.add(row)
    session.commit()


def test_a_request_during_a_build_gets_the_last_complete_file_at_once(client, session, jobs):
    make_camera(session, source=CC0)
    first = client.get("/api/v1/exports/cameras.geojson")
    assert first.status_code == 503 and len(jobs) == 1
    jobs.pop()()  # the build runs (here, in this thread)
    built = client.get("/api/v1/exports/cameras.geojson")
    assert built.status_code == 200 and _features(built) == 1
    old_version = built.headers["X-Registry-Version"]
    assert old_version == client.get("/api/v1/exports").get_json()["version"]  # current
    make_camera(session, source=CC0, lon=25.1)  # the registry changes: the file is out of date
    _hold_lease(session, "geojson")  # another worker is building the new one
    started = time.monotonic()
    stale = client.get("/api/v1/exports/cameras.geojson")
    assert time.monotonic() - started < 5 and stale.status_code == 200 and _features(stale) == 1
    assert stale.headers["X-Registry-Version"] == old_version
    assert stale.headers["X-Registry-Version"] != client.get("/api/v1/exports").get_json()["version"]
    assert stale.last_modified is not None and stale.headers["ETag"] == built.headers["ETag"]
    assert jobs == []  # this worker did not start a second build


def test_nothing_built_yet_answers_503_with_retry_after(client, session, jobs):
    _hold_lease(session, "csv")
    response = client.get("/api/v1/exports/cameras.csv")
    assert response.status_code == 503 and 0 < int(response.headers["Retry-After"]) <= builds.RETRY_SECONDS
    assert "being built" in response.get_json()["message"] and jobs == []


def test_two_triggers_make_one_build(client, session, jobs):
    make_camera(session, source=CC0)
    answers = [client.get("/api/v1/exports/cameras.kml").status_code for _ in range(3)]
    assert answers == [503, 503, 503] and len(jobs) == 1
    assert int(client.get("/api/v1/exports/cameras.kml").headers["Retry-After"]) > 0


def test_an_expired_lease_is_taken_over(client, session, jobs):
    make_camera(session, source=CC0)
    _hold_lease(session, "gpkg", owner="crashed-host:9:builder", minutes=-1)  # its builder died
    assert client.get("/api/v1/exports/cameras.gpkg").status_code == 503 and len(jobs) == 1
    owner = session.scalar(select(ExportBuild.owner).where(ExportBuild.name == "gpkg"))
    assert owner and not owner.startswith("crashed-host")
    jobs.pop()()
    session.expire_all()
    row = session.get(ExportBuild, "gpkg")
    assert row.owner is None and row.lease_until is None and row.version  # released after the build
    assert client.get("/api/v1/exports/cameras.gpkg").status_code == 200


def test_builds_are_rate_limited(client, session, jobs, app, configure):
    configure(app, export_rebuild_seconds=300)
    make_camera(session, source=CC0)
    client.get("/api/v1/exports/cameras.csv")
    jobs.pop()()
    make_camera(session, source=CC0, lon=25.2)
    for _ in range(3):  # out of date, but the last build started less than 300 s ago
        assert client.get("/api/v1/exports/cameras.csv").status_code == 200
    assert jobs == []
    row = session.get(ExportBuild, "csv")
    row.started_at = utcnow() - timedelta(seconds=301)
    session.commit()
    assert client.get("/api/v1/exports/cameras.csv").status_code == 200 and len(jobs) == 1


def test_claims_racing_on_the_database_give_one_builder(tmp_path):
    with migrated_engine(tmp_path, "export_claims") as engine:
        barrier = threading.Barrier(8)

        def claim(n: int) -> float | None:
            with Session(engine) as session:
                barrier.wait()
                for _attempt in range(50):  # SQLite: a writer that found the lock taken tries again
                    try:
                        wait = builds.claim(session, "csv", f"worker-{n}", utcnow(), timedelta(0))
                        session.commit()
                        return wait
                    except Exception:
                        session.rollback()
                        time.sleep(0.05)
                raise AssertionError("no answer")

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(claim, range(8)))
        assert answers.count(None) == 1
        with Session(engine) as session:
            assert session.get(ExportBuild, "csv").owner.startswith("worker-")


@pytest.fixture
def live(tmp_path, monkeypatch):
    """An app over a committed database of its own, building exports in threads as in production."""
    from cameramap import create_app

    with fresh_database(tmp_path, "export_live") as url:
        app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": True, "TESTING": True, "SECRET_KEY": "live",
                          "INSTANCE_DIR": str(tmp_path / "instance"), "EXPORT_REBUILD_SECONDS": 0})
        engine = db.engine
        with Session(engine) as session:
            make_camera(session, source=CC0)
            session.commit()
        try:
            yield app, engine
        finally:
            for thread in threading.enumerate():
                if thread.name.startswith("cameramap-export"):
                    thread.join(timeout=30)
            db.session.remove()
            engine.dispose()


def test_the_cameras_api_answers_while_an_export_builds(live, monkeypatch):
    app, engine = live
    release, writing = threading.Event(), threading.Event()
    write_csv = dumps.WRITERS["csv"]

    def slow_csv(session, path: Path):
        writing.set()
        assert release.wait(30)
        return write_csv(session, path)

    monkeypatch.setitem(dumps.WRITERS, "csv", slow_csv)
    monkeypatch.setattr(builds, "RENEW_SECONDS", 0.05)
    client = FlaskClient(app)
    started = time.monotonic()
    assert client.get("/api/v1/exports/cameras.csv").status_code == 503
    assert time.monotonic() - started < 5 and writing.wait(10)
    with Session(engine) as session:
        first_lease = session.get(ExportBuild, "csv").lease_until
    cameras = client.get("/api/v1/cameras")
    assert cameras.status_code == 200 and cameras.get_json()["features"]
    assert any(t.name == "cameramap-export" for t in threading.enumerate())  # still building
    time.sleep(0.3)
    with Session(engine) as session:
        assert session.get(ExportBuild, "csv").lease_until > first_lease  # the builder renews its lease
    release.set()
    deadline = time.monotonic() + 30
    while (answer := client.get("/api/v1/exports/cameras.csv")).status_code == 503:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert answer.status_code == 200 and answer.headers["X-Registry-Version"]


def test_filtered_files_are_built_one_at_a_time_per_format(client, session, jobs, app, configure):
    configure(app, export_rebuild_seconds=300)
    make_camera(session, source=CC0)
    client.get("/api/v1/exports/cameras.csv")
    jobs.pop()()  # the full dump: its next build waits 300 s
    filtered = "/api/v1/exports/cameras.csv?filter=status%20%3D%20%27active%27"
    assert client.get(filtered).status_code == 503 and len(jobs) == 1  # its own lease
    assert client.get(filtered.replace("active", "removed")).status_code == 503 and len(jobs) == 1
    jobs.pop()()
    assert client.get(filtered).status_code == 200
    assert client.get(filtered.replace("active", "removed")).status_code == 503 and len(jobs) == 1


def _built(app, session) -> dict[str, builds.Built | None]:
    version = dumps.registry_version(session)
    return {name: builds.find(settings(app).export_dir, name, version) for name in dumps.DUMPS}


def test_a_start_builds_the_missing_dumps_without_a_request(client, session, jobs, app):
    make_camera(session, source=CC0)
    exportjobs.build_missing(app)
    assert len(jobs) == 1 and not any(_built(app, session).values())  # in the background: not yet
    jobs.pop()()
    assert all(_built(app, session).values())
    session.expire_all()
    rows = session.scalars(select(ExportBuild)).all()
    assert {row.name for row in rows} == set(dumps.DUMPS) and all(row.owner is None for row in rows)
    for name in ("cameras.geojson", "LICENCE.txt"):
        assert client.get(f"/api/v1/exports/{name}").status_code == 200
    assert jobs == []  # the downloads found their files: no build asked for


def test_a_start_builds_only_what_is_missing(session, jobs, app):
    make_camera(session, source=CC0)
    geojson = builds.build(session, "geojson", settings(app).export_dir)
    exportjobs.build_missing(app)
    jobs.pop()()
    assert all(_built(app, session).values()) and _built(app, session)["geojson"] == geojson
    assert session.get(ExportBuild, "geojson") is None  # never claimed: it was there
    assert session.get(ExportBuild, "csv") is not None


def test_a_start_with_no_camera_builds_nothing(session, jobs, app):
    exportjobs.build_missing(app)
    jobs.pop()()
    assert not Path(settings(app).export_dir).exists() and session.scalars(select(ExportBuild)).all() == []


def test_a_start_leaves_a_dump_another_process_builds(client, session, jobs, app):
    make_camera(session, source=CC0)
    _hold_lease(session, "csv")
    exportjobs.build_missing(app)
    jobs.pop()()
    built = _built(app, session)
    assert built["csv"] is None and all(built[name] for name in dumps.DUMPS if name != "csv")
    response = client.get("/api/v1/exports/cameras.csv")  # the short window while the other one builds
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0 and jobs == []
