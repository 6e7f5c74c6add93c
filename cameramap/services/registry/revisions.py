"""Snapshots of a record's editable values and the revision rows that record each change.

Cameras and deployments share this: a `Tracked` names the fields, how dates are kept in JSON, the
revision model and its link column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ...domain.deployments import as_utc
from ...domain.records import Actor
from ...storage.models import Revision

TRACKED = (
    "lon", "lat", "surveillance_type", "surveillance", "surveillance_zone", "camera_type",
    "camera_mount", "camera_direction", "camera_angle", "height", "manufacturer", "model",
    "operator_id", "status", "removed_at", "first_seen", "last_verified", "notes",
)
DATE_FIELDS = {"removed_at", "first_seen", "last_verified"}


@dataclass(frozen=True, slots=True)
class Tracked:
    """A kind of record whose changes are revisions: its fields and its revision model."""

    fields: tuple[str, ...]
    revision: type[Any]  # a model with the storage.models.RevisionColumns
    link: str  # the revision's column naming the record, e.g. camera_id
    dates: frozenset[str] = frozenset()
    instants: frozenset[str] = frozenset()

    def snapshot(self, item: Any) -> dict[str, Any]:
        """The tracked values as JSON-safe data (dates and instants as ISO strings)."""
        values = {}
        for name in self.fields:
            value = getattr(item, name)
            if isinstance(value, datetime) and name in self.instants:
                value = as_utc(value)  # SQLite hands back naive UTC, PostgreSQL aware
            values[name] = value.isoformat() if isinstance(value, date | datetime) else value
        return values

    def restore(self, item: Any, values: dict[str, Any]) -> None:
        """Put snapshot values back onto a record."""
        for name in self.fields:
            if name in values:
                value = values[name]
                if value is not None and name in self.dates:
                    value = date.fromisoformat(value)
                elif value is not None and name in self.instants:
                    value = datetime.fromisoformat(value)
                setattr(item, name, value)

    def record(self, session: Session, item: Any, action: str, before: dict[str, Any] | None,
               actor: Actor, reason: str | None = None, reverts_id: int | None = None) -> Any:
        """Append a revision for `item` (flushes so the record has an id)."""
        session.flush()
        revision = self.revision(
            action=action, before=before, after=self.snapshot(item), actor_kind=actor.kind,
            actor_name=actor.name, reason=reason, reverts_id=reverts_id, **{self.link: item.id},
        )
        session.add(revision)
        return revision


CAMERAS = Tracked(TRACKED, Revision, "camera_id", dates=frozenset(DATE_FIELDS))


def snapshot(camera: Any) -> dict[str, Any]:
    """A camera's tracked values as JSON-safe data (dates as ISO strings)."""
    return CAMERAS.snapshot(camera)


def restore(camera: Any, values: dict[str, Any]) -> None:
    """Put snapshot values back onto a camera."""
    CAMERAS.restore(camera, values)


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose values differ between two snapshots."""
    before = before or {}
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


def record(
    session: Session, item: Any, action: str, before: dict[str, Any] | None,
    actor: Actor, reason: str | None = None, reverts_id: int | None = None, tracked: Tracked = CAMERAS,
) -> Any:
    """Append a revision for `item` (a camera unless `tracked` says otherwise; flushes so it has an id).

    Every edit (services/registry/edits.py) writes its revision through this one function."""
    return tracked.record(session, item, action, before, actor, reason, reverts_id)
