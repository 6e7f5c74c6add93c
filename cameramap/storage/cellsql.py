"""SQL of the cluster index (migration 0007): grid cells per zoom level, kept by triggers on both backends.

A camera's cell at level L is its web-mercator tile (x, y) at zoom L. `camera_cells` holds, per level
in LEVELS, per cell and per status: the number of cameras, the sum of their ids (the id itself when
one camera is alone), the sums of their coordinates (centroid), their bounds (grown on insert; exact
again after `rebuild`), and counters per marker kind (m_*) and per capability (c_*). Triggers keep it
in the transaction that changes a camera, however it is written (ORM, Core executemany, plain SQL).
`cameras.capabilities` is a bit set (CAPABILITY_BITS) of the camera's own and its operator-wide
claims, kept by triggers on capability_claims. `registry_version` counts changes to everything a
camera feature shows (cameras, claims, provenance, operators, sources): the API's ETag.

SQLite has one writer at a time: row triggers update camera_cells directly. PostgreSQL has many:
row triggers only append to camera_cell_deltas (no shared row is locked while a transaction runs), and
deferred constraint triggers fold the transaction's deltas into camera_cells and bump
registry_version at COMMIT, in key order. Until then the writing transaction reads its deltas too
(clusters.py).

The migrations keep the SQL they ran: changing a trigger's SQL here needs a new migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LEVELS = (5, 9, 13, 17)  # migration 0019; why these: docs/cluster-index.md
MAX_LAT = 85.0511287798
CAPABILITY_BITS = {
    "face_recognition": 1,
    "licence_plate_recognition": 2,
    "ptz_zoom": 4,
    "night_vision": 8,
    "audio": 16,
    "analytics": 32,
    "central_platform_link": 64,
}
MARKER_COLUMNS = {
    "fixed": "m_fixed",
    "dome": "m_dome",
    "panning": "m_panning",
    "ALPR": "m_alpr",
    "guard": "m_guard",
}
CAPABILITY_COLUMNS = {name: f"c_{name}" for name in CAPABILITY_BITS}
KEY = ("level", "x", "y", "status")
BOUNDS = ("min_lon", "min_lat", "max_lon", "max_lat")
ADDED = ("count", "sum_id", "sum_lon", "sum_lat", *MARKER_COLUMNS.values(), *CAPABILITY_COLUMNS.values())
COLUMNS = (*KEY, *ADDED, *BOUNDS)
GUARDED = ("cameras", "capability_claims", "provenance")  # tables whose INSERT triggers a bulk load skips
BUMP = "UPDATE registry_version SET version = version + 1 WHERE id = 1"
ME = "pg_current_xact_id()::text::bigint"
DELTA_COLUMNS = (
    "sign",
    "camera_id",
    "lon",
    "lat",
    "status",
    "surveillance_type",
    "camera_type",
    "capabilities",
)


@dataclass(frozen=True, slots=True)
class CellArithmetic:
    """How one backend spells the cell arithmetic: its smaller/larger of two values and its integer
    (each backend in storage.backends holds one)."""

    least: str
    greatest: str
    integer: str
    one: str

    def clamp(self, value: str, low: str, high: str) -> str:
        return f"{self.least}({self.greatest}({value}, {low}), {high})"

    def size(self, level: str) -> str:
        return f"({self.one} << {level})"

    def cell_x(self, lon: str, level: str) -> str:
        """SQL for the tile column of `lon` at zoom `level` (the same arithmetic as grid.cell_x)."""
        raw = f"CAST(floor(({lon} + 180.0) / 360.0 * {self.size(level)}) AS {self.integer})"
        return self.clamp(raw, "0", f"{self.size(level)} - 1")

    def cell_y(self, lat: str, level: str) -> str:
        """SQL for the tile row of `lat` at zoom `level` (web mercator, clamped to the map's edge)."""
        phi = f"radians({self.clamp(lat, str(-MAX_LAT), str(MAX_LAT))})"
        raw = (
            f"CAST(floor((1.0 - ln(tan({phi}) + 1.0 / cos({phi})) / pi()) / 2.0 * {self.size(level)}) "
            f"AS {self.integer})"
        )
        return self.clamp(raw, "0", f"{self.size(level)} - 1")

    def upsert(self, select_sql: str) -> str:
        """Add the selected rows to camera_cells: counts and sums added, bounds grown."""
        grow = [
            f"{c} = {self.least if c.startswith('min') else self.greatest}(camera_cells.{c}, excluded.{c})"
            for c in BOUNDS
        ]
        added = [f"{c} = camera_cells.{c} + excluded.{c}" for c in ADDED]
        return (
            f"INSERT INTO camera_cells ({', '.join(COLUMNS)}) {select_sql} "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {', '.join(added + grow)}"
        )

    def key(self, row: str) -> str:
        """Level, cell and status of camera `row` at every level of the joined `l`."""
        return (
            f"l.level, {self.cell_x(f'{row}.lon', 'l.level')}, "
            f"{self.cell_y(f'{row}.lat', 'l.level')}, {row}.status"
        )


def capability_bit(column: str) -> str:
    cases = " ".join(f"WHEN '{name}' THEN {bit}" for name, bit in CAPABILITY_BITS.items())
    return f"(CASE {column} {cases} ELSE 0 END)"


def marker_conditions(stype: str, ctype: str) -> dict[str, str]:
    """SQL conditions for each marker kind (domain.vocabulary.marker_kind); 'unknown' is the rest."""
    plain = f"coalesce({stype}, '') NOT IN ('ALPR', 'guard')"
    return {
        "ALPR": f"{stype} = 'ALPR'",
        "guard": f"{stype} = 'guard'",
        **{kind: f"({plain} AND {ctype} = '{kind}')" for kind in ("fixed", "dome", "panning")},
    }


def values(row: str, weight: str = "1") -> dict[str, str]:
    """What camera `row` adds to its cell, times `weight` (1, -1, or a delta's sign)."""
    found = {
        "count": weight,
        "sum_id": f"{weight} * {row}.id" if row != "d" else f"{weight} * d.camera_id",
        "sum_lon": f"{weight} * {row}.lon",
        "sum_lat": f"{weight} * {row}.lat",
    }
    conditions = marker_conditions(f"{row}.surveillance_type", f"{row}.camera_type")
    for kind, column in MARKER_COLUMNS.items():  # in ADDED's order: callers rely on it
        found[column] = f"(CASE WHEN {conditions[kind]} THEN {weight} ELSE 0 END)"
    for name, bit in CAPABILITY_BITS.items():
        found[CAPABILITY_COLUMNS[name]] = (
            f"(CASE WHEN ({row}.capabilities & {bit}) <> 0 THEN {weight} ELSE 0 END)"
        )
    return found


def recomputed_capabilities(camera: str = "cameras") -> str:
    """The bit set of a camera's own and operator-wide claims (sum of distinct bits = their OR)."""
    return (
        f"(SELECT coalesce(sum(DISTINCT {capability_bit('cc.capability')}), 0) "
        f"FROM capability_claims cc WHERE cc.camera_id = {camera}.id OR "
        f"(cc.camera_id IS NULL AND cc.operator_id = {camera}.operator_id))"
    )


def _operator_bits(operator_id: str) -> str:
    return (
        f"(SELECT coalesce(sum(DISTINCT {capability_bit('cc.capability')}), 0) FROM capability_claims cc "
        f"WHERE cc.camera_id IS NULL AND cc.operator_id = {operator_id})"
    )


def levels() -> str:
    """A row per stored level (join it as `l`)."""
    return " UNION ALL ".join(f"SELECT {level} AS level" for level in LEVELS)


def add_cells(cells: CellArithmetic, row: str) -> str:
    """Count camera `row` (NEW) into its cell at every level (SQLite)."""
    adds = ", ".join(values(row).values())
    where = f"{row}.lon, {row}.lat, {row}.lon, {row}.lat"
    return cells.upsert(f"SELECT {cells.key(row)}, {adds}, {where} FROM ({levels()}) AS l WHERE true")


def remove_cells(cells: CellArithmetic, row: str) -> list[str]:
    """Take camera `row` (OLD) out of its cells; cells left empty are deleted (SQLite)."""
    match = f"({', '.join(KEY)}) IN (SELECT {cells.key(row)} FROM ({levels()}) AS l)"
    minus = ", ".join(f"{c} = {c} - {v}" for c, v in values(row).items())
    return [
        f"UPDATE camera_cells SET {minus} WHERE {match}",
        f"DELETE FROM camera_cells WHERE count <= 0 AND {match}",
    ]


def claim_statements(event: str) -> list[str]:
    """Keep cameras.capabilities in step with a claim's insert, delete or update."""
    if event == "INSERT":
        bit = capability_bit("NEW.capability")
        return [
            f"UPDATE cameras SET capabilities = capabilities | {bit} WHERE id = NEW.camera_id "
            f"AND (capabilities & {bit}) = 0",
            f"UPDATE cameras SET capabilities = capabilities | {bit} WHERE NEW.camera_id IS NULL "
            f"AND operator_id = NEW.operator_id AND (capabilities & {bit}) = 0",
        ]
    recompute = recomputed_capabilities()
    statements = []
    for row in ["OLD"] if event == "DELETE" else ["OLD", "NEW"]:
        statements.append(
            f"UPDATE cameras SET capabilities = {recompute} WHERE id = {row}.camera_id "
            f"AND capabilities <> {recompute}"
        )
        statements.append(
            f"UPDATE cameras SET capabilities = {recompute} WHERE {row}.camera_id IS NULL "
            f"AND operator_id = {row}.operator_id AND capabilities <> {recompute}"
        )
    return statements


def _inherit() -> str:
    """A new camera takes its operator's operator-wide capabilities (an update, which moves it)."""
    bits = _operator_bits("NEW.operator_id")
    return (
        f"UPDATE cameras SET capabilities = capabilities | {bits} WHERE id = NEW.id "
        f"AND NEW.operator_id IS NOT NULL AND (capabilities | {bits}) <> capabilities"
    )


def camera_trigger(event: str, change: Callable[[str, int], list[str]]) -> list[str]:
    """The cameras row trigger's body for `event`, `change(row, sign)` counting a row in or out."""
    if event == "INSERT":
        return [*change("NEW", 1), _inherit()]
    if event == "UPDATE":
        return [*change("OLD", -1), *change("NEW", 1)]
    return change("OLD", -1)


def rebuild_cells(cell_x: Callable[[str, str], str], cell_y: Callable[[str, str], str]) -> list[str]:
    """Recompute capabilities and every cell from the cameras (finest level first, then coarser
    levels from the finer one: cells nest exactly); the backend adds its own end."""
    finest = LEVELS[-1]
    sums = ", ".join(f"sum({v})" for v in values("c").values())
    statements = [
        f"UPDATE cameras SET capabilities = {recomputed_capabilities()} "
        f"WHERE capabilities <> {recomputed_capabilities()}",
        "DELETE FROM camera_cells",
        f"INSERT INTO camera_cells ({', '.join(COLUMNS)}) SELECT {finest}, "
        f"{cell_x('c.lon', str(finest))}, "
        f"{cell_y('c.lat', str(finest))}, c.status, {sums}, min(c.lon), min(c.lat), max(c.lon), "
        "max(c.lat) FROM cameras c GROUP BY 1, 2, 3, 4",
    ]
    rolled = (
        ", ".join(f"sum({c})" for c in ADDED) + ", min(min_lon), min(min_lat), max(max_lon), max(max_lat)"
    )
    for finer, coarser in zip(LEVELS[::-1], LEVELS[::-1][1:], strict=False):
        shift = finer - coarser
        statements.append(
            f"INSERT INTO camera_cells ({', '.join(COLUMNS)}) SELECT {coarser}, x / {1 << shift}, "
            f"y / {1 << shift}, status, {rolled} FROM camera_cells WHERE level = {finer} GROUP BY 1, 2, 3, 4"
        )
    return statements
