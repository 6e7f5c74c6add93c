"""GET /api/v1/streets?bbox=...: the gazetteer's named street lines, drawn when the basemap is missing."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, request

from ..domain.errors import UsageError
from ..domain.geo import BBox
from ..extensions import db, settings
from ..services import geocoding
from .geocode import only_parameters

bp = Blueprint("streets", __name__, url_prefix="/api/v1/streets")
MAX_AGE = 300


@bp.get("", strict_slashes=False)
def streets() -> Response:
    only_parameters("bbox")
    text = request.args.get("bbox", "").strip()
    if not text:
        raise UsageError("bbox is required: minlon,minlat,maxlon,maxlat", parameter="bbox")
    body = geocoding.street_lines(db.session(), BBox.parse(text), settings())
    response = Response(orjson.dumps(body), mimetype="application/geo+json")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
