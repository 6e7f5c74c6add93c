"""Deployments keep every change as a revision, move along the cameras' lifecycle, and revert."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from cameramap.domain.deployments import as_utc, window
from cameramap.domain.errors import Conflict, UsageError
from cameramap.domain.records import Actor
from cameramap.services.deployments import records

MODERATOR = Actor("moderator", "mod")
SPAN = window(date(2025, 1, 8), time(11, 0), "Europe/London", duration=timedelta(hours=4, minutes=47))


def make(session, **values):
    base = {"location_text": "Oxford Circus", "starts_at": SPAN.start, "ends_at": SPAN.end,
            "timezone": SPAN.timezone, "arrests": 2}
    return records.add_deployment(session, base | values, Actor("import", "test"))


def test_a_new_deployment_waits_for_a_place_and_is_reported(session):
    deployment = make(session)
    assert (deployment.status, deployment.location_status, deployment.lon) == ("reported", "pending", None)
    assert [r.action for r in deployment.revisions] == ["create"]


def test_edits_status_and_revert_are_revisions(session):
    deployment = make(session)
    place = records.placement({"type": "LineString", "coordinates": [[-0.142, 51.515], [-0.135, 51.514]]})
    assert records.apply_changes(session, deployment, place | {"arrests": 3}, MODERATOR, "moved")
    assert not records.apply_changes(session, deployment, {"arrests": 3}, MODERATOR)
    assert (deployment.west, deployment.east, deployment.location_status) == (-0.142, -0.135, "placed")
    records.change_status(session, deployment.id, "verified", MODERATOR, "matches the record")
    update = deployment.revisions[1]
    assert update.before["arrests"] == 2 and update.after["arrests"] == 3
    records.revert(session, update.id, MODERATOR, "wrong row")
    # the revert restores the whole snapshot, as for cameras
    assert (deployment.arrests, deployment.location_status, deployment.status) == (2, "pending", "reported")
    session.expire(deployment, ["revisions"])
    assert [r.action for r in deployment.revisions] == ["create", "update", "status", "revert"]
    assert deployment.revisions[-1].reverts_id == update.id
    assert as_utc(deployment.starts_at) == SPAN.start and SPAN.start.tzinfo is UTC


def test_the_lifecycle_is_the_cameras(session):
    deployment = make(session)
    records.change_status(session, deployment.id, "removed", MODERATOR)
    with pytest.raises(Conflict):
        records.change_status(session, deployment.id, "disputed", MODERATOR)


@pytest.mark.parametrize("geometry", [
    {"type": "Point", "coordinates": [200, 51]},
    {"type": "GeometryCollection", "geometries": []},
    {"type": "Point", "coordinates": "x"},
])
def test_places_outside_lon_lat_or_of_other_kinds_are_refused(geometry):
    with pytest.raises(UsageError):
        records.placement(geometry)
