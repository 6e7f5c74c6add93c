"""One unit of work per request: committed when the answer is a success, rolled back otherwise.

The commit happens before the answer leaves (a failing commit becomes a 500, not a lost write).
A view that handles an error itself and still answers with a redirect calls `abandon()`; error
handlers call it before they render, so a page is never drawn from a half-done transaction.
A streamed body runs after the commit: whatever it reads comes from a transaction of its own.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from sqlalchemy.exc import OperationalError

from .extensions import db

_ABANDONED = "cameramap.abandoned"  # in the request's environ: g may outlive a request (tests)


def abandon() -> None:
    """Roll back what this request wrote so far; its end rolls back whatever follows too."""
    request.environ[_ABANDONED] = True
    if db.session.registry.has():
        db.session().rollback()


def abandoned() -> bool:
    """Whether this request's writes are being rolled back (abandon() was called)."""
    return bool(request.environ.get(_ABANDONED))


def _finish(response: Response) -> Response:
    if not db.session.registry.has():
        return response
    if response.status_code >= 400 or request.environ.get(_ABANDONED):
        db.session().rollback()
        return response
    try:
        db.session().commit()
    except OperationalError as err:  # e.g. a lock time-out: answered by the error handlers (503)
        db.session().rollback()
        return _failed_commit(response, err)
    return response


def _failed_commit(response: Response, err: OperationalError) -> Response:
    """The success answer becomes the error handlers' answer to `err`, keeping the headers that the
    other after-request functions added (security headers), minus those that described the success."""
    failed = current_app.make_response(current_app.handle_user_exception(err))
    for name in ("ETag", "Last-Modified", "Location", "Content-Disposition", "Content-Encoding"):
        response.headers.pop(name, None)
    response.headers.update(failed.headers)
    response.status_code, response.direct_passthrough = failed.status_code, False
    response.set_data(failed.get_data())
    return response


def _on_teardown(error: BaseException | None) -> None:
    if error is not None and db.session.registry.has():
        db.session().rollback()


def init_app(app: Flask) -> None:
    """Register first, so that the commit runs after every other after-request function."""
    app.after_request(_finish)
    app.teardown_request(_on_teardown)
