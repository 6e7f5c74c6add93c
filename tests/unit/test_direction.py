"""Direction parsing: OSM's `90`, `90;180`, `338-23`, `NE`."""

import pytest

from cameramap.domain.direction import Bearing, format_direction, parse_direction
from cameramap.domain.errors import UsageError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90", (Bearing(90.0),)),
        ("90;180", (Bearing(90.0), Bearing(180.0))),
        ("NE", (Bearing(45.0),)),
        ("nnw", (Bearing(337.5),)),
        ("350;10", (Bearing(350.0), Bearing(10.0))),
        ("360", (Bearing(0.0),)),
        ("-90", (Bearing(270.0),)),
        (" 45 ", (Bearing(45.0),)),
        ("", ()),
        (None, ()),
        (120, (Bearing(120.0),)),
    ],
)
def test_parse_direction(text, expected):
    assert parse_direction(text) == expected


@pytest.mark.parametrize(("text", "degrees"), [
    ("north", 0.0), ("South", 180.0), ("EAST", 90.0), ("west", 270.0), ("north-east", 45.0),
    ("northeast", 45.0), ("North East", 45.0), ("south_west", 225.0), ("southeast", 135.0),
    ("north-west", 315.0), ("north-north-east", 22.5), ("west-south-west", 247.5), ("south - east", 135.0),
])
def test_written_out_compass_points(text, degrees):
    assert parse_direction(text) == (Bearing(degrees),)


def test_written_out_compass_points_in_lists_are_points_not_sectors():
    assert format_direction(parse_direction("north;south-west")) == "0;225"
    assert format_direction(parse_direction("north-east")) == "45"  # a point, where N-E is a sector
    assert format_direction(parse_direction("N-E")) == "0-90"


def test_range_is_a_sector_across_north():
    (sector,) = parse_direction("338-23")
    assert sector.width == pytest.approx(45.0)
    assert sector.degrees == pytest.approx(0.5)
    assert str(sector) == "338-23"


@pytest.mark.parametrize("text", ["north-ish", "400", "9O", "abc;90", "1e3", "westnorth", "northsouth",
                                  "norths", "north-by-east", "nord"])
def test_bad_direction_names_the_parameter(text):
    with pytest.raises(UsageError) as err:
        parse_direction(text)
    assert err.value.parameter == "camera_direction"


def test_format_round_trip():
    assert format_direction(parse_direction("90;180")) == "90;180"
    assert format_direction(()) is None
