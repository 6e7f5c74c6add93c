"""Per-zoom cluster index for country-scale maps (scale issue).

Adds cameras.capabilities (bit set), camera_cells (cameras per grid cell per level), registry_version
(the API's ETag), and the triggers that keep all three in the writing transaction on SQLite and
PostgreSQL (there also camera_cell_deltas, folded into camera_cells at commit).

The statements are frozen in sql/0007_clusters.<dialect>.<upgrade|downgrade>.sql: the exact SQL this
revision ran when it shipped. A shipped migration never changes; a later change is a new revision.

Revision ID: 0007
Revises: 0006
"""

from pathlib import Path

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SQL = Path(__file__).with_name("sql")


def _run(direction: str) -> None:
    """Execute this revision's frozen statements for the connected backend, in order."""
    script = SQL / f"0007_clusters.{op.get_bind().dialect.name}.{direction}.sql"
    for statement in script.read_text().strip().removesuffix(";").split(";\n\n"):
        op.execute(statement)


def upgrade() -> None:
    _run("upgrade")


def downgrade() -> None:
    _run("downgrade")
