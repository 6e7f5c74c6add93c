"""SQLite: the INSERT triggers of migration 0008 without their bulk_load guard, and no bulk_load table.

A bulk load on SQLite drops those triggers for its block and restores them as stored (bulkload.py),
so nothing sets the guard row any more, yet every ordinary insert still evaluated it. PostgreSQL is
unchanged: its bulk loads keep the triggers and turn the transaction-local guard on.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from cameramap.storage import bulkload

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    for name, statement in bulkload.sqlite_triggers(guarded=False).items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(statement)
    op.drop_table("bulk_load")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    op.create_table("bulk_load", sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False))
    for name, statement in bulkload.sqlite_triggers().items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(statement)
