"""PostgreSQL's own SQL: the cluster cell functions, the cells a transaction sees, the settled change feed.

Row triggers (migration 0007) only append cell deltas; a deferred constraint trigger folds them into
camera_cells at COMMIT, in key order, so no shared cell row is locked while a transaction runs. Until
then the writing transaction reads its own deltas too (`CELLS_SOURCE`).
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, or_, text

from .. import cellsql
from ..changes import Change

CELLS = cellsql.CellArithmetic(least="LEAST", greatest="GREATEST", integer="bigint", one="CAST(1 AS bigint)")


def cell_x(lon: str, level: str) -> str:
    """The IMMUTABLE function migration 0007 made of CELLS.cell_x."""
    return f"cameramap_cell_x({lon}, {level})"


def cell_y(lat: str, level: str) -> str:
    return f"cameramap_cell_y({lat}, {level})"


def delta_values() -> dict[str, str]:
    """A delta row's contribution: its camera's values times its sign."""
    return cellsql.values("d", "d.sign")


def _cells_source() -> str:
    """camera_cells plus this transaction's deltas not yet folded in, at the level bound as :level."""
    values = ", ".join(delta_values().values())
    bounds = ", ".join(f"CASE WHEN d.sign > 0 THEN d.{c} END" for c in ("lon", "lat", "lon", "lat"))
    deltas = (
        f"SELECT CAST(:level AS integer), {cell_x('d.lon', ':level')}, "
        f"{cell_y('d.lat', ':level')}, d.status, {values}, {bounds} "
        "FROM camera_cell_deltas d"
    )
    return f"(SELECT {', '.join(cellsql.COLUMNS)} FROM camera_cells UNION ALL {deltas}) AS cells"


CELLS_SOURCE = _cells_source()
def settled() -> ColumnElement[bool]:
    """Rows of finished transactions older than the snapshot's xmin (and the reader's own, if it
    writes): every later row belongs to a transaction at least as new, so it sorts after them."""
    return or_(Change.txid < text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint"),
               Change.txid == text("pg_current_xact_id_if_assigned()::text::bigint"))


def tile_layer(i: int, extent: int) -> str:
    """One layer of a vector tile: the features of JSON array :features<i> ([id, lon, lat, {props}]),
    placed by ST_AsMVTGeom in tile :z/:x/:y (its jsonb properties become the feature's)."""
    return (
        f"(SELECT coalesce(ST_AsMVT(q, :name{i}, {extent}, 'geom', 'fid'), ''::bytea) FROM (SELECT "
        "ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint((f->>1)::float8, (f->>2)::float8), 4326), 3857), "
        f"ST_TileEnvelope(:z, :x, :y), {extent}, 64, true) AS geom, (f->>0)::bigint AS fid, f->3 AS props "
        f"FROM jsonb_array_elements(CAST(:features{i} AS jsonb)) AS f) AS q)"
    )


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def pyformat(sql: str) -> str:
    """:name parameters as psycopg's %(name)s (a literal % doubled; :: casts left alone)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
