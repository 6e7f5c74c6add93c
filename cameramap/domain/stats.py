"""Area statistics arithmetic and the growth chart's geometry: plain numbers, no database, no drawing."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date


def per_km2(count: int, area_km2: float | None) -> float | None:
    """Cameras per square kilometre, or None for an area without a size."""
    if not area_km2 or area_km2 <= 0:
        return None
    return count / area_km2


def per_thousand(count: int, population: int | None) -> float | None:
    """Cameras per 1,000 residents, or None when the population is unknown or zero."""
    if not population or population <= 0:
        return None
    return count * 1000 / population


def period_start(day: date, unit: str) -> date:
    return date(day.year, 1, 1) if unit == "year" else date(day.year, day.month, 1)


def pick_unit(dates: Sequence[date]) -> str:
    """Months for up to six years of dates, years beyond."""
    if not dates:
        return "year"
    return "month" if (max(dates) - min(dates)).days <= 6 * 366 else "year"


def _next_period(day: date, unit: str) -> date:
    if unit == "year":
        return date(day.year + 1, 1, 1)
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def cumulative(dates: Iterable[date], unit: str) -> list[tuple[date, int]]:
    """Running totals at the start of every period from the first date's period to the last one's."""
    per_period = Counter(period_start(d, unit) for d in dates)
    if not per_period:
        return []
    series: list[tuple[date, int]] = []
    period, last, total = min(per_period), max(per_period), 0
    while period <= last:
        total += per_period.get(period, 0)
        series.append((period, total))
        period = _next_period(period, unit)
    return series


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` intervals."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


@dataclass(slots=True)
class Line:
    """One series as SVG polyline points, with its name and last value; a series of one point (all cameras
    in one month) has no line to draw, so its point is also given as a dot (x, y)."""

    name: str
    points: str
    last: int
    dot: tuple[float, float] | None = None


@dataclass(slots=True)
class Chart:
    """Positions for an SVG line chart: plot box, y ticks (value, y), x labels (text, x), lines."""

    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    y_ticks: list[tuple[int, float]] = field(default_factory=list)
    x_labels: list[tuple[str, float]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


PHONE_CHART_WIDTH = 340  # fits a 390 px phone's page at about its drawn size, so 12 px labels stay 12 px


def _label(day: date, unit: str) -> str:
    return str(day.year) if unit == "year" else f"{day.year}-{day.month:02d}"


def chart(series: dict[str, list[tuple[date, int]]], unit: str, width: int = 640, height: int = 260,
          max_labels: int = 8) -> Chart | None:
    """Lay out cumulative series on a shared time axis; None when there is nothing to draw."""
    days = sorted({d for points in series.values() for d, _ in points})
    if not days:
        return None
    layout = Chart(width, height, left=56, top=12, right=width - 12, bottom=height - 32)
    top_value = max((n for points in series.values() for _, n in points), default=0)
    step = nice_step(top_value)
    y_max = max(step, math.ceil(top_value / step) * step)
    first, span = days[0].toordinal(), max(days[-1].toordinal() - days[0].toordinal(), 1)

    def x(day: date) -> float:
        if len(days) == 1:  # one period: in the middle of the axis, not on its edge
            return round((layout.left + layout.right) / 2, 1)
        return round(layout.left + (day.toordinal() - first) / span * (layout.right - layout.left), 1)

    def y(value: float) -> float:
        return round(layout.bottom - value / y_max * (layout.bottom - layout.top), 1)

    layout.y_ticks = [(int(v * step), y(v * step)) for v in range(int(y_max / step) + 1)]
    every = max(1, math.ceil(len(days) / max_labels))
    layout.x_labels = [(_label(d, unit), x(d)) for d in days[::every]]
    for name, points in series.items():
        if points:
            dot = (x(points[0][0]), y(points[0][1])) if len(points) == 1 else None
            layout.lines.append(Line(name, " ".join(f"{x(d)},{y(n)}" for d, n in points), points[-1][1], dot))
    return layout
