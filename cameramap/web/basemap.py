"""GET /basemap.pmtiles: the self-served vector basemap, read by the map with HTTP range requests."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, Response, request, send_file, url_for
from markupsafe import Markup

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


@dataclass(frozen=True)
class MapBackground:
    """What the maps draw under the cameras, for the sources page.

    `kind`: "own" (our archive), "streets" (our own basemap configured but no archive built: the known
    streets only) or "tiles" (the raster service at `host`); `attribution` as plain text.
    """

    kind: str
    host: str
    attribution: str


def map_background() -> MapBackground:
    """The background the configured maps draw (the same settings as base_map_data)."""
    config = settings()
    attribution = Markup(config.tile_attribution).striptags()  # the map shows it as HTML; here, its words
    if config.tile_url:
        # a template without a host (/tiles/{z}/{x}/{y}.png) is served by this site's own host
        return MapBackground("tiles", urlsplit(config.tile_url).hostname or request.host, attribution)
    return MapBackground("own" if archive_maxzoom(config) else "streets", "", attribution)
