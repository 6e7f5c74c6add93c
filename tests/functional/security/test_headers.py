"""Security headers on every kind of response: pages, embeds, API, errors, static files, media."""

from __future__ import annotations

import re

import pytest
from flask import Flask, Response, render_template_string, session

from cameramap import _template_folder
from cameramap.config import parse, replaced
from cameramap.errors import init_app as init_errors
from cameramap.extensions import SETTINGS
from cameramap.web import security
from tests.factories import make_camera

PAGES = ["map", "camera", "missing_page"]
OTHERS = ["api", "api_error", "static"]


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive -> sources."""
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.fixture
def get(client, session):
    """Request one kind of route from the real app."""
    def _get(kind: str, **kwargs):
        path = {
            "map": "/",
            "embed": "/?embed=1",
            "camera": lambda: f"/cameras/{make_camera(session).id}",
            "missing_page": "/no-such-page",
            "api": "/api/v1/cameras?bbox=24.9,60.1,25.0,60.2",
            "api_error": "/api/v1/no-such-endpoint",
            "static": "/static/css/site.css",
        }[kind]
        return client.get(path() if callable(path) else path, **kwargs)
    return _get


@pytest.fixture
def bare_app():
    """The security module alone on a small app: for a 500, a media response, templates, cookies."""
    app = Flask(__name__, template_folder=_template_folder())
    app.config.update(SECRET_KEY="test")
    app.extensions[SETTINGS] = parse({"SECRET_KEY": "test",
                                      "TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"})

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("unexpected")

    @app.get("/photo")
    def photo():
        return Response(b"\xff\xd8\xff", mimetype="image/jpeg",
                        headers={"Content-Security-Policy": "sandbox"})

    @app.get("/nonce")
    def nonce():
        return render_template_string('<script nonce="{{ csp_nonce() }}">1</script>')

    @app.get("/login")
    def login():
        session["user"] = "moderator"
        return "ok"

    init_errors(app)
    security.init_app(app)
    return app


@pytest.mark.parametrize("kind", PAGES)
def test_page_is_html(get, kind):
    assert get(kind).mimetype == "text/html"


@pytest.mark.parametrize("kind", PAGES)
def test_page_scripts_need_the_request_nonce(get, kind):
    scripts = csp(get(kind))["script-src"]
    nonces = [s for s in scripts if s.startswith("'nonce-")]
    assert len(nonces) == 1 and len(nonces[0]) > 20
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'self'" in scripts


@pytest.mark.parametrize("kind", PAGES)
def test_page_nonce_changes_per_request(get, kind):
    assert csp(get(kind))["script-src"] != csp(get(kind))["script-src"]


@pytest.mark.parametrize("kind", PAGES)
def test_page_loads_only_from_us_with_the_default_basemap(get, kind):
    policy = csp(get(kind))
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # our own vector basemap: no tile host
    assert policy["connect-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.parametrize("kind", PAGES)
def test_page_locks_plugins_base_and_forms(get, kind):
    policy = csp(get(kind))
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("kind", PAGES + OTHERS)
def test_framing_is_refused(get, kind):
    response = get(kind)
    assert csp(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_embedded_map_may_be_framed_anywhere(get):
    response = get("embed")
    assert csp(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response.headers
    assert any(s.startswith("'nonce-") for s in csp(response)["script-src"])


def test_embed_is_only_the_map(client):
    response = client.get("/no-such-page?embed=1")
    assert csp(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("kind", OTHERS)
def test_non_html_responses_may_load_nothing(get, kind):
    policy = csp(get(kind))
    assert policy["default-src"] == ["'none'"]
    assert "script-src" not in policy


@pytest.mark.parametrize("kind", ["api", "api_error"])
def test_api_answers_json(get, kind):
    mimetype = get(kind).mimetype
    assert mimetype.startswith("application/") and mimetype.endswith("json")


@pytest.mark.parametrize("kind", PAGES + OTHERS + ["embed"])
def test_nosniff(get, kind):
    assert get(kind).headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("kind", PAGES + OTHERS + ["embed"])
def test_referrer_policy_sends_only_the_origin_across_sites(get, kind):
    assert get(kind).headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("kind", PAGES + OTHERS + ["embed"])
def test_permissions_policy(get, kind):
    features = dict(f.strip().split("=") for f in get(kind).headers["Permissions-Policy"].split(","))
    assert features["geolocation"] == "(self)"
    assert features["camera"] == features["microphone"] == features["payment"] == "()"


@pytest.mark.parametrize("kind", PAGES + OTHERS + ["embed"])
def test_cross_origin_opener_policy(get, kind):
    assert get(kind).headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("kind", PAGES + OTHERS)
def test_hsts_only_over_https(get, kind):
    assert "Strict-Transport-Security" not in get(kind).headers
    secure = get(kind, base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert int(secure.headers["Strict-Transport-Security"].split("=")[1]) >= 15552000


def test_media_route_gets_headers(app, client):
    rules = [r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/media/")]
    if not rules:
        pytest.skip("no media route registered yet")
    response = client.get(re.sub(r"<[^>]+>", "no-such-photo.jpg", rules[0]))
    assert response.status_code == 404
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert csp(response)["object-src"] == ["'none'"]


def test_media_keeps_its_own_sandbox_policy(bare_app):
    response = bare_app.test_client().get("/photo")
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_server_error_page_gets_headers(client, monkeypatch):
    from cameramap.services.registry import catalog

    def broken(*_args, **_kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(catalog, "sources_with_counts", broken)
    response = client.get("/sources")
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert csp(response)["object-src"] == ["'none'"]
    assert any(s.startswith("'nonce-") for s in csp(response)["script-src"])
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_server_error_json_gets_headers(bare_app):
    response = bare_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500 and response.mimetype == "application/json"
    assert csp(response)["default-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_template_nonce_is_the_header_nonce(bare_app):
    response = bare_app.test_client().get("/nonce")
    nonce = next(s for s in csp(response)["script-src"] if s.startswith("'nonce-"))[7:-1]
    assert f'<script nonce="{nonce}">' in response.get_data(as_text=True)


def test_tile_host_follows_config(bare_app):
    response = bare_app.test_client().get("/nonce")
    assert "https://*.tiles.example.org" in csp(response)["img-src"]


@pytest.mark.parametrize("secure", [True, False])
def test_session_cookie_flags(bare_app, secure):
    bare_app.extensions[SETTINGS] = replaced(bare_app.extensions[SETTINGS], COOKIE_SECURE=secure)
    security.init_app(bare_app)
    cookie = bare_app.test_client().get("/login").headers["Set-Cookie"]
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=lax"} <= flags
    assert ("secure" in flags) is secure


def test_cookies_are_secure_by_default(app):
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
