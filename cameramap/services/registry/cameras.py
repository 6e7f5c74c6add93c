"""Camera use cases: create, edit, change status and revert, each leaving a revision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.records import Actor
from ...storage.models import Camera, Operator
from ...storage.queries import MAX_ID
from . import edits, revisions


def operator_named(session: Session, name: str | None) -> Operator | None:
    """The operator with this exact name, created on first mention."""
    if not name or not name.strip():
        return None
    name = name.strip()
    found = select(Operator).where(Operator.name == name)
    operator = session.scalar(found)
    if operator is None:
        operator = Operator(name=name, kind="unknown")
        try:
            with session.begin_nested():  # another transaction may be adding the same name (two imports)
                session.add(operator)
        except IntegrityError:  # it committed first: its row is the operator
            operator = session.scalars(found).one()
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
    return edits.apply_changes(session, revisions.CAMERAS, camera, values, actor, reason)


def change_status(
    session: Session, camera_id: int, status: str, actor: Actor, reason: str | None = None
) -> Camera:
    """Move a camera along the lifecycle (checked by the domain table)."""
    camera = get_camera(session, camera_id)
    return edits.change_status(session, revisions.CAMERAS, camera, status, actor, reason)


def revert(session: Session, revision_id: int, actor: Actor, reason: str | None = None) -> Camera:
    """Restore the values a revision replaced; the revert is itself a revision."""
    return edits.revert(session, revisions.CAMERAS, revision_id, actor, reason)


def get_camera(session: Session, camera_id: int) -> Camera:
    camera = session.get(Camera, camera_id) if 0 < camera_id <= MAX_ID else None
    if camera is None:
        raise NotFound(f"no camera with id {camera_id}", parameter="id")
    return camera
