"""Initial registry: sources, operators, cameras, provenance, claims, revisions, spatial index.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=300), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("data_controller", sa.Text(), nullable=True),
        sa.Column("legal_basis", sa.Text(), nullable=True),
        sa.Column("retention_period", sa.String(length=200), nullable=True),
        sa.Column("access_contact", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("licence", sa.String(length=200), nullable=True),
        sa.Column("attribution", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "cameras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("surveillance_type", sa.String(length=64), nullable=True),
        sa.Column("surveillance", sa.String(length=64), nullable=True),
        sa.Column("surveillance_zone", sa.String(length=64), nullable=True),
        sa.Column("camera_type", sa.String(length=64), nullable=True),
        sa.Column("camera_mount", sa.String(length=64), nullable=True),
        sa.Column("camera_direction", sa.String(length=200), nullable=True),
        sa.Column("camera_angle", sa.Double(), nullable=True),
        sa.Column("height", sa.Double(), nullable=True),
        sa.Column("manufacturer", sa.String(length=200), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("removed_at", sa.Date(), nullable=True),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("lat >= -90 AND lat <= 90", name="ck_cameras_lat"),
        sa.CheckConstraint("lon >= -180 AND lon <= 180", name="ck_cameras_lon"),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cameras", schema=None) as batch_op:
        batch_op.create_index("ix_cameras_operator_id", ["operator_id"], unique=False)
        batch_op.create_index("ix_cameras_status", ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_cameras_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "capability_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("capability", sa.String(length=64), nullable=False),
        sa.Column("confidence", sa.String(length=16), nullable=False),
        sa.Column("evidence_kind", sa.String(length=32), nullable=True),
        sa.Column("evidence_url", sa.Text(), nullable=True),
        sa.Column("evidence_text", sa.Text(), nullable=True),
        sa.Column("vendor", sa.String(length=200), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(camera_id IS NOT NULL) OR (operator_id IS NOT NULL)", name="ck_claims_subject"
        ),
        sa.ForeignKeyConstraint(["camera_id"], ["cameras.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("capability_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capability_claims_camera_id"), ["camera_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_capability_claims_capability"), ["capability"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_capability_claims_operator_id"), ["operator_id"], unique=False
        )

    op.create_table(
        "provenance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("source_record_id", sa.String(length=300), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=True),
        sa.Column("missing_from_source", sa.Boolean(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("first_imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["camera_id"], ["cameras.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "source_record_id"),
    )
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provenance_camera_id"), ["camera_id"], unique=False)

    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reverts_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["camera_id"], ["cameras.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["reverts_id"],
            ["revisions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revisions_camera_id"), ["camera_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_revisions_created_at"), ["created_at"], unique=False)

    _spatial_index()


def downgrade() -> None:
    _drop_spatial_index()
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revisions_created_at"))
        batch_op.drop_index(batch_op.f("ix_revisions_camera_id"))

    op.drop_table("revisions")
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provenance_camera_id"))

    op.drop_table("provenance")
    with op.batch_alter_table("capability_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capability_claims_operator_id"))
        batch_op.drop_index(batch_op.f("ix_capability_claims_capability"))
        batch_op.drop_index(batch_op.f("ix_capability_claims_camera_id"))

    op.drop_table("capability_claims")
    with op.batch_alter_table("cameras", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cameras_updated_at"))
        batch_op.drop_index("ix_cameras_status")
        batch_op.drop_index("ix_cameras_operator_id")

    op.drop_table("cameras")
    op.drop_table("sources")
    op.drop_table("operators")


SQLITE_RTREE = [
    "CREATE VIRTUAL TABLE camera_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat)",
    "INSERT INTO camera_rtree SELECT id, lon, lon, lat, lat FROM cameras",
    """CREATE TRIGGER cameras_rtree_insert AFTER INSERT ON cameras BEGIN
         INSERT INTO camera_rtree VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat); END""",
    """CREATE TRIGGER cameras_rtree_update AFTER UPDATE OF lon, lat ON cameras BEGIN
         UPDATE camera_rtree SET min_lon = NEW.lon, max_lon = NEW.lon,
                                 min_lat = NEW.lat, max_lat = NEW.lat WHERE id = NEW.id; END""",
    """CREATE TRIGGER cameras_rtree_delete AFTER DELETE ON cameras BEGIN
         DELETE FROM camera_rtree WHERE id = OLD.id; END""",
]
POSTGIS = [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    """ALTER TABLE cameras ADD COLUMN geom geometry(Point, 4326)
         GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED""",
    "CREATE INDEX ix_cameras_geom ON cameras USING gist (geom)",
]


def _spatial_index() -> None:
    """SQLite: an R*Tree kept by triggers in the same transaction; PostGIS: a GiST index."""
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_RTREE, "postgresql": POSTGIS}.get(dialect, []):
        op.execute(statement)


def _drop_spatial_index() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS cameras_rtree_{name}")
        op.execute("DROP TABLE IF EXISTS camera_rtree")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cameras_geom")
