"""Moderator sessions kept server-side: one row per log-in (its token hashed), ended at log-out.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "moderator_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("moderator_id", sa.Integer(), sa.ForeignKey("moderators.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("remember", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_index("ix_moderator_sessions_moderator_id", "moderator_sessions", ["moderator_id"])
    op.create_index("ix_moderator_sessions_expires_at", "moderator_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_table("moderator_sessions")
