"""The street network for exposure and routing: ways with profile bits, building footprints, a version.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _bounds() -> list[sa.Column]:
    return [sa.Column(side, sa.Float(), nullable=False) for side in ("west", "south", "east", "north")]


def upgrade() -> None:
    op.create_table(
        "street_network",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("ways", sa.Integer(), nullable=False),
        sa.Column("buildings", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "street_ways",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("osm_id", sa.BigInteger(), nullable=False),
        sa.Column("highway", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("access", sa.Integer(), nullable=False),
        sa.Column("car_kmh", sa.Float(), nullable=False),
        sa.Column("nodes", sa.JSON(), nullable=False),
        sa.Column("coords", sa.JSON(), nullable=False),
        *_bounds(),
    )
    op.create_index("ix_street_ways_bounds", "street_ways", ["west", "east", "south", "north"])
    op.create_table(
        "street_buildings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("osm_id", sa.BigInteger(), nullable=False),
        sa.Column("ring", sa.JSON(), nullable=False),
        *_bounds(),
    )


def downgrade() -> None:
    op.drop_index("ix_street_ways_bounds", "street_ways")
    for table in ("street_buildings", "street_ways", "street_network"):
        op.drop_table(table)
