"""Cluster index levels 5, 8, 11, 14, 17 instead of 4, 6, ..., 18 (issue 20: PostGIS import speed).

Every stored level costs an import one camera_cells row per camera wherever cameras are sparse (at a
million scattered cameras the levels from 12 up hold one camera per cell): 5.2 cell rows per camera
with eight levels, 2.9 with these five. Cells nest, so a coarser view still sums the next stored
level (now up to 4 x 4 of its cells instead of 2 x 2); views finer than level 17 group the cameras
themselves through the spatial index, as views finer than 18 did. See docs/cluster-index.md.

Re-creates, with the new levels, what holds them: the SQLite cell triggers (cameras_cells_insert,
_update, _delete) and PostgreSQL's commit-time fold (cameramap_fold_cells); then rebuilds
camera_cells from the cameras. The statements are frozen in
sql/0017_cluster_levels.<dialect>.<upgrade|downgrade>.sql: a shipped migration never changes.

Revision ID: 0017
Revises: 0016
"""

from pathlib import Path

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

SQL = Path(__file__).with_name("sql")


def _run(direction: str) -> None:
    """Execute this revision's frozen statements for the connected backend, in order."""
    script = SQL / f"0017_cluster_levels.{op.get_bind().dialect.name}.{direction}.sql"
    for statement in script.read_text().strip().removesuffix(";").split(";\n\n"):
        op.execute(statement)


def upgrade() -> None:
    _run("upgrade")


def downgrade() -> None:
    _run("downgrade")
