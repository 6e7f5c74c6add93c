"""API v1 routes: parse the request, call one function, answer with orjson bytes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from sqlalchemy import Engine

from ..extensions import db, settings
from ..protection.ratelimits import unlimited_read
from ..storage.clusters import registry_version
from ..storage.reader import Reader
from . import cameras, changes, operators, params, tiles, vendors, views
from .caching import cached_response, request_url
from .geojson import GEOJSON, JSON, dumps
from .responses import json_response, page_limits

bp = Blueprint("api", __name__, url_prefix="/api/v1")


_respond = json_response
_limits = page_limits


def _read_only_session():
    """The request's session; when it owns its connection (an engine, not a test's connection), that
    connection runs without BEGIN/ROLLBACK: each read sees the latest commit, and the version is
    read before the data, so an answer is never cached under a version newer than its data."""
    session = db.session()
    if isinstance(session.get_bind(), Engine) and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return session


def _cached(build, compress: bool = False) -> Response:
    """Answer through the ETag cache (version read before the data); map views are also gzipped."""
    version = registry_version(_read_only_session())
    return cached_response(request, version, settings().api_cache_seconds, GEOJSON, build,
                           compress=compress)


def _view(tile: tuple[int, int, int] | None = None, vector: bool = False) -> Response:
    """A map view: points, or clusters when it holds more than the cap (views.py); the version and
    the view's cells come in one statement. `vector`: the tile as a Mapbox Vector Tile."""
    config = settings()
    query = params.view_query(request.args.items(multi=True), cap=config.cluster_cap,
                              max_limit=config.api_max_limit,
                              tile="/".join(map(str, tile)) if tile is not None else None)
    with Reader(db.read_bind()) as reader:  # no ORM session, no BEGIN: the view's fast path
        version, cells = views.view_index(reader, _read_only_session, query)

        def build() -> dict[str, Any] | bytes:
            collection = views.view_collection(reader, _read_only_session, query, request_url(request), cells)
            return tiles.encode(reader, tile, collection) if tile is not None and vector else collection

        return cached_response(request, version, config.api_cache_seconds,
                               tiles.MEDIA_TYPE if vector else GEOJSON, build, compress=True)


@bp.get("/cameras")
@unlimited_read
def camera_list() -> Response:
    if params.is_view(request.args.items(multi=True)):
        return _view()
    query = params.camera_query(request.args.items(multi=True), **_limits())
    body: dict[str, Any] = {}

    def build() -> dict[str, Any]:
        body.update(cameras.list_cameras(db.session(), query, request.base_url))
        return body

    response = _cached(build)
    link = params.link_header(body.get("links", ()))
    if link:
        response.headers["Link"] = link
    return response


@bp.get("/cameras/tiles/<int:z>/<int:x>/<int:y>")
@unlimited_read
def camera_tile(z: int, x: int, y: int) -> Response:
    """The view of one web-mercator tile (the same as /cameras?tile=z/x/y)."""
    return _view(tile=(z, x, y))


@bp.get("/cameras/tiles/<int:z>/<int:x>/<int:y>.mvt")
@unlimited_read
def camera_vector_tile(z: int, x: int, y: int) -> Response:
    """The same view as a Mapbox Vector Tile (layers "cameras" and "clusters"; api/tiles.py)."""
    return _view(tile=(z, x, y), vector=True)


@bp.get("/cameras/<camera_id>")
def camera_detail(camera_id: str) -> Response:
    params.no_query(request.args.items(multi=True))
    body = cameras.camera_detail(db.session(), camera_id, lambda name: url_for("submit.media", name=name))
    return _respond(body, GEOJSON)


@bp.get("/operators")
def operator_list() -> Response:
    page = params.page_query(request.args.items(multi=True), **_limits())
    return _respond(operators.list_operators(db.session(), page, request.base_url), JSON)


@bp.get("/operators/<operator_id>")
def operator_detail(operator_id: str) -> Response:
    params.no_query(request.args.items(multi=True))
    return _respond(operators.operator_detail(db.session(), operator_id), JSON)


@bp.get("/vendors")
def vendor_list() -> Response:
    params.no_query(request.args.items(multi=True))
    return _respond(vendors.list_vendors(db.session()), JSON)


@bp.get("/vendors/<vendor_id>")
def vendor_detail(vendor_id: str) -> Response:
    params.no_query(request.args.items(multi=True))
    return _respond(vendors.vendor_detail(db.session(), vendor_id), JSON)


@bp.get("/changes")
def change_list() -> Response:
    since, limit = params.changes_query(request.args.items(multi=True), **_limits())
    return _respond(changes.list_changes(db.session(), since, limit, request.base_url), JSON)


def api_document(marked: bool = False) -> dict[str, Any]:
    """The OpenAPI document as served (`marked`: its texts marked for the HTML page to translate)."""
    from . import openapi  # on first use: it names every feature's limits, which load their libraries

    limits = _limits()
    return openapi.document(f"{request.host_url.rstrip('/')}{request.script_root}/api/v1",
                            max_limit=limits["max_limit"], default_limit=limits["default_limit"],
                            version=current_app.config.get("API_VERSION", "1.0.0"), marked=marked)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    params.no_query(request.args.items(multi=True))
    return Response(dumps(api_document()), mimetype=JSON)


def _describe(*args: Any, **kwargs: Any) -> Any:
    from . import openapi

    return openapi.describe(*args, **kwargs)


def _headers(operation: dict[str, Any]) -> list[tuple[str, list[str], str]]:
    from . import openapi

    return openapi.response_headers(operation)


@bp.get("/docs")
def docs() -> str:
    params.collect(request.args.items(multi=True), ("lang",))  # the page's language (cameramap.web.i18n)
    return render_template("api/docs.html", doc=api_document(marked=True), describe_schema=_describe,
                           response_headers=_headers)
