"""SQLite: the INSERT triggers of migration 0008 without their bulk_load guard, and no bulk_load table.

A bulk load on SQLite drops those triggers for its block and restores them as stored, so nothing sets
the guard row any more, yet every ordinary insert still evaluated it. PostgreSQL is unchanged: its
bulk loads keep the triggers and turn the transaction-local guard on.

The statements are frozen in sql/0009_sqlite_unguarded_inserts.sqlite.<upgrade|downgrade>.sql: the
exact SQL this revision ran when it shipped. A shipped migration never changes.

Revision ID: 0009
Revises: 0008
"""

from pathlib import Path

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQL = Path(__file__).with_name("sql")


def _run(direction: str) -> None:
    """Execute this revision's frozen statements on SQLite, in order; PostgreSQL has none."""
    if op.get_bind().dialect.name == "postgresql":
        return
    script = SQL / f"0009_sqlite_unguarded_inserts.sqlite.{direction}.sql"
    for statement in script.read_text().strip().removesuffix(";").split(";\n\n"):
        op.execute(statement)


def upgrade() -> None:
    _run("upgrade")


def downgrade() -> None:
    _run("downgrade")
