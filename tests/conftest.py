"""Shared fixtures: one schema per test session, each test inside a rolled-back transaction.

The backend is chosen by CAMERAMAP_TEST_DATABASE_URL (default: a fresh SQLite file).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from cameramap import create_app
from cameramap.api import exportjobs
from cameramap.config import replaced
from cameramap.extensions import SETTINGS, db, settings
from cameramap.storage.database import make_engine, upgrade

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("CAMERAMAP_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def engine(database_url: str):
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


class CommittingClient(FlaskClient):
    """A real client sees committed data only: before each request the test's own writes are
    committed (to its savepoint: the outer transaction is still rolled back after the test), so a
    request that fails and rolls back its unit of work cannot take the test's set-up with it."""

    def open(self, *args, **kwargs):
        if db.session.registry.has():
            db.session().commit()
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(engine, database_url: str, tmp_path_factory: pytest.TempPathFactory):
    instance = tmp_path_factory.mktemp("instance")
    application = create_app({
        "DATABASE_URL": database_url, "AUTO_MIGRATE": False, "TESTING": True,
        "SECRET_KEY": "test-secret", "INSTANCE_DIR": str(instance),
    })
    application.test_client_class = CommittingClient
    # Export builds run inside the request here (a thread would share the test's connection);
    # tests/functional/api/test_export_builds.py runs them in threads on a database of their own.
    application.extensions[exportjobs.RUNNER] = exportjobs.run_now
    return application


@pytest.fixture
def configure(monkeypatch):
    """configure(app, NAME=value, ...): change an app's settings for one test (validated, restored)."""
    def change(app, **values) -> None:
        monkeypatch.setitem(app.extensions, SETTINGS, replaced(settings(app), **values))

    return change


@pytest.fixture
def connection(engine):
    """A connection whose outer transaction is rolled back after the test."""
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture
def session(app, connection):
    db.bind_to(connection)
    with app.app_context():
        yield db.session()
    db.session.remove()


@pytest.fixture
def client(app, session):
    return app.test_client()


@pytest.fixture
def demo(session):
    """The 221 Helsinki demo cameras, inside the test's transaction."""
    from cameramap.services.imports.demo import load_demo_cameras

    return load_demo_cameras(session, only_if_empty=False)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real datasets not available: {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture
def backend(engine) -> str:
    return engine.dialect.name
