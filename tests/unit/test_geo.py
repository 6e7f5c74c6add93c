"""Coordinate validation: Point and BBox reject what is not a WGS84 position."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cameramap.domain.errors import UsageError
from cameramap.domain.geo import EARTH_RADIUS_M, METRES_PER_DEGREE, BBox, Point, box_around, local_scale


def test_point_keeps_lon_lat_order():
    p = Point(24.94, 60.17)
    assert (p.lon, p.lat) == (24.94, 60.17)


def test_point_holds_floats_whatever_it_was_given():
    p = Point(24, 60)  # type: ignore[arg-type]
    assert (type(p.lon), type(p.lat)) == (float, float)
    assert Point(-180.0, 90.0) == Point(-180, 90)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lon", "lat", "parameter"),
    [(200, 10, "lon"), (-181, 0, "lon"), (10, 95, "lat"), (10, -90.5, "lat"),
     (math.nan, 10, "lon"), (10, math.inf, "lat"), ("x", 1, "lon"), (None, 1, "lon"),
     # floats, the importer's usual values: the quick test in range must let none of these through
     (180.0000001, 10.0, "lon"), (-math.inf, 0.0, "lon"), (10.0, math.nan, "lat"),
     (10.0, -90.0000001, "lat")],
)
def test_point_rejects(lon, lat, parameter):
    with pytest.raises(UsageError) as err:
        Point(lon, lat)
    assert err.value.parameter == parameter


def test_null_island_is_rejected_only_when_checked():
    assert Point(0, 0).lon == 0
    with pytest.raises(UsageError) as err:
        Point.checked(0, 0)
    assert err.value.code == "null_island"


def test_rounding_to_seven_decimals():
    assert Point(24.123456789, 60.987654321).rounded() == (24.1234568, 60.9876543)


def test_distance_helsinki_one_block():
    a, b = Point(24.9402305, 60.1713747), Point(24.9389564, 60.1711449)
    assert 70 < a.distance_m(b) < 80


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "a,b,c,d", "10,10,5,20", "10,20,20,10", "-200,0,0,10", "0,-95,1,1",
     "nan,0,1,1", "", "1,,2,3"],
)
def test_bbox_rejects(text):
    with pytest.raises(UsageError) as err:
        BBox.parse(text)
    assert err.value.parameter == "bbox"


def test_bbox_parse_and_contains():
    box = BBox.parse("24.9,60.1,25.0,60.2")
    assert box.contains(Point(24.95, 60.15))
    assert not box.contains(Point(25.1, 60.15))


@settings(max_examples=300, deadline=None)
@given(lon=st.floats(-180, 180), lat=st.floats(-89.99, 89.99), metres=st.floats(1, 20_000),
       bearing=st.floats(0, 360), share=st.floats(0, 1))
def test_box_around_holds_every_place_within_reach(lon, lat, metres, bearing, share):
    """A place `share * metres` from the centre in any direction (great-circle) is inside the box."""
    centre = Point(lon, lat)
    d, b, p1 = share * metres / EARTH_RADIUS_M, math.radians(bearing), math.radians(lat)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = math.radians(lon) + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1),
                                        math.cos(d) - math.sin(p1) * math.sin(p2))
    lon2 = (math.degrees(l2) + 540) % 360 - 180
    place = Point(lon2, math.degrees(p2))
    assume(abs(place.lon - lon) < 180)  # the box does not wrap the antimeridian
    assert place.distance_m(centre) <= metres + 1e-6
    assert box_around([centre], metres).contains(place)


def test_box_around_several_points_and_the_world_edge():
    box = box_around([Point(10.0, 50.0), Point(10.5, 50.2)], 1_000)
    assert box.west < 10.0 and box.east > 10.5 and box.south < 50.0 and box.north > 50.2
    assert box.north - 50.2 == pytest.approx(1_000 / METRES_PER_DEGREE, abs=1e-8)
    edge = box_around([Point(179.99, 89.999)], 5_000)
    assert (edge.east, edge.north) == (180.0, 90.0)


def test_local_scale_shrinks_longitude_with_latitude():
    kx0, ky0 = local_scale(0.0)
    kx60, ky60 = local_scale(60.0)
    assert ky0 == ky60 and kx60 == pytest.approx(kx0 / 2)
