"""Sightings from the public: a submission's time window (seen at, ends at),
its time zone and its place in words.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("submissions", sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("submissions", sa.Column("timezone", sa.String(length=64), nullable=True))
    op.add_column("submissions", sa.Column("place", sa.String(length=300), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): no copy of the table, whose photos cascade
    for name in ("place", "timezone", "ends_at", "seen_at"):
        op.drop_column("submissions", name)
