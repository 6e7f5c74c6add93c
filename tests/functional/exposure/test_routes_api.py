"""POST /api/v1/routes on a hand-made network: a 100 m street past a camera, or a 160 m detour."""

from __future__ import annotations

import math

import pytest
from pyproj import Transformer

from cameramap.services.exposure.streets import import_streets
from tests.factories import make_camera

LON, LAT = 24.95, 60.17
AROUND = Transformer.from_crs(f"+proj=aeqd +lat_0={LAT} +lon_0={LON} +datum=WGS84", "EPSG:4326",
                              always_xy=True)  # metres around the camera -> lon/lat
URL = "/api/v1/routes"
# metres east, north of (LON, LAT): A -> B straight (100 m); A -> D -> E -> B the detour (160 m);
# F -> G a street that joins nothing.
NODES = {1: (0, 0), 2: (100, 0), 3: (0, 30), 4: (100, 30), 5: (0, 300), 6: (100, 300)}
WAYS = {11: (1, 2), 12: (1, 3, 4, 2), 13: (5, 6)}


def lonlat(x: float, y: float) -> list[float]:
    lon, lat = AROUND.transform([x], [y])
    return [float(lon[0]), float(lat[0])]


@pytest.fixture
def network(session, tmp_path):
    nodes = "".join(f'<node id="{n}" lon="{lonlat(*xy)[0]:.9f}" lat="{lonlat(*xy)[1]:.9f}" version="1"/>'
                    for n, xy in NODES.items())
    refs = {w: "".join(f'<nd ref="{n}"/>' for n in chain) for w, chain in WAYS.items()}
    tag = '<tag k="highway" v="residential"/>'
    ways = "".join(f'<way id="{w}" version="1">{refs[w]}{tag}</way>' for w in WAYS)
    path = tmp_path / "detour.osm"
    path.write_text(f'<?xml version="1.0"?><osm version="0.6">{nodes}{ways}</osm>')
    import_streets(session, path)
    # a dome (20 m disc) 5 m south of the straight street: it sees 2 sqrt(20² - 5²) = 38.7 m of it
    return make_camera(session, lon=lonlat(50, -5)[0], lat=lonlat(50, -5)[1], camera_type="dome", claims=[])


def route(client, **body):
    body = {"from": lonlat(0, 0), "to": lonlat(100, 0)} | body
    return client.post(URL, json=body)


def test_a_budget_of_0_returns_the_shortest_route(client, network):
    answer = route(client, budget=0).get_json()
    assert answer["shortest"]["length_m"] == pytest.approx(100, abs=0.1)
    assert answer["least_watched"] == answer["shortest"]
    assert answer["shortest"]["exposure"]["watched_m"] == pytest.approx(38.7, abs=0.1)
    assert answer["comparison"]["same_route"] is True


def test_the_detour_is_taken_only_when_the_budget_allows_it(client, network):
    tight = route(client, budget=0.5).get_json()  # 160 m > 150 m: the detour does not fit
    assert tight["least_watched"]["length_m"] == pytest.approx(100, abs=0.1)
    loose = route(client, budget=0.65).get_json()
    least = loose["least_watched"]
    assert least["length_m"] == pytest.approx(160, abs=0.2)
    assert least["exposure"]["watched_m"] == 0 and least["exposure"]["cameras"] == []
    assert loose["comparison"]["similar"] is False
    assert loose["comparison"]["watched_saved_m"] == pytest.approx(38.7, abs=0.1)
    assert least["seconds"] == round(160 / (5 / 3.6))  # on foot, 5 km/h


def test_a_detour_that_saves_little_is_called_similar(client, network, session):
    # a second dome 8 m north of the detour's far street sees 2 sqrt(20² - 8²) = 36.7 m of it
    make_camera(session, lon=lonlat(50, 38)[0], lat=lonlat(50, 38)[1], camera_type="dome", claims=[])
    answer = route(client, budget=0.65).get_json()
    chord = 2 * math.sqrt(20**2 - 8**2)  # the disc is a 72-gon: its chord is a few cm shorter
    assert answer["least_watched"]["exposure"]["watched_m"] == pytest.approx(chord, abs=0.15)
    comparison = answer["comparison"]
    assert comparison["same_route"] is False and comparison["similar"] is True
    assert comparison["watched_saved_m"] == pytest.approx(2.0, abs=0.2)
    assert "differ little" in comparison["note"]


def test_avoiding_only_face_recognition_keeps_the_shortest_route(client, network):
    answer = route(client, budget=1, avoid="face_recognition").get_json()
    assert answer["comparison"]["same_route"] is True


def test_an_unreachable_destination_gets_a_clear_422(client, network):
    answer = route(client, to=lonlat(100, 300))
    assert answer.status_code == 422 and answer.get_json()["error"] == "unreachable"
    far = route(client, to=lonlat(5000, 5000))
    assert far.status_code == 422 and "no street" in far.get_json()["message"]


@pytest.mark.parametrize("body, parameter", [
    ({"profile": "horse"}, "profile"), ({"budget": -0.1}, "budget"), ({"budget": "25%"}, "budget"),
    ({"avoid": "everything"}, "avoid"), ({"avoid": "operators"}, "operators"), ({"from": [200, 60]}, "from"),
    ({"via": [1, 2]}, "via"),
])
def test_bad_requests_get_a_400_naming_the_field(client, network, body, parameter):
    answer = route(client, **body)
    assert answer.status_code == 400 and answer.get_json()["parameter"] == parameter


def test_an_address_not_in_the_gazetteer_is_a_documented_404(client, network):
    answer = route(client, to="Nowhere Street 99999")
    assert answer.status_code == 404 and answer.get_json()["parameter"] == "to"


def test_without_a_street_network_routes_answer_404_and_only_post_and_json_are_served(client, session):
    assert route(client).status_code == 404
    assert client.get(URL).status_code == 405
    form = client.post(URL, data="from=1", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415


def test_answers_match_the_openapi_document(client, network):
    import jsonschema_rs

    document = client.get("/api/v1/openapi.json").get_json()

    def valid(name: str, body) -> None:
        schema = {"components": document["components"], "$ref": f"#/components/schemas/{name}"}
        jsonschema_rs.validator_for(schema).validate(body)

    assert {"/exposure", "/routes"} <= set(document["paths"])
    plan = route(client, budget=0.65).get_json()
    valid("RoutePlan", plan)
    valid("RouteRequest", {"from": lonlat(0, 0), "to": "Mannerheimintie 1", "budget": 0.25})
    track = {"type": "LineString", "coordinates": [lonlat(-50, -5), lonlat(150, -5)]}
    answer = client.post("/api/v1/exposure", json=track).get_json()
    assert answer["cameras"]
    valid("Exposure", answer)
    error = route(client, profile="horse").get_json()
    valid("Error", error)


@pytest.mark.parametrize("end, label", [("from", "start"), ("to", "end")])
def test_an_unknown_address_is_named_plainly_with_its_own_code(client, network, end, label):
    answer = route(client, **{end: "Nowhere Street 99999"})
    body = answer.get_json()
    assert answer.status_code == 404 and body["error"] == "address_not_found" and body["parameter"] == end
    assert body["message"].startswith(f"the {label} address was not found")
    far = route(client, **{end: lonlat(5000, 5000)}).get_json()
    assert far["error"] == "no_street_near" and far["parameter"] == end
    assert f"route's {label}" in far["message"]
