"""Download routes of the full dumps: an index, and each file with an ETag (304 when unchanged)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, request, send_file, url_for

from ..domain.errors import NotFound
from ..extensions import db, settings
from ..services.exports import dumps
from ..storage.queries import CameraFilter
from . import filters, params
from .geojson import JSON
from .geojson import dumps as json_bytes

bp = Blueprint("api_exports", __name__, url_prefix="/api/v1/exports")
BY_FILENAME = {dump.filename: dump for dump in dumps.DUMPS.values()}


def export_index(version: str) -> dict[str, Any]:
    """Every dump with its link and media type, the licence file, and the registry version."""
    formats = [{"format": dump.name, "href": url_for("api_exports.download", filename=dump.filename),
                "type": dump.media_type, "title": dump.title} for dump in dumps.DUMPS.values()]
    licence = url_for("api_exports.download", filename=dumps.DUMPS["licence"].filename)
    return {"formats": formats, "licence": licence, "version": version,
            "links": [{"rel": "self", "href": request.base_url, "type": JSON},
                      {"rel": "license", "href": licence, "type": "text/plain"}]}


@bp.get("")
def index() -> Response:
    params.no_query(request.args.items(multi=True))
    body = export_index(dumps.registry_version(db.session()))
    return Response(json_bytes(body), mimetype=JSON)


def _view() -> tuple[str, CameraFilter] | None:
    """filter and filter-lang: a filtered download of the cameras, as /api/v1/cameras?filter= shows."""
    grouped = params.collect(request.args.items(multi=True), filters.FILTER_PARAMETERS)
    where, pairs = params.cql_filter(grouped)
    return (urlencode(pairs), CameraFilter(where=where)) if where is not None else None


@bp.get("/<filename>")
def download(filename: str) -> Response:
    view = _view()
    dump = BY_FILENAME.get(filename)
    if dump is None:
        raise NotFound(f"no export named {filename[:60]!r}; see /api/v1/exports", parameter="filename")
    path, version = dumps.build(db.session(), dump.name, settings().export_dir, view)
    response = send_file(path, mimetype=dump.media_type, as_attachment=dump.name != "licence",
                         download_name=dump.filename, etag=f"{version}-{dump.name}", conditional=True,
                         max_age=0)
    response.headers["Cache-Control"] = "public, no-cache"
    return response
