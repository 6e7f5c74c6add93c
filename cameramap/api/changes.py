"""Change feed endpoint's logic, free of Flask: created, updated and removed cameras after a cursor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from ..services.registry import changes
from ..storage.changes import Change
from ..storage.models import Camera
from . import geojson


def entry(change: Change, camera: Camera | None, page: changes.ChangePage) -> dict[str, Any]:
    """One change: its cursor, kind, camera id, date, and the camera as it is now."""
    return {
        "cursor": str(changes.Cursor(change.txid, change.id)),
        "kind": change.kind,
        "camera_id": str(change.camera_id),
        "revision_id": str(change.revision_id) if change.revision_id is not None else None,
        "date": geojson.iso_date(change.created_at),
        "feature": geojson.feature(camera, page.inherited_for(camera)) if camera is not None else None,
    }


def _href(base_url: str, cursor: changes.Cursor, limit: int) -> str:
    pairs = [("since", str(cursor))] if cursor != changes.Cursor() else []
    return f"{base_url}?{urlencode([*pairs, ('limit', limit)])}"


def list_changes(session: Session, since_text: str | None, limit: int, base_url: str) -> dict[str, Any]:
    """GET /api/v1/changes: up to `limit` changes after `since`; resume from `next_cursor`."""
    since = changes.Cursor.parse(since_text)
    page = changes.read(session, since, limit)
    entries = [entry(change, page.cameras.get(change.camera_id), page) for change in page.changes]
    links = [{"rel": "self", "href": _href(base_url, since, limit), "type": geojson.JSON}]
    if page.more:
        links.append({"rel": "next", "href": _href(base_url, page.next, limit), "type": geojson.JSON})
    return {"changes": entries, "numberReturned": len(entries), "next_cursor": str(page.next),
            "more": page.more, "timeStamp": geojson.timestamp(), "links": links}
