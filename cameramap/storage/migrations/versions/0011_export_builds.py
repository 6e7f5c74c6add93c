"""Export builds owned by a lease (one build per format across workers and hosts), and a sign of life
for import runs (a killed import's run is then marked interrupted).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_builds",
        sa.Column("name", sa.String(length=32), primary_key=True),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("import_runs", sa.Column("alive_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("import_runs", sa.Column("runner", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_runs") as batch:
        batch.drop_column("runner")
        batch.drop_column("alive_at")
    op.drop_table("export_builds")
