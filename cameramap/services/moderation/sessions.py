"""Moderator sessions held server-side: a random token per log-in, stored hashed, ended at log-out.

The cookies (Flask's session and the remember-me cookie) carry only the token; ending its row ends
both, so a copied cookie stops working at log-out, at a password change, when the account is
disabled or when an admin ends the moderator's sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from ...storage.models import utcnow
from ...storage.submissions import Moderator, ModeratorSession

SESSION_HOURS = 12  # a log-in without "remember me" ends at the latest after this
REMEMBER_DAYS = 30  # and one with it after this (the remember-me cookie lasts as long)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, moderator: Moderator, *, remember: bool, now: datetime | None = None) -> str:
    """A new session for `moderator`; returns its token (only its hash is stored)."""
    now = now or utcnow()
    session.execute(delete(ModeratorSession).where(ModeratorSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    lasts = timedelta(days=REMEMBER_DAYS) if remember else timedelta(hours=SESSION_HOURS)
    session.add(ModeratorSession(token_hash=_hash(token), moderator_id=moderator.id, remember=remember,
                                 created_at=now, expires_at=now + lasts))
    session.flush()
    return token


def moderator_for(session: Session, token: str, now: datetime | None = None) -> Moderator | None:
    """The active moderator whose unexpired session this token opens, or None."""
    if not token or len(token) > 100:
        return None
    row = session.get(ModeratorSession, _hash(token))
    if row is None or _aware(row.expires_at) <= (now or utcnow()):
        return None
    moderator = session.get(Moderator, row.moderator_id)
    return moderator if moderator is not None and moderator.active else None


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for the UTC ones it was given."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


def end(session: Session, token: str) -> None:
    """End the session this token opens (log-out)."""
    session.execute(delete(ModeratorSession).where(ModeratorSession.token_hash == _hash(token)))


def end_all(session: Session, moderator_id: int, keep: str | None = None) -> int:
    """End every session of the moderator (but the one whose token is `keep`); how many ended."""
    query = delete(ModeratorSession).where(ModeratorSession.moderator_id == moderator_id)
    if keep:
        query = query.where(ModeratorSession.token_hash != _hash(keep))
    return int(cast(CursorResult[Any], session.execute(query)).rowcount or 0)


def open_counts(session: Session, now: datetime | None = None) -> dict[int, int]:
    """Unexpired sessions per moderator id."""
    rows = session.execute(select(ModeratorSession.moderator_id, func.count())
                           .where(ModeratorSession.expires_at > (now or utcnow()))
                           .group_by(ModeratorSession.moderator_id))
    return {moderator_id: count for moderator_id, count in rows}
