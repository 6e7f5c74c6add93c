"""Download routes of the full dumps: an index, and each file with an ETag (304 when unchanged).

A download never waits for a build: it answers with the dump of the current registry version when it
is built, else starts a build in the background (api.exportjobs) and answers with the last complete
file, its date (Last-Modified) and the version it reflects (X-Registry-Version), or 503 with
Retry-After when there is none yet."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, request, send_file, url_for
from werkzeug.exceptions import ServiceUnavailable

from ..domain.errors import NotFound
from ..extensions import db, settings
from ..services.exports import builds, dumps
from ..storage.queries import CameraFilter
from . import exportjobs, filters, params
from .geojson import JSON
from .geojson import dumps as json_bytes

bp = Blueprint("api_exports", __name__, url_prefix="/api/v1/exports")
BY_FILENAME = {dump.filename: dump for dump in dumps.DUMPS.values()}
VERSION_HEADER = "X-Registry-Version"  # the registry version a served dump reflects (see the index)


def export_index(version: str) -> dict[str, Any]:
    """Every dump with its link and media type, the licence file, and the registry version."""
    formats = [{"format": dump.name, "type": dump.media_type, "title": dump.title,
                "href": url_for("api_exports.download", filename=dump.filename, _external=True)}
               for dump in dumps.DUMPS.values()]
    licence = url_for("api_exports.download", filename=dumps.DUMPS["licence"].filename, _external=True)
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


def _ready(name: str, view: builds.View | None) -> builds.Built:
    """The dump for the registry as it is now, else (a build started if none runs) the last one built."""
    root = settings().export_dir
    version = dumps.registry_version(db.session())
    built = builds.find(root, name, version, view)
    if built is not None:
        return built
    # A GET has nothing to keep: its read ends before the claim, a unit of work of its own (which,
    # when the databases share a connection as in tests, must not sit inside this read's transaction).
    db.session().rollback()
    wait = exportjobs.request_build(name, view)
    built = builds.find(root, name, version, view) or builds.latest(root, name, view)
    if built is None:
        raise ServiceUnavailable(f"{dumps.DUMPS[name].filename} is being built; nothing is ready yet. "
                                 f"Try again in {round(wait)} seconds.", retry_after=max(1, round(wait)))
    return built


@bp.get("/<filename>")
def download(filename: str) -> Response:
    view = _view()
    dump = BY_FILENAME.get(filename)
    if dump is None:
        raise NotFound(f"no export named {filename[:60]!r}; see /api/v1/exports", parameter="filename")
    builds.check_view(dump.name, view)
    for _attempt in range(3):  # an older file may be removed (a newer one was just built) as we open it
        built = _ready(dump.name, view)
        try:
            response = send_file(built.path, mimetype=dump.media_type, as_attachment=dump.name != "licence",
                                 download_name=dump.filename, etag=f"{built.version}-{dump.name}",
                                 last_modified=built.built_at, conditional=True, max_age=0)
            break
        except FileNotFoundError:
            continue
    else:
        raise ServiceUnavailable("the export changed while it was sent; try again", retry_after=1)
    response.headers["Cache-Control"] = "public, no-cache"
    response.headers[VERSION_HEADER] = built.registry_version
    return response
