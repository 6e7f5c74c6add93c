"""SQLite: R*Tree bounding boxes, one writer at a time (BEGIN IMMEDIATE), backups through its backup API."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Mapping, Set
from contextlib import AbstractContextManager, closing, nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    URL,
    ColumnElement,
    Engine,
    LargeBinary,
    and_,
    bindparam,
    event,
    func,
    select,
    text,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.geo import BBox
from .. import cellsql
from ..grid import tile_pixel
from ..models import Camera
from . import sqlite_cql, sqlite_import, sqlite_sql
from .base import TILE_EXTENT, TextRows, TileFeature, read_only_intent

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10  # seconds a writer waits for the write lock unless the URL says `?timeout=`
IMPORT_SLICE = 10_000  # rows per import transaction (see SqliteBackend.import_slice)

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
    sqlite_cql.register_functions(dbapi_connection)  # the exact spatial test of CQL2 filters
    # Let SQLAlchemy, not pysqlite, decide where transactions begin (savepoints then work).
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    """Writers take SQLite's write lock up front (waiting up to busy_timeout for it).

    In WAL mode a deferred transaction that reads and then writes fails at once with
    SQLITE_BUSY_SNAPSHOT when another writer committed in between; BEGIN IMMEDIATE waits instead.
    Read-only requests keep deferred transactions so that readers never queue behind writers.
    """
    connection.exec_driver_sql("BEGIN" if read_only_intent.get() else "BEGIN IMMEDIATE")


def database_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise UsageError("an in-memory SQLite database cannot be backed up", parameter="database_url")
    return Path(url.database).resolve()


class BulkSwitch:
    """Drops the guarded INSERT triggers for the block, then restores them as stored (DDL is
    transactional, the writer holds the only write lock, WAL readers keep their snapshot's schema)."""

    def __init__(self, session: Session):
        self.connection = session.connection()
        self.saved: list[str] = []

    def on(self) -> None:
        names = ", ".join(f"'{name}'" for name in sqlite_sql.BULK_TRIGGERS)
        self.saved = list(self.connection.exec_driver_sql(
            f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({names}) ORDER BY name"
        ).scalars())
        for name in sqlite_sql.BULK_TRIGGERS:
            self.connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")

    def off(self) -> None:
        for statement in self.saved:
            self.connection.exec_driver_sql(statement)
        self.saved = []


class SqliteBackend:
    """A file: R*Tree index, cells updated by row triggers, executemany for bulk rows."""

    name = "sqlite"
    title = "SQLite"
    cells = sqlite_sql.CELLS
    cells_source = "camera_cells"
    bbox_sql = ("cameras.id IN (SELECT id FROM camera_rtree WHERE max_lon >= :west AND min_lon <= :east "
                "AND max_lat >= :south AND min_lat <= :north)")
    # The R*Tree spatial index (0001): a virtual table and the shadow tables SQLite keeps for it.
    only_in_database = frozenset({"camera_rtree", "camera_rtree_node", "camera_rtree_parent",
                                  "camera_rtree_rowid"})
    # The triggers write camera_cells directly: no deltas.
    only_in_models = frozenset({"camera_cell_deltas", "ix_camera_cell_deltas_txid"})
    text_rows: TextRows | None = None  # executemany takes tuples (formatting text would only add work)
    import_lanes = 1  # one writer at a time

    def is_busy(self, error: BaseException) -> bool:
        """SQLITE_BUSY / SQLITE_LOCKED: the write lock was not free within the busy timeout."""
        orig = getattr(error, "orig", error)
        return isinstance(orig, sqlite3.OperationalError) and (
            "locked" in str(orig) or getattr(orig, "sqlite_errorname", "").startswith(("SQLITE_BUSY",
                                                                                       "SQLITE_LOCKED")))

    def engine_url(self, url: URL) -> URL:
        """Writers wait up to `timeout` seconds for the write lock (the URL's `?timeout=`, default 10)."""
        return url if "timeout" in url.query else url.update_query_dict({"timeout": str(BUSY_TIMEOUT)})

    def prepare_engine(self, engine: Engine) -> None:
        """WAL, foreign keys and synchronous=FULL on every connection; writers begin IMMEDIATE; an
        import's checkpoints after its commits (sqlite_import)."""
        event.listen(engine, "connect", _pragmas)
        event.listen(engine, "begin", _begin)
        event.listen(engine, "checkin", sqlite_import.checked_in)

    def lock_migrations(self, connection: Connection) -> None:
        """Nothing to add: BEGIN IMMEDIATE already serializes migrating processes."""

    def location(self, url: URL) -> str:
        return str(url.database)

    def shared_folder(self, url: URL) -> Path | None:
        database = url.database
        return Path(database).parent if database and database != ":memory:" else Path(tempfile.gettempdir())

    def database_files(self, url: URL) -> list[Path]:
        database = url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return []
        path = Path(database)
        return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]

    def bbox_filter(self, bbox: BBox) -> ColumnElement[bool]:
        """The R*Tree answers first (32-bit float bounds: slightly generous), lon/lat decide."""
        r = sqlite_sql.camera_rtree.c
        indexed = Camera.id.in_(select(r.id).where(
            r.max_lon >= bbox.west, r.min_lon <= bbox.east, r.max_lat >= bbox.south, r.min_lat <= bbox.north))
        return and_(indexed, Camera.lon >= bbox.west, Camera.lon <= bbox.east,
                    Camera.lat >= bbox.south, Camera.lat <= bbox.north)

    def intersects(self, geometry: BaseGeometry) -> ColumnElement[bool]:
        indexed = self.bbox_filter(BBox(*geometry.bounds))
        if geometry.envelope.equals(geometry):  # a point, or a rectangle along the meridians
            return indexed  # the bbox test is already exact
        import shapely  # on first use: the map's requests never load it

        wkb = bindparam(None, shapely.to_wkb(geometry), type_=LargeBinary)
        return and_(indexed, getattr(func, sqlite_cql.SQLITE_INTERSECTS)(Camera.lon, Camera.lat, wkb) == 1)

    def like(self, column: ColumnElement[Any], pattern: str) -> ColumnElement[bool]:
        return func.glob(sqlite_cql.glob_pattern(pattern), column) == 1

    def ordered(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column  # SQLite's BINARY collation already compares by code point

    def cell_x(self, lon: str, level: str) -> str:
        return self.cells.cell_x(lon, level)

    def cell_y(self, lat: str, level: str) -> str:
        return self.cells.cell_y(lat, level)

    def driver_sql(self, sql: str) -> str:
        return sql  # sqlite3 takes :name itself

    def reads_engine_options(self) -> dict[str, Any] | None:
        """None: the engine's pool serves them (sqlite3 plans each statement once per connection)."""
        return None

    def open_reads(self, dbapi_connection: Any) -> None:
        """Nothing: connections run with isolation_level None, so a lone SELECT begins nothing."""

    def close_reads(self, dbapi_connection: Any) -> None:
        """Nothing to undo."""

    def encode_tile(self, run: Callable[[str, dict[str, Any]], list[Any]], tile: tuple[int, int, int],
                    layers: dict[str, list[TileFeature]]) -> bytes:
        """With the mapbox-vector-tile encoder, positions computed as PostGIS's ST_AsMVTGeom does."""
        import mapbox_vector_tile  # on the first tile: it loads shapely

        z, x, y = tile
        encoded = [
            {"name": name, "features": [
                {"geometry": "POINT({} {})".format(*tile_pixel(z, x, y, lon, lat, TILE_EXTENT)),
                 "properties": properties, **({"id": ident} if ident is not None else {})}
                for ident, lon, lat, properties in features]}
            for name, features in layers.items() if features
        ]
        if not encoded:
            return b""
        return bytes(mapbox_vector_tile.encode(encoded, default_options={"y_coord_down": True,
                                                                          "extents": TILE_EXTENT}))

    def settled_changes(self) -> ColumnElement[bool]:
        """All of them: writers are serialized, so ids become visible in order."""
        return true()

    def rebuild_statements(self) -> list[str]:
        return [*cellsql.rebuild_cells(self.cell_x, self.cell_y), cellsql.BUMP]

    def bulk_switch(self, session: Session) -> BulkSwitch:
        return BulkSwitch(session)

    def own_references(self, session: Session, parents: Mapping[str, Set[int]]
                       ) -> AbstractContextManager[bool]:
        """Every row checked: foreign_keys cannot change inside a transaction, and a check is an
        index look-up in-process."""
        return nullcontext(False)

    def add_bulk_loaded(self, session: Session, ids: list[int]) -> None:
        """R*Tree entries, cells and change-log rows set-based; the rows inserted under the switch
        took the next rowids (one writer), so one id range."""
        first, last = min(ids), max(ids)
        assert last - first + 1 == len(ids), "bulk-loaded camera ids must be consecutive"
        for statement in (sqlite_sql.ADD_RTREE, sqlite_sql.ADD_CELLS, sqlite_sql.ADD_CHANGES):
            session.execute(text(statement), {"first": first, "last": last})
        session.execute(text(cellsql.BUMP))

    def tune_import(self, session: Session, kib: int = 131072) -> None:
        """A 128 MiB page cache on the importing connection (the R*Tree, the cluster index and the
        other indexes stay in memory longer: at a million scattered cameras in batches of 50,000,
        167 s with 64 MiB, 161 s with 128 MiB at a peak RSS of 776 MiB, 152 s with 256 MiB at 915 MiB,
        too close to the 1 GB budget). Set per batch, as a commit may switch connections. The WAL
        checkpoint leaves the COMMIT for the pause after it (sqlite_import)."""
        sqlite_import.tune(session, kib)

    def import_slice(self, rows: int) -> int:
        """At most IMPORT_SLICE rows per transaction: an import holds the one write lock for about 1.5 s
        at a time (p95 2.6 s, at most 3.1 s, at a million rows on two busy cores), where a batch of
        50,000 held it past a submission's 10 s busy timeout. 5,000-row slices held it half as long
        and cost a million-row import 10 % more (commits, and each slice's trigger switch)."""
        return min(rows, IMPORT_SLICE)

    def import_pause(self) -> None:
        """The write lock free for 100 ms after each slice, the slice's checkpoint included
        (sqlite_import.pause)."""
        sqlite_import.pause()

    def stored_time(self, moment: datetime) -> Any:
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DateTime text

    def stored_flag(self, value: bool) -> Any:
        return int(value)

    def insert_rows(self, session: Session, table: str, columns: tuple[str, ...],
                    rows: list[tuple[Any, ...]], ids: bool = False) -> list[int]:
        return sqlite_import.insert_rows(session, table, columns, rows, ids)

    def backup(self, url: URL, out: Path, partial: Path, without: tuple[str, ...] = ()) -> None:
        source = database_file(url)
        if out == source:
            raise UsageError("the backup file must not be the database itself", parameter="out")
        if not source.is_file():
            raise UsageError(f"no SQLite database at {source}", parameter="database_url")
        with closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src, \
                closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            dst.execute("PRAGMA secure_delete=ON")  # the rows left out are overwritten, not just freed
            present = {name for (name,) in dst.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            for name in (t for t in without if t in present):
                dst.execute(f'DELETE FROM "{name}"')
            dst.commit()

    def check_backup(self, url: URL, src: Path) -> None:
        with src.open("rb") as handle:
            if not handle.read(16).startswith(SQLITE_MAGIC):
                raise UsageError(f"{src} is not a SQLite backup; restore into the backend it was taken from",
                                 parameter="in")
        if src == database_file(url):
            raise UsageError("the backup file is the database itself", parameter="in")

    def prepare_restore(self, url: URL) -> None:
        """Nothing: SQLite creates the file."""

    def restore(self, url: URL, src: Path) -> None:
        with closing(sqlite3.connect(f"{src.as_uri()}?mode=ro", uri=True)) as source:
            try:
                healthy = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                healthy = False
            if not healthy:
                raise UsageError(f"{src} is a damaged SQLite file", parameter="in")
            with closing(sqlite3.connect(database_file(url), timeout=30)) as target:
                source.backup(target)
