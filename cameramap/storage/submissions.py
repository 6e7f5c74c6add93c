"""Models of crowd submissions, photos, confirmations, reports, moderators and anti-abuse state.

No row holds a network address: clients appear only as keyed hashes that rotate
(services/submissions/clientkeys.py),
and public dates are calendar dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, Camera, utcnow


def today() -> date:
    return utcnow().date()


class Submission(Base):
    """A camera proposed or confirmed, or a camera van sighted, by an anonymous visitor, waiting for a
    moderator."""

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_status", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="new")  # new | confirmation | sighting
    status: Mapped[str] = mapped_column(String(16), default="pending")
    channel: Mapped[str] = mapped_column(String(16), default="form")  # form | api | noscript
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    surveillance_type: Mapped[str | None] = mapped_column(String(64))
    surveillance_zone: Mapped[str | None] = mapped_column(String(64))
    camera_type: Mapped[str | None] = mapped_column(String(64))
    camera_mount: Mapped[str | None] = mapped_column(String(64))
    camera_direction: Mapped[str | None] = mapped_column(String(200))
    operator_name: Mapped[str | None] = mapped_column(String(300))
    capabilities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    camera_id: Mapped[int | None] = mapped_column(ForeignKey("cameras.id", ondelete="SET NULL"))
    # A sighting (kind "sighting": a camera van seen at a place) has a time window, UTC, and the zone
    # the submitter's device was in; accepted, it becomes the deployment whose source record is
    # "submission-<id>" (services/moderation/sightings.py).
    seen_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    place: Mapped[str | None] = mapped_column(String(300))  # the sighting's place in words
    received_on: Mapped[date] = mapped_column(Date, default=today, index=True)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    locked_by: Mapped[int | None] = mapped_column(ForeignKey("moderators.id", ondelete="SET NULL"))
    locked_until: Mapped[datetime | None]
    camera: Mapped[Camera | None] = relationship()
    photos: Mapped[list[Photo]] = relationship(back_populates="submission", order_by="Photo.id")
    locker: Mapped[Moderator | None] = relationship()


class Photo(Base):
    """A sanitized image (metadata stripped by re-encoding) stored under a random file name."""

    __tablename__ = "photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    upload_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    received_on: Mapped[date] = mapped_column(Date, default=today)
    submission: Mapped[Submission | None] = relationship(back_populates="photos")


class Confirmation(Base):
    """'I saw it too': one per camera and independent client (a per-camera keyed hash)."""

    __tablename__ = "confirmations"
    __table_args__ = (UniqueConstraint("camera_id", "voter_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    voter_key: Mapped[str] = mapped_column(String(64))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    received_on: Mapped[date] = mapped_column(Date, default=today)


class CameraReport(Base):
    """A public report against a camera: gone, wrong direction, wrong operator."""

    __tablename__ = "camera_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    received_on: Mapped[date] = mapped_column(Date, default=today)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    camera: Mapped[Camera] = relationship()


class Moderator(Base):
    __tablename__ = "moderators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16), default="moderator")  # moderator | admin
    active: Mapped[bool] = mapped_column(default=True)
    created_on: Mapped[date] = mapped_column(Date, default=today)


class ModeratorSession(Base):
    """One log-in of a moderator: the hash of its random token (the cookies carry the token), ended
    at log-out, by a password change or by an admin (services/moderation/sessions.py)."""

    __tablename__ = "moderator_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("moderators.id", ondelete="CASCADE"), index=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class IdempotencyKey(Base):
    """The stored answer to an API request carrying an Idempotency-Key header (kept a day)."""

    __tablename__ = "idempotency_keys"
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class SolvedChallenge(Base):
    """A proof-of-work challenge already used, remembered until it expires (replay guard)."""

    __tablename__ = "solved_challenges"
    signature: Mapped[str] = mapped_column(String(128), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ClientKeySecret(Base):
    """The random secret of one rotation period of the client key; old ones are deleted."""

    __tablename__ = "client_key_secrets"
    period: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    secret: Mapped[bytes] = mapped_column(LargeBinary(64))
