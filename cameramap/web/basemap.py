"""GET /basemap.pmtiles: the self-served vector basemap, read by the map with HTTP range requests."""

from __future__ import annotations

from flask import Blueprint, Response, request, send_file, url_for

from ..domain.errors import NotFound
from ..extensions import settings
from ..services.basemap import DEFAULT_MAXZOOM, archive_maxzoom, archive_path

bp = Blueprint("basemap", __name__)

MEDIA_TYPE = "application/vnd.pmtiles"
MAX_AGE = 3600  # then revalidated by ETag (a rebuilt archive has another one)
CLIENT = "vendor/protomaps-leaflet-5.1.0/protomaps-leaflet.js"  # the vector-tile client (global protomapsL)


@bp.get("/basemap.pmtiles")
def archive() -> Response:
    """The archive; `Range: bytes=a-b` answers 206 with Content-Range, If-None-Match answers 304."""
    path = archive_path(settings())
    if not path.is_file():
        raise NotFound("no basemap archive: build one with `cameramap basemap build FILE.osm.pbf`")
    response = send_file(path, mimetype=MEDIA_TYPE, conditional=True, etag=True, max_age=MAX_AGE)
    response.headers["Accept-Ranges"] = "bytes"
    return response


@bp.app_template_global()
def base_map_data() -> dict[str, str]:
    """The data attributes of every map's background (static/js/mapkit.js): server settings only.

    Raster tiles when TILE_URL is set; otherwise our own archive, its client and the street lines
    drawn when it cannot be shown.
    """
    config = settings()
    own = not config.tile_url
    return {"tile-url": config.tile_url, "tile-attribution": config.tile_attribution,
            "basemap": url_for("basemap.archive") if own else "",
            "basemap-max-zoom": str(archive_maxzoom(config) or DEFAULT_MAXZOOM),
            "basemap-client": url_for("static", filename=CLIENT) if own else "",
            "streets": f"{request.script_root}/api/v1/streets"}
