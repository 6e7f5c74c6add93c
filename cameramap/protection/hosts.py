"""One public host name (CAMERAMAP_SERVER_NAME): a request naming another host gets 400, and every
absolute link (feeds, API answers, OGC pages) is built from the configured name, never from the
Host header a client chose."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, request

from ..domain.errors import UsageError
from ..extensions import settings

ASKED_HOST = "cameramap.asked_host"  # in the environ: the host a refused request named


def _bare(host: str) -> str:
    """The host name without its port, lower case (IPv6 literals keep their brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0]


class CanonicalHost:
    """WSGI middleware (inside ProxyFix, so it sees the forwarded host): with a server name set, the
    request is seen as one for that name; one that named another host is marked, and refused by
    `refuse_other_hosts` with the app's usual 400 body."""

    def __init__(self, wsgi_app: Any, app: Flask):
        self.wsgi_app, self.app = wsgi_app, app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        name = settings(self.app).server_name
        if name:
            asked = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
            if _bare(asked) != _bare(name):
                environ[ASKED_HOST] = asked[:200]
            environ["HTTP_HOST"] = name
        return self.wsgi_app(environ, start_response)


def refuse_other_hosts() -> None:
    if ASKED_HOST in request.environ:
        raise UsageError(f"this site answers for {settings().server_name} only, not for the host named "
                         "in the request", parameter="Host", code="unknown_host")


def init_app(app: Flask) -> None:
    """Install the middleware (before ProxyFix wraps the app) and the check (first before-request)."""
    app.wsgi_app = CanonicalHost(app.wsgi_app, app)  # type: ignore[method-assign]
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_other_hosts)
