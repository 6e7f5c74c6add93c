"""Deployments as viewers: a van's disc at its point, the reach of its street or area, and the cache."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cameramap.exposure.deployments import VAN_RANGE_M, extent_m, viewer
from cameramap.exposure.model import CameraSpec, Overrides, sectors, view_range
from cameramap.exposure.path import CameraSet, measure

LON, LAT = 24.95, 60.17
M_LAT = 1 / 111_320  # degrees per metre north
M_LON = M_LAT / math.cos(math.radians(LAT))  # degrees per metre east
FACE = 1


def east(x: float, y: float = 0.0) -> list[float]:
    return [LON + x * M_LON, LAT + y * M_LAT]


def walk(y: float, length: float = 200.0) -> tuple[np.ndarray, np.ndarray]:
    """A straight walk west to east, `y` metres north of the centre, `length` metres long."""
    start, end = east(-length / 2, y), east(length / 2, y)
    return np.array([start[0], end[0]]), np.array([start[1], end[1]])


def watched(cameras: CameraSet, y: float, **options) -> float:
    found = measure(cameras, *walk(y), **options)
    from cameramap.exposure.measure import covered

    return float((covered(found.found, len(found.segments)) * found.segments.length).sum())


def test_a_van_at_a_point_is_an_omnidirectional_viewer_with_its_capabilities():
    van = viewer(7, {"type": "Point", "coordinates": east(0)}, 0.0, 0.0, FACE, operator_id=3)
    assert (van.kind, van.id, van.operator_id, van.capabilities) == ("deployment", 7, 3, FACE)
    assert van.footprint is None
    assert (van.lon, van.lat) == pytest.approx(east(0))
    assert sectors(van) == [(0.0, 360.0)] and view_range(van) == VAN_RANGE_M and extent_m(van) == 0


def test_a_van_placed_as_a_street_keeps_the_line_and_its_extent_from_the_marker():
    street = {"type": "LineString", "coordinates": [east(-60), east(60)]}
    van = viewer(8, street, *east(0), FACE)
    assert van.footprint is not None and van.footprint.geom_type == "LineString"
    assert extent_m(van) == pytest.approx(60, rel=0.02)


def test_a_van_sees_a_30_m_disc_and_a_street_van_30_m_either_side_of_all_its_street():
    point = CameraSet.of([]).with_viewers([viewer(1, {"type": "Point", "coordinates": east(0)}, 0, 0, FACE)])
    assert watched(point, 10) == pytest.approx(2 * math.sqrt(30**2 - 10**2), abs=0.2)
    assert watched(point, 31) == 0
    street = {"type": "LineString", "coordinates": [east(-60), east(60)]}
    along = CameraSet.of([]).with_viewers([viewer(2, street, *east(0), FACE)])
    assert watched(along, 10) == pytest.approx(120 + 2 * math.sqrt(30**2 - 10**2), abs=0.3)
    assert watched(along, 29) > 120 and watched(along, 31) == 0
    assert watched(along, 10, overrides=Overrides(range_m=5)) == 0  # the range override applies too


def test_an_area_van_watches_its_whole_area_and_its_edge():
    square = {"type": "Polygon", "coordinates": [[east(-20, -20), east(20, -20), east(20, 20), east(-20, 20),
                                                  east(-20, -20)]]}
    area = CameraSet.of([]).with_viewers([viewer(3, square, *east(0), FACE)])
    assert watched(area, 0) == pytest.approx(40 + 2 * 30, abs=0.5)
    assert watched(area, 45) == pytest.approx(2 * (20 + math.sqrt(30**2 - 25**2)), abs=1.0)


def test_viewers_share_the_cameras_areas_but_never_each_others():
    camera = CameraSpec(1, *east(0, -5), camera_type="dome")
    base = CameraSet.of([camera])
    here = base.with_viewers([viewer(1, {"type": "Point", "coordinates": east(0, 20)}, 0, 0, FACE)])
    there = base.with_viewers([viewer(2, {"type": "Point", "coordinates": east(500, 20)}, 0, 0, FACE)])
    assert base.with_viewers([]) is base and here.token == base.token == there.token
    assert here.area_key(0) == there.area_key(0) == 0 and here.area_key(1) != there.area_key(1)
    alone = watched(base, 0)
    assert watched(here, 0) == pytest.approx(2 * math.sqrt(30**2 - 20**2), abs=0.2)  # the dome's inside
    assert watched(there, 0) == pytest.approx(alone, abs=0.01)  # the same index 1, another van: not mixed
