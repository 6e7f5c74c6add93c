"""RFC 3339 instants and intervals as OGC API's `datetime` parameter writes them (open ends `..`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from .errors import UsageError

OPEN = ("", "..")


def _moment(text: str, end: bool) -> datetime:
    """An RFC 3339 date-time (UTC when no offset) or a date (its first or last instant)."""
    try:
        if "t" not in text.lower():
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end else time.min, UTC)
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"datetime has a value that is not an RFC 3339 date or date-time: {text[:40]!r}",
                         parameter="datetime") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_datetime(text: str) -> tuple[datetime | None, datetime | None]:
    """An instant, or an interval `a/b`, `../b`, `a/..` (bounds included), as UTC datetimes."""
    parts = text.strip().split("/")
    if len(parts) == 1:
        if parts[0] in OPEN:
            raise UsageError("datetime needs a date, a date-time or an interval", parameter="datetime")
        return _moment(parts[0], False), _moment(parts[0], True)
    if len(parts) != 2 or (parts[0] in OPEN and parts[1] in OPEN):
        raise UsageError("datetime intervals are start/end with at most one open end ('..')",
                         parameter="datetime")
    start = None if parts[0] in OPEN else _moment(parts[0], False)
    end = None if parts[1] in OPEN else _moment(parts[1], True)
    if start and end and start > end:
        raise UsageError("datetime interval ends before it starts", parameter="datetime")
    return start, end
