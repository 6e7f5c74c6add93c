"""Coordinates in the wild: numbers, packed cells, validation reasons, column names."""

import math

import pytest

from cameramap.importers.coords import make_point, normalize_name, parse_number, parse_packed
from cameramap.importers.items import RowProblem


@pytest.mark.parametrize(("cell", "lonlat"), [
    ("(41.7644, -87.7097)", (-87.7097, 41.7644)),          # Chicago LOCATION: (lat, lon)
    ("-36.909258, 174.634322", (174.634322, -36.909258)),  # Auckland: lat, lon
    ("-36.776609,174.576509", (174.576509, -36.776609)),
    ("POINT (24.94 60.17)", (24.94, 60.17)),               # WKT is lon lat
    ("SRID=4326;POINT Z (6.14 46.2 400)", (6.14, 46.2)),
    ("174.7, -36.8", (174.7, -36.8)),                      # first number cannot be a latitude
])
def test_packed_cells(cell, lonlat):
    assert parse_packed(cell) == pytest.approx(lonlat)


def test_packed_order_can_be_forced():
    assert parse_packed("8.5, 47.3", order="lonlat") == (8.5, 47.3)
    assert parse_packed("Station Rd") is None


def test_numbers_with_decimal_commas_and_blanks():
    assert parse_number("41,9") == 41.9
    assert parse_number("  ") is None
    assert parse_number(None) is None


@pytest.mark.parametrize(("text", "code"), [("NaN", "non_finite"), ("Infinity", "non_finite"),
                                            ("-inf", "non_finite"), ("461.993.881", "mangled_number"),
                                            ("abc", "unparsable_coordinates")])
def test_bad_numbers_have_reason_codes(text, code):
    with pytest.raises(RowProblem) as err:
        parse_number(text)
    assert err.value.code == code


@pytest.mark.parametrize(("lon", "lat", "code"), [
    (None, 47.0, "missing_coordinates"),
    (0.0, 0.0, "null_island"),
    (200.0, 47.0, "out_of_range"),
    (8.5, 95.0, "swapped_coordinates"),
    (100.0, 95.0, "out_of_range"),
    (math.nan, 1.0, "non_finite"),
    (math.inf, 1.0, "non_finite"),
])
def test_invalid_points_say_why(lon, lat, code):
    with pytest.raises(RowProblem) as err:
        make_point(lon, lat)
    assert err.value.code == code


def test_swap_is_applied_only_when_asked():
    assert make_point(47.37, 8.54, swap=True).lon == 8.54
    assert make_point(8.54, 47.37).lat == 47.37


def test_column_names_fold_bom_case_and_separators():
    assert normalize_name("\ufeffLATITUDE ") == "latitude"
    assert normalize_name("Go-Live Date") == "go_live_date"
    assert normalize_name("Широта") == "широта"
