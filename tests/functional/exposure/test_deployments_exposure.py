"""Deployments active at the asked time watch routes and tracks; at another time they do not."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from cameramap.domain.records import Actor
from cameramap.services.deployments import records
from cameramap.services.exposure import index
from tests.factories import make_deployment
from tests.functional.exposure.test_routes_api import lonlat, network, route  # noqa: F401  (fixture)

# 2025-01-08 11:00 in London (GMT) for 287 minutes: 11:00Z to 15:47Z
DURING, NEXT_DAY, AT_END = "2025-01-08T13:00:00Z", "2025-01-09T13:00:00Z", "2025-01-08T15:47:00Z"
VAN_SEES = 2 * math.sqrt(30**2 - 10**2)  # a 30 m disc 10 m south of the straight street: 56.6 m of it
DOME_SEES = 2 * math.sqrt(20**2 - 5**2)  # the network's dome camera: 38.7 m
STRAIGHT = [lonlat(0, 0), lonlat(100, 0)]


@pytest.fixture
def van(session, network):  # noqa: F811  (the fixture imported above)
    """A live facial recognition van 10 m south of the straight street (the detour is 40 m away)."""
    return make_deployment(session, geometry={"type": "Point", "coordinates": lonlat(50, -10)})


def exposure(client, at: str | None = None, **extra):
    url = "/api/v1/exposure" + (f"?at={at}" if at else "")
    return client.post(url, json={"type": "LineString", "coordinates": STRAIGHT}, **extra)


def test_an_active_van_makes_the_route_avoiding_face_recognition_take_the_detour(client, van):
    during = route(client, budget=0.65, avoid="face_recognition", at=DURING).get_json()
    assert during["at"] == DURING
    assert during["least_watched"]["length_m"] == pytest.approx(160, abs=0.2)
    watched = during["shortest"]["exposure"]
    [row] = watched["deployments"]
    assert row["id"] == str(van.id) and row["metres"] == pytest.approx(VAN_SEES, abs=0.2)
    assert row["operator"]["name"] == "Metropolitan Police Service" and row["system"] == "NEC NeoFace Live"
    assert (row["start"], row["end"]) == ("2025-01-08T11:00:00Z", "2025-01-08T15:47:00Z")
    assert row["local_end"].startswith("2025-01-08T15:47:00") and row["capabilities"] == ["face_recognition"]
    assert watched["capabilities"]["face_recognition"] == {
        "metres": pytest.approx(VAN_SEES, abs=0.2), "cameras": 0, "deployments": 1, "seconds": None}
    assert [c["range_m"] for c in watched["cameras"]] == [20.0]  # the dome only: the van is listed apart
    next_day = route(client, budget=0.65, avoid="face_recognition", at=NEXT_DAY).get_json()
    assert next_day["comparison"]["same_route"] is True
    assert next_day["shortest"]["exposure"]["deployments"] == []
    assert "face_recognition" not in next_day["shortest"]["exposure"]["capabilities"]


def test_avoiding_all_cameras_or_the_vans_operator_also_keeps_away_from_the_van(client, van):
    assert route(client, budget=0.65, at=DURING).get_json()["least_watched"]["exposure"]["deployments"] == []
    by_operator = route(client, budget=0.65, avoid="operators", operators=["Metropolitan Police Service"],
                        at=DURING).get_json()
    assert by_operator["least_watched"]["length_m"] == pytest.approx(160, abs=0.2)


def test_the_exposure_of_a_track_counts_the_van_only_in_its_window(client, van):
    during = exposure(client, DURING).get_json()
    assert during["at"] == DURING and [d["id"] for d in during["deployments"]] == [str(van.id)]
    assert during["watched_m"] == pytest.approx(VAN_SEES, abs=0.2)  # the dome's stretch lies inside
    for other in (NEXT_DAY, AT_END, "2025-01-08T10:59:59Z"):  # the window's end is not in it
        answer = exposure(client, other).get_json()
        assert answer["deployments"] == [] and answer["watched_m"] == pytest.approx(DOME_SEES, abs=0.2)
    default = exposure(client).get_json()  # now: long after the window
    assert default["deployments"] == [] and datetime.fromisoformat(default["at"]).year >= 2026


def test_the_time_may_come_in_the_body(client, van):
    feature = {"type": "Feature", "properties": {"at": DURING},
               "geometry": {"type": "LineString", "coordinates": STRAIGHT}}
    assert client.post("/api/v1/exposure", json=feature).get_json()["deployments"]
    gpx = ('<?xml version="1.0"?><gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
           + "".join(f'<trkpt lat="{lat}" lon="{lon}"/>' for lon, lat in STRAIGHT) + "</trkseg></trk></gpx>")
    from io import BytesIO

    form = {"file": (BytesIO(gpx.encode()), "walk.gpx"), "at": DURING}
    answer = client.post("/api/v1/exposure", data=form, content_type="multipart/form-data").get_json()
    assert [d["id"] for d in answer["deployments"]] == [str(van.id)]


def test_a_deployment_placed_as_a_street_watches_within_range_of_all_of_it(client, session, network):  # noqa: F811
    street = {"type": "LineString", "coordinates": [lonlat(20, -10), lonlat(80, -10)]}
    make_deployment(session, geometry=street)
    [row] = exposure(client, DURING).get_json()["deployments"]
    assert row["area"] is True and row["metres"] == pytest.approx(100, abs=0.2)


def test_removed_and_unplaced_deployments_watch_nobody(client, session, van):
    make_deployment(session, location="Somewhere not yet placed", geometry={})
    records.change_status(session, van.id, "removed", Actor("moderator", "test"))
    session.flush()
    assert exposure(client, DURING).get_json()["deployments"] == []


@pytest.mark.parametrize("query, body, code", [
    ("at=2025-01-08", {}, "invalid_datetime"), ("at=2025-01-08T13:00:00", {}, "invalid_datetime"),
    ("at=", {}, "invalid_datetime"), ("", {"at": 1736341200}, "invalid_datetime"),
    (f"at={DURING}", {"at": DURING}, "conflicting_parameters"),
])
def test_a_wrong_time_is_a_400_naming_at(client, network, query, body, code):  # noqa: F811
    answer = client.post(f"/api/v1/routes?{query}", json={"from": STRAIGHT[0], "to": STRAIGHT[1]} | body)
    assert answer.status_code == 400
    assert answer.get_json()["parameter"] == "at" and answer.get_json()["error"] == code


def test_the_cameras_with_vans_are_kept_per_set_of_deployments_never_per_time(client, van):
    for at in (DURING, "2025-01-08T13:30:00Z", "2025-01-08T14:00:00%2B01:00", NEXT_DAY):
        assert exposure(client, at).status_code == 200
    keys = list(index._with_deployments)
    assert len(keys) == 1  # three times within the window: one set of deployments, one entry
    assert "datetime" not in repr(keys) and "2025" not in repr(keys)


def test_the_range_override_applies_to_vans_too(client, van):
    answer = client.post(f"/api/v1/exposure?at={DURING}&range_m=15",
                         json={"type": "LineString", "coordinates": STRAIGHT}).get_json()
    [row] = answer["deployments"]
    assert row["range_m"] == 15 and row["metres"] == pytest.approx(2 * math.sqrt(15**2 - 10**2), abs=0.2)
