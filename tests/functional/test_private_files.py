"""Privacy of backups and files: a backup holds no client-key secret (nor open moderator sessions), and
the database, backups, exports and media are readable by their owner only (0600/0700)."""

from __future__ import annotations

import os
import secrets
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from cameramap import create_app
from cameramap.extensions import db
from cameramap.services.backup import backup
from cameramap.services.exports import builds
from cameramap.services.moderation import accounts, sessions
from cameramap.services.submissions import clientkeys, photos
from cameramap.storage.database import make_engine
from cameramap.storage.submissions import ClientKeySecret, ModeratorSession
from tests.factories import make_camera


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def own_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An app with its own SQLite database and folders, started from a permissive umask."""
    monkeypatch.chdir(tmp_path)
    engine_before, old = db.engine, os.umask(0o022)
    (tmp_path / "media").mkdir(mode=0o755)  # left from an older version
    url = f"sqlite:///{tmp_path / 'own.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "x", "INSTANCE_DIR": str(tmp_path),
                      "MEDIA_DIR": str(tmp_path / "media"), "EXPORT_DIR": str(tmp_path / "exports")})
    try:
        yield app, url, tmp_path
    finally:
        os.umask(old)
        db.session.remove()
        assert db.engine is not None
        db.engine.dispose()
        db.engine = engine_before
        db.session.configure(bind=engine_before)


def test_database_media_exports_and_backups_are_owner_only(own_app):
    app, url, folder = own_app
    engine = make_engine(url)
    with Session(engine) as session:
        make_camera(session, lon=24.94, lat=60.17)
        session.commit()
        export = builds.build(session, "csv", folder / "exports").path
    engine.dispose()
    assert mode(folder / "own.sqlite3") == 0o600
    assert mode(folder / "media") == 0o700  # tightened at start
    assert mode(export) == 0o600 and mode(folder / "exports") == 0o700
    name = photos.store(photos.CleanPhoto(b"\xff\xd8 not really", "image/jpeg", ".jpg", 1, 1, None),
                        folder / "media" / "new")
    assert mode(folder / "media" / "new" / name) == 0o600 and mode(folder / "media" / "new") == 0o700
    result = backup(url, folder / "backups" / "copy.sqlite3")
    assert mode(result.path) == 0o600 and mode(folder / "backups") == 0o700


def test_a_backup_holds_no_client_key_secret(database_url: str, engine, tmp_path: Path):
    with Session(engine) as session:
        secret = secrets.token_bytes(32)
        session.add(ClientKeySecret(period=clientkeys.current_period(24) + 1000, secret=secret))
        moderator = accounts.add_moderator(session, "mod-backup", "a long enough password")
        sessions.start(session, moderator, remember=True)
        session.commit()
    try:
        out = tmp_path / "registry.backup"
        backup(database_url, out)
        assert secret not in out.read_bytes()
        if database_url.startswith("sqlite"):
            with sqlite3.connect(out) as copy:
                assert copy.execute("SELECT count(*) FROM client_key_secrets").fetchone() == (0,)
                assert copy.execute("SELECT count(*) FROM moderator_sessions").fetchone() == (0,)
                kept = copy.execute("SELECT count(*) FROM moderators WHERE name = 'mod-backup'").fetchone()
                assert kept == (1,)
    finally:
        with Session(engine) as session:
            session.execute(delete(ClientKeySecret).where(ClientKeySecret.secret == secret))
            session.query(ModeratorSession).delete()
            session.delete(accounts.find(session, "mod-backup"))
            session.commit()
