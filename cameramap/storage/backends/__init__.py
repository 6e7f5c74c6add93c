"""The database backends: SQLite (R*Tree) and PostgreSQL/PostGIS, one class each behind `Backend`.

The backend follows from the database URL and is chosen once per engine; code that holds a session,
connection or engine asks `backend_for(it)` (a dictionary look-up, no object made per call).
Everything the two databases do differently lives here, nowhere else (a test checks).
"""

from __future__ import annotations

from sqlalchemy import URL, Engine, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, scoped_session

from ...domain.errors import UsageError
from .base import Backend, BackupFailed, BulkSwitch, TextRows, read_only_intent
from .postgis import PostgisBackend
from .sqlite import SqliteBackend

__all__ = ["Backend", "BackupFailed", "BulkSwitch", "TextRows", "backend_for", "backend_for_url",
           "backend_named", "read_only_intent"]

_BACKENDS: dict[str, Backend] = {backend.name: backend for backend in (SqliteBackend(), PostgisBackend())}
_SESSIONS = (Session, scoped_session)


def backend_named(name: str) -> Backend:
    """The backend SQLAlchemy calls `name` ("sqlite", "postgresql")."""
    try:
        return _BACKENDS[name]
    except KeyError:
        raise UsageError(f"cameramap runs on SQLite or PostgreSQL/PostGIS, not {name}",
                         parameter="database_url") from None


def backend_for_url(url: str | URL) -> Backend:
    return backend_named(make_url(url).get_backend_name())


def backend_for(bind: Session | scoped_session[Session] | Engine | Connection) -> Backend:
    """The backend of the database a session, connection or engine talks to."""
    if isinstance(bind, _SESSIONS):
        bind = bind.get_bind()
    return backend_named(bind.dialect.name)
