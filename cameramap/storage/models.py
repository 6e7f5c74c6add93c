"""SQLAlchemy 2 models of the camera registry."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(String(200))
    attribution: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime | None]


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="unknown")
    jurisdiction: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(Text)
    data_controller: Mapped[str | None] = mapped_column(Text)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    retention_period: Mapped[str | None] = mapped_column(String(200))
    access_contact: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    cameras: Mapped[list[Camera]] = relationship(back_populates="operator")
    claims: Mapped[list[CapabilityClaim]] = relationship(back_populates="operator")


class Camera(Base):
    __tablename__ = "cameras"
    __table_args__ = (
        CheckConstraint("lon >= -180 AND lon <= 180", name="ck_cameras_lon"),
        CheckConstraint("lat >= -90 AND lat <= 90", name="ck_cameras_lat"),
        Index("ix_cameras_status", "status"),
        Index("ix_cameras_operator_id", "operator_id"),
        # Bit set of the camera's own and its operator's capability claims, kept by the triggers of
        # migration 0007 and read by SQL only: in the table, not mapped (the ORM never writes it).
        Column("capabilities", Integer, nullable=False, server_default="0"),
    )
    __mapper_args__ = {"exclude_properties": ["capabilities"]}
    id: Mapped[int] = mapped_column(primary_key=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    surveillance_type: Mapped[str | None] = mapped_column(String(64))
    surveillance: Mapped[str | None] = mapped_column(String(64))
    surveillance_zone: Mapped[str | None] = mapped_column(String(64))
    camera_type: Mapped[str | None] = mapped_column(String(64))
    camera_mount: Mapped[str | None] = mapped_column(String(64))
    camera_direction: Mapped[str | None] = mapped_column(String(200))
    camera_angle: Mapped[float | None]
    height: Mapped[float | None]
    manufacturer: Mapped[str | None] = mapped_column(String(200))
    model: Mapped[str | None] = mapped_column(String(200))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    status: Mapped[str] = mapped_column(String(16), default="reported")
    removed_at: Mapped[date | None] = mapped_column(Date)
    first_seen: Mapped[date | None] = mapped_column(Date)
    last_verified: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    operator: Mapped[Operator | None] = relationship(back_populates="cameras")
    provenance: Mapped[list[Provenance]] = relationship(
        back_populates="camera", order_by="Provenance.id"
    )
    claims: Mapped[list[CapabilityClaim]] = relationship(
        back_populates="camera", order_by="CapabilityClaim.id"
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="camera", order_by="Revision.id"
    )


class Provenance(Base):
    """A link from a camera to one record of one source."""

    __tablename__ = "provenance"
    __table_args__ = (UniqueConstraint("source_id", "source_record_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    source_record_id: Mapped[str] = mapped_column(String(300))
    record_hash: Mapped[str | None] = mapped_column(String(64))
    missing_from_source: Mapped[bool] = mapped_column(default=False)
    tags: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    camera: Mapped[Camera] = relationship(back_populates="provenance")
    source: Mapped[Source] = relationship()


class CapabilityClaim(Base):
    __tablename__ = "capability_claims"
    __table_args__ = (
        CheckConstraint(
            "(camera_id IS NOT NULL) OR (operator_id IS NOT NULL)", name="ck_claims_subject"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int | None] = mapped_column(
        ForeignKey("cameras.id", ondelete="CASCADE"), index=True
    )
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), index=True)
    capability: Mapped[str] = mapped_column(String(64), index=True)
    confidence: Mapped[str] = mapped_column(String(16), default="claimed")
    evidence_kind: Mapped[str | None] = mapped_column(String(32))
    evidence_url: Mapped[str | None] = mapped_column(Text)
    evidence_text: Mapped[str | None] = mapped_column(Text)
    vendor: Mapped[str | None] = mapped_column(String(200))  # the source's own words
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    camera: Mapped[Camera | None] = relationship(back_populates="claims")
    operator: Mapped[Operator | None] = relationship(back_populates="claims")
    source: Mapped[Source | None] = relationship()
    vendor_entity: Mapped[Vendor | None] = relationship()


class Vendor(Base):
    """A company or a system it sells (NtechLab, FindFace); a system names its maker."""

    __tablename__ = "vendors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="vendor")  # vendor | system
    maker_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"))
    country: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    maker: Mapped[Vendor | None] = relationship(remote_side="Vendor.id", back_populates="systems")
    systems: Mapped[list[Vendor]] = relationship(back_populates="maker", order_by="Vendor.name")


class RevisionColumns:
    """What every revision row holds: the action, before/after values, who (kind, name), why, when."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_name: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Revision(RevisionColumns, Base):
    """One change to a camera: before/after values, who, when and why."""

    __tablename__ = "revisions"
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    reverts_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))
    camera: Mapped[Camera] = relationship(back_populates="revisions")


# The cluster index and the change counter (migration 0007): written by triggers, read by SQL.
_CELL_INTEGERS = ("count", "m_fixed", "m_dome", "m_panning", "m_alpr", "m_guard", "c_face_recognition",
                  "c_licence_plate_recognition", "c_ptz_zoom", "c_night_vision", "c_audio", "c_analytics",
                  "c_central_platform_link")
camera_cells = Table(
    "camera_cells",
    Base.metadata,
    *(Column(name, Integer, nullable=False) for name in ("level", "x", "y")),
    Column("status", String(16), nullable=False),
    Column("sum_id", BigInteger, nullable=False),
    *(Column(name, Integer, nullable=False) for name in _CELL_INTEGERS),
    *(Column(name, Float, nullable=False) for name in ("sum_lon", "sum_lat", "min_lon", "min_lat",
                                                        "max_lon", "max_lat")),
    PrimaryKeyConstraint("level", "x", "y", "status", name="pk_camera_cells"),
)
registry_version = Table(
    "registry_version",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
)
# PostgreSQL only: row triggers append here, a commit-time trigger folds the rows into camera_cells.
camera_cell_deltas = Table(
    "camera_cell_deltas",
    Base.metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("txid", BigInteger, nullable=False, index=True,
           server_default=text("(pg_current_xact_id()::text::bigint)")),
    Column("sign", SmallInteger, nullable=False),
    Column("camera_id", Integer, nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("status", String(16), nullable=False),
    Column("surveillance_type", String(64)),
    Column("camera_type", String(64)),
    Column("capabilities", Integer, nullable=False),
)
