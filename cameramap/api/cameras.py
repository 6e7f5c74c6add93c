"""Camera endpoints' logic, free of Flask: a session and parsed parameters in, a dict out."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..storage import queries
from . import geojson
from .params import CameraQuery, page_links


def list_cameras(session: Session, query: CameraQuery, base_url: str) -> dict[str, Any]:
    """GET /api/v1/cameras: one page of matching cameras as a FeatureCollection."""
    found = queries.search_cameras(session, query.filter, query.page.limit, query.page.offset)
    features = [geojson.feature(camera, found.inherited_for(camera)) for camera in found.cameras]
    links = page_links(base_url, query.params, query.page, len(features), found.matched,
                       geojson.GEOJSON)
    return geojson.collection(features, found.matched, links)


def camera_detail(session: Session, camera_id: str) -> dict[str, Any]:
    """GET /api/v1/cameras/<id>: one camera (any status) with tags and revisions; 404 otherwise."""
    ident = queries.as_id(camera_id)
    found = queries.camera_detail(session, ident) if ident is not None else None
    if found is None:
        raise NotFound(f"no camera with id {camera_id[:50]!r}", parameter="id")
    camera, inherited = found
    return geojson.detail_feature(camera, inherited)
