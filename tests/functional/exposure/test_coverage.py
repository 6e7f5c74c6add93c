"""Street coverage per area: the share of street length in view, per profile, capability and operator."""

from __future__ import annotations

import csv
import io

import pytest
from pyproj import Geod

from cameramap.domain.records import ClaimRecord
from cameramap.storage.accountability import Area
from tests.factories import make_camera

from .conftest import SOUTH, STEP, WEST

LAYER = "Grid halves"


def square(code: str, west: float, east: float) -> Area:
    south, north = SOUTH - 0.001, SOUTH + 3 * STEP
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return Area(layer=LAYER, code=code, name=f"=Half {code}", population=None, area_km2=1.0, west=west,
                south=south, east=east, north=north, geometry={"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def halves(session, grid):
    # a dome on the southern street, halfway between its first two nodes: it sees 40 m of it
    make_camera(session, lon=WEST + STEP / 2, lat=SOUTH, camera_type="dome", operator="Grid Watch",
                claims=[ClaimRecord("face_recognition", "claimed", "sign", "a sign")])
    # a segment belongs to the half that holds its midpoint: the boundary runs between them
    session.add_all([square("W", WEST - 0.001, WEST + 1.25 * STEP), square("E", WEST + 1.25 * STEP, 24.95)])
    session.flush()


def test_coverage_per_area_profile_capability_and_operator(client, halves):
    body = client.get(f"/api/v1/coverage?layer={LAYER}").get_json()
    west, east = sorted(body["areas"], key=lambda a: a["code"], reverse=True)
    geod = Geod(ellps="WGS84")
    across = geod.inv(WEST, SOUTH, WEST + STEP, SOUTH)[2]  # one east-west block
    up = geod.inv(WEST, SOUTH, WEST, SOUTH + STEP)[2]  # one north-south block
    # west: three east-west blocks and the first two north-south streets (2 blocks each)
    assert west["profiles"]["foot"]["street_m"] == pytest.approx(3 * across + 4 * up, abs=0.5)
    assert east["profiles"]["car"]["street_m"] == pytest.approx(3 * across + 2 * up, abs=0.5)
    assert west["profiles"]["foot"]["watched_m"] == pytest.approx(40, abs=0.1)
    assert west["profiles"]["foot"]["share"] == pytest.approx(40 / (3 * across + 4 * up), abs=1e-4)
    assert east["profiles"]["foot"]["watched_m"] == 0
    assert west["capabilities"]["face_recognition"]["bike"]["watched_m"] == pytest.approx(40, abs=0.1)
    assert west["operators"][0]["name"] == "Grid Watch"
    assert west["operators"][0]["profiles"]["car"]["watched_m"] == pytest.approx(40, abs=0.1)


def test_coverage_as_csv_escapes_formulas(client, halves):
    answer = client.get(f"/api/v1/coverage?layer={LAYER}&format=csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    watched = [r for r in rows if r["area_code"] == "W" and r["cameras"] == "capability:face_recognition"]
    assert {r["profile"] for r in watched} == {"foot", "bike", "car"}
    assert float(watched[0]["watched_m"]) == pytest.approx(40, abs=0.1)
    assert all(r["area_name"].startswith("'=") for r in rows)


def test_coverage_needs_a_known_layer(client, session):
    assert client.get("/api/v1/coverage").status_code == 400
    assert client.get("/api/v1/coverage?layer=nope").status_code == 404
    assert client.get("/api/v1/coverage?layer=x&format=xml").status_code == 400


def test_coverage_matches_the_openapi_document(client, halves):
    import jsonschema_rs

    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"components": document["components"], "$ref": "#/components/schemas/Coverage"}
    jsonschema_rs.validator_for(schema).validate(client.get(f"/api/v1/coverage?layer={LAYER}").get_json())


def test_the_stats_page_shows_the_coverage_table_in_english_and_russian(client, halves):
    page = client.get(f"/stats?layer={LAYER}").get_data(as_text=True)
    start = page.index('id="street-coverage"')
    section = page[start:page.index("</section>", start)]
    assert "Streets in view of cameras" in section and "face recognition, on foot" in section
    west = section[section.index("=Half W"):section.index("</tr>", section.index("=Half W"))]
    geod = Geod(ellps="WGS84")
    across, up = geod.inv(WEST, SOUTH, WEST + STEP, SOUTH)[2], geod.inv(WEST, SOUTH, WEST, SOUTH + STEP)[2]
    share = 100 * 40 / (3 * across + 4 * up)  # as in the API's figures above
    assert f"{share:.1f}&nbsp;%" in west and "Grid Watch" in west
    assert "format=csv" in section and "/api/v1/coverage?layer=" in section
    russian = client.get(f"/stats?layer={LAYER}&lang=ru").get_data(as_text=True)
    assert "Улицы в поле зрения камер" in russian and f"{share:.1f}".replace(".", ",") in russian


def test_the_stats_page_has_no_coverage_without_a_street_network(client, session):
    session.add(square("W", WEST - 0.001, WEST + 1.25 * STEP))
    session.flush()
    page = client.get(f"/stats?layer={LAYER}").get_data(as_text=True)
    assert "=Half W" in page and 'id="street-coverage"' not in page
