"""SQL of the cluster index (migration 0007): grid cells per zoom level, kept by triggers on both backends.

A camera's cell at level L is its web-mercator tile (x, y) at zoom L. `camera_cells` holds, per level
in LEVELS, per cell and per (status, surveillance_type, camera_type, capability bits), the number of
cameras, the sum of their ids (the id itself when one camera is alone), the sums of their coordinates
(centroid) and their bounds (grown on insert; exact again after `rebuild`). Row triggers keep it in
the transaction that changes a camera, however it is written (ORM, Core executemany, plain SQL).
`cameras.capabilities` is a bit set (CAPABILITY_BITS) of the camera's own and its operator-wide
claims, kept by triggers on capability_claims. `registry_version` counts changes to everything a
camera feature shows (cameras, claims, provenance, operators, sources): the API's ETag.

This text is part of migration 0007's history: change the schema through a new migration.
"""

from __future__ import annotations

LEVELS = (4, 6, 8, 10, 12, 14, 16)
MAX_LAT = 85.0511287798
CAPABILITY_BITS = {
    "face_recognition": 1, "licence_plate_recognition": 2, "ptz_zoom": 4, "night_vision": 8,
    "audio": 16, "analytics": 32, "central_platform_link": 64,
}
KEY = ("level", "x", "y", "status", "surveillance_type", "camera_type", "capabilities")
VERSIONED = ("cameras", "capability_claims", "provenance", "operators", "sources")


def _clamp(dialect: str, value: str, low: str, high: str) -> str:
    if dialect == "postgresql":
        return f"LEAST(GREATEST({value}, {low}), {high})"
    return f"min(max({value}, {low}), {high})"


def _int(dialect: str, value: str) -> str:
    return f"CAST({value} AS {'bigint' if dialect == 'postgresql' else 'INTEGER'})"


def _size(dialect: str, level: str) -> str:
    return f"(CAST(1 AS bigint) << {level})" if dialect == "postgresql" else f"(1 << {level})"


def cell_x(dialect: str, lon: str, level: str, inline: bool = False) -> str:
    """SQL for the tile column of `lon` at zoom `level` (the same arithmetic as clusters.cell_x)."""
    if dialect == "postgresql" and not inline:
        return f"cameramap_cell_x({lon}, {level})"
    raw = _int(dialect, f"floor(({lon} + 180.0) / 360.0 * {_size(dialect, level)})")
    return _clamp(dialect, raw, "0", f"{_size(dialect, level)} - 1")


def cell_y(dialect: str, lat: str, level: str, inline: bool = False) -> str:
    """SQL for the tile row of `lat` at zoom `level` (web mercator, clamped to the map's edge)."""
    if dialect == "postgresql" and not inline:
        return f"cameramap_cell_y({lat}, {level})"
    phi = f"radians({_clamp(dialect, lat, str(-MAX_LAT), str(MAX_LAT))})"
    raw = _int(dialect, f"floor((1.0 - ln(tan({phi}) + 1.0 / cos({phi})) / pi()) / 2.0 "
                        f"* {_size(dialect, level)})")
    return _clamp(dialect, raw, "0", f"{_size(dialect, level)} - 1")


def capability_bit(column: str) -> str:
    cases = " ".join(f"WHEN '{name}' THEN {bit}" for name, bit in CAPABILITY_BITS.items())
    return f"(CASE {column} {cases} ELSE 0 END)"


def recomputed_capabilities(camera: str = "cameras") -> str:
    """The bit set of a camera's own and operator-wide claims (sum of distinct bits = their OR)."""
    return (f"(SELECT coalesce(sum(DISTINCT {capability_bit('cc.capability')}), 0) "
            f"FROM capability_claims cc WHERE cc.camera_id = {camera}.id OR "
            f"(cc.camera_id IS NULL AND cc.operator_id = {camera}.operator_id))")


def _operator_bits(operator_id: str) -> str:
    return (f"(SELECT coalesce(sum(DISTINCT {capability_bit('cc.capability')}), 0) FROM capability_claims cc "
            f"WHERE cc.camera_id IS NULL AND cc.operator_id = {operator_id})")


def _levels() -> str:
    return " UNION ALL ".join(f"SELECT {level} AS level" for level in LEVELS)


def _key_values(dialect: str, row: str) -> str:
    return (f"l.level, {cell_x(dialect, f'{row}.lon', 'l.level')}, {cell_y(dialect, f'{row}.lat', 'l.level')}, "
            f"{row}.status, coalesce({row}.surveillance_type, ''), coalesce({row}.camera_type, ''), "
            f"{row}.capabilities")


def add_cells(dialect: str, row: str) -> str:
    """Count camera `row` (NEW) into its cell at every level."""
    grow = ", ".join(f"{c} = {f}(camera_cells.{c}, excluded.{c})" for c, f in (
        ("min_lon", "least"), ("min_lat", "least"), ("max_lon", "greatest"), ("max_lat", "greatest")))
    if dialect != "postgresql":
        grow = grow.replace("least(", "min(").replace("greatest(", "max(")
    return (f"INSERT INTO camera_cells ({', '.join(KEY)}, count, sum_id, sum_lon, sum_lat, "
            f"min_lon, min_lat, max_lon, max_lat) "
            f"SELECT {_key_values(dialect, row)}, 1, {row}.id, {row}.lon, {row}.lat, "
            f"{row}.lon, {row}.lat, {row}.lon, {row}.lat FROM ({_levels()}) AS l WHERE true "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET count = camera_cells.count + 1, "
            f"sum_id = camera_cells.sum_id + excluded.sum_id, sum_lon = camera_cells.sum_lon + excluded.sum_lon, "
            f"sum_lat = camera_cells.sum_lat + excluded.sum_lat, {grow}")


def remove_cells(dialect: str, row: str) -> list[str]:
    """Take camera `row` (OLD) out of its cells; cells left empty are deleted."""
    match = f"({', '.join(KEY)}) IN (SELECT {_key_values(dialect, row)} FROM ({_levels()}) AS l)"
    return [
        f"UPDATE camera_cells SET count = count - 1, sum_id = sum_id - {row}.id, "
        f"sum_lon = sum_lon - {row}.lon, sum_lat = sum_lat - {row}.lat WHERE {match}",
        f"DELETE FROM camera_cells WHERE count <= 0 AND {match}",
    ]


BUMP = "UPDATE registry_version SET version = version + 1 WHERE id = 1"
# PostgreSQL: one bump per transaction (the row's xmin is then this transaction), so a large import
# does not pile up row versions; inside savepoints (tests) every statement bumps.
PG_BUMP = ("UPDATE registry_version SET version = version + 1 WHERE id = 1 AND "
           "xmin::text::bigint <> (pg_current_xact_id()::text::bigint % 4294967296)")
MOVED = ("lon", "lat", "status", "surveillance_type", "camera_type", "capabilities")


def _changed(dialect: str, columns: tuple[str, ...]) -> str:
    op = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in columns)


def claim_statements(dialect: str, event: str) -> list[str]:
    """Keep cameras.capabilities in step with a claim's insert, delete or update."""
    recompute = recomputed_capabilities()
    if event == "INSERT":
        bit = capability_bit("NEW.capability")
        return [
            f"UPDATE cameras SET capabilities = capabilities | {bit} WHERE id = NEW.camera_id "
            f"AND (capabilities & {bit}) = 0",
            f"UPDATE cameras SET capabilities = capabilities | {bit} WHERE NEW.camera_id IS NULL "
            f"AND operator_id = NEW.operator_id AND (capabilities & {bit}) = 0",
        ]
    rows = ["OLD"] if event == "DELETE" else ["OLD", "NEW"]
    statements = []
    for row in rows:
        statements.append(f"UPDATE cameras SET capabilities = {recompute} WHERE id = {row}.camera_id "
                          f"AND capabilities <> {recompute}")
        statements.append(f"UPDATE cameras SET capabilities = {recompute} WHERE {row}.camera_id IS NULL "
                          f"AND operator_id = {row}.operator_id AND capabilities <> {recompute}")
    return statements


def camera_insert_statements(dialect: str) -> list[str]:
    """Count a new camera in, then give it its operator's operator-wide capabilities (which moves it)."""
    bits = _operator_bits("NEW.operator_id")
    return [add_cells(dialect, "NEW"),
            f"UPDATE cameras SET capabilities = capabilities | {bits} WHERE id = NEW.id "
            f"AND NEW.operator_id IS NOT NULL AND (capabilities | {bits}) <> capabilities"]


def camera_update_statements(dialect: str) -> list[str]:
    return [*remove_cells(dialect, "OLD"), add_cells(dialect, "NEW")]


def operator_change_statements() -> list[str]:
    return [f"UPDATE cameras SET capabilities = {recomputed_capabilities()} WHERE id = NEW.id"]


def rebuild_statements(dialect: str) -> list[str]:
    """Recompute capabilities and every cell from the cameras (finest level first, then coarser
    levels from the finer one: cells nest exactly). Run with the cell triggers' effects in mind."""
    finest, columns = LEVELS[-1], f"{', '.join(KEY)}, count, sum_id, sum_lon, sum_lat, " \
                                  "min_lon, min_lat, max_lon, max_lat"
    statements = [
        f"UPDATE cameras SET capabilities = {recomputed_capabilities()} "
        f"WHERE capabilities <> {recomputed_capabilities()}",
        "DELETE FROM camera_cells",
        f"INSERT INTO camera_cells ({columns}) SELECT {finest}, {cell_x(dialect, 'lon', str(finest))}, "
        f"{cell_y(dialect, 'lat', str(finest))}, status, coalesce(surveillance_type, ''), "
        "coalesce(camera_type, ''), capabilities, count(*), sum(id), sum(lon), sum(lat), min(lon), min(lat), "
        "max(lon), max(lat) FROM cameras GROUP BY 1, 2, 3, 4, 5, 6, 7",
    ]
    for finer, coarser in zip(LEVELS[::-1], LEVELS[::-1][1:], strict=False):
        shift = finer - coarser
        statements.append(
            f"INSERT INTO camera_cells ({columns}) SELECT {coarser}, x / {1 << shift}, y / {1 << shift}, "
            "status, surveillance_type, camera_type, capabilities, sum(count), sum(sum_id), sum(sum_lon), "
            "sum(sum_lat), min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM camera_cells "
            f"WHERE level = {finer} GROUP BY 1, 2, 3, 4, 5, 6, 7")
    statements.append(BUMP)
    return statements
