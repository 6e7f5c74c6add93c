"""Moderation: the queue, item locks, approve / merge / reject (one or a batch), reports, reverts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from ...domain.errors import Conflict, DomainError, NotFound, UsageError
from ...domain.geo import BBox, Point
from ...domain.records import Actor, SourceSpec
from ...domain.vocabulary import ActorKind, SourceKind
from ...storage.models import Camera, CapabilityClaim, Provenance
from ...storage.submissions import CameraReport, Confirmation, Moderator, Photo, Submission, today
from ..registry import cameras
from ..registry.sources import ensure_source
from ..submissions import intake, photos

LOCK_MINUTES = 15
CROWD = SourceSpec(name="cameramap contributors", kind=SourceKind.CROWD.value,
                   licence="ODbL-1.0", attribution="cameramap contributors")
PROPOSED = ("surveillance_type", "surveillance_zone", "camera_type", "camera_mount", "camera_direction")


@dataclass
class QueueFilter:
    bbox: BBox | None = None
    min_age_days: int | None = None
    max_age_days: int | None = None
    kind: str | None = None  # a surveillance_type or camera_type value
    has_photo: bool | None = None
    near_existing: bool | None = None
    limit: int = 100


@dataclass
class QueueItem:
    submission: Submission
    nearby: list[tuple[Camera, float]] = field(default_factory=list)

    @property
    def has_photo(self) -> bool:
        return bool(self.submission.photos)


def actor(moderator: Moderator) -> Actor:
    return Actor(ActorKind.MODERATOR.value, moderator.name)


def _now() -> datetime:
    return datetime.now(UTC)


def queue(session: Session, filters: QueueFilter) -> list[QueueItem]:
    """Pending submissions matching the filters, oldest first, each with its nearby cameras."""
    query = select(Submission).where(Submission.status == "pending").order_by(Submission.id)
    if filters.bbox:
        b = filters.bbox
        query = query.where(Submission.lon.between(b.west, b.east), Submission.lat.between(b.south, b.north))
    if filters.min_age_days is not None:
        query = query.where(Submission.received_on <= today() - timedelta(days=filters.min_age_days))
    if filters.max_age_days is not None:
        query = query.where(Submission.received_on >= today() - timedelta(days=filters.max_age_days))
    if filters.kind == "sighting":
        query = query.where(Submission.kind == "sighting")
    elif filters.kind:
        query = query.where(or_(Submission.surveillance_type == filters.kind,
                                Submission.camera_type == filters.kind))
    if filters.has_photo is not None:
        has = select(Photo.id).where(Photo.submission_id == Submission.id).exists()
        query = query.where(has if filters.has_photo else ~has)
    items = []
    for submission in session.scalars(query):
        item = QueueItem(submission, intake.nearby(session, point_of(submission)))
        if filters.near_existing is not None and bool(item.nearby) != filters.near_existing:
            continue
        items.append(item)
        if len(items) >= filters.limit:
            break
    return items


def point_of(submission: Submission) -> Point:
    return Point(submission.lon, submission.lat)


def get_submission(session: Session, submission_id: int) -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"no submission {submission_id}", parameter="id")
    return submission


def lock(session: Session, submission_id: int, moderator: Moderator) -> Submission:
    """Take (or renew) the item's lock; Conflict while another moderator holds it."""
    now = _now()
    result = cast(CursorResult[Any], session.execute(
        update(Submission)
        .where(Submission.id == submission_id,
               or_(Submission.locked_by.is_(None), Submission.locked_by == moderator.id,
                   Submission.locked_until < now))
        .values(locked_by=moderator.id, locked_until=now + timedelta(minutes=LOCK_MINUTES))
        .execution_options(synchronize_session=False)
    ))
    submission = get_submission(session, submission_id)
    session.refresh(submission)
    if result.rowcount != 1:
        holder = submission.locker.name if submission.locker else "another moderator"
        raise Conflict(f"{holder} is working on this submission", parameter="id", code="locked")
    return submission


def unlock(session: Session, submission_id: int, moderator: Moderator) -> None:
    session.execute(update(Submission).where(Submission.id == submission_id,
                                             Submission.locked_by == moderator.id)
                    .values(locked_by=None, locked_until=None).execution_options(synchronize_session=False))


def _pending(session: Session, submission_id: int, moderator: Moderator) -> Submission:
    submission = lock(session, submission_id, moderator)
    if submission.status != "pending":
        raise Conflict(f"submission {submission_id} is already {submission.status}", parameter="id")
    return submission


def _decide(submission: Submission, status: str, moderator: Moderator, camera_id: int | None = None,
            reason: str | None = None) -> None:
    submission.status, submission.decided_on, submission.decided_by = status, today(), moderator.name
    submission.reason = reason
    submission.locked_by = submission.locked_until = None
    if camera_id is not None:
        submission.camera_id = camera_id


def _claims(session: Session, camera: Camera, submission: Submission, source_id: int) -> None:
    kind = "photo" if submission.photos else "observation"
    existing = {c.capability for c in camera.claims}
    for claim in submission.capabilities or []:
        if claim["capability"] in existing:
            continue
        session.add(CapabilityClaim(camera_id=camera.id, source_id=source_id, capability=claim["capability"],
                                    confidence="claimed", evidence_kind=kind,
                                    evidence_text=claim.get("evidence")))


def _provenance(session: Session, camera: Camera, submission: Submission) -> int:
    source = ensure_source(session, CROWD)
    session.add(Provenance(camera_id=camera.id, source_id=source.id,
                           source_record_id=f"submission-{submission.id}", tags={}))
    return source.id


def _values(session: Session, submission: Submission, only_blank_of: Camera | None = None) -> dict:
    values = {name: getattr(submission, name) for name in PROPOSED if getattr(submission, name)}
    operator = cameras.operator_named(session, submission.operator_name)
    if operator is not None:
        values["operator_id"] = operator.id
    if only_blank_of is not None:
        values = {k: v for k, v in values.items() if getattr(only_blank_of, k) in (None, "")}
    return values


def approve(session: Session, submission_id: int, moderator: Moderator, reason: str | None = None) -> Camera:
    """A new camera is created; a confirmation updates its camera with the proposed values."""
    submission = _pending(session, submission_id, moderator)
    if submission.kind == "sighting":
        raise Conflict(f"submission {submission_id} is a sighting: accept it as a deployment",
                       parameter="id")
    why = reason or f"submission {submission.id} approved"
    if submission.kind == "confirmation" and submission.camera_id:
        camera = cameras.get_camera(session, submission.camera_id)
        cameras.apply_changes(session, camera, _values(session, submission), actor(moderator), why)
    else:
        values = _values(session, submission) | {
            "lon": submission.lon, "lat": submission.lat, "notes": submission.notes,
            "first_seen": submission.received_on}
        camera = cameras.add_camera(session, values, actor(moderator), why)
    source_id = _provenance(session, camera, submission)
    _claims(session, camera, submission, source_id)
    _decide(submission, "approved", moderator, camera.id)
    session.flush()
    return camera


def merge(session: Session, submission_id: int, camera_id: int, moderator: Moderator,
          reason: str | None = None) -> Camera:
    """Fold a submission into an existing camera: fill its blanks, add claims, count a sighting."""
    submission = _pending(session, submission_id, moderator)
    if submission.kind == "sighting":
        raise Conflict(f"submission {submission_id} is a sighting: accept it as a deployment or reject it",
                       parameter="id")
    camera = cameras.get_camera(session, camera_id)
    why = reason or f"submission {submission.id} merged"
    cameras.apply_changes(session, camera, _values(session, submission, only_blank_of=camera),
                          actor(moderator), why)
    source_id = _provenance(session, camera, submission)
    _claims(session, camera, submission, source_id)
    _decide(submission, "merged", moderator, camera.id, reason)
    session.flush()
    return camera


def reject(session: Session, submission_id: int, moderator: Moderator, reason: str, media_dir: str) -> None:
    """Reject with a reason; the photos are deleted and any confirmation it carried is withdrawn."""
    if not (reason or "").strip():
        raise UsageError("a rejection needs a reason", parameter="reason")
    submission = _pending(session, submission_id, moderator)
    for photo in list(submission.photos):
        photos.delete_file_after_commit(session, media_dir, photo.filename)
        session.delete(photo)
    carried = select(Confirmation).where(Confirmation.submission_id == submission.id)
    for confirmation in session.scalars(carried):
        session.delete(confirmation)
    _decide(submission, "rejected", moderator, reason=reason.strip()[:1000])
    session.flush()


def batch(session: Session, ids: list[int], action: str, moderator: Moderator, reason: str | None,
          media_dir: str, approver: Callable[..., object] | None = None) -> dict[int, str]:
    """Approve or reject a selection; returns per id 'ok' or the reason it was skipped (each id in a
    savepoint of its own: a skipped one leaves nothing, the others stay in the unit of work).
    `approver` approves one id (default `approve`; sightings.approve_any accepts sightings too)."""
    approver = approver or approve
    if action not in ("approve", "reject"):
        raise UsageError("the batch action must be approve or reject", parameter="action")
    results: dict[int, str] = {}
    for submission_id in ids:
        try:
            with session.begin_nested():
                if action == "approve":
                    approver(session, submission_id, moderator, reason)
                else:
                    reject(session, submission_id, moderator, reason or "", media_dir)
            results[submission_id] = "ok"
        except DomainError as err:
            results[submission_id] = err.message
    return results


def revert(session: Session, revision_id: int, moderator: Moderator, reason: str | None) -> Camera:
    why = reason or f"revision {revision_id} reverted"
    return cameras.revert(session, revision_id, actor(moderator), why)


def set_status(session: Session, camera_id: int, status: str, moderator: Moderator,
               reason: str | None) -> Camera:
    return cameras.change_status(session, camera_id, status, actor(moderator), reason)


def resolve_report(session: Session, report_id: int, moderator: Moderator, accept: bool) -> CameraReport:
    """Accepting 'gone' removes the camera; other accepted reports mark it disputed."""
    report = session.get(CameraReport, report_id)
    if report is None or report.status != "open":
        raise NotFound(f"no open report {report_id}", parameter="id")
    if accept:
        target = "removed" if report.kind == "gone" else "disputed"
        if report.camera.status != target:
            cameras.change_status(session, report.camera_id, target, actor(moderator),
                                  f"public report {report.id}: {report.kind}")
    report.status = "accepted" if accept else "dismissed"
    report.decided_on, report.decided_by = today(), moderator.name
    session.flush()
    return report


def open_reports(session: Session, limit: int = 100) -> list[CameraReport]:
    return list(session.scalars(select(CameraReport).where(CameraReport.status == "open")
                                .order_by(CameraReport.id).limit(limit)))
