"""The lean request machinery (issue 22) answers as Flask's own would: sessions, limits, URLs, hooks."""

from __future__ import annotations

import inspect

import flask.app
import pytest
from flask import after_this_request, request, session
from flask.sessions import SecureCookieSessionInterface

from cameramap import create_app
from cameramap.api.caching import request_url
from cameramap.protection.lean import LeanFlask, LeanSessionInterface
from cameramap.protection.ratelimits import UNLIMITED

VIEW = "/api/v1/cameras?bbox=24.9,60.1,25.0,60.2&zoom=14"


@pytest.fixture
def fresh_app(database_url, tmp_path):
    """An app of its own: these tests add routes, which a served app no longer accepts."""
    return create_app({"DATABASE_URL": database_url, "AUTO_MIGRATE": False, "TESTING": True,
                       "SECRET_KEY": "test-secret", "INSTANCE_DIR": str(tmp_path)})


@pytest.mark.parametrize("url", [
    VIEW, "/api/v1/cameras/tiles/3/4/2", "/api/v1/cameras?tile=3/4/2&status=reported,verified",
    "/api/v1/cameras?operator=A%20B&bbox=1,2,3,4", "/api/v1/cameras?q=%C3%A9t%C3%A9&x=a+b",
    "/api/v1/cameras?x=%2F%3F%23&y=caf\u00e9", "/api/v1/cameras?a=[1]&b={2}|^`", "/api/v1/cameras",
    "/api/v1/caf\u00e9?x=1", "/api/v1/cameras?", "/api/v1/cameras?x=1;y=2:3@4!$'()*",
])
@pytest.mark.parametrize("base", ["http://localhost", "https://maps.example.org:8443/sub"])
def test_request_url_is_werkzeugs(app, url, base):
    with app.test_request_context(url, base_url=base) as context:
        assert request_url(context.request) == context.request.url


def test_a_session_without_cookie_answers_as_flasks(app):
    """No cookie and nothing stored: no Set-Cookie, and Vary: Cookie once the session was looked at."""
    for interface in (LeanSessionInterface(), SecureCookieSessionInterface()):
        with app.test_request_context(VIEW) as context:
            opened = interface.open_session(app, context.request)
            assert opened is not None and not opened and not opened.modified
            opened.accessed = True  # as the request context marks it when a hook looks
            response = app.response_class("x")
            interface.save_session(app, opened, response)
            assert response.headers.getlist("Set-Cookie") == []
            assert response.headers["Vary"] == "Cookie"


def test_a_stored_session_round_trips_through_its_cookie(fresh_app):
    assert isinstance(fresh_app.session_interface, LeanSessionInterface)

    @fresh_app.route("/_lean/store")
    def store():
        session["seen"] = "yes"
        return "stored"

    @fresh_app.route("/_lean/read")
    def read():
        return session.get("seen", "nothing")

    with fresh_app.test_client() as client:
        assert "session=" in client.get("/_lean/store").headers["Set-Cookie"]
        assert client.get("/_lean/read").get_data(as_text=True) == "yes"
    with fresh_app.test_client() as stranger:
        assert stranger.get("/_lean/read").get_data(as_text=True) == "nothing"


def test_an_unlimited_read_skips_the_limiter_and_a_limited_route_still_reports(client):
    view = client.get(VIEW)
    assert view.status_code == 200
    assert not [name for name in view.headers.keys() if name.lower().startswith("x-ratelimit")]  # noqa: SIM118
    limited = client.post("/api/v1/exposure", json={})  # a route that a limit names
    assert limited.status_code == 400 and limited.headers.get("X-RateLimit-Limit")


def test_only_unlimited_reads_are_marked(app):
    with app.test_request_context(VIEW):
        app.preprocess_request()
        assert request.environ.get(UNLIMITED) is True
    with app.test_request_context("/api/v1/exposure", method="POST", json={}):
        app.preprocess_request()
        assert UNLIMITED not in request.environ


@pytest.fixture
def asked(monkeypatch):
    """The functions Flask's own ensure_sync asks inspect about, from now on."""
    functions = []

    def iscoroutinefunction(func):
        functions.append(func)
        return inspect.iscoroutinefunction(func)

    monkeypatch.setattr(flask.app, "iscoroutinefunction", iscoroutinefunction)
    return functions


def test_create_app_seals_every_hook_view_and_handler_it_registers(fresh_app, session, asked):
    """A map read, a page and a 404 run ~20 hooks each, and none is asked about per request."""
    assert isinstance(fresh_app, LeanFlask)
    with fresh_app.test_client() as client:
        statuses = [client.get(url).status_code for url in (VIEW, "/", "/api/v1/nowhere", "/nowhere")]
    assert statuses == [200, 200, 404, 404]
    assert asked == []


def test_functions_added_after_create_app_run_as_flasks(fresh_app, asked):
    @fresh_app.route("/_lean/later")
    def later():
        @after_this_request
        def mark(response):
            response.headers["X-Later"] = "1"
            return response

        return "ok"

    with fresh_app.test_client() as client:
        assert client.get("/_lean/later").headers["X-Later"] == "1"
    assert [f.__name__ for f in asked] == ["later", "mark"]  # asked as Flask asks; the sealed ones never


@pytest.mark.parametrize("vary", [None, "Accept-Encoding", "cookie", "Cookie", "Accept-Encoding, Origin",
                                  "Accept-Encoding,Cookie", "*", 'x"y', "Origin "])
def test_vary_cookie_writes_what_headerset_writes(app, vary):
    from cameramap.protection.lean import vary_cookie

    lean, werkzeug = app.response_class("x"), app.response_class("x")
    for response in (lean, werkzeug):
        if vary is not None:
            response.headers["Vary"] = vary
    vary_cookie(lean)
    werkzeug.vary.add("Cookie")
    assert lean.headers.getlist("Vary") == werkzeug.headers.getlist("Vary")
