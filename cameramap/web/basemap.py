"""GET /basemap.pmtiles: the self-served vector basemap, read by the map with HTTP range requests."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, send_file

from ..domain.errors import NotFound
from ..services.basemap import archive_path

bp = Blueprint("basemap", __name__)

MEDIA_TYPE = "application/vnd.pmtiles"
MAX_AGE = 3600  # then revalidated by ETag (a rebuilt archive has another one)


@bp.get("/basemap.pmtiles")
def archive() -> Response:
    """The archive; `Range: bytes=a-b` answers 206 with Content-Range, If-None-Match answers 304."""
    path = archive_path(current_app.config)
    if not path.is_file():
        raise NotFound("no basemap archive: build one with `cameramap basemap build FILE.osm.pbf`")
    response = send_file(path, mimetype=MEDIA_TYPE, conditional=True, etag=True, max_age=MAX_AGE)
    response.headers["Accept-Ranges"] = "bytes"
    return response
