"""Fresh committed databases for tests that need real transactions (live servers, concurrency)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from cameramap import create_app
from cameramap.extensions import db
from cameramap.storage.database import make_engine, upgrade


@contextmanager
def fresh_database(sqlite_dir: Path, suffix: str) -> Iterator[str]:
    """A new empty database URL: a SQLite file, or `<test db>_<suffix>` on PostgreSQL (dropped after)."""
    base_url = os.environ.get("CAMERAMAP_TEST_DATABASE_URL")
    if not base_url or not base_url.startswith("postgresql"):
        yield f"sqlite:///{sqlite_dir / f'{suffix}.sqlite3'}"
        return
    url = make_url(base_url)
    name = f"{url.database}_{suffix}"
    admin = make_engine(url.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def migrated_engine(sqlite_dir: Path, suffix: str) -> Iterator[Engine]:
    """An engine on a fresh database with the schema at head."""
    with fresh_database(sqlite_dir, suffix) as url:
        engine = make_engine(url)
        upgrade(engine)
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def app_on_fresh_database(tmp_path: Path, suffix: str, **values: Any) -> Iterator[tuple[Flask, str]]:
    """An app over its own new database, where requests and commands really commit; `values` are
    settings besides the test defaults."""
    engine_before = db.engine
    with fresh_database(tmp_path, suffix) as url:
        app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": True, "TESTING": True, "SECRET_KEY": suffix,
                          "INSTANCE_DIR": str(tmp_path), **values})
        try:
            yield app, url
        finally:
            db.session.remove()
            assert db.engine is not None
            db.engine.dispose()
            db.engine = engine_before
