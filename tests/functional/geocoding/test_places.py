"""Named places from the real Helsinki extract: squares and stations by any of their names, within 100 m
of the OSM object (its geometry read here straight from the extract)."""

from __future__ import annotations

import math

import osmium
import pytest
from shapely.geometry import MultiPoint
from shapely.geometry import Point as ShapelyPoint

from cameramap.config import parse
from cameramap.geocoding.base import Precision, Status
from cameramap.services import geocoding
from cameramap.services.imports.demo import demo_pbf_path

CONFIG = parse({"GEOCODER_MIN_SCORE": 0.75})
KAUPPATORI, SENAATINTORI = 2919185, 2919121  # the squares' multipolygon relations


def _relation_nodes(relation_id: int) -> list[tuple[float, float]]:
    """Every located node of the relation's member ways present in the extract."""
    ways: set[int] = set()
    for obj in osmium.FileProcessor(demo_pbf_path(), osmium.osm.RELATION):
        if obj.id == relation_id:
            ways = {m.ref for m in obj.members if m.type == "w"}
    points = []
    for obj in osmium.FileProcessor(demo_pbf_path()).with_locations():
        if obj.is_way() and obj.id in ways:
            points += [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
    assert points, f"relation {relation_id} has no member way in the extract"
    return points


def _metres_from(answer, relation_id: int) -> float:
    nodes = _relation_nodes(relation_id)
    kx, ky = 111_320.0 * math.cos(math.radians(answer.lat)), 110_574.0
    hull = MultiPoint([(x * kx, y * ky) for x, y in nodes]).convex_hull
    return hull.distance(ShapelyPoint(answer.lon * kx, answer.lat * ky))


@pytest.fixture
def helsinki(session):
    geocoding.build_gazetteer(session, demo_pbf_path())


@pytest.mark.parametrize("query, relation", [
    ("Kauppatori", KAUPPATORI), ("Salutorget", KAUPPATORI),
    ("Senaatintori", SENAATINTORI), ("Senate Square", SENAATINTORI), ("senatstorget", SENAATINTORI),
    ("Сенатская площадь", SENAATINTORI), ("Senate Square, Helsinki", SENAATINTORI),
])
def test_squares_by_any_name_within_100_m(helsinki, session, query, relation):
    result = geocoding.forward(session, query, CONFIG)
    assert result.status is Status.OK, result.to_dict()
    assert result.best.precision is Precision.PLACE
    assert _metres_from(result.best.point, relation) <= 100


def test_the_station_by_its_finnish_and_english_names(helsinki, session):
    fi = geocoding.forward(session, "Helsingin päärautatieasema", CONFIG).best
    en = geocoding.forward(session, "Helsinki Central Railway Station", CONFIG).best
    assert fi.precision is en.precision is Precision.PLACE
    assert fi.point.distance_m(en.point) <= 200


def test_addresses_and_localities_still_win_their_queries(helsinki, session):
    address = geocoding.forward(session, "Aleksanterinkatu 52", CONFIG).best
    assert address.precision is Precision.ADDRESS
    assert geocoding.forward(session, "Helsinki", CONFIG).best.precision is Precision.LOCALITY


def test_the_api_answers_a_place(helsinki, client):
    body = client.get("/api/v1/geocode?q=Senaatintori").get_json()
    assert body["status"] == "ok" and body["precision"] == "place" and body["label"] == "Senaatintori"
