"""Bulk loads (migration 0008): new cameras inserted with set-based upkeep instead of per-row triggers.

An import inserts thousands of new cameras per batch. Per row, the triggers of migration 0007 upsert
the camera's cell at eight levels, give it its operator's capabilities, re-move it when each claim
arrives, and bump registry_version; on SQLite also the R*Tree entry and the change-log row: about 80%
of an import's time. Inside `bulk_inserts`, INSERTs into cameras, capability_claims, provenance
(and on SQLite revisions) skip those triggers (every UPDATE or DELETE trigger still runs), and the
caller hands over the new camera ids, whose cells, R*Tree entries and change-log rows are then
added set-based, and registry_version bumped once. The caller must insert cameras with their
`capabilities` already set (`capability_bits`), and revisions only for those new cameras.

The switch is private to the writing transaction. On SQLite the block drops those INSERT triggers and
re-creates them from their stored text before leaving (DDL is transactional, the writer holds the
only write lock, and WAL readers keep the schema of their snapshot): even a guarded trigger costs
its row more than the insert itself (200,000 cameras: 5.3 s with the guarded triggers, 2.1 s
without). Their SQLite guard (a row in `bulk_load`) was therefore set by no one: migration 0009
re-creates those triggers without it and drops the table. On PostgreSQL, where dropping a trigger
would lock its table against readers, the transaction-local setting cameramap.bulk_load turns the
guard on.
This text is part of migration 0008's history: change the schema through a new migration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress

from sqlalchemy import text
from sqlalchemy.orm import Session

from . import cellfold, cellsql

SQLITE_GUARD = "NOT EXISTS (SELECT 1 FROM bulk_load)"
PG_GUARD = "(current_setting('cameramap.bulk_load', true) IS DISTINCT FROM 'on')"
GUARDED = ("cameras", "capability_claims", "provenance")  # tables whose INSERT triggers a bulk load skips


def _trigger(name: str, when: str, statements: list[str], condition: str | None) -> str:
    guard = f" WHEN {condition}" if condition else ""
    return f"CREATE TRIGGER {name} {when}{guard} BEGIN {'; '.join(statements)}; END"


# Migrations 0001 and 0005: the R*Tree entry and the change-log row of each new row.
SQLITE_RTREE = "INSERT INTO camera_rtree VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat)"
SQLITE_CHANGE = """INSERT INTO changes (txid, camera_id, revision_id, kind, created_at)
  VALUES (0, NEW.camera_id, NEW.id, CASE
  WHEN NEW.action = 'create' THEN 'created'
  WHEN json_extract(NEW.after, '$.status') = 'removed'
       AND COALESCE(json_extract(NEW.before, '$.status'), '') <> 'removed' THEN 'removed'
  ELSE 'updated' END, NEW.created_at)"""


def sqlite_triggers(guarded: bool = True) -> dict[str, str]:
    """The per-row INSERT triggers a bulk load replaces (migrations 0001, 0005, 0007) on SQLite, by
    name: guarded by the switch as migration 0008 made them, or plain as migration 0009 does."""
    guard = SQLITE_GUARD if guarded else None
    triggers = {
        "cameras_rtree_insert": _trigger("cameras_rtree_insert", "AFTER INSERT ON cameras", [SQLITE_RTREE],
                                         guard),
        "revisions_log_change": _trigger("revisions_log_change", "AFTER INSERT ON revisions", [SQLITE_CHANGE],
                                         guard),
        "cameras_cells_insert": _trigger("cameras_cells_insert", "AFTER INSERT ON cameras",
                                         cellsql.camera_statements("sqlite", "INSERT"), guard),
        "claims_capabilities_insert": _trigger("claims_capabilities_insert",
                                               "AFTER INSERT ON capability_claims",
                                               cellsql.claim_statements("INSERT"), guard),
    }
    for table in GUARDED:
        name = f"{table}_version_insert"
        triggers[name] = _trigger(name, f"AFTER INSERT ON {table}", [cellsql.BUMP], guard)
    return triggers


def postgres_triggers() -> list[str]:
    """Migration 0007's PostgreSQL triggers with INSERT split from UPDATE/DELETE, INSERT guarded."""
    when = f"WHEN {PG_GUARD} "
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


def postgres_fold_function() -> str:
    """The commit-time fold of 0007, now also bumping registry_version (a bulk load's only bump), and
    looking for emptied cells only when the transaction took a camera out of one."""
    upsert, delete_empty, clear = cellfold.pg_fold_statements()
    removed = f"EXISTS (SELECT 1 FROM camera_cell_deltas WHERE txid = {cellsql.ME} AND sign < 0)"
    body = (f"{cellfold.PG_FOLD_GUARD}{upsert};\nIF {removed} THEN {delete_empty}; END IF;\n"
            f"{clear};\n{cellsql.PG_BUMP};")
    return (
        "CREATE OR REPLACE FUNCTION cameramap_fold_cells() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"{body}\nRETURN NULL;\nEND $$"
    )


def _sqlite_add_cells() -> str:
    """Count the cameras with ids in [:first, :last] into their cells at every level.

    One upsert per camera and level, as the row trigger would (grouping first costs more: 24
    aggregates per row), in key order (neighbouring keys share B-tree pages: 12% faster at 200,000
    scattered cameras, more as the index outgrows the page cache). What a camera adds to a cell and
    its finest cell are computed once, coarser cells by shifting that one (cells nest): 7% faster
    than computing them at every level."""
    top = cellsql.LEVELS[-1]
    added = cellsql.values("c")
    return cellsql._upsert("sqlite", (
        f"WITH b AS MATERIALIZED (SELECT {cellsql.cell_x('sqlite', 'c.lon', str(top))} AS x, "
        f"{cellsql.cell_y('sqlite', 'c.lat', str(top))} AS y, c.status AS status, "
        f"{', '.join(f'{sql} AS {name}' for name, sql in added.items())}, c.lon AS lon, c.lat AS lat "
        "FROM cameras c WHERE c.id BETWEEN :first AND :last) "
        f"SELECT l.level, b.x >> ({top} - l.level), b.y >> ({top} - l.level), b.status, "
        f"{', '.join(f'b.{name}' for name in added)}, b.lon, b.lat, b.lon, b.lat "
        f"FROM b CROSS JOIN ({cellsql._levels()}) AS l WHERE true ORDER BY 1, 2, 3"
    ))


SQLITE_ADD_CELLS = _sqlite_add_cells()
SQLITE_ADD_RTREE = (
    "INSERT INTO camera_rtree SELECT id, lon, lon, lat, lat FROM cameras WHERE id BETWEEN :first AND :last"
)
SQLITE_ADD_CHANGES = (  # a new camera's only revision is its `create`
    "INSERT INTO changes (txid, camera_id, revision_id, kind, created_at) "
    "SELECT 0, camera_id, id, 'created', created_at FROM revisions "
    "WHERE camera_id BETWEEN :first AND :last ORDER BY id"
)
PG_ADD_DELTAS = (
    f"INSERT INTO camera_cell_deltas ({', '.join(cellsql.DELTA_COLUMNS)}) SELECT 1, id, lon, lat, status, "
    "surveillance_type, camera_type, capabilities FROM cameras WHERE id = ANY(:ids)"
)


class BulkLoad:
    """Collects the ids of the cameras inserted in bulk; `finish` adds them to the cluster index."""

    def __init__(self, session: Session):
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.ids: list[int] = []

    def added(self, ids: Iterable[int]) -> None:
        self.ids.extend(ids)

    def finish(self) -> None:
        if not self.ids:
            return
        if not self.sqlite:  # deltas fold at commit, which also bumps registry_version
            self.session.execute(text(PG_ADD_DELTAS), {"ids": self.ids})
            return
        # One writer on SQLite: the rows inserted in the block took the next rowids, one range.
        first, last = min(self.ids), max(self.ids)
        assert last - first + 1 == len(self.ids), "bulk-loaded camera ids must be consecutive"
        for statement in (SQLITE_ADD_RTREE, SQLITE_ADD_CELLS, SQLITE_ADD_CHANGES):
            self.session.execute(text(statement), {"first": first, "last": last})
        self.session.execute(text(cellsql.BUMP))


@contextmanager
def bulk_inserts(session: Session, waiting: Callable[[], AbstractContextManager[None]] = nullcontext
                 ) -> Iterator[BulkLoad]:
    """Within: new cameras, their claims and links skip the per-row upkeep; on leaving, cells are added
    (in set-based statements, during which `waiting` is held)."""
    load = BulkLoad(session)
    switch = _SqliteSwitch(session) if load.sqlite else _PostgresSwitch(session)
    switch.on()
    try:
        yield load
    except BaseException:
        with suppress(Exception):  # a failed PostgreSQL transaction refuses it, and rolls back anyway
            switch.off()
        raise
    switch.off()
    with waiting():
        load.finish()


SQLITE_BULK_TRIGGERS = tuple(sqlite_triggers())  # names of the INSERT triggers a bulk load drops


class _SqliteSwitch:
    """Drops the guarded INSERT triggers for the block, then restores them as stored."""

    def __init__(self, session: Session):
        self.connection = session.connection()
        self.saved: list[str] = []

    def on(self) -> None:
        names = ", ".join(f"'{name}'" for name in SQLITE_BULK_TRIGGERS)
        self.saved = list(self.connection.exec_driver_sql(
            f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({names}) ORDER BY name"
        ).scalars())
        for name in SQLITE_BULK_TRIGGERS:
            self.connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")

    def off(self) -> None:
        for statement in self.saved:
            self.connection.exec_driver_sql(statement)
        self.saved = []


class _PostgresSwitch:
    def __init__(self, session: Session):
        self.session = session

    def on(self) -> None:
        self.session.execute(text("SELECT set_config('cameramap.bulk_load', 'on', true)"))

    def off(self) -> None:
        self.session.execute(text("SELECT set_config('cameramap.bulk_load', 'off', true)"))


def capability_bits(capabilities: Iterable[str]) -> int:
    """cameras.capabilities for these capability names (unknown names count for nothing, as in SQL)."""
    bits = 0
    for name in capabilities:
        bits |= cellsql.CAPABILITY_BITS.get(name, 0)
    return bits


def operator_bits(session: Session, operator_id: int | None) -> int:
    """The capabilities an operator claims for all its cameras, which its new cameras inherit."""
    if operator_id is None:
        return 0
    names = session.scalars(text("SELECT capability FROM capability_claims "
                                 "WHERE camera_id IS NULL AND operator_id = :id"), {"id": operator_id})
    return capability_bits(names)
