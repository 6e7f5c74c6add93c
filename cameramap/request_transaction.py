"""One unit of work per request: committed when the answer is a success, rolled back otherwise.

The commit happens before the answer leaves (a failing commit becomes a 500, not a lost write).
A view that handles an error itself and still answers with a redirect calls `abandon()`; error
handlers call it before they render, so a page is never drawn from a half-done transaction.
A streamed body runs after the commit: whatever it reads comes from a transaction of its own.
"""

from __future__ import annotations

from flask import Flask, Response, request

from .extensions import db

_ABANDONED = "cameramap.abandoned"  # in the request's environ: g may outlive a request (tests)


def abandon() -> None:
    """Roll back what this request wrote so far; its end rolls back whatever follows too."""
    request.environ[_ABANDONED] = True
    if db.session.registry.has():
        db.session().rollback()


def _finish(response: Response) -> Response:
    if not db.session.registry.has():
        return response
    if response.status_code >= 400 or request.environ.get(_ABANDONED):
        db.session().rollback()
    else:
        db.session().commit()
    return response


def _on_teardown(error: BaseException | None) -> None:
    if error is not None and db.session.registry.has():
        db.session().rollback()


def init_app(app: Flask) -> None:
    """Register first, so that the commit runs after every other after-request function."""
    app.after_request(_finish)
    app.teardown_request(_on_teardown)
