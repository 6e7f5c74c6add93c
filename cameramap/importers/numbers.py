"""Coordinate numbers that spreadsheets mangled: decimal commas, grouped digits, DMS, hemisphere letters."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .items import RowProblem

NULLS = frozenset({"null", "none", "n/a", "na", "-", "(empty)"})
HEMISPHERES = {"N": 1, "S": -1, "E": 1, "W": -1}
_HEMI = r"[NSEWnsew]"
_DEG = r"(?:°|º|˚|deg|d)"
_MIN = r"(?:'|′|’|‘|min|m)"
_SEC = r"(?:\"|″|''|′′|”|“|sec|s)"
_DMS = re.compile(
    rf"^(?P<pre>{_HEMI})?\s*(?P<sign>[-+])?\s*(?P<d>\d+(?:[.,]\d+)?)\s*{_DEG}?\s*"
    rf"(?:(?P<m>\d+(?:[.,]\d+)?)\s*{_MIN}?\s*(?:(?P<s>\d+(?:[.,]\d+)?)\s*{_SEC}?)?)?\s*(?P<post>{_HEMI})?$")
_GROUPED = re.compile(r"^(?P<sign>[-+])?(?P<head>\d{1,3})(?P<sep>[.,'’\s\u00a0\u202f])\d{3}"
                      r"(?:(?P=sep)\d{3})+(?:(?P<dec>[.,])(?P<frac>\d+))?$")
_PLAIN = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
LIMITS = {"lat": 90.0, "lon": 180.0}


@dataclass(frozen=True, slots=True)
class Number:
    """A coordinate read from a cell: `value`, or for grouped digits several `choices`; how it was
    repaired (`repair`, None when the cell was a plain number) and the cell's text."""

    value: float | None
    repair: str | None = None
    text: str = ""
    choices: tuple[float, ...] = ()


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def _dms(text: str, axis: str | None) -> Number | None:
    match = _DMS.match(text)
    if not match or (match["pre"] and match["post"]):
        return None
    hemi = (match["pre"] or match["post"] or "").upper()
    marked = hemi or re.search(r"[°º˚'′’\"″]|deg", text)
    if not marked or (match["m"] is None and not hemi):
        return None  # a bare number, or two numbers without a degree sign or letter: not DMS
    if hemi and axis and (hemi in "NS") != (axis == "lat"):
        raise RowProblem("mangled_number", f"{text!r} has hemisphere {hemi} in a {axis} column")
    degrees, minutes = _float(match["d"]), _float(match["m"] or "0")
    seconds = _float(match["s"] or "0")
    if minutes >= 60 or seconds >= 60:
        raise RowProblem("mangled_number", f"{text!r}: minutes and seconds must be below 60")
    value = degrees + minutes / 60 + seconds / 3600
    sign = -1 if match["sign"] == "-" else 1
    if sign < 0 and hemi in ("S", "W"):
        raise RowProblem("mangled_number", f"{text!r} is negative twice (a minus sign and {hemi})")
    value *= sign * HEMISPHERES.get(hemi, 1)
    kind = "degrees_minutes_seconds" if match["m"] is not None else "hemisphere_letter"
    return Number(round(value, 9), kind, text)


def _grouped(text: str, axis: str | None, projected: bool) -> Number | None:
    match = _GROUPED.match(text)
    if not match:
        return None
    sign = -1.0 if match["sign"] == "-" else 1.0
    digits = re.sub(r"\D", "", text[:match.start("dec")] if match["dec"] else text)
    if match["dec"] or projected:  # 1.234.567,89 or metres: the groups are thousands
        value = float(digits + ("." + match["frac"] if match["frac"] else ""))
        return Number(sign * value, "thousands_separators", text)
    limit = LIMITS.get(axis or "", 180.0)
    readings = (float(f"{digits[:i]}.{digits[i:]}") for i in range(1, len(digits))
                if i == 1 or digits[0] != "0")
    choices = tuple(sign * v for v in readings if v <= limit)
    if not choices:
        raise RowProblem("mangled_number", f"{text!r} has no reading as a {axis or 'coordinate'}")
    if len(choices) == 1:
        return Number(choices[0], "grouped_digits", text)
    return Number(None, "grouped_digits", text, choices)


def read_coordinate(value: object, axis: str | None = None, *, name: str = "coordinate",
                    projected: bool = False) -> float | Number | None:
    """A coordinate from a cell (`axis` is "lat", "lon" or None); None when empty.

    A plain number is returned as a float. A decimal comma, thousands-grouped digits, degrees with
    minutes and seconds and hemisphere letters give a Number saying how it was repaired (grouped
    digits may have several readings). RowProblem when unreadable or not finite."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _finite(float(value), value, name)
    try:  # the usual case, at C speed (float() also takes "1_000", "nan" and "inf": checked below)
        quick = float(value)  # type: ignore[arg-type]
        if "_" not in str(value) and math.isfinite(quick):
            return quick
    except (TypeError, ValueError):
        pass
    text = str(value).strip()
    if not text or text.lower() in NULLS:
        return None
    if _PLAIN.match(text):
        return _finite(float(text), value, name)
    if text.count(",") == 1 and _PLAIN.match(text.replace(",", ".")):
        return Number(_finite(float(text.replace(",", ".")), value, name), "decimal_comma", text)
    repaired = _grouped(text, axis, projected) or _dms(text, axis)
    if repaired is not None:
        return repaired
    if text.lower() in {"nan", "inf", "-inf", "+inf", "infinity", "-infinity"}:
        raise RowProblem("non_finite", f"{name} is {value!r}, not a finite number")
    if re.search(r"\d", text) and re.fullmatch(r"[-+\d\s.,'’°º˚′″\"NSEWnsew]+", text):
        raise RowProblem("mangled_number", f"{name} {text[:40]!r} looks like a mangled number in none of "
                         "the forms that can be repaired (decimal comma, digits grouped by threes, "
                         "degrees-minutes-seconds, hemisphere letter): correct the cell in the file")
    raise RowProblem("unparsable_coordinates", f"{name} {text[:40]!r} is not a number")


def _finite(number: float, raw: object, name: str) -> float:
    if not math.isfinite(number):
        raise RowProblem("non_finite", f"{name} is {raw!r}, not a finite number")
    return number


def plain_number(value: object, *, name: str = "coordinate") -> float | None:
    """One number from a cell, repaired where that is unambiguous; RowProblem otherwise."""
    number = read_coordinate(value, name=name)
    if not isinstance(number, Number):
        return number
    if number.value is None:
        raise RowProblem("mangled_number", f"{name} {number.text!r} has several readings "
                         f"({', '.join(map(str, number.choices))})")
    return number.value


def _half(text: str) -> float | Number | None:
    try:
        return read_coordinate(text.strip(" ,;/"))
    except RowProblem:
        return None


def _hemisphere(number: float | Number) -> str:
    text = number.text.upper() if isinstance(number, Number) else ""
    return next((h for h in "NSEW" if h in text), "")


def read_pair(text: str, order: str = "auto") -> tuple[float | Number, float | Number] | None:
    """(x, y) from one cell holding two mangled numbers (`46°11'57.8"N 6°08'30.7"E`, `N 46.2, E 6.1`,
    `46,1993881; 6,1418784`): the one split of the cell that gives two readable numbers, ordered by
    their hemisphere letters, else lat, lon unless `order` is lonlat. None when no single split works."""
    found: set[tuple[float | Number, float | Number]] = set()
    for at, char in enumerate(text):
        if char in " ,;/\t":
            first, second = _half(text[:at]), _half(text[at + 1:])
            if first is not None and second is not None:
                found.add((first, second))
    if len(found) != 1:
        return None
    first, second = found.pop()
    if not (isinstance(first, Number) or isinstance(second, Number)):
        return None  # plain numbers: parse_packed's business
    hemi = _hemisphere(first) + _hemisphere(second)
    lon_first = hemi[:1] in ("E", "W") if hemi else order == "lonlat"
    x, y = (first, second) if lon_first else (second, first)
    for value, axis in ((x, "lon"), (y, "lat")):
        if isinstance(value, Number):
            read_coordinate(value.text, axis)  # a letter on the wrong axis raises RowProblem
    return x, y
