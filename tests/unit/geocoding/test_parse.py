"""Query parsing: street phrases, house numbers, postcodes, localities and intersections."""

import pytest

from cameramap.geocoding.normalize import street_keys
from cameramap.geocoding.parse import parse_query

LOCALITIES = {"helsinki", "helsingfors"}
POSTCODES = {"00100", "00120"}


def key(name):
    return street_keys(name)[0]


@pytest.mark.parametrize(("query", "street", "number"), [
    ("Tverskaya ul. 13", "Tverskaya ulitsa", "13"),
    ("3450 W 71st St", "West 71st Street", "3450"),
    ("Annankatu 5 A, 00120 Helsinki", "Annankatu", "5a"),
    ("annankatu 5a helsinki", "Annankatu", "5a"),
    ("ANNANKATU 14B HELSINKI HELSINKI", "Annankatu", "14b"),
    ("00120 Helsinki, Annankatu 5", "Annankatu", "5"),
    ("Annankatu 15-17", "Annankatu", "15-17"),
    ("Helsinki, Annankatu", "Annankatu", None),
])
def test_street_and_number(query, street, number):
    parsed = parse_query(query, LOCALITIES, POSTCODES)
    assert parsed.streets[0].key == key(street)
    assert parsed.housenumber == number


def test_postcode_and_locality_are_taken_out():
    parsed = parse_query("Bulevardi 10, 00120 Helsingfors", LOCALITIES, POSTCODES)
    assert (parsed.postcode, parsed.locality) == ("00120", "helsingfors")
    assert [p.key for p in parsed.streets] == [key("Bulevardi")]


def test_unknown_five_digit_number_beside_a_house_number_is_a_postcode():
    parsed = parse_query("Main Street 12, 54321 Springfield")
    assert (parsed.housenumber, parsed.postcode) == ("12", "54321")


@pytest.mark.parametrize("query", [
    "Pitt St x Alfred St", "Pitt St & Alfred St", "Pitt St and Alfred St", "Pitt St / Alfred St",
    "Pitt St at Alfred St", "Pitt St/Alfred St",
])
def test_intersections(query):
    parsed = parse_query(query)
    assert parsed.cross is not None
    assert [p.key for p in parsed.cross] == [key("Pitt Street"), key("Alfred Street")]
    assert parsed.streets == ()


def test_locality_alone():
    parsed = parse_query("Helsinki", LOCALITIES, POSTCODES)
    assert parsed.streets == () and parsed.locality == "helsinki"
