"""Binding the protections to the app: proxy headers, Redis, CSRF, request-body bounds, rate limits
and the moderators' log-in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from ..domain.errors import UsageError
from ..extensions import csrf, login_manager, settings
from ..services.moderation.sessions import REMEMBER_DAYS
from . import hosts
from .clientkey import secret_before_writes
from .lean import LeanSessionInterface
from .ratelimits import lean_limiter_hooks, limiter
from .redisclient import connect


def body_limit() -> None:
    """Bound request bodies of the submission endpoints before anything reads them."""
    blueprint = request.blueprint or ""
    if request.method != "POST" or blueprint not in ("submit", "api_submissions", "moderation", "accounts"):
        return
    photo = settings().photo_max_bytes
    request.max_content_length = photo * 4 // 3 + 65_536 if blueprint == "api_submissions" \
        else photo + 65_536


MAX_JSON_DEPTH = 32  # arrays and objects inside each other; the deepest real body (a route) has 5


def _depth(value: Any) -> int:
    """How many arrays and objects are nested in `value`, counted without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, level + 1) for child in children)
    return deepest


def json_depth_limit() -> None:
    """A JSON body nested too deeply is refused with 400 before any view, limit or proof of work reads it.

    Only bodies already bounded (body_limit) are read here; the views that bound their own body
    (exposure: tracks up to 10 MB) parse it with orjson, whose depth limit is a 400 too."""
    if request.method != "POST" or not request.is_json or request.max_content_length is None:
        return
    try:
        data = request.get_json(silent=True)  # cached: the view reads the same parse
    except RecursionError:
        deepest = MAX_JSON_DEPTH + 1
    else:
        deepest = _depth(data)
    if deepest > MAX_JSON_DEPTH:
        raise UsageError(f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep; nothing was saved",
                         parameter="body")


def _protect_forms() -> None:
    """CSRF on every form post; the JSON API is exempt (it accepts application/json only)."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or request.path.startswith(
            ("/api/", "/ogc", "/feeds/")):
        return
    csrf.protect()


def init_app(app: Flask) -> None:
    """Bind CSRF, the rate limiter (Redis when configured) and the moderators' log-in."""
    hosts.init_app(app)  # inside ProxyFix: it sees the forwarded host
    if settings(app).proxy_count > 0:
        hops = settings(app).proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    redis_url = connect(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", bool(redis_url))
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    app.teardown_request(_forget_request_caches)
    app.before_request(body_limit)
    app.before_request(json_depth_limit)
    app.before_request(_protect_forms)
    app.before_request(secret_before_writes)  # before the limiter asks for client keys
    limiter.init_app(app)
    lean_limiter_hooks(app)
    app.session_interface = LeanSessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "moderation.login"
    login_manager.login_message = "Please log in as a moderator."
    # Sessions live server-side (services/moderation/sessions.py): the cookies carry a random token,
    # ended at log-out. "basic"/"strong" protection would compare, and Flask-Login by default stores,
    # an unsalted hash of the client's address and browser (`_id`); we store nothing of the kind.
    login_manager.session_protection = None
    login_manager._session_identifier_generator = _no_identifier  # noqa: SLF001 (no public hook)
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=REMEMBER_DAYS)


def _forget_request_caches(_exc: BaseException | None) -> None:
    """The CSRF token and the user Flask-WTF and Flask-Login cache in g belong to one request's
    session, even where requests share an app context (tests, CLI)."""
    g.pop("csrf_token", None)
    g.pop("_login_user", None)


def _no_identifier() -> str:
    """What Flask-Login keeps as `_id` in the session: nothing derived from the client."""
    return ""
