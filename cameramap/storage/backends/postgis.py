"""PostgreSQL with PostGIS: GiST bounding boxes, cell deltas folded at commit, COPY, pg_dump backups."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Set
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import (
    URL,
    ColumnElement,
    Engine,
    LargeBinary,
    and_,
    bindparam,
    create_engine,
    func,
    literal_column,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.geo import BBox
from .. import cellsql
from ..models import Camera
from . import postgis_sql
from .base import TILE_EXTENT, BackupFailed, TextRows, TileFeature
from .postgis_bulk import BulkSwitch, add_bulk_loaded, own_references
from .postgis_copy import CopyText, copy_into

COPY = CopyText()
MIGRATION_LOCK = 7_263_101  # pg_advisory_xact_lock key: one migrating process at a time
PGDUMP_MAGIC = b"PGDMP"

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries it."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, url: URL, options: list[str], then: tuple[str, ...] = ()) -> None:
    path = shutil.which(tool)
    if path is None:
        raise BackupFailed(f"{tool} was not found: install the PostgreSQL client tools (postgresql-client)")
    uri, env = _libpq(url)
    done = subprocess.run([path, *options, f"--dbname={uri}", *then], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{tool} failed: {done.stderr.strip() or done.returncode}")


class PostgisBackend:
    """A server: GiST index on cameras.geom, cell deltas folded at commit, COPY for bulk rows."""

    name = "postgresql"
    title = "PostgreSQL"
    cells = postgis_sql.CELLS
    cells_source = postgis_sql.CELLS_SOURCE
    bbox_sql = "cameras.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4326)"
    only_in_database = frozenset({
        "spatial_ref_sys",  # PostGIS's own table, created by CREATE EXTENSION postgis (0001)
        "cameras.geom",  # a generated PostGIS geometry column (0001); SQLAlchemy has no type for it
        "ix_cameras_geom",  # its GiST index
    })
    only_in_models: frozenset[str] = frozenset()
    text_rows: TextRows | None = COPY
    import_lanes = 2  # two sessions write alternate batches: one stores while the other folds

    def is_busy(self, error: BaseException) -> bool:
        """lock_not_available (a lock_timeout) or a deadlock: the transaction was rolled back."""
        return getattr(getattr(error, "orig", error), "sqlstate", None) in ("55P03", "40P01")

    def engine_url(self, url: URL) -> URL:
        """A bare postgresql:// URL gets the psycopg (3) driver."""
        return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url

    def prepare_engine(self, engine: Engine) -> None:
        """Nothing per connection: the server's defaults hold."""

    def lock_migrations(self, connection: Connection) -> None:
        """Concurrent migrating processes queue on an advisory lock; later ones find the schema current."""
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")

    def location(self, url: URL) -> str:
        return url.render_as_string()

    def shared_folder(self, url: URL) -> Path | None:
        return None

    def database_files(self, url: URL) -> list[Path]:
        return []

    def bbox_filter(self, bbox: BBox) -> ColumnElement[bool]:
        """The GiST index on geom answers first; lon/lat decide (answers as SQLite's)."""
        envelope = func.ST_MakeEnvelope(bbox.west, bbox.south, bbox.east, bbox.north, 4326)
        return and_(literal_column("cameras.geom").op("&&")(envelope), Camera.lon >= bbox.west,
                    Camera.lon <= bbox.east, Camera.lat >= bbox.south, Camera.lat <= bbox.north)

    def intersects(self, geometry: BaseGeometry) -> ColumnElement[bool]:
        indexed = self.bbox_filter(BBox(*geometry.bounds))
        if geometry.envelope.equals(geometry):  # a point, or a rectangle along the meridians
            return indexed  # the bbox test is already exact
        import shapely  # on first use: the map's requests never load it

        wkb = bindparam(None, shapely.to_wkb(geometry), type_=LargeBinary)
        exact = func.ST_Intersects(literal_column("cameras.geom"), func.ST_GeomFromWKB(wkb, 4326))
        return and_(indexed, exact)

    def like(self, column: ColumnElement[Any], pattern: str) -> ColumnElement[bool]:
        return column.like(pattern, escape="\\")

    def ordered(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column.collate("C")

    def cell_x(self, lon: str, level: str) -> str:
        return postgis_sql.cell_x(lon, level)

    def cell_y(self, lat: str, level: str) -> str:
        return postgis_sql.cell_y(lat, level)

    def driver_sql(self, sql: str) -> str:
        return postgis_sql.pyformat(sql)

    def reads_engine_options(self) -> dict[str, Any] | None:
        """The views' few statements run thousands of times with new bounds each: psycopg prepares
        them after five uses, but the server's default (plan_cache_mode=auto) keeps planning each
        execution anew (a custom plan costs less than its generic estimate), ~0.8 ms of a 1 ms
        statement. Their generic plans use the same indexes (the cells' primary key, the GiST index on
        geom, the primary keys of the badges), so their own small pool plans each statement once.
        The ORM's statements keep the server's default on the main pool."""
        return {"connect_args": {"options": "-c plan_cache_mode=force_generic_plan"},
                "pool_size": 4, "max_overflow": 4}

    def open_reads(self, dbapi_connection: Any) -> None:
        dbapi_connection.autocommit = True  # no BEGIN, and the pool's ROLLBACK on return sends nothing

    def close_reads(self, dbapi_connection: Any) -> None:
        dbapi_connection.autocommit = False

    def encode_tile(self, run: Callable[[str, dict[str, Any]], list[Any]], tile: tuple[int, int, int],
                    layers: dict[str, list[TileFeature]]) -> bytes:
        """ST_AsMVT over the features (sent as one JSON array per layer), one round trip."""
        names = [name for name, features in layers.items() if features]
        if not names:
            return b""
        z, x, y = tile
        parameters: dict[str, Any] = {"z": z, "x": x, "y": y}
        for i, name in enumerate(names):
            parameters[f"name{i}"] = name
            parameters[f"features{i}"] = orjson.dumps(layers[name]).decode()
        sql = " || ".join(postgis_sql.tile_layer(i, TILE_EXTENT) for i in range(len(names)))
        return bytes(run(f"SELECT {sql}", parameters)[0][0])

    def settled_changes(self) -> ColumnElement[bool]:
        return postgis_sql.settled()

    def rebuild_statements(self) -> list[str]:
        # the capability update in it leaves deltas the rebuild already counts
        clear = f"DELETE FROM camera_cell_deltas WHERE txid = {cellsql.ME}"
        return [*cellsql.rebuild_cells(self.cell_x, self.cell_y), clear, cellsql.BUMP]

    def bulk_switch(self, session: Session) -> BulkSwitch:
        return BulkSwitch(session)

    def own_references(self, session: Session, parents: Mapping[str, Set[int]]
                       ) -> AbstractContextManager[bool]:
        return own_references(session, parents)

    def add_bulk_loaded(self, session: Session, ids: list[int]) -> None:
        add_bulk_loaded(session, ids)

    def tune_import(self, session: Session) -> None:
        """Nothing: the server's buffers serve every connection."""

    def import_slice(self, rows: int) -> int:
        """As asked: writers lock rows, not the database."""
        return rows

    def import_pause(self) -> None:
        """Nothing to wait for."""

    def stored_time(self, moment: datetime) -> Any:
        return moment

    def stored_flag(self, value: bool) -> Any:
        return value

    def insert_rows(self, session: Session, table: str, columns: tuple[str, ...],
                    rows: list[tuple[Any, ...]], ids: bool = False) -> list[int]:
        """COPY, several times faster than INSERT; new ids are drawn from the sequence first."""
        if not rows:
            return []
        drawn: list[int] = []
        if ids:
            drawn = COPY.new_ids(session, table, len(rows))
            rows = [(i, *row) for i, row in zip(drawn, rows, strict=True)]
            columns = ("id", *columns)
        with copy_into(session, table, columns) as copy:
            for row in rows:
                copy.write_row(row)
        return drawn

    def backup(self, url: URL, out: Path, partial: Path, without: tuple[str, ...] = ()) -> None:
        _run("pg_dump", url, ["--format=custom", f"--file={partial}",
                              *(f"--exclude-table-data={name}" for name in without)])

    def check_backup(self, url: URL, src: Path) -> None:
        with src.open("rb") as handle:
            if not handle.read(16).startswith(PGDUMP_MAGIC):
                raise UsageError(f"{src} is not a pg_dump custom-format backup; restore into the backend it "
                                 "was taken from", parameter="in")

    def prepare_restore(self, url: URL) -> None:
        """Create the target database when it does not exist yet (restoring onto a fresh server)."""
        name = url.database
        if not name:
            raise UsageError("the PostgreSQL URL names no database", parameter="database_url")
        engine = create_engine(self.engine_url(url.set(database="postgres")), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                exists = text("SELECT 1 FROM pg_database WHERE datname = :n")
                if not conn.execute(exists, {"n": name}).first():
                    conn.execute(text(f"CREATE DATABASE {engine.dialect.identifier_preparer.quote(name)}"))
        finally:
            engine.dispose()

    def restore(self, url: URL, src: Path) -> None:
        _run("pg_restore", url, ["--clean", "--if-exists", "--single-transaction", "--no-owner",
                                 "--no-privileges"], then=(str(src),))
