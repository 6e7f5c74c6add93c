"""Bulk loads: INSERT triggers of the cluster index skippable inside one import transaction (import issue).

Adds the bulk_load switch table (SQLite; always empty outside a writing transaction), guards the
INSERT triggers on cameras, capability_claims and provenance, and on PostgreSQL splits those triggers
from their UPDATE/DELETE halves and lets the commit-time fold bump registry_version.

The statements are frozen in sql/0008_bulk_load.<dialect>.<upgrade|downgrade>.sql: the exact SQL this
revision ran when it shipped. A shipped migration never changes; a later change is a new revision.

Revision ID: 0008
Revises: 0007
"""

from pathlib import Path

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SQL = Path(__file__).with_name("sql")


def _run(direction: str) -> None:
    """Execute this revision's frozen statements for the connected backend, in order."""
    script = SQL / f"0008_bulk_load.{op.get_bind().dialect.name}.{direction}.sql"
    for statement in script.read_text().strip().removesuffix(";").split(";\n\n"):
        op.execute(statement)


def upgrade() -> None:
    _run("upgrade")


def downgrade() -> None:
    _run("downgrade")
