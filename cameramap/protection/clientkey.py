"""Who is asking, without knowing who: an HMAC of the client's network under this period's secret."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from ..extensions import db, settings
from ..services.submissions import clientkeys
from ..storage.transaction import separate_unit
from .redisclient import redis_client, redis_errors

SECRET_KEY = "cameramap.client_secret"  # in the request's environ


def _period_secret(session: Any) -> bytes:
    """This period's client-key secret: from Redis when configured, from the database while Redis is
    unreachable (rate limits then fall back to memory too: a degraded mode, never a 500)."""
    hours = settings().client_key_rotation_hours
    client = redis_client()
    if client is not None:
        try:
            return clientkeys.period_secret(session, hours, client)
        except redis_errors() as err:
            current_app.logger.warning("Redis unreachable, client-key secret from the database: %s", err)
    return clientkeys.period_secret(session, hours, None)


def _secret() -> bytes:
    """The secret, fetched once per request in a unit of work of its own: a new period's secret is
    committed at once, never with (or instead of) the request's half-done writes."""
    if SECRET_KEY not in request.environ:
        with separate_unit(db.session.session_factory) as session:
            request.environ[SECRET_KEY] = _period_secret(session)
    return bytes(request.environ[SECRET_KEY])


def secret_before_writes() -> None:
    """Writing requests fetch the secret before their own unit of work begins: on SQLite a second
    connection could not write while the request's own transaction holds the write lock."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        _secret()


def client_key() -> str:
    """The rate-limit key: an HMAC of the client's network under this period's secret."""
    return clientkeys.keyed_hash(_secret(), "client", clientkeys.network_of(request.remote_addr))


def voter_key(camera_id: int) -> str:
    """A per-camera key telling independent confirmations apart (not linkable across cameras)."""
    network = clientkeys.network_of(request.remote_addr)
    return clientkeys.keyed_hash(_secret(), "confirm", str(camera_id), network)
