"""Rows waiting for a location keep the record to place; an unchanged re-import bumps no version.

`geocode_pending.record`: what an import row that could not be placed needs to become a camera later
(its source, row and fields). The provenance UPDATE triggers fire only when a column other than
`last_seen_at` changes: a re-import that only sees its records again changes nothing readers see.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CHANGED = ("camera_id", "source_id", "source_record_id", "record_hash", "missing_from_source", "tags",
           "first_imported_at")
SQLITE_BUMP = "BEGIN UPDATE registry_version SET version = version + 1 WHERE id = 1; END"


def _changed(operator: str, cast: str = "") -> str:
    return " OR ".join(f"OLD.{c}{cast} {operator} NEW.{c}{cast}" for c in CHANGED)


def _sqlite(when: bool) -> None:
    op.execute("DROP TRIGGER IF EXISTS provenance_version_update")
    condition = f" WHEN {_changed('IS NOT')}" if when else ""
    op.execute(f"CREATE TRIGGER provenance_version_update AFTER UPDATE ON provenance{condition} "
               f"{SQLITE_BUMP}")


def _postgresql(when: bool) -> None:
    for name in ("provenance_version", "provenance_version_update", "provenance_version_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON provenance")
    create = "CREATE CONSTRAINT TRIGGER"
    tail = "ON provenance DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    bump = "EXECUTE FUNCTION cameramap_bump_version()"
    if not when:
        op.execute(f"{create} provenance_version AFTER UPDATE OR DELETE {tail} {bump}")
        return
    op.execute(f"{create} provenance_version_update AFTER UPDATE {tail} "
               f"WHEN ({_changed('IS DISTINCT FROM', '::text')}) {bump}")
    op.execute(f"{create} provenance_version_delete AFTER DELETE {tail} {bump}")


def _triggers(when: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql(when)
    else:
        _sqlite(when)


def upgrade() -> None:
    op.add_column("geocode_pending", sa.Column("record", sa.JSON(), nullable=True))
    _triggers(when=True)


def downgrade() -> None:
    _triggers(when=False)
    with op.batch_alter_table("geocode_pending") as batch:
        batch.drop_column("record")
