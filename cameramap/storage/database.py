"""The database handle: engine with per-backend settings, scoped sessions, migrations."""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from .cqlbackend import register_sqlite_functions

MIGRATIONS = Path(__file__).with_name("migrations")

# True while serving a request that only reads (GET/HEAD/OPTIONS); see _sqlite_begin.
read_only_intent: ContextVar[bool] = ContextVar("cameramap_read_only_intent", default=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    register_sqlite_functions(dbapi_connection)  # BACKEND: the exact spatial test of CQL2 filters
    # Let SQLAlchemy, not pysqlite, decide where transactions begin (savepoints then work).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    """Writers take SQLite's write lock up front (waiting up to busy_timeout for it).

    In WAL mode a deferred transaction that reads and then writes fails at once with
    SQLITE_BUSY_SNAPSHOT when another writer committed in between; BEGIN IMMEDIATE waits instead.
    Read-only requests keep deferred transactions so that readers never queue behind writers.
    """
    connection.exec_driver_sql("BEGIN" if read_only_intent.get() else "BEGIN IMMEDIATE")


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and synchronous=FULL on every connection."""
    kwargs.setdefault("json_serializer", _json_dumps)  # JSON columns: orjson is ~10x faster
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


MIGRATION_LOCK = 7_263_101  # pg_advisory_xact_lock key: one migrating process at a time


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to `revision` (Alembic), in one transaction.

    Several workers or hosts may start together: on PostgreSQL they queue on an advisory lock and the
    later ones find the schema current; on SQLite BEGIN IMMEDIATE serializes them the same way.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        command.upgrade(alembic_config(connection), revision)


class Database:
    """Unbound until init_app; gives each app context its own session."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session: scoped_session[Session] = scoped_session(sessionmaker())

    def init_app(self, app: Any) -> None:
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.session.remove()
        self.session.configure(bind=self.engine, expire_on_commit=False)
        app.extensions["cameramap.db"] = self
        app.teardown_appcontext(lambda _exc: self.session.remove())

    def bind_to(self, connection: Connection) -> None:
        """Tests: run every session inside `connection`'s outer transaction (rolled back later)."""
        self.session.remove()
        self.session.configure(bind=connection, join_transaction_mode="create_savepoint")

    @property
    def dialect(self) -> str:
        assert self.engine is not None, "Database.init_app was not called"
        return self.engine.dialect.name
