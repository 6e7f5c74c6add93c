"""PostgreSQL bulk loads: the trigger switch, foreign keys checked once per batch, the cells in one fold.

An import's new cameras, and their revisions, links and claims, reference only rows the same
transaction has just created (the cameras, which no other transaction can see yet) and a few
parents (its source, the operators named in the file). PostgreSQL 15 checks every foreign key of
every inserted row with a query of its own: about 40 % of the server's time of those INSERTs. Where
the role may set `session_replication_role` (a superuser, or `GRANT SET ON PARAMETER
session_replication_role`; docs/production.md), `own_references` locks the parents once (FOR KEY
SHARE, as each per-row check would) and turns the per-row checks off for those INSERTs only. Every
trigger the import needs fires anyway: the bulk-load switch already skips the INSERT upkeep
triggers, and the change log of new revisions is ENABLE ALWAYS (migration 0018). `add_bulk_loaded`
then counts the batch's cameras into the cluster cells in one statement (docs/import-speed.md).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from .. import cellsql
from ..cellsql import DELTA_COLUMNS, ME
from .postgis_sql import CELLS, cell_x, cell_y

# The referenced tables a bulk load may name, each keyed by its integer `id`.
PARENT_TABLES = frozenset({"operators", "sources"})
MAY_SKIP_CHECKS = text("SELECT has_parameter_privilege('session_replication_role', 'SET')")
REPLICA = text("SELECT set_config('session_replication_role', 'replica', true)")
ORIGIN = text("SELECT set_config('session_replication_role', 'origin', true)")


class BulkSwitch:
    """The transaction-local setting cameramap.bulk_load guards the INSERT triggers (dropping a
    trigger would lock its table against readers)."""

    def __init__(self, session: Session):
        self.session = session

    def on(self) -> None:
        self.session.execute(text("SELECT set_config('cameramap.bulk_load', 'on', true)"))

    def off(self) -> None:
        self.session.execute(text("SELECT set_config('cameramap.bulk_load', 'off', true)"))


def _locked(session: Session, parents: Mapping[str, Set[int]]) -> bool:
    """Lock every parent row against deletion until COMMIT; False if one is gone."""
    for table, ids in parents.items():
        if table not in PARENT_TABLES:
            raise ValueError(f"{table} is not a parent table of a bulk load")
        if not ids:
            continue
        found = session.execute(text(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE id = ANY(:ids) "
                                     "FOR KEY SHARE) AS locked"), {"ids": sorted(ids)}).scalar_one()
        if found != len(ids):
            return False
    return True


@contextmanager
def own_references(session: Session, parents: Mapping[str, Set[int]]) -> Iterator[bool]:
    """Within: INSERTs skip their per-row foreign-key checks when the role may, and every parent was
    locked; yields whether they do. Otherwise (or if a parent is gone) every row is checked as usual,
    and a missing parent fails its INSERT as it always did."""
    skip = bool(session.execute(MAY_SKIP_CHECKS).scalar_one()) and _locked(session, parents)
    if not skip:
        yield False
        return
    session.execute(REPLICA)
    yield True  # on an error the transaction (or its savepoint) rolls back, and the setting with it
    session.execute(ORIGIN)


def _fold_sql() -> str:
    """Count the cameras with ids in :ids (an integer array, all between :first and :last), and this
    transaction's pending cell deltas, into their cells at every level: the commit-time fold's work,
    in one key-ordered upsert.

    A bulk load's cameras skip the delta rows (inserting and deleting them was 5.3 s of a million-row
    import's server time); what else the transaction changed is folded in the same statement, so its
    cells are locked in one pass in key order, as the fold at COMMIT would. The statement is the fold's
    (computing each level's cell directly and sorting beat rolling levels up from the finest cell)."""
    new = (f"SELECT 1 AS sign, id AS camera_id, {', '.join(DELTA_COLUMNS[2:])} FROM cameras "
           "WHERE id BETWEEN :first AND :last AND id = ANY(CAST(:ids AS integer[]))")
    pending = f"SELECT {', '.join(DELTA_COLUMNS)} FROM camera_cell_deltas WHERE txid = {ME}"
    sums = ", ".join(f"sum({sql})" for sql in cellsql.values("d", "d.sign").values())
    bounds = ", ".join(f"coalesce({f}(d.{c}) FILTER (WHERE d.sign > 0), 0)"
                       for f, c in (("min", "lon"), ("min", "lat"), ("max", "lon"), ("max", "lat")))
    key = f"l.level, {cell_x('d.lon', 'l.level')}, {cell_y('d.lat', 'l.level')}, d.status"
    return CELLS.upsert(f"SELECT {key}, {sums}, {bounds} FROM ({new} UNION ALL {pending}) AS d "
                        f"CROSS JOIN ({cellsql.levels()}) AS l GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")


FOLD = text(_fold_sql())
# The fold groups by sorting, not hashing: its groups are as many as its rows where cameras are sparse,
# the hash table spills to disk, and the insert wants key order anyway (50,000 scattered cameras:
# 1.82 s of server CPU against 2.07 s). Set for the statement only, then put back.
SORTED = text("SELECT current_setting('enable_hashagg'), set_config('enable_hashagg', 'off', true)")
RESTORE = text("SELECT set_config('enable_hashagg', :saved, true)")
EMPTIED = text(  # cells a pending delta took the last camera out of (only when one has a negative sign)
    "DELETE FROM camera_cells WHERE count <= 0 AND (level, x, y, status) IN (SELECT l.level, "
    f"{cell_x('d.lon', 'l.level')}, {cell_y('d.lat', 'l.level')}, d.status FROM camera_cell_deltas d "
    f"CROSS JOIN ({cellsql.levels()}) AS l WHERE d.txid = {ME})"
)
REMOVES = text(f"SELECT EXISTS (SELECT 1 FROM camera_cell_deltas WHERE txid = {ME} AND sign < 0)")
FOLDED = text(f"DELETE FROM camera_cell_deltas WHERE txid = {ME}")


def add_bulk_loaded(session: Session, ids: list[int]) -> None:
    """Fold the bulk-loaded cameras, and the transaction's pending deltas, into the cells; bump the
    registry version (the commit-time fold then finds nothing left to do)."""
    saved = session.execute(SORTED).scalar_one()
    session.execute(FOLD, {"ids": "{" + ",".join(map(str, ids)) + "}", "first": min(ids), "last": max(ids)})
    session.execute(RESTORE, {"saved": saved})
    if session.execute(REMOVES).scalar_one():
        session.execute(EMPTIED)
    session.execute(FOLDED)
    session.execute(text(cellsql.BUMP))
