"""Deployments of mobile systems (live facial recognition vans): time windows, published values, keys."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import UsageError
from .geo import Point

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d{1,3})\s*(?:h|hr|hrs|hour|hours)\.?)?\s*,?\s*"
    r"(?:(?P<m>\d{1,4})\s*(?:m|min|mins|minute|minutes)\.?)?\s*$", re.IGNORECASE)
_CLOCK_DURATION = re.compile(r"^\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.]?([0-5]\d))?(?::([0-5]\d))?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)
MAX_DURATION = timedelta(days=7)


def parse_duration(text: str) -> timedelta:
    """`4hr 47m`, `4 hrs 47 mins`, `5h`, `45m`, `4:47` or `04:47:00` as a length of time."""
    clock = _CLOCK_DURATION.match(text)
    if clock:
        value = timedelta(hours=int(clock[1]), minutes=int(clock[2]), seconds=int(clock[3] or 0))
    else:
        match = _DURATION.match(text)
        if not match or not (match["h"] or match["m"]):
            raise UsageError(f"not a duration: {text!r} (expected e.g. '4hr 47m')", parameter="duration")
        value = timedelta(hours=int(match["h"] or 0), minutes=int(match["m"] or 0))
    if not timedelta(0) < value <= MAX_DURATION:
        raise UsageError(f"a duration must be more than 0 and at most 7 days, got {text!r}",
                         parameter="duration")
    return value


def parse_day(value: object, day_first: bool = True) -> date:
    """A date as published: `08/01/25` (day first in the UK), `08/01/2025`, ISO `2025-01-08`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = _DMY.match(text)
    try:
        if match:
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            year += 2000 if year < 100 else 0
            day, month = (first, second) if day_first else (second, first)
            return date(year, month, day)
        return date.fromisoformat(text[:10])
    except ValueError:
        raise UsageError(f"not a date: {text!r} (expected e.g. '08/01/25')", parameter="date") from None


def parse_clock(value: object) -> time:
    """A time of day: `10:30`, `1030`, `10.30`, `2pm`, `2:15 p.m.` (or a time from a spreadsheet)."""
    if isinstance(value, datetime):
        return value.time().replace(tzinfo=None)
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    text = str(value).strip()
    match = _TIME.match(text)
    if match and match[2] is None and len(match[1]) > 2:
        match = None
    if match is None and re.fullmatch(r"\d{3,4}", text):
        match = _TIME.match(f"{text[:-2]}:{text[-2:]}")
    if not match:
        raise UsageError(f"not a time of day: {text!r} (expected e.g. '10:30')", parameter="time")
    hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise UsageError(f"not a time of day: {text!r}", parameter="time")
        hour = hour % 12 + (12 if match[4].lower().startswith("p") else 0)
    if hour > 23:
        raise UsageError(f"not a time of day: {text!r}", parameter="time")
    return time(hour, minute, second)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (e.g. Europe/London)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown time zone {name!r} (expected e.g. 'Europe/London')",
                         parameter="timezone") from None


def as_utc(moment: datetime) -> datetime:
    """An aware UTC instant; a naive value is taken as UTC already (as stored)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Window:
    """When a deployment ran: UTC instants and the zone its times were published in."""

    start: datetime
    end: datetime
    timezone: str

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def local_day(self) -> date:
        return self.start.astimezone(zone(self.timezone)).date()


def window(day: date, start: time, timezone: str, end: time | None = None,
           duration: timedelta | None = None) -> Window:
    """A window from a local date and start time, with an end time (past midnight: the next day) or a
    duration (elapsed time, so a clock change in between is counted as it happened)."""
    tz = zone(timezone)
    begins = datetime.combine(day, start, tzinfo=tz).astimezone(UTC)
    if duration is not None:
        return Window(begins, begins + duration, timezone)
    if end is None:
        raise UsageError("give an end time or a duration", parameter="end")
    end_day = day if end > start else day + timedelta(days=1)
    ends = datetime.combine(end_day, end, tzinfo=tz).astimezone(UTC)
    return Window(begins, ends, timezone)


def location_key(text: str) -> str:
    """The location as compared between imports: case, accents, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    return " ".join(re.sub(r"[^\w]+", " ", folded.casefold()).split())


def deployment_key(day: date, location: str) -> str:
    """The record id of a published deployment within its source: (date, location)."""
    return f"{day.isoformat()}|{location_key(location)}"


OUTCOME_FIELDS = ("watchlist_size", "faces_scanned", "true_alerts_confirmed", "true_alerts_unconfirmed",
                  "false_alerts_confirmed", "false_alerts_unconfirmed", "arrests")


@dataclass(slots=True)
class DeploymentRecord:
    """One deployment as one source published it; all but the location text and window optional."""

    location_text: str
    window: Window
    source_record_id: str
    geometry: dict[str, Any] | None = None  # GeoJSON Point, LineString or Polygon (lon/lat)
    point: Point | None = None  # where a marker goes (the geometry's representative point)
    operator: str | None = None
    system: str | None = None
    vendor: str | None = None
    use_case: str | None = None
    watchlist_size: int | None = None
    threshold: float | None = None
    faces_scanned: int | None = None
    true_alerts_confirmed: int | None = None
    true_alerts_unconfirmed: int | None = None
    false_alerts_confirmed: int | None = None
    false_alerts_unconfirmed: int | None = None
    arrests: int | None = None
    source_page: int | None = None
    source_row: int | None = None
    notes: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
