"""SQL of the cluster index's PostgreSQL fold (migration 0007): a transaction's cell deltas into camera_cells.

Row triggers only append deltas (cellsql.pg_delta); a deferred constraint trigger folds them in at
COMMIT, in key order, so no shared cell row is locked while a transaction runs. Until then the
writing transaction reads its own deltas too (clusters.py).
This text is part of migration 0007's history: change the schema through a new migration.
"""

from __future__ import annotations

from .cellsql import KEY, ME, _levels, _upsert, cell_x, cell_y, values


def delta_values() -> dict[str, str]:
    """A delta row's contribution: its camera's values times its sign."""
    return values("d", "d.sign")


# The fold trigger fires once per delta row: the first firing folds every delta of the transaction and
# notes the last id this session drew (a transaction-local setting), so the others return at once
# instead of probing the deltas' index again (which the deleted rows would make slow).
PG_FOLD_GUARD = (
    "IF NEW.id <= coalesce(nullif(current_setting('cameramap.folded_upto', true), ''), '0')::bigint "
    "THEN RETURN NULL; END IF;\n"
    "PERFORM set_config('cameramap.folded_upto', "
    "currval(pg_get_serial_sequence('camera_cell_deltas', 'id'))::text, true);\n"
)


def pg_fold_statements() -> list[str]:
    keys = (
        f"l.level, {cell_x('postgresql', 'd.lon', 'l.level')}, "
        f"{cell_y('postgresql', 'd.lat', 'l.level')}, d.status"
    )
    mine = f"FROM camera_cell_deltas d CROSS JOIN ({_levels()}) AS l WHERE d.txid = {ME}"
    sums = ", ".join(f"sum({v})" for v in delta_values().values())
    bounds = ", ".join(
        f"coalesce({f}(d.{c}) FILTER (WHERE d.sign > 0), 0)"
        for f, c in (("min", "lon"), ("min", "lat"), ("max", "lon"), ("max", "lat"))
    )
    return [
        _upsert(
            "postgresql", f"SELECT {keys}, {sums}, {bounds} {mine} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
        ),
        f"DELETE FROM camera_cells WHERE count <= 0 AND ({', '.join(KEY)}) IN (SELECT {keys} {mine})",
        f"DELETE FROM camera_cell_deltas WHERE txid = {ME}",
    ]
