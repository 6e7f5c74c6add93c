"""The OGC API collection `deployments`: temporary systems with a time window, filtered by `datetime`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound, UsageError
from ...domain.texts import N_
from ...storage import deployment_queries as queries
from ...storage.deployments import Deployment
from .. import deployments as api
from .. import geojson, params
from ..params import Pairs
from .core import GREGORIAN, link, self_links
from .crs import CRS84

COLLECTION = "deployments"
ITEMS_PARAMETERS = ("bbox", "datetime", "operator", "status", "limit", "offset", "f", "lang")
DESCRIPTION = N_("Deployments of temporary surveillance systems such as live facial recognition vans: "
                 "where, when (start and end), who, the system, and the outcomes the operator published.")


def _extent(session: Session) -> dict[str, Any]:
    d = Deployment
    row = session.execute(select(func.min(d.west), func.min(d.south), func.max(d.east), func.max(d.north),
                                 func.min(d.starts_at), func.max(d.ends_at))).one()
    whole = [-180.0, -90.0, 180.0, 90.0]
    bbox = [float(v) for v in row[:4] if v is not None] if row[0] is not None else whole
    interval = [api.instant(row[4]) if row[4] else None, api.instant(row[5]) if row[5] else None]
    return {"spatial": {"bbox": [bbox], "crs": CRS84}, "temporal": {"interval": [interval], "trs": GREGORIAN}}


def collection(session: Session, base: str, licence: str) -> dict[str, Any]:
    url = f"{base}/collections/{COLLECTION}"
    return {
        "id": COLLECTION,
        "title": N_("Deployments (live facial recognition vans and other temporary systems)"),
        "description": DESCRIPTION, "itemType": "feature", "crs": [CRS84], "storageCrs": CRS84,
        "extent": _extent(session),
        "links": [link("self", url, geojson.JSON, N_("this document")),
                  link("items", f"{url}/items", geojson.GEOJSON, N_("the deployments (GeoJSON)")),
                  link("license", licence, "text/plain", N_("licences and attributions"))],
    }


def items(session: Session, args: Pairs, base: str, *, default_limit: int, max_limit: int) -> dict[str, Any]:
    """A page of deployments whose window meets `datetime` and whose place meets `bbox` (JSON only)."""
    grouped = params.collect(args, ITEMS_PARAMETERS)
    fmt = (params.single(grouped, "f") or "json").lower()
    if fmt not in ("json", "geojson"):
        raise UsageError("the deployments collection answers in GeoJSON only (f=json)", parameter="f")
    wanted = api.parse_filter(grouped)
    pairs = [(k, v) for k in ITEMS_PARAMETERS[:4] for v in grouped.get(k, [])]
    limit = params.integer(params.single(grouped, "limit"), "limit", min(default_limit, max_limit), 1,
                           params.MAX_OFFSET)
    page = params.Page(min(limit, max_limit),
                       params.integer(params.single(grouped, "offset"), "offset", 0, 0, params.MAX_OFFSET))
    found, matched = queries.search(session, wanted, page.limit, page.offset)
    features = [api.feature(item) for item in found]
    url = f"{base}/collections/{COLLECTION}/items"
    links = params.page_links(url, pairs, page, len(features), matched, geojson.GEOJSON)
    links.append(link("collection", url.rsplit("/", 1)[0], geojson.JSON, N_("the collection")))
    return geojson.collection(features, matched, links)


def item(session: Session, feature_id: str, base: str) -> dict[str, Any]:
    """One deployment as a Feature with links to itself and its collection."""
    try:
        body = api.detail(session, feature_id)
    except NotFound:
        raise NotFound(f"no deployment with id {feature_id[:50]!r}", parameter="featureId") from None
    url = f"{base}/collections/{COLLECTION}/items/{body['id']}"
    collection_url = f"{base}/collections/{COLLECTION}"
    body["links"] = [*self_links(url, geojson.GEOJSON)[:1],
                     link("collection", collection_url, geojson.JSON, N_("the collection"))]
    return body
