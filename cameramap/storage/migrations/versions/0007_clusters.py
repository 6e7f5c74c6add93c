"""Per-zoom cluster index for country-scale maps (scale issue).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _operator_fk() -> sa.Column:
    return sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operators.id", ondelete="CASCADE"),
                     nullable=False, index=True)


def _vendor_fk() -> sa.Column:
    return sa.Column("vendor_id", sa.Integer(), sa.ForeignKey("vendors.id"), nullable=True, index=True)


def upgrade() -> None:
    op.create_table(
        "vendors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("maker_id", sa.Integer(), sa.ForeignKey("vendors.id"), nullable=True),
        sa.Column("country", sa.String(100)),
        sa.Column("website", sa.Text()),
        sa.Column("notes", sa.Text()),
        _created(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "operator_documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        _operator_fk(), _vendor_fk(),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("published_on", sa.Date()),
        sa.Column("summary", sa.Text()),
        _created(),
    )
    op.create_table(
        "operator_contracts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _operator_fk(), _vendor_fk(),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(200)),
        sa.Column("amount", sa.Float()),
        sa.Column("currency", sa.String(3)),
        sa.Column("signed_on", sa.Date()),
        sa.Column("ends_on", sa.Date()),
        sa.Column("url", sa.Text()),
        sa.Column("notes", sa.Text()),
        _created(),
    )
    op.create_table(
        "operator_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _operator_fk(),
        sa.Column("before", sa.JSON()),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor_name", sa.String(200)),
        sa.Column("reason", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("layer", sa.String(200), nullable=False, index=True),
        sa.Column("code", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("population", sa.Integer()),
        sa.Column("area_km2", sa.Float(), nullable=False),
        *(sa.Column(side, sa.Float(), nullable=False) for side in ("west", "south", "east", "north")),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("properties", sa.JSON(), nullable=False),
        _created(),
        sa.UniqueConstraint("layer", "code", name="uq_areas_layer_code"),
    )
    # SQLite accepts a REFERENCES clause on ADD COLUMN (the column defaults to NULL).
    op.execute("ALTER TABLE capability_claims ADD COLUMN vendor_id INTEGER REFERENCES vendors (id)")
    op.create_index("ix_capability_claims_vendor_id", "capability_claims", ["vendor_id"])


def downgrade() -> None:
    op.drop_index("ix_capability_claims_vendor_id", "capability_claims")
    with op.batch_alter_table("capability_claims") as batch:
        batch.drop_column("vendor_id")
    for table in ("areas", "operator_revisions", "operator_contracts", "operator_documents", "vendors"):
        op.drop_table(table)
