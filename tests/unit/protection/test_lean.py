"""LeanFlask answers every coroutine question as Flask does, asking inspect only before it is sealed."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import flask.app
import pytest
from flask import Response, after_this_request, render_template_string

from cameramap.protection.lean import LeanFlask


@pytest.fixture
def asked(monkeypatch) -> list[Callable[..., Any]]:
    """The functions Flask's own ensure_sync asks inspect about (appended as they are asked)."""
    functions: list[Callable[..., Any]] = []

    def iscoroutinefunction(func: Callable[..., Any]) -> bool:
        functions.append(func)
        return inspect.iscoroutinefunction(func)

    monkeypatch.setattr(flask.app, "iscoroutinefunction", iscoroutinefunction)
    return functions


def run_now(func: Callable[..., Any]) -> Callable[..., Any]:
    """Flask's async_to_sync without asgiref (not installed here): run the coroutine to its end, in a
    thread of its own (as asgiref does): after the browser tests, playwright's loop runs in this one."""
    def run(*args: Any, **kwargs: Any) -> Any:
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, func(*args, **kwargs)).result()
    return run


@pytest.fixture
def app() -> Iterator[LeanFlask]:
    """An app with one plain function in each registry Flask asks about, and one async view."""
    app = LeanFlask(__name__)
    app.async_to_sync = run_now  # type: ignore[method-assign]

    @app.before_request
    def before() -> None:
        pass

    @app.after_request
    def after(response: Response) -> Response:
        response.headers["X-After"] = "1"
        return response

    @app.teardown_request
    def teardown(_exc: BaseException | None) -> None:
        pass

    @app.teardown_appcontext
    def teardown_context(_exc: BaseException | None) -> None:
        pass

    @app.context_processor
    def context() -> dict[str, str]:
        return {"word": "plain"}

    @app.errorhandler(404)
    def missing(_error: Exception) -> tuple[str, int]:
        return "none here", 404

    @app.route("/page")
    def page() -> str:
        return render_template_string("{{ word }}")

    @app.route("/async")
    async def coroutine_view() -> str:
        await asyncio.sleep(0)
        return "awaited"

    yield app


def test_a_sealed_app_asks_inspect_about_none_of_its_registered_plain_functions(app, asked):
    app.seal()
    asked.clear()  # sealing asks once
    client = app.test_client()
    page, missing = client.get("/page"), client.get("/nowhere")
    assert (page.get_data(as_text=True), page.headers["X-After"]) == ("plain", "1")
    assert (missing.status_code, missing.get_data(as_text=True)) == (404, "none here")
    assert asked == []


def test_an_unsealed_app_asks_as_flask_does(app, asked):
    assert app.test_client().get("/page").get_data(as_text=True) == "plain"
    names = {f.__name__ for f in asked}
    assert {"before", "after", "teardown", "teardown_context", "context", "page"} <= names


def test_a_coroutine_view_is_wrapped_whether_sealed_or_not(app):
    view = app.view_functions["coroutine_view"]
    assert app.ensure_sync(view) is not view
    app.seal()
    assert app.ensure_sync(view) is not view
    assert app.test_client().get("/async").get_data(as_text=True) == "awaited"


def test_sealing_does_not_wrap_coroutine_functions(app, monkeypatch):
    """Flask's async_to_sync raises without asgiref: seal() must not call it for an async view."""
    wrapped: list[Callable[..., Any]] = []
    monkeypatch.setattr(app, "async_to_sync", lambda func: wrapped.append(func) or run_now(func))
    app.seal()
    assert wrapped == []
    app.test_client().get("/async")
    assert wrapped == [app.view_functions["coroutine_view"]]


def test_hooks_added_after_sealing_run_and_are_asked_about_until_sealed_again(app, asked):
    app.seal()
    asked.clear()

    @app.after_request
    def late(response: Response) -> Response:
        response.headers["X-Late"] = "1"
        return response

    @app.after_request
    async def late_async(response: Response) -> Response:
        response.headers["X-Late-Async"] = "1"
        return response

    client = app.test_client()
    response = client.get("/page")
    assert (response.headers["X-Late"], response.headers["X-Late-Async"]) == ("1", "1")
    assert asked == [late_async, late]  # after-request functions run last registered first
    app.seal()
    asked.clear()
    assert client.get("/page").headers["X-Late-Async"] == "1"
    assert asked == [late_async]  # a coroutine function is never noted as plain


def test_functions_made_per_request_run_and_are_not_noted(app, asked):
    made: list[Callable[..., Any]] = []

    @app.route("/later")
    def later() -> str:
        @after_this_request
        def mark(response: Response) -> Response:
            response.headers["X-Mark"] = "1"
            return response

        @after_this_request
        async def mark_async(response: Response) -> Response:
            response.headers["X-Mark-Async"] = "1"
            return response

        made.extend([mark, mark_async])
        return "ok"

    app.seal()
    asked.clear()
    for _ in range(2):
        response = app.test_client().get("/later")
        assert (response.headers["X-Mark"], response.headers["X-Mark-Async"]) == ("1", "1")
    assert asked == made  # each, each time, asked as Flask asks; the registered ones never
    assert app.ensure_sync(made[3]) is not made[3]


class Unhashable:
    """A callable hook that cannot be a dict key (an eq without hash)."""

    def __init__(self) -> None:
        self.calls = 0

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = None  # type: ignore[assignment]

    def __call__(self) -> None:
        self.calls += 1


def test_an_unhashable_hook_is_served_sealed_or_not(app):
    hook = Unhashable()
    app.before_request(hook)
    app.test_client().get("/page")
    app.seal()
    assert app.ensure_sync(hook) is hook
    app.test_client().get("/page")
    assert hook.calls == 2


class EqualToAll:
    """A plain callable hook equal to everything, and hashed as `like` is."""

    def __init__(self, like: Callable[..., Any]) -> None:
        self.like = like

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash(self.like)

    def __call__(self) -> None:
        pass


def test_a_function_merely_equal_to_a_noted_one_is_asked_about(app):
    view = app.view_functions["coroutine_view"]
    app.before_request(EqualToAll(view))
    app.seal()
    assert app.ensure_sync(view) is not view
