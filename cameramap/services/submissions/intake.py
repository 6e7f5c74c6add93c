"""Submitting cameras anonymously: nearby check, staged photos, private status links, idempotency."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import Conflict, NotFound, UsageError
from ...domain.geo import Point, box_around
from ...domain.texts import N_
from ...storage.backends import backend_for
from ...storage.models import Camera
from ...storage.submissions import IdempotencyKey, Photo, Submission, today
from . import confirmations, photos
from .fields import Draft

NEARBY_M = 50.0
IDEMPOTENCY_HOURS = 24


@dataclass(frozen=True)
class Receipt:
    """What the submitter gets back: the id and the private token of the status link."""

    submission: Submission
    token: str


@dataclass(frozen=True)
class StagedPhoto:
    token: str
    photo: Photo
    gps: Point | None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def nearby(session: Session, point: Point, radius_m: float = NEARBY_M) -> list[tuple[Camera, float]]:
    """Cameras within `radius_m` of a point, nearest first, with their distances in metres."""
    box = box_around([point], radius_m)
    found = session.scalars(select(Camera).where(backend_for(session).bbox_filter(box)))
    pairs = [(c, point.distance_m(Point(c.lon, c.lat))) for c in found]
    return sorted([p for p in pairs if p[1] <= radius_m], key=lambda p: p[1])


def stage_photo(session: Session, data: bytes, media_dir: str, max_bytes: int, max_pixels: int
                ) -> StagedPhoto:
    """Sanitize and store a photo before its submission exists; the token attaches it later."""
    clean = photos.sanitize(data, max_bytes, max_pixels)
    _sweep_unattached(session, media_dir)
    token = secrets.token_urlsafe(24)
    photo = Photo(upload_token_hash=digest(token), filename=photos.store_in(session, clean, media_dir),
                  content_type=clean.content_type, width=clean.width, height=clean.height,
                  size_bytes=len(clean.data))
    session.add(photo)
    session.flush()
    return StagedPhoto(token, photo, clean.gps)


def _sweep_unattached(session: Session, media_dir: str) -> None:
    """Delete staged photos that no submission claimed by the day after their upload."""
    stale = session.scalars(select(Photo).where(Photo.submission_id.is_(None),
                                                Photo.received_on < today() - timedelta(days=1)))
    for photo in stale:
        photos.delete_file_after_commit(session, media_dir, photo.filename)
        session.delete(photo)


def staged_photo(session: Session, token: str | None) -> Photo | None:
    if not token:
        return None
    photo = session.scalar(select(Photo).where(Photo.upload_token_hash == digest(token)))
    if photo is None or photo.submission_id is not None:
        raise UsageError("the uploaded photo has expired; please choose it again", parameter="photo")
    return photo


def _build(session: Session, draft: Draft, channel: str, photo: Photo | None,
           voter_key: str | None) -> Receipt:
    if draft.camera_id is not None and session.get(Camera, draft.camera_id) is None:
        raise NotFound(f"there is no camera {draft.camera_id} to confirm", parameter="camera_id")
    token = secrets.token_urlsafe(24)
    submission = Submission(
        kind="confirmation" if draft.camera_id else "new", channel=channel, token_hash=digest(token),
        lon=round(draft.point.lon, 7), lat=round(draft.point.lat, 7),
        surveillance_type=draft.surveillance_type, surveillance_zone=draft.surveillance_zone,
        camera_type=draft.camera_type, camera_mount=draft.camera_mount,
        camera_direction=draft.camera_direction, operator_name=draft.operator,
        capabilities=draft.capabilities, notes=draft.notes, camera_id=draft.camera_id,
    )
    session.add(submission)
    session.flush()
    if photo is not None:
        photo.submission_id, photo.upload_token_hash = submission.id, None
    if draft.camera_id and voter_key:
        confirmations.confirm(session, draft.camera_id, voter_key, submission_id=submission.id,
                              threshold=None)
    return Receipt(submission, token)


def create(session: Session, draft: Draft, channel: str, photo: Photo | None = None,
           voter_key: str | None = None) -> Receipt:
    """Store a pending submission; choosing an existing camera makes it a confirmation of it."""
    return _build(session, draft, channel, photo, voter_key)


def create_once(session: Session, key: str, request_hash: str, draft: Draft, channel: str,
                answer: Callable[[Receipt], dict[str, Any]], photo: Photo | None = None,
                voter_key: str | None = None) -> tuple[int, dict[str, Any]]:
    """Like `create`, storing the answer under an Idempotency-Key in the same unit of work.

    When a concurrent request with the same key stored its answer first (on PostgreSQL the insert
    waits for that request's commit), its answer is returned and this request's submission is
    rolled back to a savepoint: one key never makes two submissions.
    """
    try:
        with session.begin_nested():
            receipt = _build(session, draft, channel, photo, voter_key)
            body = answer(receipt)
            session.add(IdempotencyKey(
                key_hash=digest(key), request_hash=request_hash, status_code=201, response=body,
                expires_at=datetime.now(UTC) + timedelta(hours=IDEMPOTENCY_HOURS)))
    except IntegrityError:
        stored = remembered_answer(session, key, request_hash)
        if stored is None:
            raise
        return stored
    return 201, body


def by_token(session: Session, token: str) -> Submission:
    submission = session.scalar(select(Submission).where(Submission.token_hash == digest(token or "")))
    if submission is None:
        raise NotFound(N_("no submission has this status link"), parameter="token")
    return submission


def public_status(submission: Submission) -> dict[str, Any]:
    """What the status link shows: no submitter details; dates only."""
    return {
        "id": submission.id, "kind": submission.kind, "status": submission.status,
        "received_on": submission.received_on.isoformat(),
        "decided_on": submission.decided_on.isoformat() if submission.decided_on else None,
        "reason": submission.reason if submission.status == "rejected" else None,
        "camera_id": submission.camera_id if submission.status in ("approved", "merged")
        or submission.kind == "confirmation" else None,
        "lon": submission.lon, "lat": submission.lat,
    }


MAX_IDEMPOTENCY_KEY = 200  # characters


def idempotency_key(header: str | None) -> str:
    """An Idempotency-Key header's key ("" for none); too long a key is a usage error."""
    key = (header or "").strip()
    if len(key) > MAX_IDEMPOTENCY_KEY:
        raise UsageError(f"Idempotency-Key is longer than {MAX_IDEMPOTENCY_KEY} characters",
                         parameter="Idempotency-Key")
    return key


def request_fingerprint(data: Any) -> str:
    """The digest an Idempotency-Key remembers its request by. json, not orjson: any body the
    parser took hashes (integers beyond 64 bits, lone surrogates)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def is_replay(session: Session, key: str, request_hash: str) -> bool:
    """Whether this Idempotency-Key already holds the answer to this same request (a retry)."""
    stored = session.scalar(select(IdempotencyKey.request_hash).where(
        IdempotencyKey.key_hash == digest(key), IdempotencyKey.expires_at >= datetime.now(UTC)))
    return stored == request_hash


def remembered_answer(session: Session, key: str, request_hash: str) -> tuple[int, dict] | None:
    """The stored answer for an Idempotency-Key; Conflict when the key came with another request."""
    now = datetime.now(UTC)
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at < now))
    row = session.get(IdempotencyKey, digest(key))
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise Conflict("this Idempotency-Key was already used with a different request",
                       parameter="Idempotency-Key", code="idempotency_key_reused")
    return row.status_code, row.response
