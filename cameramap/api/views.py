"""Map views' logic, free of Flask: the cameras of a tile-aligned region, or clusters above the cap.

A view (GET /api/v1/cameras?bbox=&zoom=, ?tile=z/x/y, or /api/v1/cameras/tiles/z/x/y) covers whole
cluster cells (64 screen pixels at its zoom). When it holds at most `cap` cameras they are all
answered as points; otherwise every cell holding two or more is one cluster Feature and a cell
holding one camera is that camera (never a cluster of one).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from ..domain.geo import COORD_DECIMALS
from ..domain.vocabulary import marker_kind
from ..storage import badges, clusters, queries
from . import geojson
from .params import ViewQuery


def _round(value: float) -> float:
    return round(value, COORD_DECIMALS)


@lru_cache(maxsize=4096)
def _bearings(direction: str | None) -> tuple[dict[str, float], ...]:
    return tuple(geojson.bearings(direction)) if direction else ()


@lru_cache(maxsize=256)
def _marker(surveillance_type: str | None, camera_type: str | None) -> str:
    return marker_kind(surveillance_type, camera_type)


def brief_feature(row: Any, capabilities: dict[str, str] | None = None) -> dict[str, Any]:
    """What a map marker needs (with each capability's strongest confidence: its badges); the full
    record is at /api/v1/cameras/<id>."""
    ident, lon, lat, status, stype, ctype, direction, angle, height = row[:9]
    ident = str(ident)
    return {
        "type": "Feature",
        "id": ident,
        "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
        "properties": {
            "id": ident,
            "marker": _marker(stype, ctype),
            "status": status,
            "surveillance_type": stype,
            "camera_type": ctype,
            "camera_direction": direction,
            "bearings": _bearings(direction),
            "camera_angle": angle,
            "height": height,
            "capabilities": [{"capability": name, "confidence": level}
                             for name, level in sorted((capabilities or {}).items())],
            "url": "/cameras/" + ident,
        },
    }


def cluster_feature(level: int, row: clusters.ClusterRow) -> dict[str, Any]:
    """Two or more cameras of one cell: their count, centroid, extent (the Feature's bbox), breakdowns."""
    bbox = [_round(v) for v in row.bounds]
    return {
        "type": "Feature",
        "id": f"cluster-{level}-{row.x}-{row.y}",
        "bbox": bbox,
        "geometry": {"type": "Point", "coordinates": [_round(row.lon), _round(row.lat)]},
        "properties": {
            "cluster": True,
            "count": row.count,
            "markers": row.markers,
            "capabilities": row.capabilities,
            "statuses": row.statuses,
        },
    }


def _points(session: Session, rows: list[Any], brief: bool) -> list[dict[str, Any]]:
    if brief:
        # Only cameras whose capability bits are set have claims to look up.
        claimed = [(row.id, row.operator_id) for row in rows if row.capabilities]
        best = badges.best_confidences(session, claimed)
        return [brief_feature(row, best.get(row.id)) for row in rows]
    found = queries.cameras_by_ids(session, [row.id for row in rows])
    return [geojson.feature(camera, found.inherited_for(camera)) for camera in found.cameras]


def view_collection(session: Session, query: ViewQuery, self_href: str) -> dict[str, Any]:
    """GET a map view: points when the region holds at most `cap` cameras, clusters otherwise."""
    region = query.region
    cells: list[clusters.ClusterRow] | None = None
    if clusters.indexed(query.filter, region.level) is not None:
        # The index groups a region in one cheap query: its counts decide points or clusters.
        cells = clusters.cluster_rows(session, query.filter, region)
        matched = sum(cell.count for cell in cells)
    else:
        matched = clusters.count_in_region(session, query.filter, region)
    clustered = matched > query.cap
    if not clustered:
        features = _points(
            session, clusters.brief_in_region(session, query.filter, region, query.cap), query.brief
        )
    else:
        cells = cells if cells is not None else clusters.cluster_rows(session, query.filter, region)
        singles = [cell.sum_id for cell in cells if cell.count == 1]
        features = [cluster_feature(region.level, cell) for cell in cells if cell.count > 1]
        features += _points(session, clusters.brief_by_ids(session, singles), query.brief)
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
