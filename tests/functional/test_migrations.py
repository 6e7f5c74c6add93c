"""Migrations: concurrent start-ups migrate once; every revision downgrades and upgrades again."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from sqlalchemy import inspect, text

from cameramap.storage.backends.sqlite_sql import bulk_triggers as sqlite_triggers
from cameramap.storage.database import alembic_config, make_engine, upgrade
from tests.databases import fresh_database, migrated_engine


def test_concurrent_upgrades_migrate_once(tmp_path):
    with fresh_database(tmp_path, "migrate_race") as url:
        engines = [make_engine(url) for _ in range(3)]
        errors: list[BaseException] = []

        def run(engine):
            try:
                upgrade(engine)
            except BaseException as err:  # noqa: BLE001 - collected and asserted below
                errors.append(err)

        threads = [threading.Thread(target=run, args=(e,)) for e in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with engines[0].connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            assert "cameras" in inspect(conn).get_table_names()
        for engine in engines:
            engine.dispose()


def test_downgrade_to_base_and_up_again(tmp_path):
    with migrated_engine(tmp_path, "migrate_down") as engine:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        with engine.connect() as conn:
            assert "cameras" not in inspect(conn).get_table_names()
        upgrade(engine)
        with engine.connect() as conn:
            assert "cameras" in inspect(conn).get_table_names()


def _sqlite_guarded_triggers(conn) -> set[str]:
    rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
    return {name for name, sql in rows if "bulk_load" in sql}


def test_sqlite_insert_triggers_lose_the_dead_bulk_load_guard_in_0009(tmp_path):
    with migrated_engine(tmp_path, "migrate_0009") as engine:
        if engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL bulk loads still turn their trigger guard on; 0009 changes SQLite only")
        with engine.connect() as conn:
            assert _sqlite_guarded_triggers(conn) == set()
            assert "bulk_load" not in inspect(conn).get_table_names()
            triggers = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            stored = dict(conn.execute(triggers).all())
            for name, statement in sqlite_triggers(guarded=False).items():
                assert stored[name] == statement
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0008")
        with engine.connect() as conn:
            assert _sqlite_guarded_triggers(conn) == set(sqlite_triggers())
            assert "bulk_load" in inspect(conn).get_table_names()
        upgrade(engine)
        with engine.connect() as conn:
            assert _sqlite_guarded_triggers(conn) == set()
