"""Public pages: the map shell, one camera's full record, and the data sources with their licences."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _

from ..domain.vocabulary import CameraStatus, CameraType, Capability, SurveillanceType, marker_kind
from ..extensions import db, settings
from ..services import basemap
from ..services.registry import catalog
from .basemap import CLIENT, base_map_data, map_background
from .i18n import SUPPORTED_LANGUAGES, current_language
from .security import add_script_nonces, csp_nonce
from .terms import MARKER_LABELS

if TYPE_CHECKING:
    from .mapview import ShellConfig

bp = Blueprint("public", __name__)

VOCABULARIES = (
    ("capabilities", tuple(c.value for c in Capability)),
    ("surveillanceTypes", tuple(t.value for t in SurveillanceType)),
    ("cameraTypes", tuple(t.value for t in CameraType)),
)


# The site bar of every page if there is one; until then the map's own compact bar.
NAV_TEMPLATE = "public/_map_nav.html"  # the map's compact bar: the same links as _site_nav.html


def _site_bar() -> str:
    """The site navigation as trusted HTML from an autoescaping template (our words, our paths)."""
    return render_template(NAV_TEMPLATE)


def _shell_config() -> ShellConfig:
    from .mapview import ShellConfig  # folium and branca load with the first map page, not at start

    extent = catalog.registry_extent(db.session())
    root = request.script_root
    lang = current_language()
    config = settings()
    return ShellConfig(
        tile_url=config.tile_url,
        tile_attribution=config.tile_attribution,
        static=url_for("static", filename="").rstrip("/"),
        api=f"{root}/api/v1/cameras",
        camera_path=f"{root}/cameras/",
        sources_path=url_for("public.sources"),
        limit=config.api_max_limit,
        statuses=tuple(status.value for status in CameraStatus),
        extent=extent.as_tuple() if extent else None,
        geocode=f"{root}/api/v1/geocode", vocabularies=VOCABULARIES,
        lang=lang, title=_("cameramap · surveillance camera map"),
        i18n=url_for("i18n_catalogue", code=lang), languages=tuple(SUPPORTED_LANGUAGES.items()),
        basemap=url_for("basemap.archive"), streets=f"{root}/api/v1/streets",
        basemap_maxzoom=basemap.archive_maxzoom(settings()) or basemap.DEFAULT_MAXZOOM,
        basemap_client=url_for("static", filename=CLIENT),
        chrome=_site_bar(), heading=_("Surveillance camera map"), feed=url_for("feeds.cameras"),
        operators=f"{root}/api/v1/operators", operator_path=f"{root}/operators/",
        about=url_for("pages.about"), challenge=url_for("api_submissions.challenge"),
        pow_worker=url_for("static", filename="js/pow-worker.js"),
    )


@bp.get("/")
def map_page() -> Response:
    """The full-window map: a folium shell whose own script fetches the cameras from the API.

    The shell is cached per config (so per language); this request's CSP nonce goes onto its
    inline scripts. Its script loads the scripts' catalogue for the page's language.
    """
    from .mapview import render_shell

    return Response(add_script_nonces(render_shell(_shell_config()), csp_nonce()), mimetype="text/html")


def _map_camera(detail: catalog.CameraDetail, marker: str) -> dict[str, object]:
    """What the camera page's small map draws (static/js/camera_map.js): numbers and vocabulary only."""
    camera = detail.camera
    return {"lat": camera.lat, "lon": camera.lon, "marker": marker, "camera_type": camera.camera_type,
            "height": camera.height, "camera_angle": camera.camera_angle,
            "bearings": [{"degrees": b.degrees, "width": b.width} for b in detail.bearings]}


@bp.get("/cameras/<int:camera_id>")
def camera(camera_id: int):
    detail = catalog.camera_detail(db.session(), camera_id)
    marker = marker_kind(detail.camera.surveillance_type, detail.camera.camera_type)
    return render_template("public/camera.html", detail=detail, camera=detail.camera,
                           heading=MARKER_LABELS[marker], map_camera=_map_camera(detail, marker),
                           map_data=base_map_data(), osm=_osm_objects(detail))


OSM_RECORD = re.compile(r"^(node|way|relation)/([0-9]+)$")


def _osm_objects(detail: catalog.CameraDetail) -> dict[int, tuple[str, str]]:
    """Provenance id -> (type, id) of the OpenStreetMap object it came from, for links to it."""
    found: dict[int, tuple[str, str]] = {}
    for link in detail.sources:
        match = OSM_RECORD.match(str(link.source_record_id or ""))
        if link.source.kind == "osm" and match:
            found[link.id] = (match.group(1), match.group(2))
    return found


@bp.get("/sources")
def sources():
    return render_template("public/sources.html", sources=catalog.sources_with_counts(db.session()),
                           background=map_background())


@bp.app_template_global()
def registry_extent() -> str:
    """The registry's extent as "west,south,east,north" for a map's data-extent ("" when empty)."""
    extent = catalog.registry_extent(db.session())
    return ",".join(f"{v:.6f}" for v in extent.as_tuple()) if extent else ""


@bp.app_template_filter("http_url")
def http_url(value: object) -> str | None:
    """The value if it is an absolute http(s) URL (safe to put in href), else None."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


@bp.app_template_filter("words")
def words(value: object) -> str:
    """A vocabulary value as words: licence_plate_recognition -> licence plate recognition."""
    return "" if value is None else str(value).replace("_", " ")
