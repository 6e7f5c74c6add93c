"""OGC API - Features resources as plain dicts: landing page, conformance, collections, items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...storage import queries
from ...storage.models import Camera
from .. import geojson
from .params import ItemsQuery

COLLECTION = "cameras"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
OPENAPI_30 = "application/vnd.oai.openapi+json;version=3.0"
HTML = "text/html"
TITLE = "cameramap: surveillance cameras"
DESCRIPTION = ("Surveillance cameras with their operators, capabilities and sources; every record "
               "names its sources with their licences and attributions.")


def link(rel: str, href: str, media_type: str, title: str | None = None) -> dict[str, str]:
    body = {"rel": rel, "href": href, "type": media_type}
    if title:
        body["title"] = title
    return body


def self_links(url: str, json_type: str = geojson.JSON) -> list[dict[str, str]]:
    """`self` (JSON) and `alternate` (HTML) for a resource without other parameters."""
    return [link("self", url, json_type, "this document"),
            link("alternate", f"{url}?f=html", HTML, "this document as HTML")]


def landing(base: str, api_docs: str, licence: str) -> dict[str, Any]:
    return {"title": TITLE, "description": DESCRIPTION, "links": [
        *self_links(base),
        link("service-desc", f"{base}/api", OPENAPI_30, "the API definition (OpenAPI 3.0)"),
        link("service-doc", api_docs, HTML, "the API documentation"),
        link("conformance", f"{base}/conformance", geojson.JSON, "conformance classes"),
        link("data", f"{base}/collections", geojson.JSON, "the collections"),
        link("license", licence, "text/plain", "licences and attributions of the data"),
    ]}


def conformance(base: str) -> dict[str, Any]:
    return {"conformsTo": CONFORMANCE, "links": self_links(f"{base}/conformance")}


def _extent(session: Session) -> dict[str, Any]:
    row = session.execute(select(func.min(Camera.lon), func.min(Camera.lat), func.max(Camera.lon),
                                 func.max(Camera.lat), func.min(Camera.updated_at),
                                 func.max(Camera.updated_at))).one()
    bbox = [float(v) for v in row[:4]] if row[0] is not None else [-180.0, -90.0, 180.0, 90.0]
    interval = [_instant(row[4]), _instant(row[5])]
    return {"spatial": {"bbox": [bbox], "crs": CRS84},
            "temporal": {"interval": [interval], "trs": GREGORIAN}}


def _instant(value: date | datetime | None) -> str | None:
    day = geojson.iso_date(value)
    return f"{day}T00:00:00Z" if day is not None else None


def collection(session: Session, base: str, licence: str) -> dict[str, Any]:
    url = f"{base}/collections/{COLLECTION}"
    return {
        "id": COLLECTION, "title": "Surveillance cameras", "description": DESCRIPTION,
        "itemType": "feature", "crs": [CRS84], "extent": _extent(session),
        "links": [*self_links(url),
                  link("items", f"{url}/items", geojson.GEOJSON, "the cameras (GeoJSON)"),
                  link("items", f"{url}/items?f=html", HTML, "the cameras (HTML)"),
                  link("license", licence, "text/plain", "licences and attributions")],
    }


def collections(session: Session, base: str, licence: str) -> dict[str, Any]:
    return {"links": self_links(f"{base}/collections"),
            "collections": [collection(session, base, licence)]}


def _page_href(url: str, query: ItemsQuery, offset: int, html: bool) -> str:
    pairs = [*query.params, ("limit", query.limit), ("offset", offset)]
    return f"{url}?{urlencode(pairs + ([('f', 'html')] if html else []))}"


def _item_links(url: str, query: ItemsQuery, returned: int, matched: int) -> list[dict[str, str]]:
    html = query.format == "html"
    links = [link("self", _page_href(url, query, query.offset, html), HTML if html else geojson.GEOJSON),
             link("alternate", _page_href(url, query, query.offset, not html),
                  geojson.GEOJSON if html else HTML),
             link("collection", url.rsplit("/", 1)[0], geojson.JSON, "the collection")]
    media = HTML if html else geojson.GEOJSON
    if returned and query.offset + returned < matched:
        links.append(link("next", _page_href(url, query, query.offset + query.limit, html), media))
    if query.offset > 0:
        links.append(link("prev", _page_href(url, query, max(query.offset - query.limit, 0), html), media))
    return links


def items(session: Session, query: ItemsQuery, base: str) -> dict[str, Any]:
    """A page of cameras as a FeatureCollection with self, alternate, next and prev links."""
    found = queries.search_cameras(session, query.filter, query.limit, query.offset)
    features = [geojson.feature(camera, found.inherited_for(camera)) for camera in found.cameras]
    url = f"{base}/collections/{COLLECTION}/items"
    return geojson.collection(features, found.matched, _item_links(url, query, len(features), found.matched))


def item(session: Session, feature_id: str, base: str) -> dict[str, Any]:
    """One camera (any status) as a Feature with links to itself and its collection."""
    ident = queries.as_id(feature_id)
    found = queries.camera_detail(session, ident) if ident is not None else None
    if found is None:
        raise NotFound(f"no camera with id {feature_id[:50]!r}", parameter="featureId")
    camera, inherited = found
    body = geojson.feature(camera, inherited)
    url = f"{base}/collections/{COLLECTION}/items/{camera.id}"
    body["links"] = [*self_links(url, geojson.GEOJSON),
                     link("collection", f"{base}/collections/{COLLECTION}", geojson.JSON, "the collection")]
    return body
