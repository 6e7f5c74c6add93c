"""Where the database backends differ: only in storage.backends (and the migrations), chosen by URL."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from cameramap.domain.errors import UsageError
from cameramap.storage.backends import backend_for, backend_for_url, backend_named
from cameramap.storage.backends.base import Backend
from cameramap.storage.backends.postgis import PostgisBackend
from cameramap.storage.backends.sqlite import SqliteBackend

PACKAGE = Path(__file__).resolve().parents[3] / "cameramap"
# The only places that may tell the databases apart: the backends, and the migrations (frozen history).
ALLOWED = ("storage/backends/", "storage/migrations/")
NAMES = {"dialect", "get_backend_name"}
STRINGS = {"sqlite", "postgresql"}


def dialect_mentions(source: str) -> list[str]:
    """Names and string literals of `source` that tell the databases apart."""
    def telling(token: tokenize.TokenInfo) -> bool:
        if token.type == tokenize.NAME:
            return token.string in NAMES
        return token.type == tokenize.STRING and token.string.strip("'\"").lower() in STRINGS

    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [f"{token.start[0]}: {token.string}" for token in tokens if telling(token)]


def test_nothing_outside_the_backends_names_a_database():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(ALLOWED):
            continue
        mentions = dialect_mentions(path.read_text(encoding="utf-8"))
        if mentions:
            offenders[relative] = mentions
    assert offenders == {}, "database differences belong in cameramap/storage/backends"


def test_the_check_sees_what_it_looks_for():
    source = ('if session.get_bind().dialect.name == "sqlite":\n'
              '    x = url.get_backend_name() == "postgresql"\n')
    assert dialect_mentions(source) == ['1: dialect', '1: "sqlite"', "2: get_backend_name", '2: "postgresql"']
    assert dialect_mentions('"""Runs on SQLite and PostgreSQL."""\nURL = "sqlite:///x"\n') == []


@pytest.mark.parametrize("cls", [SqliteBackend, PostgisBackend])
def test_each_backend_has_every_member_of_the_protocol(cls):
    members = {name for name in vars(Backend) if not name.startswith("_")} | set(Backend.__annotations__)
    assert {name for name in members if not hasattr(cls, name)} == set()


def test_the_url_chooses_the_backend():
    assert backend_for_url("sqlite:///x.sqlite3").name == "sqlite"
    assert backend_for_url("postgresql://u@h/db").name == "postgresql"
    assert backend_for_url("postgresql+psycopg://u@h/db") is backend_named("postgresql")
    engine = create_engine("sqlite://")
    assert backend_for(engine) is backend_named("sqlite")
    with engine.connect() as connection:
        assert backend_for(connection) is backend_named("sqlite")


def test_an_unsupported_database_is_refused_with_its_name():
    with pytest.raises(UsageError, match="mysql"):
        backend_for_url("mysql://u@h/db")


def test_postgresql_urls_get_the_psycopg_driver():
    postgis = backend_named("postgresql")
    assert postgis.engine_url(make_url("postgresql://u@h/db")).drivername == "postgresql+psycopg"
    assert postgis.engine_url(make_url("postgresql+psycopg://u@h/db")).drivername == "postgresql+psycopg"
