"""The plausibility screen on its own: streaming, bounded waiting, the core's limit, suggestions."""

import numpy as np
import pytest

from cameramap.domain.geo import Point
from cameramap.domain.records import CameraRecord
from cameramap.importers import plausibility
from cameramap.importers.items import Accepted, ReadOptions, Rejected
from cameramap.importers.plausibility import estimate, screen
from cameramap.importers.readings import nearest_plausible


def accepted(row, lon, lat):
    return Accepted(row, CameraRecord(point=Point(lon, lat), source_record_id=str(row)))


def test_rows_stream_through_once_the_core_is_known(monkeypatch):
    monkeypatch.setattr(plausibility, "WARM_UP", 10)
    read = []

    def rows():
        for i in range(1, 31):
            read.append(i)
            yield accepted(i, 24.94 + i * 1e-4, 60.17)

    stream = screen(rows(), ReadOptions())
    first = [next(stream) for _ in range(11)]
    assert [i.row for i in first] == list(range(1, 12)) and len(read) == 11  # not the whole file first
    assert len(list(stream)) == 19


def test_waiting_for_the_core_is_bounded(monkeypatch):
    monkeypatch.setattr(plausibility, "WAIT_CAP", 5)
    read = []

    def rows():
        for i in range(1, 21):
            read.append(i)
            yield Rejected(i, "missing_coordinates", "no coordinates")

    stream = screen(rows(), ReadOptions())
    assert next(stream).row == 1 and len(read) == 5


def test_the_limit_is_robust_and_never_below_50_km():
    rng = np.random.default_rng(1)
    lons, lats = 24.94 + rng.normal(0, 0.02, 500), 60.17 + rng.normal(0, 0.01, 500)
    core = estimate(np.append(lons, 172.0), np.append(lats, 36.0))
    assert core.lon == pytest.approx(24.94, abs=0.01) and core.limit_km == 50.0
    spread = estimate(rng.uniform(6, 10.5, 500), rng.uniform(45.8, 47.8, 500))
    assert spread.limit_km > 300  # a country: its far corners are not outliers
    assert estimate(np.array([]), np.array([])) is None


def test_nearest_plausible_reading_names_the_slip():
    core = estimate(np.full(20, 127.38), np.full(20, 36.35))
    swapped = nearest_plausible(Point(172.38, 36.35), core.distance, core.limit_km)
    assert swapped["lon"] == 127.38 and "two digits swapped" in swapped["how"]
    sign = nearest_plausible(Point(-127.38, 36.35), core.distance, core.limit_km)
    assert sign["lon"] == 127.38 and "sign" in sign["how"]
    order = nearest_plausible(Point(36.35, -50.0), core.distance, core.limit_km)
    assert order is None  # no single slip explains it
