"""Security headers on every response: CSP with per-request script nonces, framing, cookies, HSTS."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

from ..extensions import settings

# Paths that may be framed by any site when asked with ?embed=1 (the map).
EMBEDDABLE_PATHS = frozenset({"/"})

# geolocation stays allowed for our own origin: the map's "locate me" button asks for it.
PERMISSIONS_POLICY = ", ".join([
    "geolocation=(self)", "camera=()", "microphone=()", "payment=()", "usb=()", "serial=()",
    "hid=()", "midi=()", "accelerometer=()", "gyroscope=()", "magnetometer=()",
    "display-capture=()", "screen-wake-lock=()", "xr-spatial-tracking=()",
])

# JSON, static files and media are never documents that need to run or load anything.
NON_HTML_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

_SCRIPT_TAG = re.compile(r"<script(?=[\s>/])", re.IGNORECASE)
_NONCE = re.compile(r"^[A-Za-z0-9+/_-]+={0,2}$")


def tile_source(tile_url: str) -> str | None:
    """The CSP source expression for a Leaflet tile URL template; None when tiles are ours.

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` gives `https://*.tile.example.org`.
    """
    template = re.sub(r"^(\w+:)?//\{[a-z]+\}\.", lambda m: f"{m.group(1) or ''}//*.", tile_url.strip())
    parts = urlsplit(template)
    if not parts.netloc:
        return None
    if any(c in parts.netloc for c in "{}'; ,") or "@" in parts.netloc:
        raise ValueError(f"cannot derive a Content-Security-Policy host from TILE_URL {tile_url!r}")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc


def page_policy(nonce: str, tile_host: str | None, *, embed: bool) -> str:
    """The policy for HTML pages: our own origin, the tile host for images, nonced scripts."""
    images = " ".join(filter(None, ["'self'", "data:", tile_host]))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        # Leaflet and folium position panes, markers and controls with inline styles;
        # style injection cannot run code, so 'unsafe-inline' is accepted for styles only.
        "style-src 'self' 'unsafe-inline'",
        f"img-src {images}",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors *" if embed else "frame-ancestors 'none'",
    ])


def csp_nonce() -> str:
    """This request's script nonce (also `g.csp_nonce`; `csp_nonce()` in templates)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def add_script_nonces(html: str, nonce: str) -> str:
    """Add `nonce="..."` to every <script> tag of a trusted HTML string (e.g. the folium shell).

    An earlier nonce attribute on a tag loses: browsers keep the first of duplicate attributes.
    """
    if not _NONCE.match(nonce):
        raise ValueError("a CSP nonce is base64 text")
    return _SCRIPT_TAG.sub(f'<script nonce="{nonce}"', html)


def _is_embed() -> bool:
    return request.path in EMBEDDABLE_PATHS and request.args.get("embed") == "1"


_FIXED_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    # Tile servers such as OpenStreetMap's require a referrer: send the origin only, never the path.
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def set_security_headers(response: Response) -> Response:
    """Each header unless the view set it itself (media routes set `sandbox`): one pass over the
    response's headers, not one per header (this runs on every answer)."""
    headers = response.headers
    embed = _is_embed()
    if response.mimetype == "text/html":
        policy = page_policy(csp_nonce(), current_app.extensions["cameramap.tile_source"], embed=embed)
    else:
        policy = NON_HTML_POLICY
    wanted = [("Content-Security-Policy", policy), *_FIXED_HEADERS]
    if not embed:
        wanted.append(("X-Frame-Options", "DENY"))
    if request.is_secure:
        wanted.append(("Strict-Transport-Security", "max-age=31536000"))
    present = {name.lower() for name in headers.keys()}  # noqa: SIM118 (Headers iterate as pairs)
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response


def _cookie_settings(app: Flask) -> None:
    """Session, CSRF (kept in the session) and remember-me cookies: Secure, HttpOnly, SameSite=Lax."""
    secure = settings(app).cookie_secure
    for prefix in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        app.config[f"{prefix}_SECURE"] = secure
        app.config[f"{prefix}_HTTPONLY"] = True
        app.config[f"{prefix}_SAMESITE"] = "Lax"


def init_app(app: Flask) -> None:
    """Register the headers on every response (pages, API, static, media, errors)."""
    app.extensions["cameramap.tile_source"] = tile_source(settings(app).tile_url)
    _cookie_settings(app)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    # No before-request hook: csp_nonce() makes the nonce on first use (pages), JSON never needs one.
    app.after_request(set_security_headers)
    # A nonce lives for one request, even where requests share an app context (tests, CLI).
    app.teardown_request(lambda _exc: g.pop("csp_nonce", None))
