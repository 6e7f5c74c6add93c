"""SQLite imports: rows by executemany, and each slice's WAL checkpoint in the pause after its commit."""

from __future__ import annotations

import sqlite3
import time
from contextlib import suppress
from contextvars import ContextVar
from typing import Any

from sqlalchemy.orm import Session

IMPORT_PAUSE_S = 0.1
IMPORTING = "cameramap_import_autocheckpoint"  # connection info: the autocheckpoint to restore
_released: ContextVar[float | None] = ContextVar("sqlite_import_released", default=None)


def tune(session: Session, kib: int) -> None:
    """The page cache, and no checkpoint inside the slice's COMMIT (the connection's setting is
    restored, and the checkpoint run, when the commit hands the connection back: `checked_in`)."""
    connection = session.connection()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    info = connection.connection.info
    if IMPORTING not in info:
        info[IMPORTING] = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()
        connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")


def checked_in(dbapi_connection: Any, record: Any) -> None:
    """Pool check-in after an import's slice (its write lock already released): the checkpoint its
    COMMIT would have run, the connection's setting restored, and the time noted for `pause`."""
    if dbapi_connection is None or IMPORTING not in record.info:
        return
    _released.set(time.perf_counter())
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA wal_autocheckpoint={int(record.info.pop(IMPORTING))}")
        with suppress(sqlite3.Error):  # a checkpoint not run now is run by the next commit's
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")  # readers and writers go on meanwhile
    finally:
        cursor.close()


def pause() -> None:
    """Leave the write lock free for IMPORT_PAUSE_S after a slice's commit: a writer waiting for it
    retries every 100 ms (SQLite's busy handler, once it has waited a while), so one that long lets
    it in at the slice's end. The checkpoint after the commit counts towards it (the lock is free
    while it runs): at a million scattered rows it often takes the whole pause."""
    released = _released.get()
    _released.set(None)
    waited = 0.0 if released is None else time.perf_counter() - released
    if waited < IMPORT_PAUSE_S:
        time.sleep(IMPORT_PAUSE_S - waited)


def insert_rows(session: Session, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]],
                ids: bool = False) -> list[int]:
    """executemany; the new ids are the `len(rows)` highest, as this transaction holds the
    database's only write lock from its first insert to its commit (RETURNING goes row by row)."""
    if not rows:
        return []
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['?'] * len(columns))})"
    connection = session.connection()
    connection.exec_driver_sql(sql, rows)
    if not ids:
        return []
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    newest = cursor.execute(f"SELECT id FROM {table} ORDER BY id DESC LIMIT ?", (len(rows),)).fetchall()
    return [row[0] for row in reversed(newest)]  # the driver's own rows: no result object per row
