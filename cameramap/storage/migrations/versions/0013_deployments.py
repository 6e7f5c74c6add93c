"""Deployments (live facial recognition vans and other temporary systems) and their revisions.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _integers(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=True) for name in names]


def _floats(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Float(), nullable=True) for name in names]


def upgrade() -> None:
    op.create_table(
        "deployments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("location_text", sa.Text(), nullable=False),
        sa.Column("location_status", sa.String(16), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=True),
        *_floats("lon", "lat", "west", "south", "east", "north"),
        _moment("starts_at"), _moment("ends_at"),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operators.id"), nullable=True),
        sa.Column("system", sa.String(200), nullable=True),
        sa.Column("vendor", sa.String(200), nullable=True),
        sa.Column("vendor_id", sa.Integer(), sa.ForeignKey("vendors.id"), nullable=True),
        sa.Column("use_case", sa.Text(), nullable=True),
        *_integers("watchlist_size"),
        *_floats("threshold"),
        *_integers("faces_scanned", "true_alerts_confirmed", "true_alerts_unconfirmed",
                   "false_alerts_confirmed", "false_alerts_unconfirmed", "arrests"),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=True),
        sa.Column("source_record_id", sa.String(300), nullable=True),
        *_integers("source_page", "source_row"),
        sa.Column("record_hash", sa.String(64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        _moment("created_at"), _moment("updated_at"),
        sa.UniqueConstraint("source_id", "source_record_id", name="uq_deployments_source_record"),
        sa.CheckConstraint("lon >= -180 AND lon <= 180", name="ck_deployments_lon"),
        sa.CheckConstraint("lat >= -90 AND lat <= 90", name="ck_deployments_lat"),
        sa.CheckConstraint("ends_at > starts_at", name="ck_deployments_window"),
    )
    for name, columns in (("ix_deployments_status", ["status"]),
                          ("ix_deployments_operator_id", ["operator_id"]),
                          ("ix_deployments_vendor_id", ["vendor_id"]),
                          ("ix_deployments_updated_at", ["updated_at"]),
                          ("ix_deployments_window", ["starts_at", "ends_at"]),
                          ("ix_deployments_bounds", ["west", "east", "south", "north"])):
        op.create_index(name, "deployments", columns)
    op.create_table(
        "deployment_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("deployment_id", sa.Integer(), sa.ForeignKey("deployments.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reverts_id", sa.Integer(), sa.ForeignKey("deployment_revisions.id"), nullable=True),
        _moment("created_at"),
    )
    op.create_index("ix_deployment_revisions_deployment_id", "deployment_revisions", ["deployment_id"])
    op.create_index("ix_deployment_revisions_created_at", "deployment_revisions", ["created_at"])


def downgrade() -> None:
    op.drop_table("deployment_revisions")
    op.drop_table("deployments")
