"""The strongest confidence of each capability a camera has (own and operator-wide claims), for markers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from ..domain.vocabulary import CONFIDENCE_RANK
from .models import CapabilityClaim

CHUNK = 900


def _stronger(old: str | None, new: str) -> bool:
    return old is None or CONFIDENCE_RANK.get(new, -1) > CONFIDENCE_RANK.get(old, -1)  # type: ignore[call-overload]


Fetch = Callable[[list[int], list[int]], Iterable[Any]]  # camera ids, operator ids -> claim rows


def _session_fetch(session: Session) -> Fetch:
    def fetch(ids: list[int], operators: list[int]) -> Iterable[Any]:
        claim = CapabilityClaim
        wanted: list[ColumnElement[bool]] = [claim.camera_id.in_(ids)]
        if operators:
            wanted.append(and_(claim.camera_id.is_(None), claim.operator_id.in_(operators)))
        columns = (claim.camera_id, claim.operator_id, claim.capability, claim.confidence)
        return session.execute(select(*columns).where(or_(*wanted)))

    return fetch


def best_confidences(session: Session,
                     cameras: Iterable[tuple[int, int | None]]) -> dict[int, dict[str, str]]:
    """camera id -> {capability: its strongest confidence} for (camera id, operator id) pairs."""
    return strongest(cameras, _session_fetch(session))


def strongest(cameras: Iterable[tuple[int, int | None]], fetch: Fetch) -> dict[int, dict[str, str]]:
    """As best_confidences, with the claims read by `fetch` (camera ids, operator ids)."""
    pairs = list(cameras)
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start:start + CHUNK]
        by_operator: dict[int, list[int]] = defaultdict(list)
        for camera, operator in chunk:
            if operator is not None:
                by_operator[operator].append(camera)
        for camera_id, operator_id, capability, confidence in fetch([c for c, _ in chunk], list(by_operator)):
            if camera_id is not None:
                targets = [camera_id]
            else:  # an operator-wide claim: ck_claims_subject makes it name its operator
                targets = by_operator.get(operator_id, []) if operator_id is not None else []
            for camera in targets:
                if _stronger(found[camera].get(capability), confidence):
                    found[camera][capability] = confidence
    return dict(found)
