"""Driver-level reads for the hottest path (map views): no ORM session, no BEGIN/COMMIT, plain SQL.

A Reader holds one pooled driver connection for a request and runs SQL written with :name
parameters (turned into the driver's style once per statement by the backend). Each statement sees
the latest commit, so whatever tags an answer (the registry version) is read in the same statement
as, or before, the data. Bound to a test's connection, it reads inside that connection's transaction.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from .backends import Backend, backend_for


@lru_cache(maxsize=256)
def _driver_sql(backend: str, sql: str) -> str:
    from .backends import backend_named

    return backend_named(backend).driver_sql(sql)


class Reader:
    """Runs read statements on one connection of `bind` (an engine's pool, or a test's connection)."""

    def __init__(self, bind: Engine | Connection):
        self.bind = bind
        self.backend: Backend = backend_for(bind)
        self._raw: Any = None

    @property
    def in_transaction(self) -> bool:
        """Whether reads run inside a transaction that may hold writes (a test's connection), rather
        than on a connection of their own without BEGIN (which sees only committed data)."""
        return isinstance(self.bind, Connection)

    def rows(self, sql: str, parameters: dict[str, Any]) -> list[Any]:
        statement = _driver_sql(self.backend.name, sql)
        if isinstance(self.bind, Connection):
            return list(self.bind.exec_driver_sql(statement, parameters).all())
        if self._raw is None:
            self._raw = self.bind.raw_connection()
            self.backend.open_reads(self._raw.driver_connection)
        cursor = self._raw.cursor()
        try:
            cursor.execute(statement, parameters)
            return cursor.fetchall()
        finally:
            cursor.close()

    def close(self) -> None:
        if self._raw is not None:
            raw, self._raw = self._raw, None
            try:
                self.backend.close_reads(raw.driver_connection)
            finally:
                raw.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
