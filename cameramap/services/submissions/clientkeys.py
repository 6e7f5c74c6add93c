"""Client keys: a keyed hash (HMAC) of the network address under a rotating random secret.

IPv4 addresses are hashed whole, IPv6 addresses by their /64 network (one household or phone).
Each rotation period has its own random secret, kept in Redis (with a time to live) or in the
database; secrets of past periods are deleted, so yesterday's keys cannot be linked to anyone.
No raw address is ever written anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...storage.submissions import ClientKeySecret

_cache: dict[tuple[str, int], bytes] = {}


def network_of(address: str | None) -> str:
    """The part of an address that identifies a client: IPv4 whole, IPv6 by its /64."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def keyed_hash(secret: bytes, *parts: str) -> str:
    """HMAC-SHA256 of the joined parts, hex (a client key or a per-camera voter key)."""
    return hmac.new(secret, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:40]


def current_period(rotation_hours: int, now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // (max(1, rotation_hours) * 3600))


def _from_redis(client: Any, period: int, ttl: int) -> bytes:
    name = f"cameramap:clientkey:{period}"
    client.set(name, secrets.token_bytes(32), nx=True, ex=ttl)
    return bytes(client.get(name))


def _from_database(session: Session, period: int) -> bytes:
    row = session.get(ClientKeySecret, period)
    if row is None:
        try:
            with session.begin_nested():
                session.add(ClientKeySecret(period=period, secret=secrets.token_bytes(32)))
        except IntegrityError:  # another worker created it first
            pass
        session.execute(delete(ClientKeySecret).where(ClientKeySecret.period < period))
        row = session.scalar(select(ClientKeySecret).where(ClientKeySecret.period == period))
    assert row is not None
    return bytes(row.secret)


def period_secret(session: Session, rotation_hours: int, redis_client: Any = None) -> bytes:
    """This period's secret, shared by every worker (Redis or database), created on first use.

    A new secret must be committed at once, whatever becomes of the request that asked: the caller
    passes a session of its own (see protection.clientkey), not the request's."""
    period = current_period(rotation_hours)
    store = "redis" if redis_client is not None else "db"
    cached = _cache.get((store, period))
    if cached is None:
        if redis_client is not None:
            cached = _from_redis(redis_client, period, ttl=rotation_hours * 3600 + 60)
        else:
            cached = _from_database(session, period)
        _cache.clear()
        _cache[(store, period)] = cached
    return cached


def forget_cached_secrets() -> None:
    """Tests: drop the in-process copy so the next call reads the store again."""
    _cache.clear()
