"""Building relations (type=multipolygon, with a courtyard) are imported and cut views like buildings."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import select

from cameramap.services.exposure.streets import import_streets
from cameramap.storage.streets import StreetBuilding
from tests.factories import make_camera
from tests.functional.exposure.test_exposure_api import LAT, LON, offset

COURTYARD_OSM = Path(__file__).parent / "fixtures" / "courtyard.osm"  # outer ±35 m, courtyard ±15 m


def watched(client, *points: tuple[float, float], query: str = "") -> float:
    line = {"type": "LineString", "coordinates": [offset(x, y) for x, y in points]}
    answer = client.post("/api/v1/exposure" + query, data=orjson.dumps(line),
                         content_type="application/geo+json")
    assert answer.status_code == 200, answer.data
    return float(answer.get_json()["watched_m"])


def test_the_relation_is_stored_as_one_building_with_its_courtyard(session):
    result = import_streets(session, COURTYARD_OSM)
    assert (result.ways, result.buildings) == (2, 1)  # the grass multipolygon is no building
    stored = session.scalars(select(StreetBuilding)).one()
    assert stored.osm_id == -900  # relations are stored negated
    outer, courtyard = stored.ring
    assert len(outer) == len(courtyard) == 5
    assert (stored.west, stored.east) == pytest.approx((offset(-35, 0)[0], offset(35, 0)[0]), abs=1e-6)


def test_a_camera_in_the_courtyard_sees_the_courtyard_only(client, session):
    import_streets(session, COURTYARD_OSM)
    make_camera(session, lon=LON, lat=LAT, camera_type="dome", claims=[])  # a 20 m disc
    passage = ((-100, 0), (100, 0))
    assert watched(client, *passage) == pytest.approx(30, abs=0.2)  # the disc's 40 m cut by the walls
    assert watched(client, *passage, query="?range_m=120") == pytest.approx(30, abs=0.2)
    assert watched(client, (45, -20), (45, 20), query="?range_m=120") == 0  # the street beyond the building


def test_the_courtyard_building_hides_the_street_behind_it_from_a_camera_outside(client, session):
    import_streets(session, COURTYARD_OSM)
    make_camera(session, lon=offset(-45, 0)[0], lat=offset(-45, 0)[1], camera_type="dome", claims=[])
    far = "?range_m=120"
    assert watched(client, (45, -20), (45, 20), query=far) == 0  # behind the building
    assert watched(client, (-40, -20), (-40, 20), query=far) == pytest.approx(40, abs=0.2)  # in front of it
    # the passage: in view from its west end up to the wall; the courtyard lies in the building's shadow
    assert watched(client, (-100, 0), (100, 0), query=far) == pytest.approx(65, abs=0.2)


def test_without_buildings_the_same_street_is_in_view(client, session):
    result = import_streets(session, COURTYARD_OSM, buildings=False)
    assert result.buildings == 0
    make_camera(session, lon=offset(-45, 0)[0], lat=offset(-45, 0)[1], camera_type="dome", claims=[])
    assert watched(client, (45, -20), (45, 20), query="?range_m=120") == pytest.approx(40, abs=0.2)
