"""The change log: one row per revision, written by a database trigger (migration 0005)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class Change(Base):
    """A camera was created, updated or removed; `txid` is the writing transaction (PostgreSQL)."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_txid_id", "txid", "id"),
        Index("ix_changes_camera_id", "camera_id"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    txid: Mapped[int] = mapped_column(BigInteger, server_default="0")
    camera_id: Mapped[int] = mapped_column(Integer)
    revision_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
