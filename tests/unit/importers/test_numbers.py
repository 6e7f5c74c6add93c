"""Coordinate cells that spreadsheets mangled: what is repaired, how, and what is refused."""

import pytest

from cameramap.importers.items import RowProblem
from cameramap.importers.numbers import Number, plain_number, read_coordinate, read_pair
from cameramap.importers.registry import open_file


@pytest.mark.parametrize(("text", "axis", "value", "kind"), [
    ("46,1993881", "lat", 46.1993881, "decimal_comma"),
    ("46°11'57.8\"N", "lat", 46.199388889, "degrees_minutes_seconds"),
    ("46° 11′ 57.8″ N", "lat", 46.199388889, "degrees_minutes_seconds"),
    ("6°08'30.7\"E", "lon", 6.141861111, "degrees_minutes_seconds"),
    ("46°11.963'N", "lat", 46.199383333, "degrees_minutes_seconds"),
    ("33°52'S", "lat", -33.866666667, "degrees_minutes_seconds"),
    ("46d 11m 57.8s N", "lat", 46.199388889, "degrees_minutes_seconds"),
    ("6.14 E", "lon", 6.14, "hemisphere_letter"),
    ("S 36.8", "lat", -36.8, "hemisphere_letter"),
    ("74.0060W", "lon", -74.006, "hemisphere_letter"),
    ("2.600.123,45", None, 2600123.45, "thousands_separators"),
])
def test_unambiguous_manglings_are_repaired_and_say_how(text, axis, value, kind):
    number = read_coordinate(text, axis)
    assert isinstance(number, Number)
    assert (number.value, number.repair, number.text) == (pytest.approx(value, abs=1e-9), kind, text)


def test_grouped_digits_have_every_reading_in_range():
    lat = read_coordinate("461.993.881", "lat")
    lon = read_coordinate("61.418.784", "lon")
    assert lat.value is None and lat.choices == (4.61993881, 46.1993881)
    assert lon.value is None and lon.choices == (6.1418784, 61.418784)
    assert read_coordinate("1.273.912.345", "lon").choices == (1.273912345, 12.73912345, 127.3912345)
    projected = read_coordinate("2.600.123", "lon", projected=True)
    assert (projected.value, projected.repair) == (2600123.0, "thousands_separators")


def test_plain_numbers_stay_plain_floats():
    assert read_coordinate("46.1993881", "lat") == 46.1993881
    assert read_coordinate(6.5, "lon") == 6.5
    assert read_coordinate("  ", "lat") is None and read_coordinate("n/a", "lat") is None


@pytest.mark.parametrize(("text", "axis", "code"), [
    ("46,19,93", "lat", "mangled_number"),
    ("46 199", "lat", "mangled_number"),
    ("46.2 E", "lat", "mangled_number"),  # an east-west letter in a latitude column
    ("-36.8 S", "lat", "mangled_number"),  # negative twice
    ("46°75'00\"N", "lat", "mangled_number"),  # 75 minutes
    ("NaN", "lat", "non_finite"),
    ("north", "lat", "unparsable_coordinates"),
])
def test_what_cannot_be_repaired_has_a_reason(text, axis, code):
    with pytest.raises(RowProblem) as err:
        read_coordinate(text, axis)
    assert err.value.code == code


def test_plain_number_refuses_several_readings():
    with pytest.raises(RowProblem, match="several readings") as err:
        plain_number("461.993.881")
    assert err.value.code == "mangled_number"
    assert plain_number("46,5") == 46.5


@pytest.mark.parametrize(("text", "lon", "lat"), [
    ("46°11'57.8\"N 6°08'30.7\"E", 6.141861111, 46.199388889),
    ("46° 11′ 57.8″ N, 6° 08′ 30.7″ E", 6.141861111, 46.199388889),
    ("N 46.1994, E 6.1419", 6.1419, 46.1994),
    ("6.14 E, 46.2 N", 6.14, 46.2),  # the letters say which is which
    ("46,1993881; 6,1418784", 6.1418784, 46.1993881),
    ("46,2, 6,1", 6.1, 46.2),
])
def test_a_packed_cell_of_two_mangled_numbers(text, lon, lat):
    x, y = read_pair(text)
    assert (x.value, y.value) == (pytest.approx(lon), pytest.approx(lat))


def test_a_packed_cell_that_splits_no_single_way_is_not_read():
    assert read_pair("46.2 6.1") is None  # plain numbers: parse_packed reads those
    assert read_pair("hello world") is None
    with pytest.raises(RowProblem):
        read_pair("46.2 N, 6.1 N")  # two latitudes


def test_packed_cells_are_repaired_through_the_csv_reader(tmp_path):
    path = tmp_path / "google_maps_copies.csv"
    path.write_text('name,location\nPlainpalais,"46°11\'57.8""N 6°08\'30.7""E"\nRive,"N 46.2024, E 6.1523"\n')
    items = list(open_file(path).items)
    assert [(i.record.point.lon, i.record.point.lat) for i in items] == \
        [(6.141861111, 46.199388889), (6.1523, 46.2024)]
    assert [kind for i in items for kind, _ in i.repairs] == ["degrees_minutes_seconds"] * 2 + \
        ["hemisphere_letter"] * 2
