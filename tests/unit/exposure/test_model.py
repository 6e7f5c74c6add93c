"""The camera model, hand-computed: a sector facing a street or away from it, buildings, sparse tracks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import box

from cameramap.exposure.measure import Segments, covered, intervals, per_camera
from cameramap.exposure.model import CameraSpec, Overrides, mapped_range, sectors, view_range
from cameramap.exposure.path import CameraSet, measure
from cameramap.exposure.visibility import visible_area

# A street along y = 10 m from x = -50 to x = 50; the camera stands at the origin.
STREET = Segments(np.array([-50.0]), np.array([10.0]), np.array([50.0]), np.array([10.0]))


def metres(area) -> float:
    found = intervals(STREET, np.array([area], dtype=object))
    return float(covered(found, 1)[0] * STREET.length[0])


def test_a_fixed_camera_facing_the_street_sees_the_chord_of_its_sector():
    # 70° field of view facing north: |x| <= 10 tan 35° on the street, well inside the 30 m range.
    facing = visible_area(0, 0, 30, sectors(CameraSpec(1, 0, 0, camera_type="fixed", direction="0")))
    assert metres(facing) == pytest.approx(2 * 10 * math.tan(math.radians(35)), abs=0.01)


def test_a_fixed_camera_facing_away_sees_none_of_it():
    away = visible_area(0, 0, 30, sectors(CameraSpec(1, 0, 0, camera_type="fixed", direction="S")))
    assert metres(away) == 0


def test_ignore_direction_turns_the_sector_into_a_disc():
    camera = CameraSpec(1, 0, 0, camera_type="fixed", direction="180")
    disc = visible_area(0, 0, 30, sectors(camera, Overrides(ignore_direction=True)))
    # the circle of 30 m cuts y = 10 at x = ±sqrt(800); a 72-gon's chord is a little shorter
    assert metres(disc) == pytest.approx(2 * math.sqrt(800), rel=0.01)


def test_a_building_between_the_camera_and_the_street_hides_it():
    camera = CameraSpec(1, 0, 0, camera_type="fixed", direction="0")
    wall = box(-20, 4, 20, 6)  # 40 m wide, 2 m deep, between the camera (y=0) and the street (y=10)
    assert metres(visible_area(0, 0, 30, sectors(camera), [wall])) == 0
    # Only east of x = 0.5: the street is hidden east of the ray through the wall's corner (0.5, 6),
    # which meets y = 10 at x = 0.5 * 10 / 6; west of it the sector's half chord stays in view.
    half = box(0.5, 4, 20, 6)
    assert metres(visible_area(0, 0, 30, sectors(camera), [half])) == pytest.approx(
        10 * math.tan(math.radians(35)) + 0.5 * 10 / 6, abs=0.01)


def test_the_building_a_camera_hangs_on_hides_nothing():
    camera = CameraSpec(1, 0, 0, camera_type="fixed", direction="0")
    own = box(-10, -8, 10, 0.2)  # the camera is on its northern wall
    assert metres(visible_area(0, 0, 30, sectors(camera), [own])) == pytest.approx(14.0, abs=0.01)


def test_a_camera_between_two_sparse_track_points_counts_though_neither_point_is_in_view():
    cameras = CameraSet.of([CameraSpec(7, 24.95, 60.17)])  # unknown type: a 25 m disc
    lon, lat = np.array([24.93, 24.97]), np.array([60.17, 60.17])  # 2.2 km apart, through the camera
    result = measure(cameras, lon, lat)
    seen = per_camera(result.found, 1, result.segments.length)[0]
    assert seen == pytest.approx(50, abs=0.2)  # the disc's diameter
    # a point-by-point check sees nothing: both points are more than a kilometre away
    assert min(math.dist((24.93, 60.17), (24.95, 60.17)), math.dist((24.97, 60.17), (24.95, 60.17))) > 0.01


def test_ranges_and_fields_of_view_follow_the_documented_defaults():
    assert view_range(CameraSpec(1, 0, 0, camera_type="fixed")) == 30
    assert view_range(CameraSpec(1, 0, 0, camera_type="fixed", height=10)) == 45
    assert view_range(CameraSpec(1, 0, 0, camera_type="panning"), Overrides(range_m=10)) == 10
    assert view_range(CameraSpec(1, 0, 0, range_m=70)) == 70
    assert sectors(CameraSpec(1, 0, 0, camera_type="dome", direction="90")) == [(0.0, 360.0)]
    assert sectors(CameraSpec(1, 0, 0, direction="90;270")) == [(90.0, 90.0), (270.0, 90.0)]
    assert sectors(CameraSpec(1, 0, 0)) == [(0.0, 360.0)]
    assert sectors(CameraSpec(1, 0, 0, camera_type="fixed", direction="nonsense")) == [(0.0, 360.0)]
    assert mapped_range({"camera:range": "40 m"}) == 40 and mapped_range({"camera:range": "far"}) is None


def test_routing_on_a_one_way_street_finds_no_way_back():
    from cameramap.exposure.graph import Network
    from cameramap.exposure.profiles import FORWARD
    from cameramap.exposure.routing import Unreachable, plan

    car_one_way = FORWARD["car"]
    network = Network.from_ways([([1, 2], [(24.0, 60.0), (24.001, 60.0)], car_one_way, 30.0)])
    there = plan(network, "car", 0, 1, 0.25, lambda segments: np.zeros(len(segments)))
    assert there.shortest.length_m == pytest.approx(55.7, abs=0.2)  # 0.001° of longitude at 60°N
    with pytest.raises(Unreachable):
        plan(network, "car", 1, 0, 0.25, lambda segments: np.zeros(len(segments)))
