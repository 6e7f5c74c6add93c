"""Coordinate validation: Point and BBox reject what is not a WGS84 position."""

import math

import pytest

from cameramap.domain.errors import UsageError
from cameramap.domain.geo import BBox, Point


def test_point_keeps_lon_lat_order():
    p = Point(24.94, 60.17)
    assert (p.lon, p.lat) == (24.94, 60.17)


@pytest.mark.parametrize(
    ("lon", "lat", "parameter"),
    [(200, 10, "lon"), (-181, 0, "lon"), (10, 95, "lat"), (10, -90.5, "lat"),
     (math.nan, 10, "lon"), (10, math.inf, "lat"), ("x", 1, "lon"), (None, 1, "lon")],
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
