"""OGC API - Features routes at /ogc: JSON or HTML by `f=` or by the Accept header."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for

from ...extensions import db, settings
from ..geojson import GEOJSON, JSON, dumps
from ..responses import json_response, page_limits
from . import core, crs, deployments, queryables
from .params import items_query, output_crs, output_format

bp = Blueprint("ogc", __name__, url_prefix="/ogc")


def _base() -> str:
    return f"{request.host_url.rstrip('/')}{request.script_root}/ogc"


def _licence() -> str:
    return url_for("api_exports.download", filename="LICENCE.txt", _external=True)


def _html_wanted(fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "html"
    best = request.accept_mimetypes.best_match([GEOJSON, JSON, core.HTML], default=JSON)
    return best == core.HTML


def _answer(body: dict[str, Any], fmt: str | None, template: str, media_type: str = JSON,
            **context: Any) -> Response | str:
    if _html_wanted(fmt):
        return render_template(f"ogc/{template}", body=body, **context)
    return json_response(body, media_type)


_limits = page_limits


def _offered() -> tuple[str, ...]:
    return crs.offered(crs.national_setting(settings().ogc_crs))


def _with_crs(response: Response | str, uri: str) -> Response | str:
    if isinstance(response, Response):
        response.headers["Content-Crs"] = f"<{uri}>"
    return response


@bp.get("")
@bp.get("/")
def landing() -> Response | str:
    fmt = output_format(request.args.items(multi=True))
    body = core.landing(_base(), url_for("api.docs", _external=True), _licence())
    return _answer(body, fmt, "landing.html")


@bp.get("/conformance")
def conformance() -> Response | str:
    fmt = output_format(request.args.items(multi=True))
    return _answer(core.conformance(_base()), fmt, "conformance.html")


@bp.get("/api")
def api_definition() -> Response | str:
    fmt = output_format(request.args.items(multi=True))
    from . import openapi  # on first use: the whole API's document loads every feature's limits

    html = _html_wanted(fmt)  # the page translates the document's marked texts; the JSON is plain
    document = openapi.document(_base(), version=current_app.config.get("API_VERSION", "1.0.0"),
                                offered=_offered(), marked=html, **_limits())
    if html:
        return render_template("ogc/api.html", body=document)
    return Response(dumps(document), mimetype=core.OPENAPI_30)


def _collection_page(body: dict) -> str:
    """One collection's HTML page: the list's template, headed by the collection's title."""
    return render_template("ogc/collections.html", body={"collections": [body], "links": body["links"]},
                           single=True)


@bp.get("/collections")
def collections() -> Response | str:
    fmt = output_format(request.args.items(multi=True))
    body = core.collections(db.session(), _base(), _licence(), _offered())
    body["collections"].append(deployments.collection(db.session(), _base(), _licence()))
    return _answer(body, fmt, "collections.html")


@bp.get(f"/collections/{core.COLLECTION}")
def collection() -> Response | str:
    fmt = output_format(request.args.items(multi=True))
    body = core.collection(db.session(), _base(), _licence(), _offered())
    if _html_wanted(fmt):
        return _collection_page(body)
    return _answer(body, fmt, "collections.html")


@bp.get(f"/collections/{core.COLLECTION}/items")
def items() -> Response | str:
    query = items_query(request.args.items(multi=True), offered=_offered(), **_limits())
    body = core.items(db.session(), query, _base())
    return _with_crs(_answer(body, query.format, "items.html", GEOJSON, query=query), query.crs)


@bp.get(f"/collections/{core.COLLECTION}/items/<feature_id>")
def item(feature_id: str) -> Response | str:
    output, fmt = output_crs(request.args.items(multi=True), _offered())
    body = core.item(db.session(), feature_id, _base(), core.CRS84 if _html_wanted(fmt) else output)
    return _with_crs(_answer(body, fmt, "item.html", GEOJSON), output)


@bp.get(f"/collections/{core.COLLECTION}/queryables")
def queryables_schema() -> Response | str:
    fmt = output_format(request.args.items(multi=True))
    body = queryables.document(f"{_base()}/collections/{core.COLLECTION}/queryables")
    if _html_wanted(fmt):
        return render_template("ogc/queryables.html", body=body)
    return json_response(body, core.SCHEMA_JSON)


@bp.get(f"/collections/{deployments.COLLECTION}")
def deployment_collection() -> Response | str:
    fmt = output_format(request.args.items(multi=True))
    body = deployments.collection(db.session(), _base(), _licence())
    if _html_wanted(fmt):
        return _collection_page(body)
    return json_response(body, JSON)


@bp.get(f"/collections/{deployments.COLLECTION}/items")
def deployment_items() -> Response:
    body = deployments.items(db.session(), request.args.items(multi=True), _base(), **_limits())
    return json_response(body, GEOJSON)


@bp.get(f"/collections/{deployments.COLLECTION}/items/<feature_id>")
def deployment_item(feature_id: str) -> Response:
    output_format(request.args.items(multi=True))
    return json_response(deployments.item(db.session(), feature_id, _base()), GEOJSON)
