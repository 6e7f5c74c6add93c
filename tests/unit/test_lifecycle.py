"""The lifecycle table allows only the documented transitions."""

import pytest

from cameramap.domain.errors import Conflict
from cameramap.domain.lifecycle import TRANSITIONS, check_transition
from cameramap.domain.vocabulary import CameraStatus


def test_every_status_has_a_row():
    assert set(TRANSITIONS) == set(CameraStatus)


def test_removed_can_come_back_but_not_to_disputed():
    assert check_transition("removed", "reported") == CameraStatus.REPORTED
    with pytest.raises(Conflict):
        check_transition("removed", "disputed")


def test_no_self_transition():
    for status in CameraStatus:
        with pytest.raises(Conflict):
            check_transition(status, status)
