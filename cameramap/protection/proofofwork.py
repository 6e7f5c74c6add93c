"""The proof of work at the edge: its settings, the store of solved challenges, one verification."""

from __future__ import annotations

from flask import current_app

from ..extensions import db, settings
from ..services.submissions import pow
from .redisclient import redis_client, redis_errors


def pow_settings() -> tuple[bool, str, int, int]:
    """(enabled, HMAC key, difficulty, lifetime in seconds) of the proof of work."""
    config = settings()
    return (config.proof_of_work, pow.hmac_key(config.secret_key), config.pow_max_number,
            config.pow_expires_seconds)


def replay_store() -> pow.ReplayStore:
    client = redis_client()
    return pow.RedisReplayStore(client) if client is not None else pow.DatabaseReplayStore(db.session())


def check_proof_of_work(payload: str | None) -> None:
    """Verify a solution once (unless the proof of work is explicitly off)."""
    enabled, key, _max, _lifetime = pow_settings()
    if not enabled:
        return
    try:
        pow.verify(payload, key, replay_store())
    except redis_errors() as err:  # remembering is verify's last step: nothing was half done
        current_app.logger.warning("Redis unreachable, solved challenges remembered in the database: %s", err)
        pow.verify(payload, key, pow.DatabaseReplayStore(db.session()))
