"""/api/v1/deployments and the OGC API collection `deployments`: bbox, datetime, operator, paging."""

from __future__ import annotations

import pytest

from .conftest import make_deployment

KILBURN = {"type": "LineString", "coordinates": [[-0.1966, 51.5418], [-0.2010, 51.5455]]}


@pytest.fixture
def london(session):
    """Three placed deployments (one across midnight, one across the clock change) and a pending one."""
    return {
        "oxford": make_deployment(session, arrests=2, faces_scanned=14503),
        "square": make_deployment(session, "Leicester Square", (2025, 1, 31), (22, 0), 270,
                                  {"type": "Point", "coordinates": [-0.1301, 51.5103]}),
        "kilburn": make_deployment(session, "Kilburn High Road", (2025, 10, 25), (23, 0), 240, KILBURN,
                                   operator="Example Constabulary"),
        "pending": make_deployment(session, "Unit 7", (2025, 1, 8), (9, 0), 60, {}),
    }


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/geo+json"
    return sorted(f["properties"]["location_text"] for f in response.get_json()["features"])


@pytest.mark.parametrize("moment, expected", [
    ("2025-02-01T01:00:00Z", ["Leicester Square"]),  # after midnight, inside the window
    ("2025-02-01T02:31:00Z", []),  # just after it ended
    ("2025-10-26T01:30:00+00:00", ["Kilburn High Road"]),  # the repeated hour of the clock change
    ("2025-10-26T01:30:00+01:00", ["Kilburn High Road"]),  # 00:30 UTC
    ("2025-01-08", ["Oxford Circus", "Unit 7"]),  # a whole day
    ("2025-01-08T15:00:00Z/..", ["Kilburn High Road", "Leicester Square", "Oxford Circus"]),
    ("../2025-01-08T10:00:00Z", ["Unit 7"]),
    ("2025-01-09/2025-10-25", ["Kilburn High Road", "Leicester Square"]),
])
def test_the_datetime_filter_meets_windows(client, london, moment, expected):
    assert ids(client, f"/api/v1/deployments?datetime={moment.replace('+', '%2B')}") == expected
    ogc = f"/ogc/collections/deployments/items?datetime={moment.replace('+', '%2B')}"
    assert ids(client, ogc) == expected


def test_bbox_and_operator(client, london):
    assert ids(client, "/api/v1/deployments?bbox=-0.2,51.54,-0.19,51.55") == ["Kilburn High Road"]
    assert ids(client, "/api/v1/deployments?bbox=-0.15,51.5,-0.12,51.52") == [
        "Leicester Square", "Oxford Circus"]
    assert ids(client, "/api/v1/deployments?operator=Example%20Constabulary") == ["Kilburn High Road"]
    both = ("/ogc/collections/deployments/items?operator=Metropolitan%20Police%20Service"
            "&bbox=-0.15,51.5,-0.12,51.512")
    assert ids(client, both) == ["Leicester Square"]


def test_a_feature_carries_its_window_outcomes_and_source(client, london):
    body = client.get(f"/api/v1/deployments/{london['oxford'].id}").get_json()
    props = body["properties"]
    assert body["geometry"] == {"type": "Point", "coordinates": [-0.1419, 51.5152]}
    assert (props["start"], props["end"]) == ("2025-01-08T11:00:00Z", "2025-01-08T15:47:00Z")
    assert props["hours"] == 4.78
    assert props["local_start"] == "2025-01-08T11:00:00+00:00" and props["arrests"] == 2
    assert props["revisions"][0]["action"] == "create" and "actor_name" not in props["revisions"][0]
    kilburn = client.get(f"/api/v1/deployments/{london['kilburn'].id}").get_json()["properties"]
    assert (kilburn["local_start"], kilburn["local_end"]) == ("2025-10-25T23:00:00+01:00",
                                                              "2025-10-26T02:00:00+00:00")
    assert client.get(f"/api/v1/deployments/{london['pending'].id}").get_json()["geometry"] is None


def test_paging_links(client, london):
    body = client.get("/api/v1/deployments?limit=2&datetime=2025-01-01/..").get_json()
    assert (body["numberMatched"], body["numberReturned"]) == (4, 2)
    nxt = [link["href"] for link in body["links"] if link["rel"] == "next"][0]
    assert "datetime=2025-01-01%2F.." in nxt and "offset=2" in nxt


@pytest.mark.parametrize("query, parameter", [
    ("datetime=yesterday", "datetime"), ("datetime=../..", "datetime"),
    ("datetime=2025-02-01/2025-01-01", "datetime"), ("bbox=1,2,3", "bbox"), ("status=gone", "status"),
    ("limit=0", "limit"), ("colour=red", "colour"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, london, query, parameter):
    for url in (f"/api/v1/deployments?{query}", f"/ogc/collections/deployments/items?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.get_json()["parameter"] == parameter


def test_the_ogc_collection_is_listed_with_its_temporal_extent(client, london):
    listed = client.get("/ogc/collections").get_json()["collections"]
    assert [c["id"] for c in listed] == ["cameras", "deployments"]
    body = client.get("/ogc/collections/deployments").get_json()
    assert body["extent"]["temporal"]["interval"] == [["2025-01-08T09:00:00Z", "2025-10-26T02:00:00Z"]]
    assert client.get("/ogc/collections/deployments/items/999999").status_code == 404
    item = client.get(f"/ogc/collections/deployments/items/{london['square'].id}").get_json()
    assert {link["rel"] for link in item["links"]} == {"self", "collection"}


def test_the_ogc_html_pages_list_the_collection(client, london):
    listing = client.get("/ogc/collections?f=html")
    assert listing.status_code == 200
    assert "Deployments (live facial recognition vans" in listing.get_data(as_text=True)
    assert client.get("/ogc/collections/deployments?f=html").status_code == 200
    assert client.get("/ogc/collections/deployments/items?f=html").status_code == 400  # GeoJSON only
