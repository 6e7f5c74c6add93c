"""Typing slips an outlier may be: swapped digits, a shifted decimal point, a lost sign, lat/lon swapped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..domain.errors import UsageError
from ..domain.geo import Point


def _text(value: float) -> str:
    return repr(value).removesuffix(".0") if value.is_integer() else repr(value)


def _swaps(text: str) -> Iterator[tuple[str, str]]:
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a.isdigit() and b.isdigit() and a != b:
            yield text[:i] + b + a + text[i + 2:], "two digits swapped"


def _shifts(text: str) -> Iterator[tuple[str, str]]:
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    plain = whole + fraction
    for at in (len(whole) - 1, len(whole) + 1):
        if 0 < at < len(plain):
            yield f"{sign}{plain[:at]}.{plain[at:]}", "the decimal point shifted"


def _variants(value: float) -> Iterator[tuple[float, str]]:
    text = _text(value)
    for changed, how in (*_swaps(text), *_shifts(text)):
        try:
            yield float(changed), how
        except ValueError:
            continue
    yield -value, "the sign lost"


def _candidates(point: Point) -> Iterator[tuple[float, float, str]]:
    for lon, how in _variants(point.lon):
        yield lon, point.lat, f"longitude {_text(point.lon)} → {_text(lon)} ({how})"
    for lat, how in _variants(point.lat):
        yield point.lon, lat, f"latitude {_text(point.lat)} → {_text(lat)} ({how})"
    yield point.lat, point.lon, f"latitude and longitude swapped → ({_text(point.lat)}, {_text(point.lon)})"


def nearest_plausible(point: Point, distance: Callable[[Point], float],
                     limit_km: float) -> dict[str, Any] | None:
    """The slip whose correction lands nearest the file's core (`distance` from it within `limit_km`);
    None when no single slip explains the row. A suggestion only: nothing is changed."""
    best: dict[str, Any] | None = None
    for lon, lat, how in _candidates(point):
        try:
            fixed = Point(lon, lat)
        except UsageError:
            continue
        far = distance(fixed)
        if far <= limit_km and (best is None or far < best["distance_km"]):
            best = {"lon": lon, "lat": lat, "how": how, "distance_km": round(far, 1)}
    return best
