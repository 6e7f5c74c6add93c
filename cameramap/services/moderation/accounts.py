"""Moderator accounts: argon2id password hashes (argon2-cffi), roles moderator and admin; disabling an
account or setting its password ends its other sessions (sessions.py)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import Conflict, NotFound, UsageError
from ...storage.submissions import Moderator
from . import sessions

if TYPE_CHECKING:
    from argon2 import PasswordHasher

ROLES = ("moderator", "admin")
MIN_PASSWORD = 12


@cache
def _hasher() -> PasswordHasher:
    """argon2's hasher, loaded by the first log-in or account change (not by every serving process)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _dummy() -> str:
    """Verifying against this when the name is unknown keeps the answer time the same."""
    return _hasher().hash("not a real password, only for timing")


def add_moderator(session: Session, name: str, password: str, role: str = "moderator") -> Moderator:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise UsageError("a moderator needs a name of 1 to 200 characters", parameter="name")
    if role not in ROLES:
        raise UsageError(f"role must be one of: {', '.join(ROLES)}", parameter="role")
    _check_password(password)
    if session.scalar(select(Moderator).where(Moderator.name == name)) is not None:
        raise Conflict(f"a moderator named {name!r} exists", parameter="name")
    moderator = Moderator(name=name, password_hash=_hasher().hash(password), role=role)
    session.add(moderator)
    session.flush()
    return moderator


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UsageError(f"the password must have at least {MIN_PASSWORD} characters", parameter="password")
    if len(password) > 1000:
        raise UsageError("the password must have at most 1000 characters", parameter="password")


def authenticate(session: Session, name: str, password: str) -> Moderator | None:
    """The active moderator with this name and password, or None (same work either way)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    dummy = _dummy()  # made before the look-up, so the first log-in costs the same for any name
    moderator = session.scalar(select(Moderator).where(Moderator.name == (name or "").strip()))
    try:
        _hasher().verify(moderator.password_hash if moderator else dummy, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if moderator is None or not moderator.active:
        return None
    if _hasher().check_needs_rehash(moderator.password_hash):
        moderator.password_hash = _hasher().hash(password)
    return moderator


def find(session: Session, name: str) -> Moderator:
    """The moderator named `name` (active or not)."""
    moderator = session.scalar(select(Moderator).where(Moderator.name == (name or "").strip()))
    if moderator is None:
        raise NotFound(f"no moderator named {name!r}", parameter="name")
    return moderator


def by_id(session: Session, moderator_id: int) -> Moderator:
    moderator = session.get(Moderator, moderator_id)
    if moderator is None:
        raise NotFound(f"no moderator {moderator_id}", parameter="moderator")
    return moderator


def all_moderators(session: Session) -> list[Moderator]:
    return list(session.scalars(select(Moderator).order_by(Moderator.name)))


def set_active(session: Session, moderator: Moderator, active: bool) -> int:
    """Enable or disable an account; disabling ends its sessions (returns how many ended)."""
    moderator.active = active
    session.flush()
    return 0 if active else sessions.end_all(session, moderator.id)


def set_password(session: Session, moderator: Moderator, password: str, keep: str | None = None) -> int:
    """Set a new password and end the moderator's other sessions (all but `keep`); how many ended."""
    _check_password(password)
    moderator.password_hash = _hasher().hash(password)
    session.flush()
    return sessions.end_all(session, moderator.id, keep=keep)

