"""A schema already at the head is found without Alembic; anything else still goes through Alembic."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory

from cameramap.storage.database import MIGRATIONS, alembic_config, make_engine
from cameramap.storage.schema_version import head_revision, is_current
from tests.databases import fresh_database, migrated_engine

VERSIONS = MIGRATIONS / "versions"


def test_the_head_read_from_the_files_is_alembics(engine):
    with engine.connect() as conn:
        assert head_revision(VERSIONS) == ScriptDirectory.from_config(alembic_config(conn)).get_current_head()


def test_branched_or_unreadable_migrations_have_no_head(tmp_path):
    (tmp_path / "a.py").write_text('revision = "1"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision = "2"\ndown_revision = "1"\n')
    assert head_revision(tmp_path) == "2"
    (tmp_path / "c.py").write_text('revision = "3"\ndown_revision = "1"\n')
    assert head_revision(tmp_path) is None
    (tmp_path / "c.py").write_text("revision = compute()\n")
    assert head_revision(tmp_path) is None


def test_only_a_database_at_the_head_is_current(tmp_path):
    with fresh_database(tmp_path, "schema_new") as url:
        fresh = make_engine(url)
        assert not is_current(fresh, VERSIONS)
        fresh.dispose()
    with migrated_engine(tmp_path, "schema_head") as engine:
        assert is_current(engine, VERSIONS)
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "-1")
        assert not is_current(engine, VERSIONS)
