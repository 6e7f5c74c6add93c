"""PostgreSQL: the change log of new revisions fires whatever session_replication_role says.

A bulk load may turn the per-row foreign-key checks of its INSERTs off with session_replication_role
= replica (storage/backends/postgis_bulk.py): in that role only ENABLE ALWAYS (and ENABLE REPLICA)
triggers fire. The import's other INSERT triggers are skipped in a bulk load anyway; the change log
(revisions_log_changes, migration 0005) must not be. SQLite has no such role: nothing to do.

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE revisions ENABLE ALWAYS TRIGGER revisions_log_changes")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE revisions ENABLE TRIGGER revisions_log_changes")
