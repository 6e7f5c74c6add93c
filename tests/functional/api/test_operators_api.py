"""GET /api/v1/operators and /api/v1/operators/<id>."""

import orjson
import pytest
from sqlalchemy import select

from cameramap.domain.records import Actor
from cameramap.services.registry.cameras import change_status
from cameramap.storage.models import CapabilityClaim, Operator
from tests.factories import make_camera

JSON = "application/json"
OPERATOR_FIELDS = {
    "id", "name", "kind", "jurisdiction", "website", "data_controller", "legal_basis",
    "retention_period", "access_contact", "notes", "camera_count", "url", "updated_at",
}


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == JSON
    return orjson.loads(response.get_data())


@pytest.fixture
def operators(session):
    """Three operators: police with two cameras (one removed), a city with one, a third with none."""
    police = make_camera(session, operator="Helsinki Police").operator
    make_camera(session, operator="Helsinki Police")
    gone = make_camera(session, operator="Helsinki Police")
    change_status(session, gone.id, "removed", Actor("moderator", "mod"))
    city = make_camera(session, operator="City of Helsinki").operator
    idle = Operator(name="Idle Ltd", kind="private", jurisdiction="FI", retention_period="72 hours")
    session.add(idle)
    session.flush()
    return police, city, idle


def test_list_counts_cameras_that_are_not_removed(client, operators):
    police, city, idle = operators
    body = get(client, "/api/v1/operators")
    assert (body["numberMatched"], body["numberReturned"]) == (3, 3)
    counts = {o["id"]: o["camera_count"] for o in body["operators"]}
    assert counts == {str(police.id): 2, str(city.id): 1, str(idle.id): 0}
    assert [o["id"] for o in body["operators"]] == sorted(counts, key=int)
    assert set(body["operators"][0]) == OPERATOR_FIELDS


def test_list_pages_with_next_links(client, operators):
    url, seen = "/api/v1/operators?limit=2", []
    while url:
        body = get(client, url)
        seen += [o["id"] for o in body["operators"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    assert sorted(seen, key=int) == sorted(str(o.id) for o in operators)
    assert len(seen) == len(set(seen))


def test_detail_has_every_field_and_operator_wide_claims(client, session, operators):
    police, _city, idle = operators
    session.add(CapabilityClaim(operator_id=idle.id, capability="analytics", confidence="confirmed",
                                evidence_kind="foi_answer", evidence_text="FOI 2024/17"))
    session.flush()
    body = get(client, f"/api/v1/operators/{idle.id}")
    assert set(body) == OPERATOR_FIELDS | {"capabilities", "technology"}
    assert body["technology"] == []
    assert (body["name"], body["kind"], body["retention_period"]) == ("Idle Ltd", "private", "72 hours")
    assert body["camera_count"] == 0
    assert body["capabilities"] == [{
        "capability": "analytics", "confidence": "confirmed",
        "evidence": {"kind": "foi_answer", "text": "FOI 2024/17", "url": None},
        "vendor": None, "inherited": False,
    }]
    police_body = get(client, f"/api/v1/operators/{police.id}")
    assert police_body["camera_count"] == 2 and police_body["capabilities"] == []


def test_operator_ids_match_the_camera_features(client, session, operators):
    police = operators[0]
    feature = orjson.loads(client.get(f"/api/v1/cameras?operator={police.id}").get_data())["features"][0]
    assert feature["properties"]["operator"] == {"id": str(police.id), "name": "Helsinki Police",
                                                 "kind": police.kind}
    assert session.scalar(select(Operator.name).where(Operator.id == police.id)) == "Helsinki Police"


@pytest.mark.parametrize("ident", ["abc", "0", "999999999", "99999999999999999999", "-3"])
def test_unknown_operator_is_404_json(client, operators, ident):
    body = get(client, f"/api/v1/operators/{ident}", status=404)
    assert body["error"] == "not_found" and body["parameter"] == "id"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("limit=100000", "limit"), ("offset=-1", "offset"), ("bbox=1,2,3,4", "bbox"), ("limit=a", "limit")],
)
def test_bad_list_parameters_are_400_json(client, query, parameter):
    body = get(client, f"/api/v1/operators?{query}", status=400)
    assert body["parameter"] == parameter and body["message"]
