"""The strongest confidence of each capability a camera has (own and operator-wide claims), for markers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from ..domain.vocabulary import CONFIDENCE_RANK
from .models import CapabilityClaim

CHUNK = 900


def _stronger(old: str | None, new: str) -> bool:
    return old is None or CONFIDENCE_RANK.get(new, -1) > CONFIDENCE_RANK.get(old, -1)  # type: ignore[call-overload]


def best_confidences(session: Session,
                     cameras: Iterable[tuple[int, int | None]]) -> dict[int, dict[str, str]]:
    """camera id -> {capability: its strongest confidence} for (camera id, operator id) pairs."""
    pairs = list(cameras)
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start:start + CHUNK]
        ids = [camera for camera, _ in chunk]
        operators = {operator for _, operator in chunk if operator is not None}
        by_operator: dict[int, list[int]] = defaultdict(list)
        for camera, operator in chunk:
            if operator is not None:
                by_operator[operator].append(camera)
        wanted: list[ColumnElement[bool]] = [CapabilityClaim.camera_id.in_(ids)]
        if operators:
            wanted.append(and_(CapabilityClaim.camera_id.is_(None),
                               CapabilityClaim.operator_id.in_(operators)))
        statement = select(CapabilityClaim.camera_id, CapabilityClaim.operator_id, CapabilityClaim.capability,
                           CapabilityClaim.confidence).where(or_(*wanted))
        for camera_id, operator_id, capability, confidence in session.execute(statement):
            if camera_id is not None:
                targets = [camera_id]
            else:  # an operator-wide claim: ck_claims_subject makes it name its operator
                targets = by_operator.get(operator_id, []) if operator_id is not None else []
            for camera in targets:
                if _stronger(found[camera].get(capability), confidence):
                    found[camera][capability] = confidence
    return dict(found)
