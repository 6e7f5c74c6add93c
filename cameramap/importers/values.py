"""Cell values to model values: text, numbers, dates, directions and vocabulary spellings."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ..domain.direction import format_direction, parse_direction
from ..domain.errors import UsageError

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m", "%Y", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%B %Y", "%b %Y",
                "%d %B %Y", "%Y/%m/%d")
SURVEILLANCE_TYPES = {"alpr": "ALPR", "anpr": "ALPR", "lpr": "ALPR", "camera": "camera", "guard": "guard",
                      "gunshot_detector": "gunshot_detector", "webcam": "webcam"}
CAMERA_TYPES = {"fixed": "fixed", "static": "fixed", "dome": "dome", "panning": "panning", "ptz": "panning",
                "panorama": "panorama", "doorbell": "doorbell"}


NULL_TEXTS = frozenset({"null", "none", "nan", "(empty)"})
NULL_LONGEST = max(map(len, NULL_TEXTS))


def text(value: Any) -> str | None:
    """Stripped text; None for empty cells, NaN and null markers."""
    if type(value) is not str:  # the usual cell is exactly a str: no str() call
        if value is None or (isinstance(value, float) and value != value):
            return None
        value = str(value)
    result = value.strip()
    if not result or (len(result) <= NULL_LONGEST and result.lower() in NULL_TEXTS):
        return None
    return result


def number(value: Any) -> float | None:
    """The first number in `4`, `4 m`, `3,5`; None when there is none."""
    if isinstance(value, int | float):
        return float(value) if value == value else None
    match = _NUMBER.search(text(value) or "")
    return float(match.group().replace(",", ".")) if match else None


@lru_cache(maxsize=4096)
def _date_text(raw: str) -> date | None:
    head = raw.strip()[:25]
    if "T" in head:
        head = head.split("T", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None


def to_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    return _date_text(raw) if raw else None


@lru_cache(maxsize=4096)
def _direction_text(raw: str) -> str | None:
    try:
        return format_direction(parse_direction(raw))
    except UsageError:
        return None


def direction(value: Any) -> str | None:
    if isinstance(value, int | float) and value == value:
        return _direction_text(str(value).removesuffix(".0"))
    raw = text(value)
    return _direction_text(raw) if raw else None


def surveillance_type(value: Any) -> str | None:
    raw = text(value)
    return SURVEILLANCE_TYPES.get(raw.lower(), raw) if raw else None


def camera_type(value: Any) -> str | None:
    raw = text(value)
    return CAMERA_TYPES.get(raw.lower(), raw) if raw else None


CONVERTERS = {
    "camera_direction": direction, "camera_angle": number, "height": number, "first_seen": to_date,
    "last_verified": to_date, "surveillance_type": surveillance_type, "camera_type": camera_type,
}


def converter(field: str) -> Callable[[Any], Any]:
    """The function that reads a cell as the model field `field` wants it (looked up once per column)."""
    return CONVERTERS.get(field, text)


def convert(field: str, value: Any) -> Any:
    """A cell value as the model field `field` wants it."""
    return CONVERTERS.get(field, text)(value)
