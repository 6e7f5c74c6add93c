"""OGC API - Features resources as plain dicts: landing page, conformance, collections, items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.texts import N_
from ...storage import queries
from ...storage.models import Camera
from .. import geojson
from . import crs
from .crs import CRS84
from .params import ItemsQuery

COLLECTION = "cameras"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
]
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
SCHEMA_JSON = "application/schema+json"
OPENAPI_30 = "application/vnd.oai.openapi+json;version=3.0"
HTML = "text/html"
# Texts are marked (domain.texts): English in JSON, translated on the HTML pages (`|translated`).
TITLE = N_("cameramap: surveillance cameras")
DESCRIPTION = N_("Surveillance cameras with their operators, capabilities and sources; every record "
                 "names its sources with their licences and attributions.")


def link(rel: str, href: str, media_type: str, title: str | None = None) -> dict[str, str]:
    body = {"rel": rel, "href": href, "type": media_type}
    if title:
        body["title"] = title
    return body


def self_links(url: str, json_type: str = geojson.JSON) -> list[dict[str, str]]:
    """`self` (JSON) and `alternate` (HTML) for a resource without other parameters."""
    return [link("self", url, json_type, N_("this document")),
            link("alternate", f"{url}?f=html", HTML, N_("this document as HTML"))]


def landing(base: str, api_docs: str, licence: str) -> dict[str, Any]:
    return {"title": TITLE, "description": DESCRIPTION, "links": [
        *self_links(base),
        link("service-desc", f"{base}/api", OPENAPI_30, N_("the API definition (OpenAPI 3.0)")),
        link("service-doc", api_docs, HTML, N_("the API documentation")),
        link("conformance", f"{base}/conformance", geojson.JSON, N_("conformance classes")),
        link("data", f"{base}/collections", geojson.JSON, N_("the collections")),
        link("license", licence, "text/plain", N_("licences and attributions of the data")),
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


def collection(session: Session, base: str, licence: str,
               offered: tuple[str, ...] = crs.BUILT_IN) -> dict[str, Any]:
    url = f"{base}/collections/{COLLECTION}"
    return {
        "id": COLLECTION, "title": N_("Surveillance cameras"), "description": DESCRIPTION,
        "itemType": "feature", "crs": list(offered), "storageCrs": CRS84, "extent": _extent(session),
        "links": [*self_links(url),
                  link("items", f"{url}/items", geojson.GEOJSON, N_("the cameras (GeoJSON)")),
                  link("items", f"{url}/items?f=html", HTML, N_("the cameras (HTML)")),
                  link(QUERYABLES_REL, f"{url}/queryables", SCHEMA_JSON,
                       N_("the properties filter may name")),
                  link("license", licence, "text/plain", N_("licences and attributions"))],
    }


def collections(session: Session, base: str, licence: str,
                offered: tuple[str, ...] = crs.BUILT_IN) -> dict[str, Any]:
    return {"links": self_links(f"{base}/collections"), "crs": list(offered),
            "collections": [collection(session, base, licence, offered)]}


def _page_href(url: str, query: ItemsQuery, offset: int, html: bool) -> str:
    pairs = [*query.params, ("limit", query.limit), ("offset", offset)]
    return f"{url}?{urlencode(pairs + ([('f', 'html')] if html else []))}"


def _item_links(url: str, query: ItemsQuery, returned: int, matched: int) -> list[dict[str, str]]:
    html = query.format == "html"
    links = [link("self", _page_href(url, query, query.offset, html), HTML if html else geojson.GEOJSON),
             link("alternate", _page_href(url, query, query.offset, not html),
                  geojson.GEOJSON if html else HTML),
             link("collection", url.rsplit("/", 1)[0], geojson.JSON, N_("the collection"))]
    media = HTML if html else geojson.GEOJSON
    if returned and query.offset + returned < matched:
        links.append(link("next", _page_href(url, query, query.offset + query.limit, html), media))
    if query.offset > 0:
        links.append(link("prev", _page_href(url, query, max(query.offset - query.limit, 0), html), media))
    return links


def ogc_feature(feature: dict[str, Any]) -> dict[str, Any]:
    """A camera Feature with `capability`: its capabilities (own and inherited) as one text field,
    named like the queryable, so that GIS clients (GDAL) can send filters on it to the server."""
    names = sorted({claim["capability"] for claim in feature["properties"]["capabilities"]})
    feature["properties"]["capability"] = ";".join(names) or None
    return feature


def items(session: Session, query: ItemsQuery, base: str) -> dict[str, Any]:
    """A page of cameras as a FeatureCollection with self, alternate, next and prev links."""
    found = queries.search_cameras(session, query.filter, query.limit, query.offset)
    features = [ogc_feature(geojson.feature(camera, found.inherited_for(camera))) for camera in found.cameras]
    if query.format != "html":  # the HTML page shows longitude and latitude
        crs.project_features(features, query.crs)
    url = f"{base}/collections/{COLLECTION}/items"
    return geojson.collection(features, found.matched, _item_links(url, query, len(features), found.matched))


def item(session: Session, feature_id: str, base: str, output: str = CRS84) -> dict[str, Any]:
    """One camera (any status) as a Feature with links to itself and its collection."""
    ident = queries.as_id(feature_id)
    found = queries.camera_detail(session, ident) if ident is not None else None
    if found is None:
        raise NotFound(f"no camera with id {feature_id[:50]!r}", parameter="featureId")
    camera, inherited = found
    body = ogc_feature(geojson.feature(camera, inherited))
    crs.project_features([body], output)
    url = f"{base}/collections/{COLLECTION}/items/{camera.id}"
    body["links"] = [*self_links(url, geojson.GEOJSON), link("collection", f"{base}/collections/{COLLECTION}",
                                                             geojson.JSON, N_("the collection"))]
    return body
