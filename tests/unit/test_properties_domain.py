"""Property tests: coordinates, directions and OSM tags either parse or fail with a UsageError."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from cameramap.domain.direction import format_direction, parse_direction
from cameramap.domain.errors import UsageError
from cameramap.domain.geo import BBox, Point
from cameramap.domain.records import CameraRecord
from cameramap.importers.osm_tags import DIRECTION_TAGS, record_from_tags

lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-90, 90, allow_nan=False)
# Whatever a caller might hand over: numbers of every kind and size, text, bytes, containers, None.
anything = st.one_of(
    st.floats(), st.integers(), st.integers(min_value=10**300, max_value=10**400), st.decimals(),
    st.fractions(), st.complex_numbers(), st.booleans(), st.none(), st.text(), st.binary(),
    st.lists(st.floats(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.floats(allow_nan=False).map(repr), st.integers().map(str),
)


def _usage_or(call, *args):
    """Run `call`; a UsageError is an answer, any other exception fails the test."""
    try:
        return call(*args)
    except UsageError:
        return None


@given(lons, lats)
def test_any_valid_point_is_accepted_and_kept(lon, lat):
    point = Point(lon, lat)
    assert (point.lon, point.lat) == (lon, lat)
    assert Point(repr(lon), repr(lat)) == point


@given(anything, anything)
def test_point_accepts_in_range_numbers_or_raises_usage_error(lon, lat):
    point = _usage_or(Point, lon, lat)
    if point is not None:
        assert math.isfinite(point.lon) and -180 <= point.lon <= 180
        assert math.isfinite(point.lat) and -90 <= point.lat <= 90


@given(st.one_of(anything, lons), st.one_of(anything, lats))
def test_checked_point_raises_only_usage_errors(lon, lat):
    point = _usage_or(Point.checked, lon, lat)
    assert point is None or (point.lon, point.lat) != (0.0, 0.0)


@given(lons, lons, lats, lats)
def test_any_ordered_bbox_round_trips_through_text(lon1, lon2, lat1, lat2):
    values = [min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2)]
    bbox = BBox.parse(",".join(repr(v) for v in values))
    assert bbox.as_list() == values
    assert BBox(*bbox.as_list()) == bbox


@given(st.one_of(st.text(), st.lists(st.one_of(st.floats().map(repr), st.text(max_size=4)),
                                     min_size=3, max_size=5).map(",".join)))
def test_bbox_text_parses_or_raises_usage_error(text):
    bbox = _usage_or(BBox.parse, text)
    if bbox is not None:
        assert bbox.west <= bbox.east and bbox.south <= bbox.north
    else:
        try:
            BBox.parse(text, parameter="within")
        except UsageError as err:
            assert err.parameter == "within"


@given(anything, anything, anything, anything)
def test_bbox_values_are_checked(west, south, east, north):
    bbox = _usage_or(BBox, west, south, east, north)
    assert bbox is None or all(math.isfinite(v) for v in bbox.as_list())


direction_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.-;, NESWnesw"),
    st.lists(st.one_of(st.floats(-400, 400).map(lambda v: f"{v:f}"), st.integers(-400, 400).map(str),
                       st.sampled_from(["N", "nne", "SW", "wnw", "-", " "])), max_size=4).map("-".join),
    st.lists(st.floats(-360, 360).map(repr), max_size=3).map(";".join),
    st.lists(st.floats(-1, 1).map(lambda v: f"{v:.9f}"), min_size=1, max_size=2).map("-".join),
)


@given(st.one_of(direction_text, st.floats(), st.integers(), st.none()))
@example(10**400)
@example(0.00001)
def test_parse_direction_raises_only_usage_errors(value):
    bearings = _usage_or(parse_direction, value)
    for bearing in bearings or ():
        assert 0 <= bearing.degrees < 360 and 0 <= bearing.width < 360


@given(st.floats(-360, 360))
@example(0.00001)  # once read through str(): '1e-05', which does not parse
def test_any_number_within_a_turn_is_a_direction(degrees):
    (bearing,) = parse_direction(degrees)
    apart = (bearing.degrees - degrees) % 360
    assert 0 <= bearing.degrees < 360 and min(apart, 360 - apart) <= 1e-6


@given(direction_text)
@example("0.00001")  # once formatted as 1e-05, which does not parse
@example("-0.00001")  # once 360, which parses back as 0
@example("0.0000001-0")
def test_formatted_direction_is_a_fixed_point(text):
    bearings = _usage_or(parse_direction, text)
    canonical = format_direction(bearings) if bearings else None
    if canonical is not None:
        again = parse_direction(canonical)
        assert format_direction(again) == canonical
        assert len(again) == len(bearings)


TAG_KEYS = [
    "man_made", "surveillance", "surveillance:type", "surveillance:zone", "camera:type", "camera:mount",
    *DIRECTION_TAGS, "camera:angle", "height", "est_height", "manufacturer", "brand", "model",
    "camera:model", "operator", "start_date", "check_date", "survey:date", "description", "note",
    "revolving",
]
TAG_VALUES = [
    "", " ", "yes", "ALPR", "anpr", "panning", "dome", "90", "338-23", "NE", "north", "90;;x", "4 m",
    "3,5", "-2.5", "1e400", "9" * 400, "2020", "2020-13-45", "0000-00-00", "2019-02-29", "99999-01",
    "\x00", "<script>alert(1)</script>",
]
tag_dicts = st.dictionaries(
    st.one_of(st.sampled_from(TAG_KEYS), st.text(max_size=20)),
    st.one_of(st.sampled_from(TAG_VALUES), st.text(max_size=40)),
    max_size=12,
)


@given(lons, lats, st.text(max_size=30), tag_dicts)
def test_osm_tags_always_make_a_record(lon, lat, record_id, tags):
    record = record_from_tags(Point(lon, lat), record_id, tags)
    assert isinstance(record, CameraRecord)
    assert record.tags == tags and record.tags is not tags
    for number in (record.camera_angle, record.height):
        assert number is None or math.isfinite(number)
    for day in (record.first_seen, record.last_verified):
        assert day is None or isinstance(day, date)
    if record.camera_direction is not None:
        assert format_direction(parse_direction(record.camera_direction)) == record.camera_direction
