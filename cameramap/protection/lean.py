"""Per-request machinery kept small for the map's hottest path (issue 22); every answer unchanged."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class LeanFlask(Flask):
    """Flask that asks once, not on every request, whether each hook and view is a coroutine
    function (Flask asks inspect for each of the ~20 hooks of every request)."""

    _plain: dict[Callable[..., Any], bool] | None = None

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        plain = self._plain
        if plain is None:
            if not self._got_first_request:  # still being set up (an app context of create_app)
                return super().ensure_sync(func)
            plain = self._registered_plain()
        if func in plain:
            return func
        return super().ensure_sync(func)  # a function made per request (after_this_request)

    def _registered_plain(self) -> dict[Callable[..., Any], bool]:
        """The app's hooks and views that are plain functions, found when the first is served
        (setup is over then: Flask refuses new hooks and routes after the first request)."""
        registries: list[Iterable[Callable[..., Any]]] = [
            *self.before_request_funcs.values(), *self.after_request_funcs.values(),
            *self.teardown_request_funcs.values(), self.teardown_appcontext_funcs,
            self.view_functions.values()]
        found = [f for functions in registries for f in functions]
        self._plain = {f: True for f in found if Flask.ensure_sync(self, f) is f}
        return self._plain


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # one HTTP token, written as HeaderSet writes it


def vary_cookie(response: Response) -> None:
    """response.vary.add("Cookie"), without parsing and rewriting a Vary of one token (most answers)."""
    vary = response.headers.get("Vary")
    if vary is None:
        response.headers["Vary"] = "Cookie"
    elif _TOKEN.fullmatch(vary):
        if vary.lower() != "cookie":
            response.headers["Vary"] = f"{vary}, Cookie"
    else:
        response.vary.add("Cookie")


class LeanSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer for a request that carries no
    session cookie and leaves its session empty (every API read)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()  # what the signer would give for no cookie
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if not session and not session.modified:  # nothing to set or delete
            if session.accessed:
                vary_cookie(response)
            return
        super().save_session(app, session, response)
