"""Consistent online backups: SQLite through its backup API, PostgreSQL through pg_dump/pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, inspect, make_url, text

from ..domain.errors import Conflict, DomainError, UsageError
from ..storage.database import make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables that hold no registry data: the schema version, PostGIS's catalogue, R*Tree internals,
# the change counter that migration 0007 creates with its one row, the bulk-load switch of 0008
# (dropped on SQLite by 0009; backups taken before it still hold the table).
BOOKKEEPING = ("alembic_version", "spatial_ref_sys", "camera_rtree", "registry_version", "bulk_load")


class BackupFailed(DomainError):
    """The database tool reported an error (its message is passed on)."""

    code = "backup_failed"
    status = 500


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str
    size: int


def _backend(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise UsageError(f"backups support SQLite and PostgreSQL, not {backend}", parameter="database_url")
    return backend


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise UsageError("an in-memory SQLite database cannot be backed up", parameter="database_url")
    return Path(url.database).resolve()


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries it."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupFailed(f"{name} was not found: install the PostgreSQL client tools (postgresql-client)")
    return path


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.returncode}")


def backup(database_url: str, out: Path) -> BackupResult:
    """Write a consistent copy of the live database to `out` (replaced atomically when it exists)."""
    url = make_url(database_url)
    backend = _backend(url)
    out = Path(out).resolve()
    if backend == "sqlite" and out == _sqlite_path(url):
        raise UsageError("the backup file must not be the database itself", parameter="out")
    partial = out.with_name(f".{out.name}.partial")
    try:
        if backend == "sqlite":
            _sqlite_backup(_sqlite_path(url), partial)
        else:
            uri, env = _libpq(url)
            _run([_tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={uri}"], env)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(out, backend, out.stat().st_size)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise UsageError(f"no SQLite database at {source}", parameter="database_url")
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def tables_with_rows(database_url: str) -> list[str]:
    """The tables of the database that hold data (bookkeeping tables aside); [] when empty."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if not n.startswith(BOOKKEEPING)]
            quote = engine.dialect.identifier_preparer.quote
            return [n for n in names if conn.execute(text(f"SELECT 1 FROM {quote(n)} LIMIT 1")).first()]
    finally:
        engine.dispose()


def _check_file(src: Path, backend: str) -> None:
    if not src.is_file():
        raise UsageError(f"no backup file at {src}", parameter="in")
    with src.open("rb") as handle:
        head = handle.read(16)
    expected = {"sqlite": SQLITE_MAGIC, "postgresql": PGDUMP_MAGIC}[backend]
    if not head.startswith(expected):
        kind = "SQLite" if backend == "sqlite" else "pg_dump custom-format"
        raise UsageError(f"{src} is not a {kind} backup; restore into the backend it was taken from",
                         parameter="in")


def restore(database_url: str, src: Path, *, force: bool = False) -> str:
    """Replace the database's content with the backup at `src`; returns the backend name.

    A database that holds data is only overwritten with `force`.
    """
    url = make_url(database_url)
    backend = _backend(url)
    src = Path(src).resolve()
    _check_file(src, backend)
    if backend == "postgresql":
        _ensure_pg_database(url)
    elif src == _sqlite_path(url):
        raise UsageError("the backup file is the database itself", parameter="in")
    occupied = tables_with_rows(database_url)
    if occupied and not force:
        raise Conflict(f"the database is not empty (data in {', '.join(occupied)}); "
                       "use --force to replace it", parameter="database_url", code="not_empty")
    if backend == "sqlite":
        _sqlite_restore(src, _sqlite_path(url))
    else:
        uri, env = _libpq(url)
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner",
              "--no-privileges", f"--dbname={uri}", str(src)], env)
    return backend


def _sqlite_restore(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src:
        try:
            healthy = src.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            healthy = False
        if not healthy:
            raise UsageError(f"{source} is a damaged SQLite file", parameter="in")
        with closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst)


def _ensure_pg_database(url: URL) -> None:
    """Create the target database when it does not exist yet (restoring onto a fresh server)."""
    name = url.database
    if not name:
        raise UsageError("the PostgreSQL URL names no database", parameter="database_url")
    engine = make_engine(url.set(database="postgres").render_as_string(hide_password=False),
                         isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not found:
                conn.execute(text(f"CREATE DATABASE {engine.dialect.identifier_preparer.quote(name)}"))
    finally:
        engine.dispose()
