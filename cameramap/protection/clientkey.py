"""Who is asking, without knowing who: an HMAC of the client's network under this period's secret."""

from __future__ import annotations

from flask import current_app, request
from redis.exceptions import RedisError

from ..extensions import db
from ..services.submissions import clientkeys
from .redisclient import redis_client


def _secret() -> bytes:
    """This period's client-key secret: from Redis when configured, from the database while Redis is
    unreachable (rate limits then fall back to memory too: a degraded mode, never a 500)."""
    hours = int(current_app.config["CLIENT_KEY_ROTATION_HOURS"])
    client = redis_client()
    if client is not None:
        try:
            return clientkeys.period_secret(db.session(), hours, client)
        except RedisError as err:
            current_app.logger.warning("Redis unreachable, client-key secret from the database: %s", err)
    return clientkeys.period_secret(db.session(), hours, None)


def client_key() -> str:
    """The rate-limit key: an HMAC of the client's network under this period's secret."""
    return clientkeys.keyed_hash(_secret(), "client", clientkeys.network_of(request.remote_addr))


def voter_key(camera_id: int) -> str:
    """A per-camera key telling independent confirmations apart (not linkable across cameras)."""
    network = clientkeys.network_of(request.remote_addr)
    return clientkeys.keyed_hash(_secret(), "confirm", str(camera_id), network)
