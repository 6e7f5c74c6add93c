"""Moderator accounts: argon2id password hashes (argon2-cffi), roles moderator and admin."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import Conflict, UsageError
from ...storage.submissions import Moderator

ROLES = ("moderator", "admin")
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verifying against this when the name is unknown keeps the answer time the same.
_DUMMY = _hasher.hash("not a real password, only for timing")


def add_moderator(session: Session, name: str, password: str, role: str = "moderator") -> Moderator:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise UsageError("a moderator needs a name of 1 to 200 characters", parameter="name")
    if role not in ROLES:
        raise UsageError(f"role must be one of: {', '.join(ROLES)}", parameter="role")
    if len(password or "") < MIN_PASSWORD:
        raise UsageError(f"the password must have at least {MIN_PASSWORD} characters", parameter="password")
    if session.scalar(select(Moderator).where(Moderator.name == name)) is not None:
        raise Conflict(f"a moderator named {name!r} exists", parameter="name")
    moderator = Moderator(name=name, password_hash=_hasher.hash(password), role=role)
    session.add(moderator)
    session.flush()
    return moderator


def authenticate(session: Session, name: str, password: str) -> Moderator | None:
    """The active moderator with this name and password, or None (same work either way)."""
    moderator = session.scalar(select(Moderator).where(Moderator.name == (name or "").strip()))
    try:
        _hasher.verify(moderator.password_hash if moderator else _DUMMY, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if moderator is None or not moderator.active:
        return None
    if _hasher.check_needs_rehash(moderator.password_hash):
        moderator.password_hash = _hasher.hash(password)
    return moderator


def get_moderator(session: Session, moderator_id: int) -> Moderator | None:
    moderator = session.get(Moderator, moderator_id)
    return moderator if moderator is not None and moderator.active else None
