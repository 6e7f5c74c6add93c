"""Bulk loads: INSERT triggers of the cluster index skippable inside one import transaction (import issue).

Adds the bulk_load switch table (SQLite; always empty outside a writing transaction), guards the
INSERT triggers on cameras, capability_claims and provenance, and on PostgreSQL splits those triggers
from their UPDATE/DELETE halves and lets the commit-time fold bump registry_version.

The statements are frozen in sql/0008_bulk_load.<dialect>.<upgrade|downgrade>.sql: the exact SQL this
revision ran when it shipped. A shipped migration never changes; a later change is a new revision.

Revision ID: 0008
Revises: 0007
"""

from cameramap.storage.frozen_sql import run_frozen

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_frozen("0008_bulk_load", "upgrade")


def downgrade() -> None:
    run_frozen("0008_bulk_load", "downgrade")
