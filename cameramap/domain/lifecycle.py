"""The camera lifecycle as one explicit transition table."""

from __future__ import annotations

from .errors import Conflict
from .vocabulary import CameraStatus

S = CameraStatus

# From each status, the statuses a camera may move to.
TRANSITIONS: dict[CameraStatus, frozenset[CameraStatus]] = {
    S.REPORTED: frozenset({S.VERIFIED, S.DISPUTED, S.REMOVED}),
    S.VERIFIED: frozenset({S.DISPUTED, S.REMOVED}),
    S.DISPUTED: frozenset({S.VERIFIED, S.REMOVED, S.REPORTED}),
    S.REMOVED: frozenset({S.REPORTED, S.VERIFIED}),
}


def can_transition(current: CameraStatus, target: CameraStatus) -> bool:
    return target in TRANSITIONS[current]


def check_transition(current: CameraStatus | str, target: CameraStatus | str) -> CameraStatus:
    """Return the target status or raise Conflict when the move is not allowed."""
    current, target = CameraStatus(current), CameraStatus(target)
    if not can_transition(current, target):
        raise Conflict(
            f"a {current.value} camera cannot become {target.value}", parameter="status",
            code="invalid_transition",
        )
    return target
