"""Matching over a small synthetic gazetteer: exact, interpolated, street, intersection, no match."""

import random

import pytest

from cameramap.domain.geo import Point
from cameramap.geocoding.base import Precision, Status
from cameramap.geocoding.gazetteer import Gazetteer
from cameramap.geocoding.index import GazetteerIndex
from cameramap.geocoding.records import AddressRow, PlaceRow, StreetRow

LAT = 60.0


def address(street, number, lon, lat=LAT + 0.0001, postcode="00100"):
    return AddressRow(street, number, postcode, "Testilä", lon, lat)


@pytest.fixture(scope="module")
def gazetteer():
    streets = [
        StreetRow("Testikatu", ("Testgatan",), ((24.000, LAT), (24.010, LAT))),
        StreetRow("Ristitie", (), ((24.004, LAT - 0.005), (24.004, LAT + 0.005))),
        StreetRow("Kaukokatu", (), ((24.000, LAT + 0.05), (24.010, LAT + 0.05))),
    ]
    addresses = [
        address("Testikatu", "1", 24.001), address("Testikatu", "9", 24.009),
        address("Testikatu", "2", 24.001, LAT - 0.0001), address("Testikatu", "5 B", 24.005),
        address("Kaksoiskatu", "3", 24.1), address("Kaksoiskatu", "3", 24.12),
    ]
    places = [PlaceRow("Testilä", ("Testby",), "suburb", 24.005, LAT)]
    return Gazetteer(GazetteerIndex(addresses, streets, places), min_score=0.75)


def test_exact_house_number(gazetteer):
    result = gazetteer.geocode("Testikatu 9")
    assert result.status is Status.OK
    assert result.best.precision is Precision.ADDRESS
    assert result.best.point == Point(24.009, LAT + 0.0001)
    assert result.best.score == 1.0


def test_interpolation_between_two_known_numbers(gazetteer):
    result = gazetteer.geocode("Testikatu 3")  # known on this side: 1 (lon 24.001) and 5 B (24.005)
    assert result.best.precision is Precision.INTERPOLATED
    assert result.best.point.lon == pytest.approx(24.003, abs=1e-9)
    assert result.best.point.lat == pytest.approx(LAT + 0.0001, abs=1e-9)
    assert result.best.score < 1.0
    assert gazetteer.geocode("Testikatu 7").best.point.lon == pytest.approx(24.007, abs=1e-9)


def test_letter_suffix_found_exactly_and_plain_number_approximately(gazetteer):
    assert gazetteer.geocode("testikatu 5b").best.precision is Precision.ADDRESS
    assert gazetteer.geocode("Testikatu 5 B, 00100 Testilä").best.precision is Precision.ADDRESS
    plain = gazetteer.geocode("Testikatu 5")
    assert plain.best.precision is Precision.INTERPOLATED and plain.best.label == "Testikatu 5 B"


def test_number_outside_known_range_gives_the_street(gazetteer):
    result = gazetteer.geocode("Testikatu 99")
    assert result.best.precision is Precision.STREET
    assert result.best.label == "Testikatu"


def test_other_language_name_and_typo(gazetteer):
    assert gazetteer.geocode("Testgatan 9").best.label.startswith("Testikatu 9")
    typo = gazetteer.geocode("Tesrikatu 9, Testilä")
    assert typo.ok and typo.best.label.startswith("Testikatu 9")
    assert 0.75 <= typo.best.score < 1.0


def test_below_threshold_is_no_match_with_candidates():
    strict = Gazetteer(GazetteerIndex([address("Testikatu", "9", 24.009)], [], []), min_score=0.99)
    result = strict.geocode("Tesrikatu 9")
    assert result.status is Status.NO_MATCH and result.best is None
    assert result.candidates[0].label.startswith("Testikatu 9")


def test_unknown_street_is_no_match_never_a_guess(gazetteer):
    result = gazetteer.geocode("Olematonpolku 12, Testilä")
    assert result.status is Status.NO_MATCH and result.best is None
    assert all(c.score < 0.75 for c in result.candidates)


def test_one_address_at_two_far_places_is_ambiguous(gazetteer):
    result = gazetteer.geocode("Kaksoiskatu 3")
    assert result.status is Status.NO_MATCH
    assert len({c.point for c in result.candidates}) == 2


def test_intersection(gazetteer):
    result = gazetteer.geocode("Testikatu x Ristitie")
    assert result.best.precision is Precision.INTERSECTION
    assert result.best.point.distance_m(Point(24.004, LAT)) < 1


def test_streets_that_never_meet_are_no_match(gazetteer):
    assert gazetteer.geocode("Testikatu & Kaukokatu").status is Status.NO_MATCH


def test_locality(gazetteer):
    result = gazetteer.geocode("Testby")
    assert result.best.precision is Precision.LOCALITY


def test_reverse_nearest_address_and_street(gazetteer):
    answer = gazetteer.reverse(Point(24.0091, LAT + 0.0002))
    assert answer.address.label == "Testikatu 9"
    assert answer.address_distance_m < 15
    assert answer.street.label == "Testikatu"
    assert answer.street_distance_m == pytest.approx(22.1, abs=0.5)


def test_reverse_far_from_everything_is_empty(gazetteer):
    answer = gazetteer.reverse(Point(25.0, 61.0))
    assert answer.address is None and answer.street is None and answer.label is None


def test_reverse_many_answers_as_one_by_one(gazetteer):
    """The batch (one tree query for the addresses) gives each point what reverse() gives it."""
    rng = random.Random(3)
    points = [Point(24.0 + rng.uniform(-0.002, 0.13), LAT + rng.uniform(-0.006, 0.052)) for _ in range(300)]
    points += [Point(24.001, LAT + 0.0001), Point(25.0, 61.0), Point(24.009, LAT + 0.0009)]
    batch = gazetteer.reverse_many(points)
    assert [a.to_dict() for a in batch] == [gazetteer.reverse(p).to_dict() for p in points]
    assert {a.label for a in batch} >= {"Testikatu 1", "Testikatu 9", "Ristitie", None}
    assert gazetteer.reverse_many([]) == []
