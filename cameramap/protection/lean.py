"""Per-request machinery kept small for the map's hottest path (issue 22); every answer unchanged."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class LeanFlask(Flask):
    """Flask that asks once per hook or view, not on every request, whether it is a coroutine
    function (Flask asks inspect for each of the ~20 hooks of every request)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Weak: per-request functions (after_this_request) are forgotten with their request.
        self._plain: WeakKeyDictionary[Callable[..., Any], bool] = WeakKeyDictionary()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            if self._plain[func]:
                return func
        except (KeyError, TypeError):  # not seen yet, or not weakly referable
            pass
        synced = super().ensure_sync(func)
        if synced is func:
            with suppress(TypeError):
                self._plain[func] = True
        return synced


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
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)
