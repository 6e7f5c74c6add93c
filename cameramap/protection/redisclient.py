"""The optional Redis connection shared by the client-key secret, the replay store and the limiter."""

from __future__ import annotations

import sys
from typing import Any

from flask import Flask, current_app

from ..extensions import settings


def redis_client() -> Any:
    return current_app.extensions.get("cameramap.redis")


def redis_errors() -> tuple[type[BaseException], ...]:
    """What a Redis failure raises: redis' RedisError once redis is loaded (a client was configured),
    else nothing (`except ()` catches nothing). Without REDIS_URL no worker imports redis."""
    module = sys.modules.get("redis.exceptions")
    return (module.RedisError,) if module is not None else ()


def connect(app: Flask) -> str | None:
    """Open the Redis client when REDIS_URL is set (bounded waits); the URL, or None without one."""
    redis_url = settings(app).redis_url
    if redis_url:
        import redis

        # A Redis that hangs must cost a request a bounded wait, then the fallbacks (database, memory).
        timeout = settings(app).redis_timeout_seconds
        waits = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
        app.extensions["cameramap.redis"] = redis.Redis.from_url(redis_url, **waits)
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", waits)
    return redis_url or None
