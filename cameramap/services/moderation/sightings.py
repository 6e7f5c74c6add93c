"""Moderating sightings from the public: accepted, a sighting becomes a deployment with a revision."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import Conflict
from ...domain.geo import Point
from ...domain.records import SourceSpec
from ...domain.vocabulary import SourceKind
from ...storage.deployments import Deployment
from ...storage.models import Camera, Source
from ...storage.submissions import Moderator, Submission
from ..deployments import records
from ..registry.cameras import operator_named
from ..registry.sources import ensure_source
from . import review

PUBLIC = SourceSpec(name="cameramap public sightings", kind=SourceKind.CROWD.value,
                    licence="ODbL-1.0", attribution="cameramap contributors")
SYSTEM = "Live facial recognition (reported by the public)"


def record_id(submission: Submission) -> str:
    return f"submission-{submission.id}"


def _values(session: Session, submission: Submission, source: Source) -> dict:
    point = Point(submission.lon, submission.lat)
    operator = operator_named(session, submission.operator_name)
    tags = {"reported_by": "public"}
    if submission.operator_name and operator is None:
        tags["operator_named"] = submission.operator_name  # kept in words until an operator matches
    evidence = [c.get("evidence") for c in submission.capabilities or [] if c.get("evidence")]
    notes = "\n".join(text for text in (submission.notes, *evidence) if text) or None
    return records.placement(records.point_geometry(point)) | {
        "location_text": submission.place or f"{submission.lat:.5f}, {submission.lon:.5f}",
        "starts_at": submission.seen_at, "ends_at": submission.ends_at,
        "timezone": submission.timezone or "UTC", "operator_id": operator.id if operator else None,
        "system": SYSTEM if submission.capabilities else None, "notes": notes, "tags": tags,
        "source_id": source.id, "source_record_id": record_id(submission)}


def accept(session: Session, submission_id: int, moderator: Moderator,
           reason: str | None = None) -> Deployment:
    """The sighting becomes a deployment (its source: the submission); a past window is kept as a
    record of the past, which "now" views do not show."""
    submission = review._pending(session, submission_id, moderator)
    if submission.kind != "sighting" or submission.seen_at is None or submission.ends_at is None:
        raise Conflict(f"submission {submission_id} is not a sighting", parameter="id")
    source = ensure_source(session, PUBLIC)
    why = reason or f"sighting {submission.id} accepted"
    deployment = records.add_deployment(session, _values(session, submission, source),
                                        review.actor(moderator), why)
    review._decide(submission, "approved", moderator)
    session.flush()
    return deployment


def deployment_of(session: Session, submission: Submission) -> Deployment | None:
    """The deployment an accepted sighting became."""
    if submission.kind != "sighting" or submission.status != "approved":
        return None
    return session.scalar(select(Deployment).join(Source, Deployment.source_id == Source.id)
                          .where(Source.name == PUBLIC.name,
                                 Deployment.source_record_id == record_id(submission)))


def approve_any(session: Session, submission_id: int, moderator: Moderator,
                reason: str | None = None) -> Camera | Deployment:
    """Approve a camera submission, or accept a sighting as a deployment."""
    if review.get_submission(session, submission_id).kind == "sighting":
        return accept(session, submission_id, moderator, reason)
    return review.approve(session, submission_id, moderator, reason)
