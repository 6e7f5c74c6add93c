"""Cluster index levels 5, 9, 13, 17 instead of 5, 8, 11, 14, 17 (issue 20: PostGIS import speed).

A million scattered cameras made 2.81 cell rows per camera with five levels (level 11 alone held
780,000 cells: most of them one camera's); with these four, 2.11. Cells nest, so a view still sums
the next stored level, now up to 8 x 8 of its cells instead of 4 x 4; views at zooms 8, 12 and 16
read a stored level directly. Level 17 stays the finest, so the views answered from the index are
the same. See docs/cluster-index.md.

Re-creates, with the new levels, what holds them: the SQLite cell triggers (cameras_cells_insert,
_update, _delete) and PostgreSQL's commit-time fold (cameramap_fold_cells); then rebuilds
camera_cells from the cameras. The statements are frozen in
sql/0019_cluster_levels.<dialect>.upgrade.sql, made from 0017's with only the list of
levels and the rebuild's statements (cellsql.rebuild_cells) changed. The downgrade runs 0017's
upgrade again: it sets and rebuilds 0017's levels.

Revision ID: 0019
Revises: 0018
"""

from pathlib import Path

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

SQL = Path(__file__).with_name("sql")


def _run(script: str) -> None:
    """Execute a frozen script's statements for the connected backend, in order."""
    path = SQL / script.format(dialect=op.get_bind().dialect.name)
    for statement in path.read_text().strip().removesuffix(";").split(";\n\n"):
        op.execute(statement)


def upgrade() -> None:
    _run("0019_cluster_levels.{dialect}.upgrade.sql")


def downgrade() -> None:
    _run("0017_cluster_levels.{dialect}.upgrade.sql")  # back to 0017's levels, rebuilt
