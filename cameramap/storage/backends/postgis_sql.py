"""PostgreSQL's own SQL for the cluster index: cell functions, insert-only deltas folded into camera_cells
at COMMIT, the bulk-load guard, the settled position of the change feed.

Row triggers only append deltas (`delta`); a deferred constraint trigger folds them in at COMMIT, in
key order, so no shared cell row is locked while a transaction runs. Until then the writing
transaction reads its own deltas too (`CELLS_SOURCE`). The trigger text is part of the history of
migrations 0007 and 0008.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, text

from .. import cellsql
from ..cellsql import DELTA_COLUMNS, GUARDED, KEY, ME, PG_BUMP
from ..changes import Change

CELLS = cellsql.CellArithmetic(least="LEAST", greatest="GREATEST", integer="bigint", one="CAST(1 AS bigint)")
GUARD = "(current_setting('cameramap.bulk_load', true) IS DISTINCT FROM 'on')"


def cell_x(lon: str, level: str) -> str:
    """The IMMUTABLE function migration 0007 made of CELLS.cell_x."""
    return f"cameramap_cell_x({lon}, {level})"


def cell_y(lat: str, level: str) -> str:
    return f"cameramap_cell_y({lat}, {level})"


def delta(row: str, sign: int) -> str:
    return (
        f"INSERT INTO camera_cell_deltas ({', '.join(DELTA_COLUMNS)}) VALUES ({sign}, {row}.id, "
        f"{row}.lon, {row}.lat, {row}.status, {row}.surveillance_type, {row}.camera_type, "
        f"{row}.capabilities)"
    )


def cell_trigger_statements(event: str) -> list[str]:
    """The cameras row trigger's body: many writers, so only a delta is appended."""
    return cellsql.camera_trigger(event, lambda row, sign: [delta(row, sign)])


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
# A bulk load's new cameras, counted in by the fold at commit (which also bumps registry_version).
ADD_DELTAS = (
    f"INSERT INTO camera_cell_deltas ({', '.join(DELTA_COLUMNS)}) SELECT 1, id, lon, lat, status, "
    "surveillance_type, camera_type, capabilities FROM cameras WHERE id = ANY(:ids)"
)


def settled() -> ColumnElement[bool]:
    """Rows of finished transactions older than the snapshot's xmin (and the reader's own, if it
    writes): every later row belongs to a transaction at least as new, so it sorts after them."""
    return or_(Change.txid < text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint"),
               Change.txid == text("pg_current_xact_id_if_assigned()::text::bigint"))


# The fold trigger fires once per delta row: the first firing folds every delta of the transaction and
# notes the last id this session drew (a transaction-local setting), so the others return at once
# instead of probing the deltas' index again (which the deleted rows would make slow).
FOLD_GUARD = (
    "IF NEW.id <= coalesce(nullif(current_setting('cameramap.folded_upto', true), ''), '0')::bigint "
    "THEN RETURN NULL; END IF;\n"
    "PERFORM set_config('cameramap.folded_upto', "
    "currval(pg_get_serial_sequence('camera_cell_deltas', 'id'))::text, true);\n"
)


def fold_statements() -> list[str]:
    keys = f"l.level, {cell_x('d.lon', 'l.level')}, {cell_y('d.lat', 'l.level')}, d.status"
    mine = f"FROM camera_cell_deltas d CROSS JOIN ({cellsql.levels()}) AS l WHERE d.txid = {ME}"
    sums = ", ".join(f"sum({v})" for v in delta_values().values())
    bounds = ", ".join(
        f"coalesce({f}(d.{c}) FILTER (WHERE d.sign > 0), 0)"
        for f, c in (("min", "lon"), ("min", "lat"), ("max", "lon"), ("max", "lat"))
    )
    return [
        CELLS.upsert(f"SELECT {keys}, {sums}, {bounds} {mine} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"),
        f"DELETE FROM camera_cells WHERE count <= 0 AND ({', '.join(KEY)}) IN (SELECT {keys} {mine})",
        f"DELETE FROM camera_cell_deltas WHERE txid = {ME}",
    ]


def bulk_triggers() -> list[str]:
    """Migration 0007's triggers with INSERT split from UPDATE/DELETE, INSERT guarded (migration 0008)."""
    when = f"WHEN {GUARD} "
    triggers = [
        f"CREATE TRIGGER cameras_cells_insert AFTER INSERT ON cameras FOR EACH ROW {when}"
        "EXECUTE FUNCTION cameramap_cameras_cells()",
        "CREATE TRIGGER cameras_cells AFTER DELETE ON cameras FOR EACH ROW "
        "EXECUTE FUNCTION cameramap_cameras_cells()",
        f"CREATE TRIGGER claims_capabilities_insert AFTER INSERT ON capability_claims FOR EACH ROW {when}"
        "EXECUTE FUNCTION cameramap_claims_capabilities()",
        "CREATE TRIGGER claims_capabilities AFTER UPDATE OR DELETE ON capability_claims FOR EACH ROW "
        "EXECUTE FUNCTION cameramap_claims_capabilities()",
    ]
    for table in GUARDED:
        triggers += [
            f"CREATE CONSTRAINT TRIGGER {table}_version_insert AFTER INSERT ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when}EXECUTE FUNCTION cameramap_bump_version()",
            f"CREATE CONSTRAINT TRIGGER {table}_version AFTER UPDATE OR DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cameramap_bump_version()",
        ]
    return triggers


def fold_function() -> str:
    """The commit-time fold of 0007, now also bumping registry_version (a bulk load's only bump), and
    looking for emptied cells only when the transaction took a camera out of one (migration 0008)."""
    upsert, delete_empty, clear = fold_statements()
    removed = f"EXISTS (SELECT 1 FROM camera_cell_deltas WHERE txid = {ME} AND sign < 0)"
    body = f"{FOLD_GUARD}{upsert};\nIF {removed} THEN {delete_empty}; END IF;\n{clear};\n{PG_BUMP};"
    return (
        "CREATE OR REPLACE FUNCTION cameramap_fold_cells() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"{body}\nRETURN NULL;\nEND $$"
    )
