"""Change feed (open data API issue): the `changes` log, filled by a trigger on revisions.

Every revision row, however it is inserted (ORM, Core bulk insert, SQL), adds one change in the
same transaction: created, updated or removed. On PostgreSQL each change also keeps the id of the
transaction that wrote it (`txid`), so readers can hold back changes of transactions that are
still in flight and never skip one (see cameramap/services/registry/changes.py).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The kind of change a revision is, from its action and the status before and after.
SQLITE_KIND = """CASE
  WHEN {row}.action = 'create' THEN 'created'
  WHEN json_extract({row}.after, '$.status') = 'removed'
       AND COALESCE(json_extract({row}.before, '$.status'), '') <> 'removed' THEN 'removed'
  ELSE 'updated' END"""
POSTGRES_KIND = """CASE
  WHEN {row}.action = 'create' THEN 'created'
  WHEN ({row}.after ->> 'status') = 'removed'
       AND COALESCE({row}.before ->> 'status', '') <> 'removed' THEN 'removed'
  ELSE 'updated' END"""

SQLITE_TRIGGER = f"""CREATE TRIGGER revisions_log_change AFTER INSERT ON revisions BEGIN
  INSERT INTO changes (txid, camera_id, revision_id, kind, created_at)
  VALUES (0, NEW.camera_id, NEW.id, {SQLITE_KIND.format(row='NEW')}, NEW.created_at); END"""

POSTGRES_FUNCTION = f"""CREATE FUNCTION cameramap_log_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changes (camera_id, revision_id, kind, created_at)
  SELECT r.camera_id, r.id, {POSTGRES_KIND.format(row='r')}, r.created_at
  FROM new_revisions AS r ORDER BY r.id;
  RETURN NULL;
END $$"""
POSTGRES_TRIGGER = """CREATE TRIGGER revisions_log_changes AFTER INSERT ON revisions
  REFERENCING NEW TABLE AS new_revisions FOR EACH STATEMENT EXECUTE FUNCTION cameramap_log_changes()"""


def _backfill(dialect: str) -> None:
    """Revisions written before this migration become changes of transaction 0, in id order."""
    kind = (SQLITE_KIND if dialect == "sqlite" else POSTGRES_KIND).format(row="revisions")
    op.execute(f"""INSERT INTO changes (txid, camera_id, revision_id, kind, created_at)
                   SELECT 0, camera_id, id, {kind}, created_at FROM revisions ORDER BY id""")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    txid_default = sa.text("(pg_current_xact_id()::text::bigint)") if dialect == "postgresql" else "0"
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("txid", sa.BigInteger(), server_default=txid_default, nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_changes_txid_id", "changes", ["txid", "id"])
    op.create_index("ix_changes_camera_id", "changes", ["camera_id"])
    _backfill(dialect)
    if dialect == "sqlite":
        op.execute(SQLITE_TRIGGER)
    elif dialect == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS revisions_log_change")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS revisions_log_changes ON revisions")
        op.execute("DROP FUNCTION IF EXISTS cameramap_log_changes()")
    op.drop_index("ix_changes_camera_id", table_name="changes")
    op.drop_index("ix_changes_txid_id", table_name="changes")
    op.drop_table("changes")
