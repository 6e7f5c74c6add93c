"""Technology that has no place (claims of an operator and/or a vendor), vendor partnerships, and
documents about a vendor alone (operator_documents.operator_id becomes optional).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _reference(name: str, table: str, ondelete: str | None, *, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable)


def _evidence_table(name: str, owner: str, owner_table: str) -> None:
    op.create_table(
        name,
        sa.Column(owner, sa.Integer(), sa.ForeignKey(f"{owner_table}.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("operator_documents.id", ondelete="CASCADE"),
                  primary_key=True),
    )


def upgrade() -> None:
    with op.batch_alter_table("operator_documents") as batch:
        batch.alter_column("operator_id", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "technology_claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        _reference("operator_id", "operators", "CASCADE", nullable=True),
        _reference("vendor_id", "vendors", None, nullable=True),
        sa.Column("technology", sa.String(48), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("since", sa.String(10), nullable=True),
        sa.Column("until", sa.String(10), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.CheckConstraint("operator_id IS NOT NULL OR vendor_id IS NOT NULL", name="ck_technology_subject"),
    )
    op.create_index("ix_technology_claims_operator_id", "technology_claims", ["operator_id"])
    op.create_index("ix_technology_claims_vendor_id", "technology_claims", ["vendor_id"])
    op.create_table(
        "vendor_partnerships",
        sa.Column("id", sa.Integer(), primary_key=True),
        _reference("vendor_id", "vendors", "CASCADE", nullable=False),
        _reference("partner_id", "vendors", "CASCADE", nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("since", sa.String(10), nullable=True),
        sa.Column("until", sa.String(10), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("vendor_id <> partner_id", name="ck_partnership_two_vendors"),
    )
    op.create_index("ix_vendor_partnerships_vendor_id", "vendor_partnerships", ["vendor_id"])
    op.create_index("ix_vendor_partnerships_partner_id", "vendor_partnerships", ["partner_id"])
    _evidence_table("technology_claim_documents", "claim_id", "technology_claims")
    _evidence_table("vendor_partnership_documents", "partnership_id", "vendor_partnerships")


def downgrade() -> None:
    for table in ("vendor_partnership_documents", "technology_claim_documents", "vendor_partnerships",
                  "technology_claims"):
        op.drop_table(table)
    op.execute("DELETE FROM operator_documents WHERE operator_id IS NULL")
    with op.batch_alter_table("operator_documents") as batch:
        batch.alter_column("operator_id", existing_type=sa.Integer(), nullable=False)
