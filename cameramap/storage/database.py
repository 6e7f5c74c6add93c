"""The database handle: engine with its backend's settings, scoped sessions, migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import URL, Engine, create_engine, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from .backends import Backend, backend_for, backend_for_url, read_only_intent
from .schema_version import is_current

if TYPE_CHECKING:  # Alembic loads when a schema is migrated, not in a serving worker
    from alembic.config import Config

__all__ = ["Database", "alembic_config", "make_engine", "read_only_intent", "upgrade"]

MIGRATIONS = Path(__file__).with_name("migrations")


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine with its backend's driver and connection settings (SQLite: WAL, foreign keys,
    synchronous=FULL, writers begin IMMEDIATE)."""
    kwargs.setdefault("json_serializer", _json_dumps)  # JSON columns: orjson is ~10x faster
    backend = backend_for_url(url)
    engine = create_engine(backend.engine_url(make_url(url)), **kwargs)
    backend.prepare_engine(engine)
    return engine


def alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to `revision` (Alembic), in one transaction.

    Several workers or hosts may start together: the backend makes them queue (Backend.lock_migrations)
    and the later ones find the schema current. A schema already at the head is left alone without
    loading Alembic (a serving process then forks its workers without it).
    """
    if revision == "head" and is_current(engine, MIGRATIONS / "versions"):
        return
    from alembic import command

    with engine.begin() as connection:
        backend_for(connection).lock_migrations(connection)
        command.upgrade(alembic_config(connection), revision)


class Database:
    """Unbound until init_app; gives each app context its own session."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self._reads: Engine | None = None
        self.session: scoped_session[Session] = scoped_session(sessionmaker())

    def init_app(self, app: Any) -> None:
        self.engine = make_engine(app.config["DATABASE_URL"])
        self._reads = None
        self.session.remove()
        self.session.configure(bind=self.engine, expire_on_commit=False)
        app.extensions["cameramap.db"] = self
        app.teardown_appcontext(self._end_context)

    def _end_context(self, _exc: BaseException | None) -> None:
        if self.session.registry.has():  # a map view opens no session: nothing to remove
            self.session.remove()

    def read_bind(self) -> Engine | Connection:
        """Where the map views' driver-level reads run: a test's connection when the sessions are
        bound to one, else the engine, or the pool the backend keeps for these reads."""
        bind = self.session.session_factory.kw["bind"]
        if bind is not self.engine or self.engine is None:
            return bind
        if self._reads is None:
            options = backend_for(self.engine).reads_engine_options()
            url = self.engine.url.render_as_string(hide_password=False)
            self._reads = make_engine(url, **options) if options is not None else self.engine
        return self._reads

    def bind_to(self, connection: Connection) -> None:
        """Tests: run every session inside `connection`'s outer transaction (rolled back later)."""
        self.session.remove()
        self.session.configure(bind=connection, join_transaction_mode="create_savepoint")

    @property
    def backend(self) -> Backend:
        assert self.engine is not None, "Database.init_app was not called"
        return backend_for(self.engine)
