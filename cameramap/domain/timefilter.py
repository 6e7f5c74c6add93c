"""RFC 3339 instants and intervals as OGC API's `datetime` parameter writes them (open ends `..`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from .errors import UsageError

OPEN = ("", "..")
_DAY = r"[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = (r"[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
         r"([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])")
_MOMENT = f"{_DAY}({_TIME})?"
# What the API documents; a value of this shape can still be refused as invalid_datetime (30 February,
# an interval that ends before it starts).
DATETIME_PATTERN = rf"^\s*({_MOMENT}(/({_MOMENT}|\.\.))?|\.\./{_MOMENT})\s*$"
INSTANT_PATTERN = rf"^\s*{_DAY}{_TIME}\s*$"  # one date-time with its offset (`at`)


def _moment(text: str, end: bool, parameter: str = "datetime") -> datetime:
    """An RFC 3339 date-time (UTC when no offset) or a date (its first or last instant)."""
    try:
        if "t" not in text.lower():
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end else time.min, UTC)
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{parameter} has a value that is not an RFC 3339 date or date-time: {text[:40]!r}",
                         parameter=parameter, code="invalid_datetime") from None
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError:
        raise UsageError(f"{parameter} is out of range: {text[:40]!r}", parameter=parameter,
                         code="invalid_datetime") from None


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
        raise UsageError("datetime interval ends before it starts", parameter="datetime",
                         code="invalid_datetime")
    return start, end


def parse_instant(text: str, parameter: str = "at") -> datetime:
    """One RFC 3339 date-time with its offset (`2025-01-08T14:00:00Z`, `...+01:00`), as UTC."""
    value = text.strip()
    if not re.fullmatch(INSTANT_PATTERN, text):
        raise UsageError(f"{parameter} is an RFC 3339 date-time with its offset, e.g. 2025-01-08T14:00:00Z",
                         parameter=parameter, code="invalid_datetime")
    return _moment(value, False, parameter)


def instant(moment: datetime) -> str:
    """An RFC 3339 UTC instant, to the second (a naive value is taken as UTC, as stored)."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.replace(microsecond=0).isoformat().replace("+00:00", "Z")
