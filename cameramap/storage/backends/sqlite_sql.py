"""SQLite's own SQL: the R*Tree table, the cell arithmetic, the per-row INSERT triggers and the
set-based statements that replace them during a bulk load (storage.bulkload).

The trigger text is what migrations 0001, 0005, 0007 and 0009 stored (a migration test compares).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, Table

from .. import cellsql
from ..cellsql import GUARDED

CELLS = cellsql.CellArithmetic(least="min", greatest="max", integer="INTEGER", one="1")

# The R*Tree virtual table the SQLite migration creates; triggers keep it in step with cameras.
camera_rtree = Table(
    "camera_rtree",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("min_lon", Float),
    Column("max_lon", Float),
    Column("min_lat", Float),
    Column("max_lat", Float),
)

GUARD = "NOT EXISTS (SELECT 1 FROM bulk_load)"


def cell_trigger_statements(event: str) -> list[str]:
    """The cameras row trigger's body: one writer at a time, so the cells are updated directly."""

    def change(row: str, sign: int) -> list[str]:
        return [cellsql.add_cells(CELLS, row)] if sign > 0 else cellsql.remove_cells(CELLS, row)

    return cellsql.camera_trigger(event, change)


def _trigger(name: str, when: str, statements: list[str], condition: str | None) -> str:
    guard = f" WHEN {condition}" if condition else ""
    return f"CREATE TRIGGER {name} {when}{guard} BEGIN {'; '.join(statements)}; END"


# Migrations 0001 and 0005: the R*Tree entry and the change-log row of each new row.
RTREE_TRIGGER = "INSERT INTO camera_rtree VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat)"
CHANGE_TRIGGER = """INSERT INTO changes (txid, camera_id, revision_id, kind, created_at)
  VALUES (0, NEW.camera_id, NEW.id, CASE
  WHEN NEW.action = 'create' THEN 'created'
  WHEN json_extract(NEW.after, '$.status') = 'removed'
       AND COALESCE(json_extract(NEW.before, '$.status'), '') <> 'removed' THEN 'removed'
  ELSE 'updated' END, NEW.created_at)"""


def bulk_triggers(guarded: bool = True) -> dict[str, str]:
    """The per-row INSERT triggers a bulk load replaces (migrations 0001, 0005, 0007), by name:
    guarded by the switch as migration 0008 made them, or plain as migration 0009 does."""
    guard = GUARD if guarded else None
    triggers = {
        "cameras_rtree_insert": _trigger("cameras_rtree_insert", "AFTER INSERT ON cameras", [RTREE_TRIGGER],
                                         guard),
        "revisions_log_change": _trigger("revisions_log_change", "AFTER INSERT ON revisions",
                                         [CHANGE_TRIGGER], guard),
        "cameras_cells_insert": _trigger("cameras_cells_insert", "AFTER INSERT ON cameras",
                                         cell_trigger_statements("INSERT"), guard),
        "claims_capabilities_insert": _trigger("claims_capabilities_insert",
                                               "AFTER INSERT ON capability_claims",
                                               cellsql.claim_statements("INSERT"), guard),
    }
    for table in GUARDED:
        name = f"{table}_version_insert"
        triggers[name] = _trigger(name, f"AFTER INSERT ON {table}", [cellsql.BUMP], guard)
    return triggers


BULK_TRIGGERS = tuple(bulk_triggers())  # names of the INSERT triggers a bulk load drops


def add_cells_sql() -> str:
    """Count the cameras with ids in [:first, :last] into their cells at every level.

    One upsert per camera and level, as the row trigger would (grouping first costs more: 24
    aggregates per row), in key order (neighbouring keys share B-tree pages: 12% faster at 200,000
    scattered cameras, more as the index outgrows the page cache). What a camera adds to a cell and
    its finest cell are computed once, coarser cells by shifting that one (cells nest): 7% faster
    than computing them at every level."""
    top = cellsql.LEVELS[-1]
    added = cellsql.values("c")
    return CELLS.upsert(
        f"WITH b AS MATERIALIZED (SELECT {CELLS.cell_x('c.lon', str(top))} AS x, "
        f"{CELLS.cell_y('c.lat', str(top))} AS y, c.status AS status, "
        f"{', '.join(f'{sql} AS {name}' for name, sql in added.items())}, c.lon AS lon, c.lat AS lat "
        "FROM cameras c WHERE c.id BETWEEN :first AND :last) "
        f"SELECT l.level, b.x >> ({top} - l.level), b.y >> ({top} - l.level), b.status, "
        f"{', '.join(f'b.{name}' for name in added)}, b.lon, b.lat, b.lon, b.lat "
        f"FROM b CROSS JOIN ({cellsql.levels()}) AS l WHERE true ORDER BY 1, 2, 3"
    )


ADD_CELLS = add_cells_sql()
ADD_RTREE = (
    "INSERT INTO camera_rtree SELECT id, lon, lon, lat, lat FROM cameras WHERE id BETWEEN :first AND :last"
)
ADD_CHANGES = (  # a new camera's only revision is its `create`
    "INSERT INTO changes (txid, camera_id, revision_id, kind, created_at) "
    "SELECT 0, camera_id, id, 'created', created_at FROM revisions "
    "WHERE camera_id BETWEEN :first AND :last ORDER BY id"
)
