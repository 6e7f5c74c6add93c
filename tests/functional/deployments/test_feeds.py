"""Atom and iCalendar feeds of announced and recent deployments, per area and per operator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from cameramap.domain.deployments import as_utc

from .conftest import make_deployment

ATOM = "{http://www.w3.org/2005/Atom}"


def _day(offset: int) -> tuple[int, int, int]:
    day = datetime.now(UTC).date() + timedelta(days=offset)
    return day.year, day.month, day.day


@pytest.fixture
def feedable(session):
    return {
        "announced": make_deployment(session, "Oxford Circus", _day(3), (11, 0), 300, arrests=None),
        "recent": make_deployment(session, "Kilburn High Road", _day(-2), (10, 30), 310, arrests=1,
                                  faces_scanned=9021,
                                  geometry={"type": "Point", "coordinates": [-0.1966, 51.5418]}),
        "old": make_deployment(session, "Leicester Square", _day(-90), (22, 0), 270),
        "elsewhere": make_deployment(session, "Queen Street", _day(-1), (12, 0), 120,
                                     {"type": "Point", "coordinates": [-3.1765, 51.4816]},
                                     operator="South Wales Police"),
    }


def test_the_calendar_parses_back_with_its_events(client, feedable):
    response = client.get("/feeds/deployments.ics?operator=Metropolitan%20Police%20Service")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["location"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["Kilburn High Road", "Oxford Circus"]  # not the old one, not South Wales
    kilburn = events["Kilburn High Road"]
    deployment = feedable["recent"]
    assert kilburn.decoded("dtstart") == as_utc(deployment.starts_at)
    assert kilburn.decoded("dtend") - kilburn.decoded("dtstart") == timedelta(minutes=310)
    assert str(kilburn["uid"]) == f"deployment-{deployment.id}@localhost"
    assert "faces scanned 9021" in str(kilburn["description"]) and "arrests 1" in str(kilburn["description"])
    assert (kilburn["geo"].latitude, kilburn["geo"].longitude) == (51.5418, -0.1966)
    assert str(kilburn["url"]).endswith(f"/api/v1/deployments/{deployment.id}")
    assert "Metropolitan Police Service" in str(calendar["x-wr-calname"])


def test_the_atom_feed_per_area(client, feedable):
    response = client.get("/feeds/deployments.atom?bbox=-3.3,51.4,-3.0,51.6")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["NEC NeoFace Live at Queen Street (South Wales Police)"]


def test_feed_parameters_are_checked(client, feedable):
    assert client.get("/feeds/deployments.ics?bbox=1,2").status_code == 400
    assert client.get("/feeds/deployments.atom?since=x").get_json()["parameter"] == "since"


def test_an_entry_says_where_its_record_comes_from(client, session):
    """A published record is the operator's, a sighting the public's; "reported" (the first step of
    moderation) is never shown as if the public had reported a published record."""
    from cameramap.domain.records import Actor, SourceSpec
    from cameramap.services.deployments.records import change_status
    from cameramap.services.moderation.sightings import PUBLIC
    from cameramap.services.registry.sources import ensure_source

    record = ensure_source(session, SourceSpec("Met LFR record", "official_registry"))
    crowd = ensure_source(session, PUBLIC)
    make_deployment(session, "Oxford Circus", _day(1), (11, 0), 300, source_id=record.id)
    make_deployment(session, "Regent Street", _day(1), (12, 0), 60, source_id=crowd.id)
    checked = make_deployment(session, "Soho Square", _day(1), (13, 0), 60, source_id=record.id)
    change_status(session, checked.id, "verified", Actor("moderator", "test"))
    feed = ElementTree.fromstring(client.get("/feeds/deployments.atom").data)
    summaries = {e.findtext(f"{ATOM}title").split(" at ")[1].split(" (")[0]: e.findtext(f"{ATOM}summary")
                 for e in feed.iter(f"{ATOM}entry")}
    assert summaries["Oxford Circus"].endswith("Published by the operator.")
    assert summaries["Regent Street"].endswith("Reported by the public, checked by a moderator.")
    assert summaries["Soho Square"].endswith("Published by the operator; status: verified.")
    assert not any("reported." in text for text in summaries.values())
