"""Snapshots of a camera's editable values and the revision rows that record each change."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ...domain.records import Actor
from ...storage.models import Camera, Revision

TRACKED = (
    "lon", "lat", "surveillance_type", "surveillance", "surveillance_zone", "camera_type",
    "camera_mount", "camera_direction", "camera_angle", "height", "manufacturer", "model",
    "operator_id", "status", "removed_at", "first_seen", "last_verified", "notes",
)
DATE_FIELDS = {"removed_at", "first_seen", "last_verified"}


def snapshot(camera: Camera) -> dict[str, Any]:
    """The camera's tracked values as JSON-safe data (dates as ISO strings)."""
    values = {}
    for name in TRACKED:
        value = getattr(camera, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


def restore(camera: Camera, values: dict[str, Any]) -> None:
    """Put snapshot values back onto a camera."""
    for name in TRACKED:
        if name in values:
            value = values[name]
            if name in DATE_FIELDS and value is not None:
                value = date.fromisoformat(value)
            setattr(camera, name, value)


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose values differ between two snapshots."""
    before = before or {}
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


def record(
    session: Session, camera: Camera, action: str, before: dict[str, Any] | None,
    actor: Actor, reason: str | None = None, reverts_id: int | None = None,
) -> Revision:
    """Append a revision for `camera` (flushes so the camera has an id)."""
    session.flush()
    revision = Revision(
        camera_id=camera.id, action=action, before=before, after=snapshot(camera),
        actor_kind=actor.kind, actor_name=actor.name, reason=reason, reverts_id=reverts_id,
    )
    session.add(revision)
    return revision
