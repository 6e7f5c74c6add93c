"""Offline gazetteer tables (geocoding issue): addresses, street lines, places, build, cache, queue.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gazetteer_builds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("build_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("addresses", sa.Integer(), nullable=False),
        sa.Column("streets", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "gazetteer_addresses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("street", sa.String(length=300), nullable=False),
        sa.Column("housenumber", sa.String(length=100), nullable=True),
        sa.Column("postcode", sa.String(length=32), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=True),
    )
    op.create_table(
        "gazetteer_streets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("coords", sa.JSON(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=True),
    )
    op.create_table(
        "gazetteer_places",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=True),
    )
    op.create_table(
        "geocode_cache",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("query_hash", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("provider", "query_hash", name="uq_geocode_cache_query"),
    )
    op.create_table(
        "geocode_rate",
        sa.Column("provider", sa.String(length=32), primary_key=True),
        sa.Column("next_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "geocode_pending",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=100), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.JSON(), nullable=True),
        sa.UniqueConstraint("subject_kind", "subject_id", name="uq_geocode_pending_subject"),
    )
    op.create_index("ix_geocode_pending_due", "geocode_pending", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_geocode_pending_due", table_name="geocode_pending")
    for table in ("geocode_pending", "geocode_rate", "geocode_cache", "gazetteer_places",
                  "gazetteer_streets", "gazetteer_addresses", "gazetteer_builds"):
        op.drop_table(table)
