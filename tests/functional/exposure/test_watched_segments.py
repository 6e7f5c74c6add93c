"""GET /api/v1/coverage/segments: the street stretches in view in a box, cached per data version."""

from __future__ import annotations

import pytest
from pyproj import Geod

from cameramap.domain.geo import BBox
from cameramap.services.exposure import index, segments
from cameramap.services.exposure.streets import import_streets
from tests.factories import make_camera

from .conftest import SOUTH, STEP, WEST

URL = "/api/v1/coverage/segments"
BOX = f"{WEST - 0.001},{SOUTH - 0.001},{WEST + 3 * STEP},{SOUTH + 3 * STEP}"


def stretches(client, box: str = BOX, profile: str = "foot") -> dict:
    answer = client.get(f"{URL}?bbox={box}&profile={profile}")
    assert answer.status_code == 200, answer.data
    assert answer.mimetype == "application/geo+json" and answer.headers["ETag"]
    return answer.get_json()["features"][0]


def test_a_dome_on_a_street_colours_40_m_of_it(client, session, grid):
    make_camera(session, lon=WEST + STEP / 2, lat=SOUTH, camera_type="dome", claims=[])  # a 20 m disc
    feature = stretches(client)
    lines = feature["geometry"]["coordinates"]
    assert len(lines) == 1
    (lon0, lat0), (lon1, lat1) = lines[0]
    assert lat0 == pytest.approx(SOUTH) and lat1 == pytest.approx(SOUTH)
    assert Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] == pytest.approx(40, abs=0.2)
    assert feature["properties"]["watched_m"] == pytest.approx(40, abs=0.2)
    assert feature["properties"]["street_m"] > 1500  # the whole 3 x 3 grid lies in the box


def test_a_box_away_from_the_camera_has_no_watched_stretch(client, session, grid):
    make_camera(session, lon=WEST + STEP / 2, lat=SOUTH, camera_type="dome", claims=[])
    north = f"{WEST - 0.001},{SOUTH + 1.5 * STEP},{WEST + 3 * STEP},{SOUTH + 3 * STEP}"
    assert stretches(client, north)["geometry"]["coordinates"] == []


def test_the_answer_follows_the_street_network_version(client, session, grid, grid_file):
    assert stretches(client)["geometry"]["coordinates"] == []
    first = client.get(f"{URL}?bbox={BOX}").headers["ETag"]
    make_camera(session, lon=WEST + STEP / 2, lat=SOUTH, camera_type="dome", claims=[])
    index.forget()  # PostgreSQL moves the registry's version at COMMIT, which a test never reaches:
    import_streets(session, grid_file)  # a new street network version moves the key on both backends
    assert len(stretches(client)["geometry"]["coordinates"]) == 1  # computed again
    tag = client.get(f"{URL}?bbox={BOX}").headers["ETag"]
    assert tag != first
    assert client.get(f"{URL}?bbox={BOX}", headers={"If-None-Match": tag}).status_code == 304


def test_answers_are_kept_per_data_version(session, grid):
    box = BBox.parse(BOX)
    version = segments.versions(session)
    empty = segments.watched_segments(session, box, "foot", version)
    make_camera(session, lon=WEST + STEP / 2, lat=SOUTH, camera_type="dome", claims=[])
    index.forget()
    assert segments.watched_segments(session, box, "foot", version) is empty
    newer = (version[0], version[1] + 1)
    answer = segments.watched_segments(session, box, "foot", newer)
    assert len(answer["features"][0]["geometry"]["coordinates"]) == 1


@pytest.mark.parametrize("query", ["", "?bbox=1,2,3", "?bbox=24,60,24.5,60.2",
                                   "?bbox=24.9,60.1,24.95,60.15&profile=boat",
                                   "?bbox=24.9,60.1,24.95,60.15&lon=1"])
def test_bad_requests_get_a_clear_400(client, grid, query):
    answer = client.get(URL + query)
    assert answer.status_code == 400 and answer.get_json()["message"]


def test_without_a_network_it_answers_404(client, session):
    segments.forget()
    assert client.get(f"{URL}?bbox={BOX}").status_code == 404
