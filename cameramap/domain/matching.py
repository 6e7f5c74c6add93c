"""Official vs observed: pair two sets of positions one-to-one within a distance, nearest pairs first."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from .errors import UsageError
from .geo import Point, degrees_around

MAX_DISTANCE_M = 10_000.0


@dataclass(frozen=True, slots=True)
class Site:
    """One position to match: `key` identifies it to the caller (a camera id, a record id)."""

    key: Hashable
    point: Point


@dataclass(frozen=True, slots=True)
class Pair:
    declared: Site
    observed: Site
    distance_m: float


@dataclass(slots=True)
class Matching:
    """Declared and observed sites split into three lists; every input site is in exactly one."""

    matched: list[Pair] = field(default_factory=list)
    observed_only: list[Site] = field(default_factory=list)
    declared_only: list[Site] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"matched": len(self.matched), "observed_only": len(self.observed_only),
                "declared_only": len(self.declared_only)}


def check_distance(value: object, parameter: str = "distance") -> float:
    """A matching distance in metres: a number above 0 and at most MAX_DISTANCE_M."""
    try:
        metres = float(str(value).strip())
    except ValueError:
        raise UsageError(f"{parameter} must be a number of metres, got {str(value)[:50]!r}",
                         parameter=parameter) from None
    if not (math.isfinite(metres) and 0 < metres <= MAX_DISTANCE_M):
        raise UsageError(f"{parameter} must be above 0 and at most {MAX_DISTANCE_M:g} metres",
                         parameter=parameter)
    return metres


class _Grid:
    """Sites bucketed in cells at least `metres` wide, so neighbours lie in the 3x3 cells around."""

    def __init__(self, sites: Sequence[Site], metres: float, max_abs_lat: float):
        # wider cells are fine; vanishing ones divide by 0
        self.dlon, self.dlat = degrees_around(max(metres, 1.0), max_abs_lat)
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for index, site in enumerate(sites):
            self.cells[self.cell(site.point)].append(index)

    def cell(self, point: Point) -> tuple[int, int]:
        return math.floor(point.lon / self.dlon), math.floor(point.lat / self.dlat)

    def near(self, point: Point) -> Iterable[int]:
        """Indexes of the sites in the cells around `point`."""
        x, y = self.cell(point)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                yield from self.cells.get((x + dx, y + dy), ())


def match_sites(declared: Sequence[Site], observed: Sequence[Site], metres: float) -> Matching:
    """Pair each declared site with at most one observed site within `metres`.

    Candidate pairs are taken shortest first (ties by input order), so the result does not depend
    on which list is scanned first and is the same on every run.
    """
    metres = check_distance(metres)
    if not declared or not observed:
        return Matching([], list(observed), list(declared))
    max_abs_lat = max(abs(s.point.lat) for s in (*declared, *observed))
    grid = _Grid(observed, metres, max_abs_lat)
    candidates: list[tuple[float, int, int]] = []
    for d_index, site in enumerate(declared):
        for o_index in grid.near(site.point):
            distance = site.point.distance_m(observed[o_index].point)
            if distance <= metres:
                candidates.append((distance, d_index, o_index))
    candidates.sort()
    used_declared: set[int] = set()
    used_observed: set[int] = set()
    result = Matching()
    for distance, d_index, o_index in candidates:
        if d_index in used_declared or o_index in used_observed:
            continue
        used_declared.add(d_index)
        used_observed.add(o_index)
        result.matched.append(Pair(declared[d_index], observed[o_index], round(distance, 2)))
    result.declared_only = [s for i, s in enumerate(declared) if i not in used_declared]
    result.observed_only = [s for i, s in enumerate(observed) if i not in used_observed]
    return result
