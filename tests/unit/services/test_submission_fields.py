"""Validation of submitted fields (shared by the form and the JSON API)."""

from __future__ import annotations

import pytest

from cameramap.domain.errors import UsageError
from cameramap.services.submissions.fields import parse_draft

BASE = {"lat": 60.17, "lon": 24.94}


def test_full_draft():
    draft = parse_draft(
        BASE
        | {
            "surveillance_type": "alpr",
            "camera_type": "Dome",
            "camera_mount": "Pole",
            "surveillance_zone": "traffic",
            "camera_direction": "NE",
            "operator": "  City   of Helsinki ",
            "notes": "two lenses\nabove the door",
            "capabilities": [
                "night_vision",
                {"capability": "face_recognition", "evidence": "sign says face recognition"},
            ],
            "camera_id": "12",
        }
    )
    assert draft.surveillance_type == "ALPR" and draft.camera_type == "dome" and draft.camera_mount == "pole"
    assert draft.camera_direction == "45" and draft.operator == "City of Helsinki"
    assert draft.capabilities == [
        {"capability": "night_vision"},
        {"capability": "face_recognition", "evidence": "sign says face recognition"},
    ]
    assert draft.camera_id == 12 and draft.notes == "two lenses\nabove the door"


def test_defaults():
    draft = parse_draft({"lat": "60.1", "lon": "24.9"})
    assert draft.surveillance_type == "camera" and draft.camera_type is None and draft.capabilities == []


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"lat": None}, "lat"),
        ({"lat": 95}, "lat"),
        ({"lon": "east"}, "lon"),
        ({"lat": 0, "lon": 0}, "lon"),
        ({"camera_type": "spy"}, "camera_type"),
        ({"surveillance_type": "drone"}, "surveillance_type"),
        ({"camera_mount": "tree"}, "camera_mount"),
        ({"camera_direction": "upwards"}, "camera_direction"),
        ({"camera_direction": 400}, "camera_direction"),
        ({"capabilities": ["mind_reading"]}, "capabilities"),
        ({"capabilities": "face_recognition"}, "capabilities"),
        ({"operator": "x" * 301}, "operator"),
        ({"notes": {"a": 1}}, "notes"),
        ({"camera_id": "abc"}, "camera_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_values_name_their_parameter(change, parameter):
    with pytest.raises(UsageError) as err:
        parse_draft(BASE | change)
    assert err.value.parameter == parameter
