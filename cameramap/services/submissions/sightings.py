"""Sightings from the public: "a camera van is here now", a place and a bounded time window.

A sighting is a submission of kind "sighting" (anonymous and moderated like a camera); accepted, it
becomes a deployment (services/moderation/sightings.py). Its window starts when it was seen (now by
default, at most MAX_AGE ago) and ends when the submitter expects or saw it end: DEFAULT_HOURS after
the start unless told, never more than MAX_WINDOW. A pending sighting whose window has ended stays in
the moderation queue, marked expired: accepted, it is a record of the past and no "now" view shows it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ...domain.deployments import zone
from ...domain.errors import UsageError
from ...domain.geo import Point
from ...storage.submissions import Photo, Submission
from .fields import MAX_TEXT, _coordinate, _text
from .intake import Receipt, digest

DEFAULT_HOURS = 3
MAX_WINDOW = timedelta(hours=12)
MAX_AGE = timedelta(days=2)  # seen longer ago than this is history, not a sighting
CLOCK_SKEW = timedelta(minutes=10)  # a device clock a little ahead of ours
MAX_PLACE = 300
FIELDS = ("lat", "lon", "seen_at", "seen_ago", "ends_at", "hours", "timezone", "place", "operator",
          "notes", "face_recognition", "evidence", "photo")


def now() -> datetime:
    """The current instant (tests replace it: a controlled clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class SightingDraft:
    """A validated sighting: where, the UTC window, the submitter's zone and what was seen."""

    point: Point
    seen_at: datetime
    ends_at: datetime
    timezone: str = "UTC"
    place: str | None = None
    operator: str | None = None
    notes: str | None = None
    capabilities: list[dict[str, str]] = field(default_factory=list)


def _instant(value: Any, name: str) -> datetime:
    """An RFC 3339 date-time with its offset (a datetime as given by a form already)."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().upper().replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"{name} must be a date and time such as 2025-01-08T10:30:00Z",
                             parameter=name, code="invalid_datetime") from None
    if moment.tzinfo is None:
        raise UsageError(f"{name} needs a UTC offset (e.g. Z or +01:00)", parameter=name,
                         code="invalid_datetime")
    return moment.astimezone(UTC)


def _whole(value: Any, name: str, low: int, high: int) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not low <= int(text) <= high:
        raise UsageError(f"{name} must be a whole number from {low} to {high}", parameter=name)
    return int(text)


def _given(data: dict[str, Any], name: str) -> bool:
    return data.get(name) not in (None, "")


def window(data: dict[str, Any], at: datetime) -> tuple[datetime, datetime]:
    """The sighting's [start, end] in UTC from seen_at or seen_ago (minutes), and ends_at or hours."""
    if _given(data, "seen_at") and _given(data, "seen_ago"):
        raise UsageError("give seen_at or seen_ago, not both", parameter="seen_at")
    max_minutes = int(MAX_AGE.total_seconds() // 60)
    if _given(data, "seen_at"):
        start = _instant(data["seen_at"], "seen_at")
    else:
        ago = _whole(data["seen_ago"], "seen_ago", 0, max_minutes) if _given(data, "seen_ago") else 0
        start = at - timedelta(minutes=ago)
    if start > at + CLOCK_SKEW:
        raise UsageError("seen_at is in the future: report what you see or saw", parameter="seen_at")
    if start < at - MAX_AGE:
        raise UsageError("seen_at is more than 2 days ago: a sighting reports what is there now",
                         parameter="seen_at")
    return start, _end(data, start)


def _end(data: dict[str, Any], start: datetime) -> datetime:
    if _given(data, "ends_at") and _given(data, "hours"):
        raise UsageError("give ends_at or hours, not both", parameter="ends_at")
    cap = int(MAX_WINDOW.total_seconds() // 3600)
    if _given(data, "ends_at"):
        end = _instant(data["ends_at"], "ends_at")
    else:
        hours = _whole(data["hours"], "hours", 1, cap) if _given(data, "hours") else DEFAULT_HOURS
        end = start + timedelta(hours=hours)
    if end <= start:
        raise UsageError("ends_at must be after seen_at", parameter="ends_at")
    if end - start > MAX_WINDOW:
        raise UsageError(f"a sighting lasts at most {cap} hours; report it again if it stays longer",
                         parameter="ends_at", code="window_too_long")
    return end


def _timezone(value: Any) -> str:
    if value in (None, ""):
        return "UTC"
    text = _text(value, "timezone", 64) or "UTC"
    zone(text)
    return text


def _claims(data: dict[str, Any]) -> list[dict[str, str]]:
    evidence = _text(data.get("evidence"), "evidence", MAX_TEXT["evidence"])
    if data.get("face_recognition") in (None, "", False, "n", "no", "false") and not evidence:
        return []
    return [{"capability": "face_recognition", **({"evidence": evidence} if evidence else {})}]


def parse_sighting(data: dict[str, Any], at: datetime | None = None) -> SightingDraft:
    """Validate a sighting; raise UsageError naming the first bad parameter."""
    if not isinstance(data, dict):
        raise UsageError("the body must be a JSON object", parameter="body")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r}", parameter=unknown[0])
    if not _given(data, "lat") or not _given(data, "lon"):
        raise UsageError("lat and lon are required: place the van on the map", parameter="lat")
    point = Point.checked(_coordinate(data["lon"], "lon"), _coordinate(data["lat"], "lat"))
    start, end = window(data, at or now())
    return SightingDraft(
        point=point, seen_at=start, ends_at=end, timezone=_timezone(data.get("timezone")),
        place=_text(data.get("place"), "place", MAX_PLACE),
        operator=_text(data.get("operator"), "operator", MAX_TEXT["operator"]),
        notes=_text(data.get("notes"), "notes", MAX_TEXT["notes"]), capabilities=_claims(data))


def create(session: Session, draft: SightingDraft, channel: str, photo: Photo | None = None) -> Receipt:
    """Store a pending sighting (and attach its staged photo); the receipt carries its status link."""
    token = secrets.token_urlsafe(24)
    submission = Submission(
        kind="sighting", channel=channel, token_hash=digest(token), lon=round(draft.point.lon, 7),
        lat=round(draft.point.lat, 7), surveillance_type="camera", operator_name=draft.operator,
        capabilities=draft.capabilities, notes=draft.notes, seen_at=draft.seen_at,
        ends_at=draft.ends_at, timezone=draft.timezone, place=draft.place)
    session.add(submission)
    session.flush()
    if photo is not None:
        photo.submission_id, photo.upload_token_hash = submission.id, None
    return Receipt(submission, token)


def expired(submission: Submission, at: datetime | None = None) -> bool:
    """Whether a sighting's window has ended (a pending one is then a record of the past)."""
    if submission.ends_at is None:
        return False
    end = submission.ends_at if submission.ends_at.tzinfo else submission.ends_at.replace(tzinfo=UTC)
    return end <= (at or now())
