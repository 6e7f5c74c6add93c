"""Per-request machinery kept small for the map's hottest path (issue 22); every answer unchanged."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from inspect import iscoroutinefunction
from types import MappingProxyType
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class LeanFlask(Flask):
    """Flask that asks once, not on every request, whether each hook and view is a coroutine
    function (Flask asks inspect for each of the ~20 hooks of every request).

    seal() (create_app calls it once everything is registered) notes the registered plain functions;
    ensure_sync returns those as they are. Anything else (a function made per request by
    after_this_request, a hook or view added after sealing, an async function) goes to Flask's own
    ensure_sync, as does everything before seal(). The notes are a dict built whole and then swapped
    in, never changed afterwards: threads serving requests share it safely, even while seal() runs.
    """

    _plain: Mapping[Callable[..., Any], Callable[..., Any]] = MappingProxyType({})  # each to itself

    def seal(self) -> None:
        """Note the hooks and views registered now that Flask would run as they are (call again after
        registering more; until then those are asked about per call, as Flask does)."""
        flasks = super().ensure_sync
        self._plain = {f: f for f in self._registered()
                       if isinstance(f, Hashable) and not iscoroutinefunction(f) and flasks(f) is f}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            if self._plain.get(func) is func:  # itself, not merely an equal callable
                return func
        except TypeError:  # an unhashable callable (never noted)
            pass
        return super().ensure_sync(func)

    def _registered(self) -> Iterator[Callable[..., Any]]:
        """Every function Flask passes to ensure_sync from its registries."""
        registries: list[Iterable[Callable[..., Any]]] = [
            *self.before_request_funcs.values(), *self.after_request_funcs.values(),
            *self.teardown_request_funcs.values(), self.teardown_appcontext_funcs,
            self.view_functions.values(), *self.template_context_processors.values(),
            *(handlers.values() for codes in self.error_handler_spec.values() for handlers in codes.values())]
        for functions in registries:
            yield from functions


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
