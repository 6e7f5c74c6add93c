"""The public's voice on existing cameras: confirmations ('I saw it too') and reports against them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import Conflict, UsageError
from ...domain.records import Actor
from ...domain.vocabulary import ActorKind
from ...storage.models import Camera
from ...storage.submissions import CameraReport, Confirmation, Photo, Submission
from ..registry import cameras
from .fields import storable

REPORT_KINDS = {
    "gone": "The camera is gone",
    "wrong_direction": "It points in another direction",
    "wrong_operator": "Another organisation operates it",
    "other": "Something else is wrong",
}
PUBLIC_PHOTO_STATUSES = ("approved", "merged")  # a photo is public once its submission was accepted
SYSTEM = Actor(ActorKind.SYSTEM.value, "confirmations")


@dataclass(frozen=True)
class Standing:
    """How sure the public is about a camera: confirmations and open reports, with dates only."""

    confirmations: int
    last_confirmed_on: date | None
    open_reports: dict[str, int]
    confidence: str


def confidence_label(count: int, status: str, threshold: int) -> str:
    if status == "verified":
        return "verified"
    if count >= threshold:
        return "confirmed"
    return "confirmed by some" if count else "unconfirmed"


def confirm(session: Session, camera_id: int, voter_key: str, submission_id: int | None = None,
            threshold: int | None = 3) -> int:
    """Count one independent confirmation; `threshold` of them verify a reported camera (None: the
    caller verifies later, as the submission form does once its submission is stored)."""
    camera = cameras.get_camera(session, camera_id)
    if camera.status == "removed":
        raise Conflict("this camera is marked as removed; report it instead", parameter="camera_id")
    try:
        with session.begin_nested():
            session.add(Confirmation(camera_id=camera_id, voter_key=voter_key, submission_id=submission_id))
    except IntegrityError:
        raise Conflict("you already confirmed this camera", parameter="camera_id",
                       code="already_confirmed") from None
    count = count_confirmations(session, camera_id)
    if threshold is not None:
        maybe_verify(session, camera_id, threshold)
    return count


def maybe_verify(session: Session, camera_id: int, threshold: int) -> bool:
    """Verify a reported camera once `threshold` independent people confirmed it."""
    camera = cameras.get_camera(session, camera_id)
    count = count_confirmations(session, camera_id)
    if camera.status != "reported" or count < threshold:
        return False
    cameras.change_status(session, camera_id, "verified", SYSTEM, f"{count} independent confirmations")
    return True


def count_confirmations(session: Session, camera_id: int) -> int:
    return session.scalar(select(func.count()).where(Confirmation.camera_id == camera_id)) or 0


def report(session: Session, camera_id: int, kind: str, text: str | None) -> CameraReport:
    """File a report against a camera for the moderators."""
    cameras.get_camera(session, camera_id)
    if kind not in REPORT_KINDS:
        raise UsageError(f"unknown report kind {kind!r}; expected one of: {', '.join(REPORT_KINDS)}",
                         parameter="kind")
    text = (text or "").strip()[:1000] or None
    if text is not None and not storable(text):
        raise UsageError("the report text contains a character that is not text", parameter="text")
    row = CameraReport(camera_id=camera_id, kind=kind, text=text)
    session.add(row)
    session.flush()
    return row


def standing(session: Session, camera_id: int, threshold: int = 3) -> Standing:
    camera = session.get(Camera, camera_id)
    count, last = session.execute(
        select(func.count(), func.max(Confirmation.received_on)).where(Confirmation.camera_id == camera_id)
    ).one()
    reports = dict(session.execute(
        select(CameraReport.kind, func.count()).where(
            CameraReport.camera_id == camera_id, CameraReport.status == "open"
        ).group_by(CameraReport.kind)
    ).all())
    label = confidence_label(count, camera.status if camera else "reported", threshold)
    return Standing(count, last, reports, label)


def approved_photos(session: Session, camera_id: int) -> list[Photo]:
    """The public photos of a camera (from accepted submissions), oldest first."""
    return list(session.scalars(
        select(Photo).join(Submission, Photo.submission_id == Submission.id)
        .where(Submission.camera_id == camera_id, Submission.status.in_(PUBLIC_PHOTO_STATUSES))
        .order_by(Photo.id)
    ).all())
