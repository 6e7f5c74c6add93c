"""The Backend protocol: everything SQLite and PostgreSQL/PostGIS do differently, behind one interface."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from contextlib import AbstractContextManager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import URL, ColumnElement, Engine
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ...domain.errors import DomainError
from ...domain.geo import BBox
from ..cellsql import CellArithmetic

if TYPE_CHECKING:  # shapely loads on first use (a CQL2 filter), not with the app
    from shapely.geometry.base import BaseGeometry

# True while serving a request that only reads (GET/HEAD/OPTIONS): SQLite's readers then never
# queue behind its writer (SqliteBackend.prepare_engine).
read_only_intent: ContextVar[bool] = ContextVar("cameramap_read_only_intent", default=False)


class BackupFailed(DomainError):
    """The database tool reported an error (its message is passed on)."""

    code = "backup_failed"
    status = 500


TileScalar = str | int | float | bool
# One vector-tile feature: its id (None for none), lon, lat and flat properties.
TileFeature = tuple[int | None, float, float, dict[str, TileScalar]]
TILE_EXTENT = 4096  # vector-tile units across a tile


class BulkSwitch(Protocol):
    """Turns the per-row INSERT upkeep of the cluster index off for one transaction, and on again."""

    def on(self) -> None: ...

    def off(self) -> None: ...


class TextRows(Protocol):
    """A backend's bulk path for rows formatted as text ahead of time (PostgreSQL's COPY)."""

    def line(self, values: Sequence[Any]) -> str:
        """`values` as the columns of one line (no newline)."""

    def field(self, value: Any) -> str:
        """One value as a column of a line."""

    def new_ids(self, session: Session, table: str, count: int) -> list[int]:
        """`count` new ids of `table`, in order."""

    def write(self, session: Session, table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
        """Insert the lines (each ending in a newline) into `columns` of `table` (none: nothing)."""


class Backend(Protocol):
    """One database product. Chosen once per engine (storage.backends.backend_for); stateless."""

    name: str  # SQLAlchemy's name for it: what a database URL starts with
    title: str  # for people, in messages
    cells: CellArithmetic  # how its SQL spells the cluster cell arithmetic
    cells_source: str  # FROM-able SQL of the cluster cells the current transaction sees
    # SQL condition: cameras whose index box meets :west, :south, :east, :north (the spatial index
    # only; callers add the exact lon/lat test). Plain text, so statements built on it are cached.
    bbox_sql: str
    only_in_database: frozenset[str]  # what its migrations create that the models cannot declare
    only_in_models: frozenset[str]  # models its migrations do not create
    # rows as text formatted off the writing thread (services.imports.stage), or None: tuples only
    text_rows: TextRows | None
    import_lanes: int  # sessions an import may write alternate batches in (services.imports.lanes)

    # ---- engine, migrations, where the data lives
    def is_busy(self, error: BaseException) -> bool:
        """Whether `error` is a lock time-out (another writer held the lock too long): retryable."""
        ...

    def engine_url(self, url: URL) -> URL:
        """`url` with the driver cameramap uses for this database."""

    def prepare_engine(self, engine: Engine) -> None:
        """Per-connection settings and transaction start (called once, by make_engine)."""

    def lock_migrations(self, connection: Connection) -> None:
        """Make concurrent migrating processes queue, inside `connection`'s transaction."""

    def location(self, url: URL) -> str:
        """Where the database is, for people (file path or URL without password)."""

    def shared_folder(self, url: URL) -> Path | None:
        """A folder the processes of this database share for side files, or None (a server: use it)."""

    def database_files(self, url: URL) -> list[Path]:
        """The files on this host that hold the database (none for a server)."""

    # ---- reads
    def bbox_filter(self, bbox: BBox) -> ColumnElement[bool]:
        """Cameras inside `bbox` through the spatial index, then exactly on lon/lat."""

    def cell_x(self, lon: str, level: str) -> str:
        """SQL for the cluster cell column of SQL expression `lon` at zoom `level`."""

    def cell_y(self, lat: str, level: str) -> str:
        """SQL for the cluster cell row of SQL expression `lat` at zoom `level`."""

    def driver_sql(self, sql: str) -> str:
        """`sql` with its :name parameters in the driver's own style (for driver-level reads)."""

    def reads_engine_options(self) -> dict[str, Any] | None:
        """Engine options of a pool of its own for the map views' driver-level reads, or None: they
        share the engine's pool."""

    def open_reads(self, dbapi_connection: Any) -> None:
        """Make a pooled driver connection read without BEGIN/COMMIT (each statement sees the latest
        commit); close_reads undoes it before the connection goes back to the pool."""

    def close_reads(self, dbapi_connection: Any) -> None:
        """Undo open_reads."""

    def encode_tile(self, run: Callable[[str, dict[str, Any]], list[Any]], tile: tuple[int, int, int],
                    layers: dict[str, list[TileFeature]]) -> bytes:
        """Point layers as one Mapbox Vector Tile (z, x, y; TILE_EXTENT units; empty layers left out)."""

    def settled_changes(self) -> ColumnElement[bool]:
        """Change-feed rows that no transaction still in flight can precede."""

    # ---- CQL2 filters (storage.cql)
    def intersects(self, geometry: BaseGeometry) -> ColumnElement[bool]:
        """Cameras whose point intersects `geometry` (lon/lat): the spatial index, then exactly."""

    def like(self, column: ColumnElement[Any], pattern: str) -> ColumnElement[bool]:
        """CQL2 LIKE: case-sensitive; % any run, _ one character, backslash escapes."""

    def ordered(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        """A string column compared by code point, as Python compares."""

    # ---- writes
    def rebuild_statements(self) -> list[str]:
        """Recompute cameras.capabilities and every cluster cell from the cameras."""

    def bulk_switch(self, session: Session) -> BulkSwitch:
        """The switch of a bulk load in this session's transaction (storage.bulkload)."""

    def own_references(self, session: Session, parents: Mapping[str, Set[int]]
                       ) -> AbstractContextManager[bool]:
        """Within: the rows inserted reference only rows this transaction created and `parents` (table
        -> ids, locked against deletion at once): the backend may skip its per-row foreign-key checks.
        Yields whether it does."""

    def add_bulk_loaded(self, session: Session, ids: list[int]) -> None:
        """Add the cameras inserted under the switch to the cluster index (and what else rows need)."""

    def tune_import(self, session: Session) -> None:
        """Settings for a long import on the session's current connection."""

    def import_slice(self, rows: int) -> int:
        """Rows an import writes per transaction, at most `rows` (SQLite: fewer, see import_pause)."""

    def import_pause(self) -> None:
        """Between two committed slices of an import: let other writers take the lock."""

    def stored_time(self, moment: datetime) -> Any:
        """A timestamp as the driver stores it for a DateTime column (as SQLAlchemy would)."""

    def stored_flag(self, value: bool) -> Any:
        """A boolean as the driver stores it."""

    def insert_rows(self, session: Session, table: str, columns: tuple[str, ...],
                    rows: list[tuple[Any, ...]], ids: bool = False) -> list[int]:
        """Insert `rows` straight through the driver (fastest way); with `ids`, the new ids in row order."""

    # ---- backups
    def backup(self, url: URL, out: Path, partial: Path, without: tuple[str, ...] = ()) -> None:
        """Write a consistent copy of the live database to `partial` (then moved to `out`; created empty
        and owner-only by the caller), leaving out the rows of the tables `without`."""

    def check_backup(self, url: URL, src: Path) -> None:
        """Refuse `src` unless it is a backup this backend wrote (and not the database itself)."""

    def prepare_restore(self, url: URL) -> None:
        """Make the target database exist."""

    def restore(self, url: URL, src: Path) -> None:
        """Replace the database's content with the backup at `src`."""
