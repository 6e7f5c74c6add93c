"""Online geocoding state in the database: answer cache, per-provider rate slots, the pending queue."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, case, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .gazetteer import GeocodeCache, GeocodePending, GeocodeRate
from .models import utcnow

CACHE_DAYS = 90


class DbCache:
    """get/put of online answers through the caller's session (committed by the service)."""

    def __init__(self, session: Session, max_age_days: int = CACHE_DAYS):
        self.session = session
        self.max_age = timedelta(days=max_age_days)

    def get(self, provider: str, key: str) -> dict[str, Any] | None:
        row = self.session.scalar(select(GeocodeCache).where(
            GeocodeCache.provider == provider, GeocodeCache.query_hash == key))
        if row is None:
            return None
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=utcnow().tzinfo)
        return row.answer if utcnow() - created <= self.max_age else None

    def put(self, provider: str, key: str, answer: dict[str, Any]) -> None:
        row = self.session.scalar(select(GeocodeCache).where(
            GeocodeCache.provider == provider, GeocodeCache.query_hash == key))
        if row is None:
            self.session.add(GeocodeCache(provider=provider, query_hash=key, answer=answer))
        else:
            row.answer, row.created_at = answer, utcnow()
        self.session.flush()


class DbRateLimiter:
    """One request per `interval` per provider across processes: an atomic UPDATE of a slot row.

    Runs in its own short transaction on `engine` so that other processes see the slot at once.
    """

    def __init__(self, engine: Engine, clock=time.time, sleep=time.sleep):
        self.engine, self.clock, self.sleep = engine, clock, sleep

    def reserve(self, provider: str, interval: float) -> float:
        """Book the next free slot; returns the seconds to wait before using it."""
        now = self.clock()
        table = GeocodeRate.__table__
        assert isinstance(table, Table)
        slot = case((table.c.next_at > now, table.c.next_at), else_=now)
        statement = (update(table).where(table.c.provider == provider)
                     .values(next_at=slot + interval).returning(table.c.next_at))
        with self.engine.begin() as connection:
            booked = connection.execute(statement).scalar()
            if booked is None:
                try:
                    with connection.begin_nested():
                        connection.execute(insert(table).values(provider=provider, next_at=now + interval))
                    booked = now + interval
                except IntegrityError:
                    booked = connection.execute(statement).scalar()
        return max(0.0, float(booked or now + interval) - interval - now)

    def wait(self, provider: str, interval: float) -> None:
        delay = self.reserve(provider, interval)
        if delay > 0:
            self.sleep(delay)


def enqueue(session: Session, subject_kind: str, subject_id: str, query: str, error: str | None,
            retry_after: float | None = None) -> GeocodePending:
    """Queue (or re-queue) a record as "needs location"; one row per subject."""
    row = pending_for(session, subject_kind, subject_id)
    if row is None:
        row = GeocodePending(subject_kind=subject_kind, subject_id=subject_id, query=query, attempts=0)
        session.add(row)
    row.query, row.status, row.last_error = query, "waiting", error
    row.attempts = (row.attempts or 0) + 1
    row.next_attempt_at = utcnow() + timedelta(seconds=backoff(row.attempts, retry_after))
    session.flush()
    return row


def backoff(attempts: int, retry_after: float | None = None) -> float:
    """Seconds before the next try: the provider's Retry-After, else 1, 2, 4 ... minutes up to a day."""
    return retry_after if retry_after else float(min(86_400, 60 * 2 ** max(0, attempts - 1)))


def due(session: Session, now: datetime | None = None, limit: int = 100,
        other_than: str | None = None) -> list[GeocodePending]:
    """Waiting rows whose next try is due (of any kind but `other_than`)."""
    query = select(GeocodePending).where(GeocodePending.status == "waiting",
                                         GeocodePending.next_attempt_at <= (now or utcnow()))
    if other_than is not None:
        query = query.where(GeocodePending.subject_kind != other_than)
    return list(session.scalars(query.order_by(GeocodePending.next_attempt_at).limit(limit)))


def waiting(session: Session, subject_kind: str, after_id: int = 0, limit: int = 500) -> list[GeocodePending]:
    """The waiting rows of one kind, in queue order from `after_id` (whether due or not)."""
    return list(session.scalars(
        select(GeocodePending).where(GeocodePending.subject_kind == subject_kind,
                                     GeocodePending.status == "waiting", GeocodePending.id > after_id)
        .order_by(GeocodePending.id).limit(limit)))


def hold(session: Session, subject_kind: str, subject_id: str, query: str, error: str | None,
         record: dict[str, Any]) -> GeocodePending:
    """Queue a record that no geocoder could place yet, with what it needs to be placed later;
    due at once (it waits for a gazetteer or a provider, not for a provider's back-off)."""
    row = enqueue(session, subject_kind, subject_id, query, error)
    row.record, row.next_attempt_at = record, utcnow()
    return row


def resolve(row: GeocodePending, answer: dict[str, Any], status: str = "resolved") -> None:
    row.status, row.answer, row.resolved_at, row.last_error = status, answer, utcnow(), None


def pending_for(session: Session, subject_kind: str, subject_id: str) -> GeocodePending | None:
    """The queue row of one record (one per subject), or None when it never waited."""
    return session.scalar(select(GeocodePending).where(
        GeocodePending.subject_kind == subject_kind, GeocodePending.subject_id == subject_id))
