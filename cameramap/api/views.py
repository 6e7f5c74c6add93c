"""Map views' logic, free of Flask: the cameras of a tile-aligned region, or clusters above the cap.

A view (GET /api/v1/cameras?bbox=&zoom=, ?tile=z/x/y, or /api/v1/cameras/tiles/z/x/y) covers whole
cluster cells (64 screen pixels at its zoom). When it holds at most `cap` cameras they are all
answered as points; otherwise every cell holding two or more is one cluster Feature and a cell
holding one camera is that camera (never a cluster of one).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from sqlalchemy.orm import Session

from ..domain.geo import COORD_DECIMALS
from ..domain.vocabulary import marker_kind
from ..storage import badges, clusters, viewport
from ..storage.reader import Reader
from . import geojson
from .params import ViewQuery

BRIEF_DECIMALS = 6  # 0.11 m: finer than any marker is drawn


def _round(value: float) -> float:
    return round(value, COORD_DECIMALS)


@lru_cache(maxsize=4096)
def _bearings(direction: str | None) -> tuple[tuple[float, float], ...]:
    """[degrees, width] pairs (whole numbers as integers: fewer bytes on the wire)."""
    if not direction:
        return ()
    return tuple((_compact(b["degrees"]), _compact(b["width"])) for b in geojson.bearings(direction))


def _compact(value: float) -> float:
    return int(value) if value == int(value) else value


@lru_cache(maxsize=256)
def _marker(surveillance_type: str | None, camera_type: str | None) -> str:
    return marker_kind(surveillance_type, camera_type)


def brief_feature(row: Any, capabilities: dict[str, str] | None = None) -> dict[str, Any]:
    """Only what a map marker draws (BriefCamera, at most about 150 bytes): position, marker, status,
    and when known its bearings, tilt, height and badges (capability -> strongest confidence of the
    camera's and its operator's claims). The full record is at /api/v1/cameras/<id>."""
    ident, lon, lat, status, stype, ctype, direction, angle, height = row[:9]
    properties: dict[str, Any] = {"marker": _marker(stype, ctype), "status": status}
    if direction:
        found = _bearings(direction)
        if found:
            properties["bearings"] = found
    if angle is not None:
        properties["camera_angle"] = _compact(angle)
    if height is not None:
        properties["height"] = _compact(height)
    if capabilities:
        properties["capabilities"] = dict(sorted(capabilities.items()))
    ident = str(ident)
    return {
        "type": "Feature",
        "id": ident,
        "geometry": {"type": "Point",
                     "coordinates": [round(lon, BRIEF_DECIMALS), round(lat, BRIEF_DECIMALS)]},
        "properties": properties,
    }


def cluster_feature(level: int, row: clusters.ClusterRow) -> dict[str, Any]:
    """Two or more cameras of one cell: their count, centroid, extent (the Feature's bbox), breakdowns."""
    west, south, east, north = row.bounds
    digits = COORD_DECIMALS
    return {
        "type": "Feature",
        "id": f"cluster-{level}-{row.x}-{row.y}",
        "bbox": [round(west, digits), round(south, digits), round(east, digits), round(north, digits)],
        "geometry": {"type": "Point", "coordinates": [round(row.lon, digits), round(row.lat, digits)]},
        "properties": {
            "cluster": True,
            "count": row.count,
            "markers": row.markers,
            "capabilities": row.capabilities,
            "statuses": row.statuses,
        },
    }


def _points(reader: Reader, rows: list[Any]) -> list[dict[str, Any]]:
    # Only cameras whose capability bits are set have claims to look up.
    claimed = [(row[0], row[9]) for row in rows if row[10]]
    fetch = partial(viewport.claim_rows, reader)
    best = badges.strongest(claimed, fetch) if claimed else {}
    return [brief_feature(row, best.get(row[0])) for row in rows]


def view_index(reader: Reader, session: Callable[[], Session],
               query: ViewQuery) -> tuple[int, list[clusters.ClusterRow] | None]:
    """The registry's version (the ETag) and, when the cell index knows the filter, the view's cells
    (read in the same statement). `session` is asked for only when the filter needs the cameras."""
    level = clusters.indexed(query.filter, query.region.level)
    if level is None:
        return clusters.registry_version(session()), None
    return viewport.version_and_cells(reader, query.filter, query.region, level)


def view_collection(reader: Reader, session: Callable[[], Session], query: ViewQuery, self_href: str,
                    cells: list[clusters.ClusterRow] | None = None) -> dict[str, Any]:
    """GET a map view: points when the region holds at most `cap` cameras, clusters otherwise;
    `cells` from view_index (None: the filter needs the cameras themselves, through `session`)."""
    region = query.region
    if cells is not None:
        matched = sum(cell.count for cell in cells)  # the index decides points or clusters
    else:
        matched = clusters.count_in_region(session(), query.filter, region)
    clustered = matched > query.cap
    features: list[dict[str, Any]] = []
    if not clustered and matched:  # an empty view asks nothing more
        if cells is not None:
            rows = viewport.brief_in_region(reader, query.filter, region, query.cap)
        else:
            rows = clusters.brief_in_region(session(), query.filter, region, query.cap)
        features = _points(reader, rows)
    elif clustered:
        cells = cells if cells is not None else clusters.cluster_rows(session(), query.filter, region)
        singles = [cell.sum_id for cell in cells if cell.count == 1]
        features = [cluster_feature(region.level, cell) for cell in cells if cell.count > 1]
        features += _points(reader, viewport.brief_by_ids(reader, singles))
    return {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": len(features),
        "clustered": clustered,
        "zoom": query.zoom,
        "bbox": [_round(v) for v in region.bbox().as_list()],
        "timeStamp": geojson.timestamp(),
        "links": [{"rel": "self", "href": self_href, "type": geojson.GEOJSON}],
    }
