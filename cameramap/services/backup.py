"""Consistent online backups through the database's backend (SQLite backup API, pg_dump/pg_restore)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, literal_column, make_url, select, table

from ..domain.errors import Conflict, UsageError
from ..storage.backends import BackupFailed, backend_for_url
from ..storage.database import make_engine

__all__ = ["BOOKKEEPING", "PRIVATE_TABLES", "BackupFailed", "BackupResult", "backup", "restore",
           "tables_with_rows"]

# Tables that hold no registry data: the schema version, PostGIS's catalogue, R*Tree internals,
# the change counter that migration 0007 creates with its one row, the bulk-load switch of 0008
# (dropped on SQLite by 0009; backups taken before it still hold the table).
BOOKKEEPING = ("alembic_version", "spatial_ref_sys", "camera_rtree", "registry_version", "bulk_load")
# Rows a backup leaves out: the client-key secrets (with them a backup's holder could tell which
# network confirmed which camera; a restored instance starts a new secret) and the moderators'
# open sessions (a restored instance asks everyone to log in again).
PRIVATE_TABLES = ("client_key_secrets", "moderator_sessions")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str
    size: int


def backup(database_url: str, out: Path) -> BackupResult:
    """Write a consistent copy of the live database to `out` (replaced atomically when it exists)."""
    url = make_url(database_url)
    backend = backend_for_url(url)
    out = Path(out).resolve()
    partial = out.with_name(f".{out.name}.partial")
    try:
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # owner-only from the start
        backend.backup(url, out, partial, without=PRIVATE_TABLES)
        os.replace(partial, out)
    finally:
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
    return BackupResult(out, backend.name, out.stat().st_size)


def tables_with_rows(database_url: str) -> list[str]:
    """The tables of the database that hold data (bookkeeping tables aside); [] when empty."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if not n.startswith(BOOKKEEPING)]
            return [n for n in names
                    if conn.execute(select(literal_column("1")).select_from(table(n)).limit(1)).first()]
    finally:
        engine.dispose()


def restore(database_url: str, src: Path, *, force: bool = False) -> str:
    """Replace the database's content with the backup at `src`; returns the backend name.

    A database that holds data is only overwritten with `force`.
    """
    url = make_url(database_url)
    backend = backend_for_url(url)
    src = Path(src).resolve()
    if not src.is_file():
        raise UsageError(f"no backup file at {src}", parameter="in")
    backend.check_backup(url, src)
    backend.prepare_restore(url)
    occupied = tables_with_rows(database_url)
    if occupied and not force:
        raise Conflict(f"the database is not empty (data in {', '.join(occupied)}); "
                       "use --force to replace it", parameter="database_url", code="not_empty")
    backend.restore(url, src)
    return backend.name
