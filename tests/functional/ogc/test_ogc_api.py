"""OGC API - Features at /ogc in process: resources, paging links, bbox, datetime, f= and Accept."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
from sqlalchemy import update

from cameramap.extensions import settings
from cameramap.storage.models import Camera
from tests.factories import make_camera

ITEMS = "/ogc/collections/cameras/items"
CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"


def get(client, url, status=200, media_type="application/json", **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == media_type
    return orjson.loads(response.get_data()) if "json" in media_type else response.get_data(as_text=True)


def rel(body, name):
    return [link for link in body["links"] if link["rel"] == name]


def test_landing_page_links_to_everything_a_client_needs(client):
    body = get(client, "/ogc")
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= {
        link["rel"] for link in body["links"]}
    desc = rel(body, "service-desc")[0]
    assert desc["type"] == "application/vnd.oai.openapi+json;version=3.0"
    api = client.get(desc["href"].replace("http://localhost", ""))
    assert api.status_code == 200 and orjson.loads(api.data)["openapi"].startswith("3.0")
    assert get(client, "/ogc/")["title"] == body["title"]


def test_conformance_declares_parts_1_2_and_3_and_the_cql2_classes_passed(client):
    declared = get(client, "/ogc/conformance")["conformsTo"]
    assert CORE in declared
    assert {uri.rsplit("/", 1)[1] for uri in declared} == {
        "core", "geojson", "html", "oas30", "crs", "queryables", "filter", "features-filter", "cql2-text",
        "cql2-json", "basic-cql2", "advanced-comparison-operators", "basic-spatial-functions",
        "basic-spatial-functions-plus"}


def test_collection_extent_covers_the_cameras(client, demo):
    body = get(client, "/ogc/collections")
    collection = next(c for c in body["collections"] if c["id"] == "cameras")
    assert collection["id"] == "cameras" and collection["itemType"] == "feature"
    west, south, east, north = collection["extent"]["spatial"]["bbox"][0]
    item = get(client, f"{ITEMS}?limit=1000", media_type="application/geo+json")
    for feature in item["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert west <= lon <= east and south <= lat <= north
    assert get(client, "/ogc/collections/cameras")["id"] == "cameras"


def test_items_page_forward_and_back_with_next_and_prev(client, demo):
    first = get(client, f"{ITEMS}?limit=100", media_type="application/geo+json")
    assert first["numberMatched"] == 221 and first["numberReturned"] == 100
    assert not rel(first, "prev")
    second = get(client, rel(first, "next")[0]["href"], media_type="application/geo+json")
    back = get(client, rel(second, "prev")[0]["href"], media_type="application/geo+json")
    assert [f["id"] for f in back["features"]] == [f["id"] for f in first["features"]]
    ids, url = [], f"{ITEMS}?limit=100"
    while url:
        response = client.get(url)
        page = orjson.loads(response.data)
        ids += [f["id"] for f in page["features"]]
        url = next((link["href"] for link in rel(page, "next")), None)
        assert ('rel="next"' in response.headers.get("Link", "")) == (url is not None)
    assert len(ids) == len(set(ids)) == 221


def test_limit_above_the_maximum_is_lowered_not_refused(client, demo, app):
    body = get(client, f"{ITEMS}?limit=5000", media_type="application/geo+json")
    assert body["numberReturned"] == min(221, settings(app).api_max_limit)
    assert get(client, f"{ITEMS}?limit=0", status=400)["parameter"] == "limit"


def test_bbox_filter_and_bad_bbox(client, session):
    inside = make_camera(session, lon=10.5, lat=50.5)
    make_camera(session, lon=11.5, lat=50.5)
    body = get(client, f"{ITEMS}?bbox=10,50,11,51", media_type="application/geo+json")
    assert [f["id"] for f in body["features"]] == [str(inside.id)]
    assert get(client, f"{ITEMS}?bbox=10,50,11", status=400)["parameter"] == "bbox"


@pytest.fixture
def dated(session):
    """Three cameras last changed on 2021-03-01, 2022-06-15 and 2023-09-30 (noon UTC)."""
    cameras = [make_camera(session, lon=30.0 + i / 10, lat=40.0) for i in range(3)]
    days = [datetime(2021, 3, 1, 12, tzinfo=UTC), datetime(2022, 6, 15, 12, tzinfo=UTC),
            datetime(2023, 9, 30, 12, tzinfo=UTC)]
    for camera, day in zip(cameras, days, strict=True):
        session.execute(update(Camera).where(Camera.id == camera.id).values(updated_at=day))
    session.commit()
    return [str(camera.id) for camera in cameras], days


@pytest.mark.parametrize("value, expected", [
    ("2022-06-15", [1]),
    ("2022-06-15T12:00:00Z", [1]),
    ("2022-01-01/2023-12-31", [1, 2]),
    ("../2022-06-15", [0, 1]),
    ("2022-06-16/..", [2]),
    ("2021-03-01T13:00:00+02:00/2021-03-01T15:00:00+02:00", [0]),
    ("2020-01-01/2020-12-31", []),
])
def test_datetime_selects_by_last_change(client, dated, value, expected):
    ids, _days = dated
    body = get(client, f"{ITEMS}?bbox=29.9,39.9,30.5,40.1&datetime={value.replace('+', '%2B')}",
               media_type="application/geo+json")
    assert [f["id"] for f in body["features"]] == [ids[i] for i in expected]


@pytest.mark.parametrize("value", ["yesterday", "../..", "2023-01-01/2022-01-01", "2022-13-01", "a/b/c"])
def test_bad_datetime_is_a_json_400(client, value):
    assert get(client, f"{ITEMS}?datetime={value}", status=400)["parameter"] == "datetime"


def test_single_item_and_missing_item(client, session):
    camera = make_camera(session)
    body = get(client, f"{ITEMS}/{camera.id}", media_type="application/geo+json")
    assert body["id"] == str(camera.id) and rel(body, "collection")
    missing = get(client, f"{ITEMS}/{camera.id + 1000}", status=404)
    assert missing["error"] == "not_found"
    assert get(client, f"{ITEMS}/abc", status=404)["parameter"] == "featureId"


@pytest.mark.parametrize("url", ["/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/cameras",
                                 ITEMS, "/ogc/api"])
def test_html_by_f_and_by_accept(client, demo, url):
    by_f = get(client, f"{url}?f=html", media_type="text/html")
    assert "<h1>" in by_f and "OGC API" in by_f
    by_accept = get(client, url, media_type="text/html", Accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert "<h1>" in by_accept
    forced_json = client.get(f"{url}?f=json", headers={"Accept": "text/html"})
    assert forced_json.mimetype != "text/html"


def test_item_html_escapes_data(client, session):
    camera = make_camera(session, notes="<script>alert(1)</script>")
    page = get(client, f"{ITEMS}/{camera.id}?f=html", media_type="text/html")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_unknown_parameter_and_bad_f(client):
    assert get(client, f"{ITEMS}?colour=red", status=400)["parameter"] == "colour"
    assert get(client, "/ogc/collections?f=xml", status=400)["parameter"] == "f"


def test_removed_cameras_only_when_asked(client, session):
    from cameramap.domain.records import Actor
    from cameramap.services.registry.cameras import change_status

    camera = make_camera(session, lon=-70.5, lat=-30.5)
    change_status(session, camera.id, "removed", Actor("moderator", "m"))
    url = f"{ITEMS}?bbox=-71,-31,-70,-30"
    assert get(client, url, media_type="application/geo+json")["numberMatched"] == 0
    assert get(client, f"{url}&status=removed", media_type="application/geo+json")["numberMatched"] == 1


@pytest.mark.parametrize("url", ["/ogc", ITEMS, "/api/v1/cameras", "/api/v1/changes", "/feeds/cameras.atom",
                                 "/api/v1/exports/LICENCE.txt", "/api/v1/cameras/999999"])
def test_cors_allows_any_origin_to_read(client, url):
    response = client.get(url, headers={"Origin": "https://newsroom.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(url, headers={"Origin": "https://newsroom.example",
                                              "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_cors_is_not_offered_for_posts_or_pages(client):
    preflight = client.options("/api/v1/submissions", headers={"Origin": "https://x.example",
                                                              "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    post = client.post("/api/v1/submissions", data="{}", content_type="application/json",
                       headers={"Origin": "https://x.example"})
    assert "Access-Control-Allow-Origin" not in post.headers
    assert "Access-Control-Allow-Origin" not in client.get("/sources").headers


def test_the_api_document_offers_the_configured_coordinate_systems(client, app, configure):
    configure(app, OGC_CRS="EPSG:3067")
    document = client.get("/ogc/api?f=json").get_data(as_text=True)
    assert "EPSG/0/3067" in document and "EPSG/0/2056" not in document
    items = client.get("/ogc/collections/cameras?f=json").get_json()
    assert any(uri.endswith("EPSG/0/3067") for uri in items["crs"])
    assert not any(uri.endswith("EPSG/0/2056") for uri in items["crs"])


def test_a_bbox_outside_its_coordinate_system_names_its_rule(client, session):
    """A schema cannot give a bbox's range (it depends on bbox-crs): the 400 names the rule."""
    response = client.get("/ogc/collections/cameras/items?bbox=200,0,210,10")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bbox_out_of_range"


def test_the_deployments_items_offer_no_html_page_in_the_definition(client):
    definition = client.get("/ogc/api").get_json()
    items = definition["paths"]["/collections/deployments/items"]["get"]
    (fmt,) = [p for p in items["parameters"] if p["name"] == "f"]
    assert "html" not in str(fmt["schema"]) and "text/html" not in items["responses"]["200"]["content"]
