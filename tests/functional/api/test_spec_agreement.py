"""Regressions of the disagreements schemathesis' full checks found between the OpenAPI documents and the
server: each case below is now either allowed by the document and answered, or forbidden by the
document and refused (or, for a rule a JSON Schema cannot state, refused with a documented code)."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import orjson
import pytest

from tests.factories import make_camera
from tests.functional.api.test_openapi import API_DOCUMENT, OGC_DOCUMENT, SEMANTIC_CODES


def parameter(document: dict[str, Any], path: str, name: str, method: str = "get") -> dict[str, Any]:
    (found,) = [p for p in document["paths"][path][method]["parameters"] if p["name"] == name]
    return found


def allows(schema: dict[str, Any], value: Any, document: dict[str, Any] = API_DOCUMENT) -> bool:
    full = {**schema, "components": document["components"]}
    return jsonschema_rs.validator_for(orjson.loads(orjson.dumps(full))).is_valid(value)


def body_schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_tile_with_bbox_is_a_documented_conflict(client, session):
    answer = client.get("/api/v1/cameras?tile=12/2331/1185&bbox=24.9,60.1,25,60.2")
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "conflicting_parameters" in SEMANTIC_CODES
    assert "not with bbox" in parameter(API_DOCUMENT, "/cameras", "tile")["description"]


@pytest.mark.parametrize("url", ["/api/v1/cameras/tiles/1/0/2", "/api/v1/cameras/tiles/3/9/0",
                                 "/api/v1/cameras?tile=1/0/2"])
def test_a_tile_outside_the_grid_is_404_as_documented(client, session, url):
    assert client.get(url).status_code == 404
    assert "404" in API_DOCUMENT["paths"]["/cameras/tiles/{z}/{x}/{y}"]["get"]["responses"]


def test_a_cursor_past_the_end_answers_an_empty_page(client, session):
    since = "9999999999999999999_9999999999"
    assert allows(parameter(API_DOCUMENT, "/changes", "since")["schema"], since)
    answer = client.get(f"/api/v1/changes?since={since}")
    assert answer.status_code == 200 and answer.get_json()["changes"] == []


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_address_is_refused_by_both(client, session, q):
    assert not allows(parameter(API_DOCUMENT, "/geocode", "q")["schema"], q)
    assert client.get(f"/api/v1/geocode?q={q}").status_code == 400


def test_null_island_is_a_place_to_ask_about_but_not_a_camera(client, session):
    assert client.get("/api/v1/geocode/reverse?lat=0&lon=0").status_code == 200
    nearby = client.get("/api/v1/nearby?lat=0.0&lon=0.0")
    assert nearby.status_code == 200 and nearby.get_json()["cameras"] == []
    for body in ({"lat": 0, "lon": 0}, {"lat": "0.0", "lon": " -0 "}):
        assert not allows(body_schema("SubmissionRequest"), body)
    assert allows(body_schema("SubmissionRequest"), {"lat": 0, "lon": 24.9})


@pytest.mark.parametrize("body", [{"lat": "", "lon": ""}, {"lat": " ", "lon": "24.9"},
                                  {"lat": "91", "lon": "24.9"}, {"lat": "60.1", "lon": "east"}])
def test_empty_or_wrong_coordinates_are_refused_by_both(app, client, configure, body):
    configure(app, PROOF_OF_WORK="off")
    assert not allows(body_schema("SubmissionRequest"), body)
    refused = client.post("/api/v1/submissions", json=body)
    assert refused.status_code == 400 and refused.get_json()["parameter"] in ("lat", "lon")


def test_numeric_text_coordinates_are_allowed_by_both():
    assert allows(body_schema("SubmissionRequest"), {"lat": " 60.17 ", "lon": "24.94"})


def test_the_ogc_limit_documents_its_clamp(client, session):
    limit = parameter(OGC_DOCUMENT, "/collections/cameras/items", "limit")
    assert "maximum" not in limit["schema"] and "lowered to 1000" in limit["description"]
    make_camera(session, lon=24.94, lat=60.17)
    answer = client.get("/ogc/collections/cameras/items?limit=5000&f=json")
    assert answer.status_code == 200 and orjson.loads(answer.data)["numberReturned"] >= 1
