"""Run a migration's frozen SQL (migrations/versions/sql/<name>.<dialect>.<direction>.sql), in order.

A migration whose statements come from code that may change later (the cluster index's triggers and
functions, built by cellsql) keeps the exact SQL it ran when it shipped in such a file: a shipped
migration never changes. Statements are separated by a semicolon and a blank line.
"""

from __future__ import annotations

from pathlib import Path

from alembic import op

SQL = Path(__file__).with_name("migrations") / "versions" / "sql"


def run_frozen(name: str, direction: str, dialects: tuple[str, ...] = ("postgresql", "sqlite")) -> None:
    """Execute sql/`name`.<the connected dialect>.`direction`.sql; nothing on a dialect not in
    `dialects` (a migration that changes one backend only)."""
    dialect = op.get_bind().dialect.name
    if dialect not in dialects:
        return
    script = SQL / f"{name}.{dialect}.{direction}.sql"
    for statement in script.read_text().strip().removesuffix(";").split(";\n\n"):
        op.execute(statement)
