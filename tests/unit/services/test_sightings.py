"""Sightings' windows: default now and a bounded length, the cap, seen times in range, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cameramap.domain.errors import UsageError
from cameramap.services.submissions import sightings
from cameramap.services.submissions.sightings import DEFAULT_HOURS, MAX_AGE, MAX_WINDOW, parse_sighting
from cameramap.storage.submissions import Submission

AT = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)  # the night the UK's clocks go forward
HERE = {"lat": "51.5152", "lon": "-0.1419"}


def draft(**values):
    return parse_sighting(HERE | values, AT)


def test_by_default_seen_now_for_the_default_hours():
    got = draft()
    assert got.seen_at == AT and got.ends_at == AT + timedelta(hours=DEFAULT_HOURS)
    assert got.timezone == "UTC" and got.capabilities == []


def test_minutes_ago_and_hours():
    got = draft(seen_ago="45", hours="2", timezone="Europe/London")
    assert got.seen_at == AT - timedelta(minutes=45) and got.ends_at == got.seen_at + timedelta(hours=2)
    assert got.timezone == "Europe/London"


def test_instants_with_offsets_are_kept_in_utc():
    got = draft(seen_at="2025-03-30T01:15:00+01:00", ends_at="2025-03-30T05:00:00+01:00")
    assert got.seen_at == datetime(2025, 3, 30, 0, 15, tzinfo=UTC)
    assert got.ends_at == datetime(2025, 3, 30, 4, 0, tzinfo=UTC)


def test_the_window_is_capped():
    assert draft(hours=str(MAX_WINDOW // timedelta(hours=1))).ends_at - AT == MAX_WINDOW
    for values in ({"hours": "13"}, {"ends_at": (AT + MAX_WINDOW + timedelta(seconds=1)).isoformat()}):
        with pytest.raises(UsageError) as caught:
            draft(**values)
        assert caught.value.parameter in ("hours", "ends_at")


@pytest.mark.parametrize(("values", "parameter"), [
    ({"ends_at": AT.isoformat()}, "ends_at"),  # ends when it starts
    ({"ends_at": (AT - timedelta(hours=1)).isoformat()}, "ends_at"),
    ({"seen_at": (AT + timedelta(hours=1)).isoformat()}, "seen_at"),  # in the future
    ({"seen_at": (AT - MAX_AGE - timedelta(minutes=1)).isoformat()}, "seen_at"),  # too long ago
    ({"seen_at": "2025-03-30T00:00:00"}, "seen_at"),  # no offset
    ({"seen_at": "yesterday"}, "seen_at"),
    ({"seen_at": AT.isoformat(), "seen_ago": "5"}, "seen_at"),
    ({"hours": "2", "ends_at": AT.isoformat()}, "ends_at"),
    ({"hours": "0"}, "hours"), ({"hours": "two"}, "hours"), ({"hours": True}, "hours"),
    ({"seen_ago": "-5"}, "seen_ago"), ({"seen_ago": "99999"}, "seen_ago"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"lat": "91"}, "lat"), ({"lat": ""}, "lat"), ({"colour": "blue"}, "colour"),
    ({"place": "x" * 301}, "place"), ({"notes": "a\x00b"}, "notes"),
])
def test_bad_input_names_its_parameter(values, parameter):
    with pytest.raises(UsageError) as caught:
        draft(**values)
    assert caught.value.parameter == parameter and caught.value.message


def test_a_clock_a_little_ahead_is_forgiven():
    assert draft(seen_at=(AT + timedelta(minutes=5)).isoformat()).seen_at == AT + timedelta(minutes=5)


def test_face_recognition_is_a_claim_with_what_was_seen():
    assert draft(face_recognition=True, evidence="sign: live facial recognition").capabilities == [
        {"capability": "face_recognition", "evidence": "sign: live facial recognition"}]
    assert draft(face_recognition=True).capabilities == [{"capability": "face_recognition"}]
    assert draft(face_recognition=False).capabilities == []


def test_expiry_follows_the_clock():
    submission = Submission(kind="sighting", seen_at=AT, ends_at=AT + timedelta(hours=3))
    assert not sightings.expired(submission, AT + timedelta(hours=2, minutes=59))
    assert sightings.expired(submission, AT + timedelta(hours=3))
    naive = Submission(kind="sighting", seen_at=AT, ends_at=(AT + timedelta(hours=1)).replace(tzinfo=None))
    assert sightings.expired(naive, AT + timedelta(hours=2))
    assert not sightings.expired(Submission(kind="new"), AT)
