"""Error handlers: JSON for the API, HTML elsewhere; never a bare 500 for bad input."""

from __future__ import annotations

import orjson
from flask import Flask, Response, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .domain.errors import DomainError
from .domain.texts import N_
from .extensions import db
from .request_transaction import abandon

BUSY_RETRY_SECONDS = 10
BUSY_MESSAGE = N_("The database is busy with another write (an import, for instance). Nothing was saved; "
                  "please try again in %(seconds)s seconds.", seconds=BUSY_RETRY_SECONDS)


def wants_json() -> bool:
    """JSON under /api/ and /feeds/; under /ogc unless HTML is asked (f=html or Accept); else by Accept."""
    if request.path.startswith(("/api/", "/feeds/")):
        return True
    if request.path == "/ogc" or request.path.startswith("/ogc/"):
        if request.args.get("f"):
            return request.args.get("f") != "html"
        return request.accept_mimetypes.best_match(["application/json", "text/html"],
                                                   "application/json") != "text/html"
    return request.accept_mimetypes.best == "application/json"


def json_error(status: int, code: str, message: str, parameter: str | None = None) -> Response:
    """The one error body of every JSON answer: {"error", "message"} and "parameter" when one is at fault."""
    body = {"error": code, "message": message}
    if parameter:
        body["parameter"] = parameter
    return Response(orjson.dumps(body), status=status, mimetype="application/json")


def _render(status: int, code: str, message: str, parameter: str | None = None, *, own: bool = True):
    """The JSON error or the HTML page; the page shows `message` when it is in the page's language
    (a marked text, or English on an English page) and `own` (not Werkzeug's stock description),
    else its own words for the status (templates/errors/error.html)."""
    abandon()  # the page is drawn after the request's writes were rolled back
    if wants_json():
        return json_error(status, code, message, parameter)
    page = render_template("errors/error.html", status=status, code=code, message=message if own else None)
    return page, status


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(err: DomainError):
        return _render(err.status, err.code, err.message, err.parameter)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code = (err.name or "error").lower().replace(" ", "_")
        # Werkzeug's stock descriptions and Flask-WTF's token jargon: the page says it in its own words
        stock = err.description == type(err).description or isinstance(err, CSRFError)
        own = bool(err.description) and not stock
        response = make_response(_render(err.code or 500, code, err.description or err.name, own=own))
        for name, value in err.get_headers():  # e.g. Allow on 405, as RFC 9110 requires
            if name.lower() not in ("content-type", "content-length"):
                response.headers[name] = value
        return response

    @app.errorhandler(OperationalError)
    def database_busy(err: OperationalError):
        """A lock time-out (SQLite's "database is locked") is 503 with Retry-After, never a 500."""
        if db.engine is None or not db.backend.is_busy(err):
            return unexpected(err)
        response = make_response(_render(503, "database_busy", BUSY_MESSAGE))
        response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        app.logger.exception("unhandled error")
        return _render(500, "internal_error", N_("Something went wrong on our side."))
