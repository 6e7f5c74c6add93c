"""The optional Redis connection shared by the client-key secret, the replay store and the limiter."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app


def redis_client() -> Any:
    return current_app.extensions.get("cameramap.redis")


def connect(app: Flask) -> str | None:
    """Open the Redis client when REDIS_URL is set (bounded waits); the URL, or None without one."""
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        import redis

        # A Redis that hangs must cost a request a bounded wait, then the fallbacks (database, memory).
        timeout = float(app.config["REDIS_TIMEOUT_SECONDS"])
        waits = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
        app.extensions["cameramap.redis"] = redis.Redis.from_url(redis_url, **waits)
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", waits)
    return redis_url or None
