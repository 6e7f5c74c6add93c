"""Where a file's cameras lie: rows far outside its core are outliers; repaired readings settle there."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from ..domain.geo import Point
from .items import Accepted, Item, ReadItem, ReadOptions, Rejected, Unsettled
from .readings import nearest_plausible

WARM_UP = 1000  # located rows read before the first estimate of the core
WAIT_CAP = 20_000  # rows held at most while waiting for it (a file of few located rows): then
# the core is estimated from what there is
MIN_POINTS = 8  # fewer located rows than this: no row is rejected as an outlier...
MIN_FLAG = 4  # ...but from this many, a row far from all the others is kept, flagged for review
SPREAD = 10.0  # an outlier lies beyond the median distance plus this many robust deviations...
FACTOR = 4.0  # ...and beyond this many median distances...
FLOOR_KM = 50.0  # ...and beyond this many kilometres from the core
COMPANIONS = 2  # a row with this many other rows near it is a place (three cameras), not a typo
EARTH_KM = 6371.0088


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlon = math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _distances(lons: np.ndarray, lats: np.ndarray, lon: float, lat: float) -> np.ndarray:
    p1, p2 = np.radians(lats), math.radians(lat)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(np.radians(lon - lons) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Core:
    """The robust centre of a file's rows (median lon, lat) and how far from it a row may lie."""

    lon: float
    lat: float
    median_km: float
    limit_km: float
    count: int
    box: float = 0.0  # degrees: half the limit in latitude (a degree is over 110 km)
    cos_lat: float = 1.0  # a lower bound of the cosine of the latitude near the core

    def __post_init__(self) -> None:
        object.__setattr__(self, "box", self.limit_km / 2 / 112.0)
        object.__setattr__(self, "cos_lat", max(math.cos(math.radians(min(89.0, abs(self.lat) + 1.0))), 0.01))

    def distance(self, point: Point) -> float:
        return distance_km(self.lon, self.lat, point.lon, point.lat)

    def holds(self, point: Point) -> bool:
        if self.count < MIN_FLAG:
            return True
        # Well inside a box of half the limit each way: no great-circle distance needed.
        if abs(point.lat - self.lat) < self.box and abs(point.lon - self.lon) * self.cos_lat < self.box:
            return True
        return self.distance(point) <= self.limit_km

    def as_dict(self) -> dict[str, float]:
        return {"lon": round(self.lon, 6), "lat": round(self.lat, 6), "median_km": round(self.median_km, 1),
                "limit_km": round(self.limit_km, 1)}


def estimate(lons: np.ndarray, lats: np.ndarray) -> Core | None:
    """Median centre; the limit from the median and MAD of the distances to it."""
    if len(lons) == 0:
        return None
    lon, lat = float(np.median(lons)), float(np.median(lats))
    far = _distances(lons, lats, lon, lat)
    median = float(np.median(far))
    mad = float(np.median(np.abs(far - median))) * 1.4826
    limit = max(median + SPREAD * mad, FACTOR * median, FLOOR_KM)
    return Core(lon, lat, median, limit, len(lons))


class Screen:
    """Holds rows beyond the core until the whole file has been read, then judges them."""

    def __init__(self, options: ReadOptions):
        self.options = options
        self.lons, self.lats = array("d"), array("d")
        self.core: Core | None = None
        self.held: list[Accepted] = []

    def _points(self) -> tuple[np.ndarray, np.ndarray]:
        return np.frombuffer(self.lons, dtype=float), np.frombuffer(self.lats, dtype=float)

    def _estimate(self) -> None:
        self.core = estimate(*self._points())

    def run(self, items: Iterable[ReadItem]) -> Iterator[Item]:
        waiting: list[ReadItem] = []
        for item in items:
            if isinstance(item, Accepted):
                self.lons.append(item.record.point.lon)
                self.lats.append(item.record.point.lat)
                if self.core is not None and self.core.count < WARM_UP <= len(self.lons):
                    self._estimate()  # the first estimate was made early, on few rows
                if self.core is not None and self.core.holds(item.record.point):
                    yield item  # the usual row, straight through
                    continue
            if self.core is None:
                waiting.append(item)
                if len(self.lons) >= WARM_UP or len(waiting) >= WAIT_CAP:
                    self._estimate()
                    yield from self._pass(waiting)
                    waiting = []
                continue
            yield from self._pass((item,))
        self._estimate()
        yield from self._pass(waiting)
        yield from self._judge()

    def _pass(self, items: Iterable[ReadItem]) -> Iterator[Item]:
        core = self.core
        for item in items:
            if isinstance(item, Unsettled):
                yield self._settle(item)
            elif isinstance(item, Accepted) and core is not None and not core.holds(item.record.point):
                self.held.append(item)
                if len(self.held) > max(50, len(self.lons) // 100):
                    yield from self._release()
            else:
                yield item

    def _release(self) -> Iterator[Item]:
        """Many rows beyond the core: the core moved (a file sorted by region); estimate it again."""
        self._estimate()
        assert self.core is not None
        core, held = self.core, self.held
        self.held = [item for item in held if not core.holds(item.record.point)]
        yield from (item for item in held if core.holds(item.record.point))
        if len(self.held) > max(50, len(self.lons) // 100):
            yield from self.held  # a whole region, not a few typos
            self.held = []

    def _settle(self, item: Unsettled) -> Item:
        within, core = self.options.within, self.core
        if within is not None:
            inside = [i for i, p in enumerate(item.points) if within.contains(p)]
            if len(inside) == 1:
                return item.settle(inside[0], "inside --within")
            return item.reject(f"{len(inside)} of them lie inside --within")
        if core is None or core.count < 3:
            return item.reject("too few other rows to choose by: pass --within with the area's bbox")
        near = [i for i, p in enumerate(item.points) if core.distance(p) <= core.limit_km]
        if len(near) == 1:
            return item.settle(near[0], "that lies where the file's other rows lie")
        return item.reject(f"{len(near)} of them lie where the file's other rows lie: pass --within")

    def _judge(self) -> Iterator[Item]:
        if not self.held:
            return
        core = self.core
        assert core is not None
        lons, lats = self._points()
        for item in self.held:
            point = item.record.point
            far = core.distance(point)
            radius = max(core.limit_km / 10, 1.0)
            companions = int(np.count_nonzero(_distances(lons, lats, point.lon, point.lat) <= radius)) - 1
            if core.holds(point) or companions >= (COMPANIONS if core.count >= MIN_POINTS else 1):
                yield item
            else:
                yield self._outlier(item, far, core)

    def _outlier(self, item: Accepted, far: float, core: Core) -> Item:
        point = item.record.point
        suggestion = nearest_plausible(point, core.distance, core.limit_km)
        detail = {"distance_km": round(far, 1), "core": core.as_dict(), "suggestion": suggestion}
        message = (f"{far:,.0f} km from the core of the file (its rows lie within {core.limit_km:,.0f} km "
                   f"of ({core.lon:.4f}, {core.lat:.4f}))")
        if suggestion:
            message += f"; nearest plausible reading: {suggestion['how']}"
        if core.count >= MIN_POINTS and not self.options.keep_outliers:
            return Rejected(item.row, "outlier", message, item.values, detail)
        why = "--keep-outliers" if self.options.keep_outliers else f"only {core.count} rows: kept, for review"
        record = replace(item.record, tags={**item.record.tags, "cameramap:outlier": f"{far:.1f} km"})
        return replace(item, record=record, notes=(*item.notes, f"outlier kept ({why}): {message}"),
                       outlier={**detail, "kept": True})


def screen(items: Iterable[ReadItem], options: ReadOptions) -> Iterator[Item]:
    """Every row of a reader, outliers rejected (or flagged) and repaired readings settled."""
    return Screen(options).run(items)
