"""Edits that leave revisions, for any tracked record (cameras, deployments): change, status, revert."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ...domain.errors import Conflict, NotFound
from ...domain.lifecycle import check_transition
from ...domain.records import Actor
from ...storage.models import utcnow
from . import revisions
from .revisions import Tracked, diff


def apply_changes(session: Session, tracked: Tracked, item: Any, values: dict[str, Any], actor: Actor,
                  reason: str | None = None) -> bool:
    """Set changed values and write an `update` revision; False when nothing changed."""
    before = tracked.snapshot(item)
    for name, value in values.items():
        setattr(item, name, value)
    if not diff(before, tracked.snapshot(item)):
        return False
    item.updated_at = utcnow()
    revisions.record(session, item, "update", before, actor, reason, tracked=tracked)
    return True


def change_status(session: Session, tracked: Tracked, item: Any, status: str, actor: Actor,
                  reason: str | None = None) -> Any:
    """Move a record along the lifecycle (checked by the domain table)."""
    target = check_transition(item.status, status)
    before = tracked.snapshot(item)
    item.status = target.value
    if hasattr(item, "removed_at"):
        item.removed_at = date.today() if target.value == "removed" else None
    item.updated_at = utcnow()
    revisions.record(session, item, "status", before, actor, reason, tracked=tracked)
    session.flush()
    return item


def revert(session: Session, tracked: Tracked, revision_id: int, actor: Actor,
           reason: str | None = None) -> Any:
    """Restore the values a revision replaced; the revert is itself a revision."""
    revision = session.get(tracked.revision, revision_id)
    if revision is None:
        raise NotFound(f"no revision {revision_id}", parameter="revision")
    if revision.before is None:
        raise Conflict("a creation cannot be reverted; change the status to removed instead")
    item = getattr(revision, tracked.link.removesuffix("_id"))  # the relationship beside the link
    before = tracked.snapshot(item)
    tracked.restore(item, revision.before)
    item.updated_at = utcnow()
    revisions.record(session, item, "revert", before, actor, reason, reverts_id=revision.id, tracked=tracked)
    session.flush()
    return item

