"""Per-zoom cluster index for country-scale maps (scale issue).

Adds cameras.capabilities (bit set), camera_cells (cameras per grid cell per level), registry_version
(the API's ETag), and the triggers that keep all three in the writing transaction on SQLite and
PostgreSQL (there also camera_cell_deltas, folded into camera_cells at commit).

The statements are frozen in sql/0007_clusters.<dialect>.<upgrade|downgrade>.sql: the exact SQL this
revision ran when it shipped. A shipped migration never changes; a later change is a new revision.

Revision ID: 0007
Revises: 0006
"""

from cameramap.storage.frozen_sql import run_frozen

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_frozen("0007_clusters", "upgrade")


def downgrade() -> None:
    run_frozen("0007_clusters", "downgrade")
