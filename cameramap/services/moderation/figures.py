"""Public weekly moderation figures: submissions received, approved, rejected; revisions reverted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...storage.models import Revision
from ...storage.submissions import Submission, today


@dataclass(frozen=True)
class Week:
    starts_on: date  # a Monday
    received: int
    approved: int
    rejected: int
    reverted: int


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(session: Session, weeks: int = 12) -> list[Week]:
    """The last `weeks` ISO weeks, newest first (merged submissions count as approved)."""
    first = monday(today()) - timedelta(weeks=weeks - 1)
    received: Counter[date] = Counter()
    approved: Counter[date] = Counter()
    rejected: Counter[date] = Counter()
    for received_on, decided_on, status in session.execute(
        select(Submission.received_on, Submission.decided_on, Submission.status)
        .where((Submission.received_on >= first) | (Submission.decided_on >= first))
    ):
        received[monday(received_on)] += 1
        if decided_on is not None and status in ("approved", "merged"):
            approved[monday(decided_on)] += 1
        elif decided_on is not None and status == "rejected":
            rejected[monday(decided_on)] += 1
    reverted: Counter[date] = Counter(
        monday(created.date()) for created in session.scalars(
            select(Revision.created_at).where(Revision.action == "revert")
            .where(Revision.created_at >= datetime.combine(first, time(), UTC))
        )
    )
    starts = [monday(today()) - timedelta(weeks=i) for i in range(weeks)]
    return [Week(s, received[s], approved[s], rejected[s], reverted[s]) for s in starts]
