"""GET /api/v1/geocode?q=... and /api/v1/geocode/reverse?lat=&lon=: the map search box and the form."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, request

from ..domain.errors import UsageError
from ..domain.geo import Point
from ..extensions import db, settings
from ..services import geocoding

bp = Blueprint("geocode", __name__, url_prefix="/api/v1/geocode")


def only_parameters(*allowed: str) -> None:
    for name in request.args:
        if name not in allowed:
            raise UsageError(f"unknown parameter {name[:100]!r}; this endpoint accepts: {', '.join(allowed)}",
                             parameter=name[:100], code="unknown_parameter")


def _json(body: dict) -> Response:
    response = Response(orjson.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"  # an address query is the submitter's business
    return response


@bp.get("", strict_slashes=False)
def forward():
    only_parameters("q")
    result = geocoding.forward(db.session(), request.args.get("q"), settings())
    return _json(result.to_dict())


@bp.get("/reverse")
def reverse():
    only_parameters("lat", "lon")
    for name in ("lat", "lon"):
        if not request.args.get(name, "").strip():
            raise UsageError(f"{name} is required", parameter=name)
    point = Point.checked(request.args["lon"], request.args["lat"], allow_null_island=True)  # a query
    answer = geocoding.reverse(db.session(), point, settings())
    return _json(answer.to_dict())
