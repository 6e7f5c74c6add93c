"""Backup and restore: a committed demo registry survives a round trip row for row, on both backends."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, inspect, make_url, select, text
from sqlalchemy.orm import Session

from cameramap.cli.backup import backup_command, restore_command
from cameramap.config import parse
from cameramap.domain.errors import Conflict, UsageError
from cameramap.extensions import SETTINGS
from cameramap.services.backup import backup, restore
from cameramap.services.demo import load_demo
from cameramap.storage.database import make_engine, upgrade
from cameramap.storage.models import Camera, Operator, Source

FreshUrl = Callable[[str], str]


def _admin(database_url: str):
    return make_engine(database_url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="module")
def fresh_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshUrl]:
    """Names new, not yet existing databases next to the test database; drops them afterwards."""
    base = make_url(database_url)
    folder = tmp_path_factory.mktemp("backup-dbs")
    created: list[str] = []

    def _fresh(label: str) -> str:
        if base.get_backend_name() == "sqlite":
            return f"sqlite:///{folder / label} %#{secrets.token_hex(4)}.sqlite3"  # URI-hostile name
        name = f"{base.database}_{label}_{secrets.token_hex(4)}"
        created.append(name)
        return base.set(database=name).render_as_string(hide_password=False)

    yield _fresh
    if base.get_backend_name() == "postgresql":
        admin = _admin(database_url)
        with admin.connect() as conn:
            for name in created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _create(database_url: str, url: str) -> None:
    if make_url(url).get_backend_name() == "postgresql":
        admin = _admin(database_url)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{make_url(url).database}"'))
        admin.dispose()


def _migrated(database_url: str, url: str) -> str:
    _create(database_url, url)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def registry(database_url: str, fresh_url: FreshUrl) -> str:
    """A separate database holding the committed demo registry."""
    url = _migrated(database_url, fresh_url("src"))
    engine = make_engine(url)
    with Session(engine) as session:
        load_demo(session, only_if_empty=False)
        session.commit()
    engine.dispose()
    return url


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every table's rows, in a stable order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            quote = engine.dialect.identifier_preparer.quote
            return {
                name: sorted((tuple(row) for row in conn.execute(text(f"SELECT * FROM {quote(name)}"))),
                             key=repr)
                for name in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()


def count_cameras(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count(Camera.id)))
    engine.dispose()
    return count


@pytest.fixture(scope="module")
def backup_file(registry: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return backup(registry, tmp_path_factory.mktemp("backups") / "registry.backup").path


def test_round_trip_keeps_every_row(registry, backup_file, fresh_url):
    target = fresh_url("dst")
    restore(target, backup_file)
    before, after = snapshot(registry), snapshot(target)
    assert len(before["cameras"]) == 221 and len(before["revisions"]) >= 221
    assert before.keys() == after.keys()
    for table in before:
        assert after[table] == before[table], table


def test_restore_into_a_migrated_empty_database(registry, backup_file, fresh_url, database_url):
    target = _migrated(database_url, fresh_url("empty"))
    restore(target, backup_file)
    assert snapshot(target) == snapshot(registry)


def test_restored_database_takes_new_rows(backup_file, fresh_url):
    """Sequences come back too: a new row gets a fresh id instead of colliding."""
    target = fresh_url("grow")
    restore(target, backup_file)
    engine = make_engine(target)
    with Session(engine) as session:
        highest = session.scalar(select(func.max(Source.id)))
        source = Source(name="A source added after the restore", kind="open_data")
        session.add(source)
        session.commit()
        assert highest >= 1 and source.id > highest
    engine.dispose()


def test_restore_refuses_a_database_with_data(registry, backup_file):
    with pytest.raises(Conflict) as err:
        restore(registry, backup_file)
    assert "cameras" in err.value.message and "--force" in err.value.message


def test_forced_restore_replaces_the_data(registry, backup_file, fresh_url, database_url):
    target = _migrated(database_url, fresh_url("forced"))
    engine = make_engine(target)
    with Session(engine) as session:
        session.add(Operator(name="Only in the target"))
        session.commit()
    engine.dispose()
    with pytest.raises(Conflict):
        restore(target, backup_file)
    restore(target, backup_file, force=True)
    assert snapshot(target) == snapshot(registry)


def test_backup_is_consistent_while_a_writer_is_busy(registry, fresh_url, tmp_path):
    """An uncommitted transaction neither blocks the backup nor leaks into it."""
    engine = make_engine(registry)
    with engine.connect() as conn, conn.begin() as transaction:
        Session(bind=conn).add(Operator(name="Uncommitted operator"))
        conn.execute(text("UPDATE cameras SET notes = 'uncommitted'"))
        taken = backup(registry, tmp_path / "online.backup")
        transaction.rollback()
    engine.dispose()
    target = fresh_url("online")
    restore(target, taken.path)
    assert snapshot(target) == snapshot(registry)


def test_restore_rejects_a_file_that_is_no_backup(registry, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(UsageError) as err:
        restore(registry, bogus, force=True)
    assert err.value.parameter == "in"
    with pytest.raises(UsageError):
        restore(registry, tmp_path / "absent.backup", force=True)


def test_backup_of_a_memory_database_is_refused(tmp_path):
    with pytest.raises(UsageError):
        backup("sqlite://", tmp_path / "x.backup")


def invoke(command, args: list[str], url: str):
    """Run a command as the console script would, configured through the environment."""
    env = {"CAMERAMAP_DATABASE_URL": url, "CAMERAMAP_MEDIA_DIR": "/srv/media"}
    return CliRunner().invoke(command, args, env=env)


def test_cli_backup_and_restore(registry, fresh_url, tmp_path):
    out = tmp_path / "cli.backup"
    done = invoke(backup_command, [str(out)], registry)
    assert done.exit_code == 0, done.output
    assert str(out) in done.output and "/srv/media" in done.output
    target = fresh_url("cli")  # does not exist yet: the command must not migrate it first
    done = invoke(restore_command, [str(out)], target)
    assert done.exit_code == 0, done.output
    assert count_cameras(target) == 221


def test_cli_restore_needs_force_over_data(registry, backup_file):
    done = invoke(restore_command, [str(backup_file)], registry)
    assert done.exit_code == 1
    assert "not empty" in done.output and "--force" in done.output
    done = invoke(restore_command, [str(backup_file), "--force"], registry)
    assert done.exit_code == 0, done.output
    assert count_cameras(registry) == 221


def test_cli_uses_the_running_app_config(registry, tmp_path):
    app = Flask(__name__)
    app.extensions[SETTINGS] = parse({"DATABASE_URL": registry, "MEDIA_DIR": "/srv/app-media"})
    with app.app_context():
        done = CliRunner().invoke(backup_command, [str(tmp_path / "app.backup")])
    assert done.exit_code == 0, done.output
    assert "/srv/app-media" in done.output and (tmp_path / "app.backup").stat().st_size > 0


def test_cli_explains_a_bad_file(registry, tmp_path):
    done = invoke(restore_command, [str(tmp_path / "absent.backup")], registry)
    assert done.exit_code == 1 and "no backup file" in done.output
