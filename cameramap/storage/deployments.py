"""Deployment models: a mobile system at a place for a time window, with published outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, Operator, RevisionColumns, Source, Vendor, utcnow


class Deployment(Base):
    """A live facial recognition van (or any temporary system) at a place for a time window.

    The place is a GeoJSON geometry (a point, or a line or polygon for a high street or an area) with
    its bounds and a marker point; all are empty while the published location text awaits geocoding
    (`location_status` pending). Instants are UTC; `timezone` is the zone the times were published in.
    """

    __tablename__ = "deployments"
    __table_args__ = (
        UniqueConstraint("source_id", "source_record_id", name="uq_deployments_source_record"),
        CheckConstraint("lon >= -180 AND lon <= 180", name="ck_deployments_lon"),
        CheckConstraint("lat >= -90 AND lat <= 90", name="ck_deployments_lat"),
        CheckConstraint("ends_at > starts_at", name="ck_deployments_window"),
        Index("ix_deployments_window", "starts_at", "ends_at"),
        Index("ix_deployments_bounds", "west", "east", "south", "north"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="reported", index=True)
    location_text: Mapped[str] = mapped_column(Text)
    location_status: Mapped[str] = mapped_column(String(16), default="pending")  # placed | pending
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    west: Mapped[float | None] = mapped_column(Float)
    south: Mapped[float | None] = mapped_column(Float)
    east: Mapped[float | None] = mapped_column(Float)
    north: Mapped[float | None] = mapped_column(Float)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), index=True)
    system: Mapped[str | None] = mapped_column(String(200))
    vendor: Mapped[str | None] = mapped_column(String(200))  # the source's own words
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    use_case: Mapped[str | None] = mapped_column(Text)
    watchlist_size: Mapped[int | None] = mapped_column(Integer)
    threshold: Mapped[float | None] = mapped_column(Float)
    faces_scanned: Mapped[int | None] = mapped_column(Integer)
    true_alerts_confirmed: Mapped[int | None] = mapped_column(Integer)
    true_alerts_unconfirmed: Mapped[int | None] = mapped_column(Integer)
    false_alerts_confirmed: Mapped[int | None] = mapped_column(Integer)
    false_alerts_unconfirmed: Mapped[int | None] = mapped_column(Integer)
    arrests: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    source_record_id: Mapped[str | None] = mapped_column(String(300))
    source_page: Mapped[int | None] = mapped_column(Integer)
    source_row: Mapped[int | None] = mapped_column(Integer)
    record_hash: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    operator: Mapped[Operator | None] = relationship()
    vendor_entity: Mapped[Vendor | None] = relationship()
    source: Mapped[Source | None] = relationship()
    revisions: Mapped[list[DeploymentRevision]] = relationship(
        back_populates="deployment", order_by="DeploymentRevision.id"
    )


class DeploymentRevision(RevisionColumns, Base):
    """One change to a deployment: before/after values, who, when and why."""

    __tablename__ = "deployment_revisions"
    deployment_id: Mapped[int] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), index=True)
    reverts_id: Mapped[int | None] = mapped_column(ForeignKey("deployment_revisions.id"))
    deployment: Mapped[Deployment] = relationship(back_populates="revisions")
