"""Submissions, moderation and privacy tables (submission issue).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "moderators",
        _id(),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "submissions",
        _id(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("surveillance_type", sa.String(64)),
        sa.Column("surveillance_zone", sa.String(64)),
        sa.Column("camera_type", sa.String(64)),
        sa.Column("camera_mount", sa.String(64)),
        sa.Column("camera_direction", sa.String(200)),
        sa.Column("operator_name", sa.String(300)),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("camera_id", sa.Integer(), sa.ForeignKey("cameras.id", ondelete="SET NULL")),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date()),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("reason", sa.Text()),
        sa.Column("locked_by", sa.Integer(), sa.ForeignKey("moderators.id", ondelete="SET NULL")),
        sa.Column("locked_until", TZ),
        sa.CheckConstraint("lon >= -180 AND lon <= 180", name="ck_submissions_lon"),
        sa.CheckConstraint("lat >= -90 AND lat <= 90", name="ck_submissions_lat"),
    )
    op.create_index("ix_submissions_status", "submissions", ["status"])
    op.create_index("ix_submissions_received_on", "submissions", ["received_on"])
    op.create_table(
        "photos",
        _id(),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submissions.id", ondelete="CASCADE")),
        sa.Column("upload_token_hash", sa.String(64), unique=True),
        sa.Column("filename", sa.String(64), nullable=False, unique=True),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
    )
    op.create_index("ix_photos_submission_id", "photos", ["submission_id"])
    op.create_table(
        "confirmations",
        _id(),
        sa.Column("camera_id", sa.Integer(), sa.ForeignKey("cameras.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("voter_key", sa.String(64), nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submissions.id", ondelete="CASCADE")),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("camera_id", "voter_key", name="uq_confirmations_camera_voter"),
    )
    op.create_index("ix_confirmations_camera_id", "confirmations", ["camera_id"])
    op.create_table(
        "camera_reports",
        _id(),
        sa.Column("camera_id", sa.Integer(), sa.ForeignKey("cameras.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date()),
        sa.Column("decided_by", sa.String(200)),
    )
    op.create_index("ix_camera_reports_camera_id", "camera_reports", ["camera_id"])
    op.create_index("ix_camera_reports_status", "camera_reports", ["status"])
    op.create_table(
        "idempotency_keys",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"])
    op.create_table(
        "solved_challenges",
        sa.Column("signature", sa.String(128), primary_key=True),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_index("ix_solved_challenges_expires_at", "solved_challenges", ["expires_at"])
    op.create_table(
        "client_key_secrets",
        sa.Column("period", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("secret", sa.LargeBinary(64), nullable=False),
    )


def downgrade() -> None:
    for table in ("client_key_secrets", "solved_challenges", "idempotency_keys", "camera_reports",
                  "confirmations", "photos", "submissions", "moderators"):
        op.drop_table(table)
