"""A map view as a Mapbox Vector Tile: the same features as the GeoJSON tile, as flat properties.

Layer "cameras" holds points (feature id = camera id; marker, status, camera_angle and height when
known, bearings as "degrees/width;...", and cap_<capability> = its strongest confidence); layer
"clusters" holds cells of two or more (count, bbox "w,s,e,n", marker_<kind>, cap_<capability> and
status_<status> counts). QGIS and MapLibre read them directly.
"""

from __future__ import annotations

from typing import Any

from ..storage.backends.base import TileFeature, TileScalar
from ..storage.reader import Reader

MEDIA_TYPE = "application/vnd.mapbox-vector-tile"
_PLAIN = ("marker", "status", "camera_angle", "height")


def _point(feature: dict[str, Any]) -> TileFeature:
    p = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    properties: dict[str, TileScalar] = {name: p[name] for name in _PLAIN if name in p}
    if p.get("bearings"):
        properties["bearings"] = ";".join(f"{degrees:g}/{width:g}" for degrees, width in p["bearings"])
    properties.update({f"cap_{name}": level for name, level in p.get("capabilities", {}).items()})
    return int(feature["id"]), lon, lat, properties


def _cluster(feature: dict[str, Any]) -> TileFeature:
    p = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    properties: dict[str, TileScalar] = {"cluster": True, "count": p["count"],
                                         "bbox": ",".join(f"{v:g}" for v in feature["bbox"])}
    for prefix, counts in (("marker", p["markers"]), ("cap", p["capabilities"]), ("status", p["statuses"])):
        properties.update({f"{prefix}_{name}": n for name, n in counts.items()})
    return None, lon, lat, properties


def encode(reader: Reader, tile: tuple[int, int, int], collection: dict[str, Any]) -> bytes:
    """The view `collection` of tile z/x/y as a vector tile (empty bytes for an empty view)."""
    features = collection["features"]
    layers = {
        "cameras": [_point(f) for f in features if not f["properties"].get("cluster")],
        "clusters": [_cluster(f) for f in features if f["properties"].get("cluster")],
    }
    return reader.backend.encode_tile(reader.rows, tile, layers)
