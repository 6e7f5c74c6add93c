"""Parse OSM camera directions (`90`, `90;180`, `338-23`, `NE`, `north-east`) into bearings and sectors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UsageError

CARDINALS = {
    name: i * 22.5
    for i, name in enumerate(
        ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
    )
}
_WORDS = re.compile(r"^(?:north|east|south|west)+$")  # written out: north, northeast, north-north-east
_SEPARATORS = re.compile(r"[\s_-]+")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?|[A-Za-z]{1,3})\s*-\s*(\d+(?:\.\d+)?|[A-Za-z]{1,3})$")


@dataclass(frozen=True, slots=True)
class Bearing:
    """A view direction in degrees clockwise from north; `width` > 0 for a sector `a-b`."""

    degrees: float
    width: float = 0.0

    def __str__(self) -> str:
        if self.width:
            start = (self.degrees - self.width / 2) % 360
            end = (self.degrees + self.width / 2) % 360
            return f"{_fmt(start)}-{_fmt(end)}"
        return _fmt(self.degrees)


DECIMALS = 6  # a millionth of a degree, far finer than any camera is aimed


def _normal(value: float) -> float:
    """Degrees in 0..360, rounded to DECIMALS places (so that 359.9999999 becomes 0)."""
    value = round(value % 360, DECIMALS)
    return 0.0 if value >= 360 else value + 0.0


def _fmt(value: float) -> str:
    """Plain decimal text that parses back to the same value (never `1e-05` or `360`)."""
    return f"{_normal(value):.{DECIMALS}f}".rstrip("0").rstrip(".")


def _degrees(value: float, token: object) -> float:
    if not -360 <= value <= 360:
        raise UsageError(f"direction {token} is outside 0..360", parameter="camera_direction",
                         code="invalid_direction")
    return _normal(value)


def _compass_word(token: str) -> str:
    """`north-east`, `North East`, `northeast` -> `NE`; anything else unchanged."""
    joined = _SEPARATORS.sub("", token.lower())
    if not _WORDS.match(joined):
        return token
    return "".join(word[0] for word in re.findall("north|east|south|west", joined)).upper()


def _angle(token: str) -> float:
    token = token.strip()
    upper = _compass_word(token).upper()
    if upper in CARDINALS:
        return CARDINALS[upper]
    if _NUMBER.match(token):
        return _degrees(float(token), token)
    raise UsageError(f"cannot read direction {token!r}", parameter="camera_direction",
                     code="invalid_direction")


def parse_direction(text: str | float | int | None) -> tuple[Bearing, ...]:
    """Read one or more bearings separated by `;`; an empty value gives no bearing."""
    if text is None:
        return ()
    if isinstance(text, int | float):
        try:
            return (Bearing(_degrees(float(text), text)),)
        except OverflowError:
            raise UsageError(f"direction {text} is outside 0..360", parameter="camera_direction",
                             code="invalid_direction") from None
    bearings: list[Bearing] = []
    for part in str(text).replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part)
        if match:
            start, end = _angle(match.group(1)), _angle(match.group(2))
            width = (end - start) % 360
            bearings.append(Bearing((start + width / 2) % 360, width))
        else:
            bearings.append(Bearing(_angle(part)))
    return tuple(bearings)


def format_direction(bearings: tuple[Bearing, ...]) -> str | None:
    """The canonical OSM-style text for a tuple of bearings."""
    return ";".join(str(b) for b in bearings) or None
