"""Who is asking, without knowing who: the hashed client key, rate limits, CSRF and log-in set-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from redis.exceptions import RedisError
from werkzeug.middleware.proxy_fix import ProxyFix

from ..extensions import csrf, db, limiter, login_manager, settings
from ..services.submissions import clientkeys, intake, pow

READABLE_429 = ("Too many submissions from your network right now. Nothing was saved; "
                "please try again later.")
IDEMPOTENT_ENDPOINT = "api_submissions.create_submission"  # the one view that stores its answers
BUSY_429 = "The site receives too many submissions right now. Nothing was saved; please try again later."


def redis_client() -> Any:
    return current_app.extensions.get("cameramap.redis")


def _secret() -> bytes:
    """This period's client-key secret: from Redis when configured, from the database while Redis is
    unreachable (rate limits then fall back to memory too: a degraded mode, never a 500)."""
    hours = settings().client_key_rotation_hours
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
    except RedisError as err:  # remembering is verify's last step: nothing was half done
        current_app.logger.warning("Redis unreachable, solved challenges remembered in the database: %s", err)
        pow.verify(payload, key, pow.DatabaseReplayStore(db.session()))


def _everyone() -> str:
    return "everyone"


def _cost() -> int:
    """The no-JavaScript form's intermediate steps (find the address, use the photo's position)
    are checked against the limits but not counted; saving is."""
    return 1 if request.form.get("action", "save") == "save" else 0


def _replay() -> bool:
    """A retry of an API request already answered under its Idempotency-Key (its answer was lost on
    the way): exempt from the limits, as it only reads the stored answer."""
    if "cameramap.replay" not in request.environ:  # asked once per request, by both limits
        key = (request.headers.get("Idempotency-Key") or "").strip()
        keyed = (key and len(key) <= intake.MAX_IDEMPOTENCY_KEY and request.is_json
                 and request.endpoint == IDEMPOTENT_ENDPOINT)
        data = request.get_json(silent=True) if keyed else None
        request.environ["cameramap.replay"] = isinstance(data, dict) and intake.is_replay(
            db.session(), key, intake.request_fingerprint(data))
    return bool(request.environ["cameramap.replay"])


def submission_limits(view: Callable) -> Callable:
    """One budget per hashed client across all submission endpoints, and one for all clients
    together; POST only (pages stay readable), retries of answered API requests exempt."""
    per_client = limiter.shared_limit(lambda: settings().rate_limit_submit, scope="submit",
                                      methods=["POST"], error_message=READABLE_429, cost=_cost,
                                      exempt_when=_replay)
    overall = limiter.shared_limit(lambda: settings().rate_limit_global, scope="submit-all",
                                   key_func=_everyone, methods=["POST"], error_message=BUSY_429,
                                   cost=_cost, exempt_when=_replay)
    return overall(per_client(view))


def challenge_limit(view: Callable) -> Callable:
    return limiter.limit(lambda: settings().rate_limit_challenge,
                         error_message="Too many challenges asked from your network; try again later.")(view)


def login_limit(view: Callable) -> Callable:
    return limiter.limit(lambda: settings().rate_limit_login, methods=["POST"],
                         error_message="Too many log-in attempts; wait a few minutes.")(view)


def _protect_forms() -> None:
    """CSRF on every form post; the JSON API is exempt (it accepts application/json only)."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or request.path.startswith(
            ("/api/", "/ogc", "/feeds/")):
        return
    csrf.protect()


def init_app(app: Flask) -> None:
    """Bind CSRF, the rate limiter (Redis when configured) and the moderators' log-in."""
    config = settings(app)
    if config.proxy_count > 0:
        hops = config.proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    redis_url = config.redis_url
    if redis_url:
        import redis

        # A Redis that hangs must cost a request a bounded wait, then the fallbacks (database, memory).
        timeout = config.redis_timeout_seconds
        waits = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
        app.extensions["cameramap.redis"] = redis.Redis.from_url(redis_url, **waits)
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", waits)
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", bool(redis_url))
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    from .guard import body_limit

    app.before_request(body_limit)
    app.before_request(_protect_forms)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "moderation.login"
    login_manager.login_message = "Please log in as a moderator."
    # "basic"/"strong" would keep a hash of the client's address in the session cookie.
    login_manager.session_protection = None
