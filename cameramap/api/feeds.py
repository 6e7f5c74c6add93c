"""Atom feeds: new (and removed) cameras in an area, so people can follow their district."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from ..domain.geo import BBox
from ..domain.vocabulary import marker_kind
from ..extensions import db
from ..services.registry import changes
from ..storage.changes import Change
from ..storage.models import Camera
from . import params
from .geojson import iso_date

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
ATOM = "application/atom+xml"
DEFAULT_ENTRIES, MAX_ENTRIES = 50, 200
KINDS = ("created", "removed")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LABELS = {"fixed": "fixed camera", "dome": "dome camera", "panning": "panning (PTZ) camera",
          "ALPR": "licence plate reader", "guard": "guard", "unknown": "camera"}


def _entry(change: Change, camera: Camera, authority: str) -> dict[str, Any]:
    label = LABELS[marker_kind(camera.surveillance_type, camera.camera_type)]
    operator = camera.operator.name if camera.operator else None
    title = f"{'New' if change.kind == 'created' else 'Removed'} {label}"
    title += f" ({operator})" if operator else ""
    sources = "; ".join(f"{link.source.name} ({link.source.licence or 'licence not stated'})"
                        for link in camera.provenance)
    summary = (f"A {label}{f' operated by {operator}' if operator else ''} at latitude {camera.lat:.6f}, "
               f"longitude {camera.lon:.6f}; status {camera.status}. Sources: {sources or 'none'}.")
    return {"id": f"tag:{authority},2024:cameramap/camera/{camera.id}/change/{change.id}",
            "title": _NOT_XML.sub("", title), "updated": f"{iso_date(change.created_at)}T00:00:00Z",
            "summary": _NOT_XML.sub("", summary),
            "url": url_for("public.camera", camera_id=camera.id, _external=True),
            "point": f"{camera.lat:.7f} {camera.lon:.7f}"}


@bp.get("/cameras.atom")
def cameras() -> Response:
    grouped = params.collect(request.args.items(multi=True), ("bbox", "limit"))
    bbox_text = params.single(grouped, "bbox")
    bbox = BBox.parse(bbox_text) if bbox_text is not None else None
    limit = params.integer(params.single(grouped, "limit"), "limit", DEFAULT_ENTRIES, 1, MAX_ENTRIES)
    authority = (request.host.split(":")[0] or "localhost").lower()
    entries = [_entry(change, camera, authority)
               for change, camera in changes.recent(db.session(), bbox, KINDS, limit)]
    area = f"the area {bbox_text}" if bbox_text else "the whole registry"
    body = render_template("feeds/cameras.atom.xml", entries=entries, area=area, self_url=request.url,
                           updated=entries[0]["updated"] if entries else "1970-01-01T00:00:00Z",
                           licence=url_for("api_exports.download", filename="LICENCE.txt", _external=True),
                           home=url_for("public.map_page", _external=True))
    return Response(body, mimetype=ATOM)
