"""POST /api/v1/exposure (how watched is a track) and /routes (around the cameras). Nothing is kept."""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson
from flask import Blueprint, Response, request

from ..domain.errors import DomainError, UsageError
from ..domain.geo import BBox
from ..domain.timefilter import parse_instant
from ..exposure.model import MAX_RANGE_M, Overrides
from ..extensions import db, settings
from ..protection.ratelimits import exposure_limit, routes_limit
from . import params
from .caching import cached_response
from .geojson import GEOJSON, JSON, dumps

if TYPE_CHECKING:  # numpy, scipy, shapely and pyproj load with the first exposure request
    from ..exposure.tracks import Track
    from ..services.exposure.routes import RouteRequest

bp = Blueprint("api_exposure", __name__, url_prefix="/api/v1")
MAX_BODY_BYTES = 10 * 1024 * 1024
JSON_TYPES = ("application/json", "application/geo+json")
GPX_TYPES = ("application/gpx+xml", "application/xml", "text/xml")


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    status = 415


QUERY = ("range_m", "ignore_direction", "at")


def asked_time(in_body: Any) -> datetime | None:
    """The instant whose active deployments count: `at` in the query string or in the body, not both
    (None: now). It is used for this answer only, never logged or kept."""
    in_query = params.single(params.collect(request.args.items(multi=True), QUERY), "at")
    if in_query is None and "at" in request.args:  # collect drops blank values: `at=` is no time
        in_query = ""
    if in_query is not None and in_body is not None:
        raise UsageError("give `at` in the query string or in the body, not both", parameter="at",
                         code="conflicting_parameters")
    text = in_query if in_query is not None else in_body
    if text is None:
        return None
    if not isinstance(text, str):
        raise UsageError("at is an RFC 3339 date-time string, e.g. 2025-01-08T14:00:00Z", parameter="at",
                         code="invalid_datetime")
    return parse_instant(text, "at")


def overrides() -> Overrides:
    """range_m and ignore_direction from the query string (with `at`, nothing else is accepted there)."""
    grouped = params.collect(request.args.items(multi=True), QUERY)
    text = params.single(grouped, "range_m")
    range_m = None
    if text is not None and text.strip():
        try:
            range_m = float(text)
        except ValueError:
            range_m = math.nan
        if not (math.isfinite(range_m) and 0 < range_m <= MAX_RANGE_M):
            raise UsageError(f"range_m must be a number of metres above 0, at most {MAX_RANGE_M:g}",
                             parameter="range_m")
    return Overrides(range_m, params.flag((params.single(grouped, "ignore_direction") or "").strip() or None,
                                          "ignore_direction"))


def _json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise UsageError("the body is not valid JSON", parameter="body", code="invalid_track") from None


def _parse(body: bytes, kind: str) -> tuple[Track, Any]:
    from ..exposure.tracks import from_geojson, from_gpx

    if kind == "gpx":
        return from_gpx(body), None
    data = _json(body)
    properties = data.get("properties") if isinstance(data, dict) and data.get("type") == "Feature" else None
    return from_geojson(data), properties.get("at") if isinstance(properties, dict) else None


def read_track() -> tuple[Track, Any]:
    """The track of the body: GeoJSON, GPX, or a multipart upload of either (field `file`); and the
    body's `at` (a Feature's `properties.at`, the form field `at`), if any."""
    request.max_content_length = MAX_BODY_BYTES  # werkzeug answers 413 past it, before reading more
    mimetype = request.mimetype
    if mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise UsageError("upload the track as the form field `file`", parameter="file")
        body = upload.read()
        track, at = _parse(body, "gpx" if body.lstrip()[:1] == b"<" else "json")
        return track, request.form.get("at") if request.form.get("at") is not None else at
    if mimetype in JSON_TYPES:
        return _parse(request.get_data(cache=False), "json")
    if mimetype in GPX_TYPES:
        return _parse(request.get_data(cache=False), "gpx")
    raise UnsupportedMediaType("send a GeoJSON LineString (application/geo+json or application/json) or a "
                               "GPX file (application/gpx+xml, or a multipart upload)",
                               parameter="Content-Type")


def private(body: dict[str, Any]) -> Response:
    response = Response(dumps(body), mimetype=JSON)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/exposure")
@exposure_limit
def exposure() -> Response:
    from ..services.exposure.paths import path_exposure

    model = overrides()
    track, at = read_track()
    return private(path_exposure(db.session(), track, model, asked_time(at)))


ROUTE_FIELDS = {"from", "to", "profile", "avoid", "operators", "budget", "at"}


def _route_request(data: Any, model: Overrides) -> RouteRequest:
    from ..services.exposure.routes import AVOID, RouteRequest, parse_place

    if not isinstance(data, dict):
        raise UsageError("the body must be a JSON object", parameter="body")
    unknown = sorted(set(data) - ROUTE_FIELDS)
    if unknown:
        raise UsageError(f"unknown member {unknown[0][:40]!r}", parameter=unknown[0][:40])
    avoid, operators = data.get("avoid", "cameras"), data.get("operators") or []
    if avoid not in AVOID:
        raise UsageError(f"avoid is one of {', '.join(AVOID)}", parameter="avoid")
    if isinstance(operators, list):  # JSON has one kind of number: 42.0 is the id 42
        operators = [int(o) if isinstance(o, float) and o.is_integer() and abs(o) < 2**63 else o
                     for o in operators]
    if not isinstance(operators, list) or not all(isinstance(o, str | int) for o in operators) \
            or (avoid == "operators" and not operators):
        raise UsageError("operators: a list of operator names or ids (with avoid=operators)",
                         parameter="operators", code="conflicting_parameters" if operators == [] else None)
    budget = data.get("budget", 0.25)
    if isinstance(budget, bool) or not isinstance(budget, int | float) or not math.isfinite(budget):
        raise UsageError("budget is a number: 0.25 allows a route 25 % longer than the shortest",
                         parameter="budget")
    session, config = db.session(), settings()
    return RouteRequest(parse_place(session, config, data.get("from"), "from"),
                        parse_place(session, config, data.get("to"), "to"), str(data.get("profile", "foot")),
                        avoid, tuple(str(o) for o in operators), float(budget), model,
                        asked_time(data.get("at")))


@bp.post("/routes")
@routes_limit
def routes() -> Response:
    model = overrides()
    request.max_content_length = 64 * 1024
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("send the request as application/json", parameter="Content-Type")
    from ..services.exposure.routes import plan_route

    wanted = _route_request(_json(request.get_data(cache=False)), model)
    return private(plan_route(db.session(), wanted))


@bp.get("/coverage")
def coverage() -> Response:
    """Street coverage per area of a layer: JSON, or CSV with format=csv."""
    from ..services.exposure import coverage as street_coverage

    grouped = params.collect(request.args.items(multi=True), ("layer", "format"))
    layer = (params.single(grouped, "layer") or "").strip()
    if not layer:
        raise UsageError("name an area layer: layer=NAME (see /api/v1/areas)", parameter="layer")
    fmt = (params.single(grouped, "format") or "json").strip().lower()
    if fmt not in ("json", "csv"):
        raise UsageError("format is json or csv", parameter="format")
    body = street_coverage.layer_coverage(db.session(), layer)
    if fmt == "json":
        return Response(dumps(body), mimetype=JSON)
    out = io.StringIO()
    csv.writer(out).writerows(street_coverage.csv_rows(body))
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="street-coverage.csv"'
    return response


@bp.get("/coverage/segments")
def coverage_segments() -> Response:
    """The street stretches in view of cameras in a box (the map's layer), cached per data version."""
    from ..services.exposure import segments as watched  # numpy, shapely: on first use

    grouped = params.collect(request.args.items(multi=True), ("bbox", "profile"))
    text = (params.single(grouped, "bbox") or "").strip()
    if not text:
        raise UsageError("bbox is required: minlon,minlat,maxlon,maxlat", parameter="bbox")
    box, profile = BBox.parse(text), (params.single(grouped, "profile") or "foot").strip()
    session = db.session()
    version = watched.versions(session)
    tag = version[1] * 1_000_000 + version[0]
    return cached_response(request, tag, settings().api_cache_seconds, GEOJSON,
                           lambda: watched.watched_segments(session, box, profile, version))
