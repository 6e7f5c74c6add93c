"""Camera use cases: create, edit, change status and revert, each leaving a revision."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import Conflict, NotFound
from ...domain.lifecycle import check_transition
from ...domain.records import Actor
from ...storage.models import Camera, Operator, Revision, utcnow
from ...storage.queries import MAX_ID
from . import revisions


def operator_named(session: Session, name: str | None) -> Operator | None:
    """The operator with this exact name, created on first mention."""
    if not name or not name.strip():
        return None
    name = name.strip()
    operator = session.scalar(select(Operator).where(Operator.name == name))
    if operator is None:
        operator = Operator(name=name, kind="unknown")
        session.add(operator)
        session.flush()
    return operator


def add_camera(
    session: Session, values: dict[str, Any], actor: Actor, reason: str | None = None
) -> Camera:
    """Insert a camera and its `create` revision."""
    camera = Camera(status="reported", **values)
    session.add(camera)
    revisions.record(session, camera, "create", None, actor, reason)
    return camera


def apply_changes(
    session: Session, camera: Camera, values: dict[str, Any], actor: Actor,
    reason: str | None = None,
) -> bool:
    """Set changed values and write an `update` revision; False when nothing changed."""
    before = revisions.snapshot(camera)
    for name, value in values.items():
        setattr(camera, name, value)
    if not revisions.diff(before, revisions.snapshot(camera)):
        return False
    camera.updated_at = utcnow()
    revisions.record(session, camera, "update", before, actor, reason)
    return True


def change_status(
    session: Session, camera_id: int, status: str, actor: Actor, reason: str | None = None
) -> Camera:
    """Move a camera along the lifecycle (checked by the domain table)."""
    camera = get_camera(session, camera_id)
    target = check_transition(camera.status, status)
    before = revisions.snapshot(camera)
    camera.status = target.value
    camera.removed_at = date.today() if target.value == "removed" else None
    camera.updated_at = utcnow()
    revisions.record(session, camera, "status", before, actor, reason)
    session.flush()
    return camera


def revert(session: Session, revision_id: int, actor: Actor, reason: str | None = None) -> Camera:
    """Restore the values a revision replaced; the revert is itself a revision."""
    revision = session.get(Revision, revision_id)
    if revision is None:
        raise NotFound(f"no revision {revision_id}", parameter="revision")
    if revision.before is None:
        raise Conflict("a creation cannot be reverted; change the status to removed instead")
    camera = revision.camera
    before = revisions.snapshot(camera)
    revisions.restore(camera, revision.before)
    camera.updated_at = utcnow()
    revisions.record(session, camera, "revert", before, actor, reason, reverts_id=revision.id)
    session.flush()
    return camera


def get_camera(session: Session, camera_id: int) -> Camera:
    camera = session.get(Camera, camera_id) if 0 < camera_id <= MAX_ID else None
    if camera is None:
        raise NotFound(f"no camera with id {camera_id}", parameter="id")
    return camera
