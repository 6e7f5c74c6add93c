"""The Helsinki round trip: build from the PBF, geocode the derived address CSV, intersections."""

import csv
from collections import defaultdict

import pytest
from shapely.geometry import LineString, MultiLineString
from shapely.geometry import Point as ShapelyPoint
from sqlalchemy import func, select

from cameramap.cli.imports import import_command
from cameramap.config import parse
from cameramap.domain.geo import Point
from cameramap.geocoding.base import Precision, Status
from cameramap.geocoding.normalize import housenumber_key, street_keys
from cameramap.services import geocoding
from cameramap.storage.gazetteer import GazetteerAddress, GazetteerBuild, GazetteerStreet
from cameramap.storage.models import Camera, Provenance

CONFIG = parse({"GEOCODER_MIN_SCORE": 0.75})


def _rows(folder):
    with open(folder / "helsinki_addresses_DERIVED.csv", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["addr_street"] and r["addr_housenumber"]]


def test_round_trip_every_address(helsinki, session):
    rows = _rows(helsinki)
    truth = defaultdict(list)
    for r in rows:
        key = (street_keys(r["addr_street"])[0], housenumber_key(r["addr_housenumber"]))
        truth[key].append(Point(float(r["lon"]), float(r["lat"])))
    queries = [f"{r['addr_street'].lower()} {r['addr_housenumber']}, {r['addr_city'] or 'Helsinki'}"
               for r in rows]
    results = geocoding.forward_many(session, queries, CONFIG)
    near = wrong = 0
    for r, result in zip(rows, results, strict=True):
        if result.best is None:
            continue
        key = (street_keys(r["addr_street"])[0], housenumber_key(r["addr_housenumber"]))
        distance = min(result.best.point.distance_m(p) for p in truth[key])
        near += distance <= 25
        wrong += result.best.precision is Precision.ADDRESS and distance > 200
    assert near / len(rows) >= 0.98
    assert wrong == 0


def test_rebuilding_the_same_file_is_idempotent(helsinki, session):
    counts = session.scalar(select(func.count(GazetteerAddress.id)))
    again = geocoding.build_gazetteer(session, helsinki / "Helsinki.osm.pbf")
    assert again.unchanged and again.addresses == counts
    forced = geocoding.build_gazetteer(session, helsinki / "Helsinki.osm.pbf", force=True)
    assert not forced.unchanged and forced.addresses == counts
    assert session.scalar(select(func.count(GazetteerAddress.id))) == counts
    assert len(set(session.scalars(select(GazetteerBuild.build_id)))) == 1


def test_build_from_the_address_csv(session, shared_data):
    summary = geocoding.build_gazetteer(session, shared_data / "helsinki" / "helsinki_addresses_DERIVED.csv")
    assert summary.addresses == len(_rows(shared_data / "helsinki")) and summary.streets == 0
    result = geocoding.forward(session, "Kaivokatu 1", CONFIG)
    assert result.best.precision is Precision.ADDRESS


def _lines(session, name):
    coords = session.scalars(select(GazetteerStreet.coords).where(GazetteerStreet.name == name)).all()
    return MultiLineString([LineString(c) for c in coords])


def _metres_to(lines, point):
    """Distance in metres from a point to lines stored in degrees (local scale at Helsinki)."""
    nearest = lines.interpolate(lines.project(ShapelyPoint(point.lon, point.lat)))
    return point.distance_m(Point(nearest.x, nearest.y))


def test_intersection_of_two_real_streets(helsinki, session):
    for query in ("Mannerheimintie x Kalevankatu", "Kalevankatu & Mannerheimintie",
                  "mannerheimintie / kalevankatu", "Aleksanterinkatu and Mannerheimintie"):
        result = geocoding.forward(session, query, CONFIG)
        assert result.best.precision is Precision.INTERSECTION, query
        first, second = (name.strip() for name in result.best.label.split("&"))
        for name in (first, second):
            assert _metres_to(_lines(session, name), result.best.point) < 30, (query, name)


def test_interpolation_between_two_known_house_numbers(helsinki, session):
    numbers = defaultdict(dict)
    for r in _rows(helsinki):
        if r["addr_housenumber"].isdigit():
            numbers[r["addr_street"]][int(r["addr_housenumber"])] = Point(float(r["lon"]), float(r["lat"]))
    street, lo, hi = next((s, n, n + 4) for s, known in sorted(numbers.items()) for n in sorted(known)
                          if n + 4 in known and n + 2 not in known and n + 2 - 1 not in known
                          and n + 2 + 1 not in known)
    result = geocoding.forward(session, f"{street} {lo + 2}", CONFIG)
    assert result.best.precision is Precision.INTERPOLATED
    a, b, found = numbers[street][lo], numbers[street][hi], result.best.point
    assert found.distance_m(a) + found.distance_m(b) <= a.distance_m(b) + 1.0


def test_no_match_for_a_street_helsinki_lacks(helsinki, session):
    result = geocoding.forward(session, "Tverskaya ul. 13", CONFIG)
    assert result.status is Status.NO_MATCH and result.best is None


def test_reverse_labels_a_map_click(helsinki, session):
    answer = geocoding.reverse(session, Point(24.9414566, 60.1713198), CONFIG)
    assert answer.address is not None and answer.address_distance_m < 100
    assert answer.street is not None


CROSSING = "Mannerheimintie & Kaivokatu"


@pytest.mark.parametrize("query", [
    "Mannerheimintie x Kaivokatu, Helsinki", "Mannerheimintie & Kaivokatu, 00100 Helsinki",
    "Helsinki, Mannerheimintie x Kaivokatu", "Mannerheimintie / Kaivokatu, Helsingfors",
    "Mannerheimintie and Kaivokatu, Helsinki, Finland", "Mannerheimintie x Kaivokatu Helsinki",
])
def test_an_intersection_with_its_city_is_the_intersection(helsinki, session, query):
    result = geocoding.forward(session, query, CONFIG)
    assert result.ok, result.message
    assert (result.best.precision, result.best.label) == (Precision.INTERSECTION, CROSSING)
    plain = geocoding.forward(session, "Mannerheimintie x Kaivokatu", CONFIG).best
    assert result.best.point.distance_m(plain.point) < 1


def test_an_address_suffix_in_a_mapping_keeps_intersections(app, helsinki, session, tmp_path):
    """Realistic, made up: a list of junction cameras whose mapping adds the city, as the docs advise."""
    (tmp_path / "junctions.csv").write_text("id,junction\nj1,Mannerheimintie x Kaivokatu\n"
                                            "j2,Aleksanterinkatu x Mikonkatu\nj3,Mannerheimintie 10\n")
    (tmp_path / "mapping.yaml").write_text("address: junction\naddress_suffix: Helsinki\n")
    result = app.test_cli_runner().invoke(import_command, [
        str(tmp_path / "junctions.csv"), "--mapping", str(tmp_path / "mapping.yaml"),
        "--source", "Junctions"])
    assert result.exit_code == 0, result.output
    assert "created 3" in result.output and "needs location 0" in result.output
    placed = dict(session.execute(select(Provenance.source_record_id, Provenance.tags)).all())
    assert placed["j1"]["cameramap:geocoded_from"] == "Mannerheimintie x Kaivokatu, Helsinki"
    crossing = geocoding.forward(session, "Mannerheimintie x Kaivokatu", CONFIG).best.point
    camera = session.scalar(select(Camera).join(Provenance).where(Provenance.source_record_id == "j1"))
    assert Point(camera.lon, camera.lat).distance_m(crossing) < 1


@pytest.mark.parametrize(("query", "spelled"), [
    ("Mannerheimntie 5", "Mannerheimintie 5"),  # a letter dropped
    ("Alekssanterinkatu 5", "Aleksanterinkatu 5"),  # doubled
    ("Mannerheimitnie 10, Helsinki", "Mannerheimintie 10"),  # two swapped
    ("Kaivokatu 1", "Kaivokatu 1"),
    ("Kaivokotu 1, Helsinki", "Kaivokatu 1"),  # replaced
    ("00100 Helsinki, Mannerheimintie 5", "Mannerheimintie 5"),  # postcode first
    ("00100, Aleksanterinkatu 5", "Aleksanterinkatu 5"),
])
def test_misspelled_and_postcode_first_addresses(helsinki, session, query, spelled):
    expected = geocoding.forward(session, spelled, CONFIG).best
    result = geocoding.forward(session, query, CONFIG)
    assert result.ok and result.best.precision is Precision.ADDRESS, result.message
    assert result.best.point.distance_m(expected.point) <= 25
