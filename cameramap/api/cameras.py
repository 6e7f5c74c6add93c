"""Camera endpoints' logic, free of Flask: a session and parsed parameters in, a dict out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.geo import Point
from ..services import geocoding
from ..services.submissions.confirmations import approved_photos
from ..storage import queries
from . import geojson
from .params import CameraQuery, page_links


def _with_streets(session: Session, features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Name each camera's nearest address or street (one batch reverse lookup for the page)."""
    points = [Point(*f["geometry"]["coordinates"]) for f in features]
    for feature, street in zip(features, geocoding.nearest_streets(session, points), strict=True):
        feature["properties"]["nearest_street"] = street
    return features


def list_cameras(session: Session, query: CameraQuery, base_url: str) -> dict[str, Any]:
    """GET /api/v1/cameras: one page of matching cameras as a FeatureCollection."""
    found = queries.search_cameras(session, query.filter, query.page.limit, query.page.offset)
    features = [geojson.feature(camera, found.inherited_for(camera)) for camera in found.cameras]
    links = page_links(base_url, query.params, query.page, len(features), found.matched,
                       geojson.GEOJSON)
    return geojson.collection(_with_streets(session, features), found.matched, links)


def camera_detail(session: Session, camera_id: str, media_url: Callable[[str], str]) -> dict[str, Any]:
    """GET /api/v1/cameras/<id>: one camera (any status) with tags, revisions, its nearest street and
    its first public photo (at `media_url(filename)`); 404 otherwise."""
    ident = queries.as_id(camera_id)
    found = queries.camera_detail(session, ident) if ident is not None else None
    if found is None:
        raise NotFound(f"no camera with id {camera_id[:50]!r}", parameter="id")
    camera, inherited = found
    body = _with_streets(session, [geojson.detail_feature(camera, inherited)])[0]
    photos = approved_photos(session, camera.id)
    body["properties"]["photo"] = ({"url": media_url(photos[0].filename), "width": photos[0].width,
                                    "height": photos[0].height} if photos else None)
    return body
