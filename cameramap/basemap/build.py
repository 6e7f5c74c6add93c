"""Cut features into vector tiles (MVT, gzip) for a zoom range and write them as one PMTiles archive."""

from __future__ import annotations

import gzip
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mapbox_vector_tile
import numpy as np
import shapely
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer
from shapely import STRtree

from . import DEFAULT_MAXZOOM, DEFAULT_MINZOOM
from .features import Feature, extract_box, read_features
from .tiles import tile_bounds, tile_size, tiles_covering, to_lonlat

EXTENT = 4096
BUFFER = 64 / EXTENT  # share of a tile drawn beyond each edge, so lines and outlines join up
LAYERS = ("water", "parks", "buildings", "streets", "places")
Progress = Callable[[int, int], None]  # (zoom, tiles written so far)


@dataclass(frozen=True)
class BasemapStats:
    """What a build wrote: tiles, archive bytes, the largest tile (compressed), seconds taken."""

    path: str
    tiles: int
    bytes: int
    largest_tile: int
    seconds: float
    minzoom: int
    maxzoom: int
    bounds: tuple[float, float, float, float]


class _Layer:
    """One layer's features with a spatial index over their geometries."""

    def __init__(self, features: list[Feature]):
        self.features = features
        self.tree = STRtree([f.geometry for f in features])

    def clipped(self, z: int, bounds: tuple[float, float, float, float]) -> list[dict[str, Any]]:
        margin = (bounds[2] - bounds[0]) * BUFFER
        area = (bounds[0] - margin, bounds[1] - margin, bounds[2] + margin, bounds[3] + margin)
        tolerance = tile_size(z) / EXTENT * 1.5
        found = []
        for i in sorted(int(i) for i in self.tree.query(shapely.box(*area))):
            feature = self.features[i]
            if feature.minzoom > z:
                continue
            geometry = shapely.clip_by_rect(feature.geometry, *area)
            if geometry.geom_type != "Point":
                geometry = geometry.simplify(tolerance, preserve_topology=True)
            if geometry.is_empty or (geometry.area == 0 and geometry.length == 0
                                     and geometry.geom_type != "Point"):
                continue
            found.append({"geometry": _to_tile(geometry, bounds), "properties": feature.properties})
        return found


def _to_tile(geometry: Any, bounds: tuple[float, float, float, float]) -> Any:
    """Mercator metres -> tile units (0..EXTENT, y up; the encoder flips y)."""
    scale = EXTENT / (bounds[2] - bounds[0])
    origin = np.array([bounds[0], bounds[1]])
    return shapely.transform(geometry, lambda coords: (coords - origin) * scale)


def _tile(layers: dict[str, _Layer], z: int, x: int, y: int) -> bytes | None:
    bounds = tile_bounds(z, x, y)
    content = [{"name": name, "features": features} for name in LAYERS if name in layers
               if (features := layers[name].clipped(z, bounds))]
    if not content:
        return None
    encoded = mapbox_vector_tile.encode(content, default_options={
        "extents": EXTENT,
        "on_invalid_geometry": mapbox_vector_tile.encoder.on_invalid_geometry_make_valid})
    return gzip.compress(encoded, mtime=0)


def _header(box: tuple[float, float, float, float], minzoom: int, maxzoom: int) -> dict[str, Any]:
    e7 = [round(v * 10_000_000) for v in box]
    return {"tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
            "min_zoom": minzoom, "max_zoom": maxzoom,
            "min_lon_e7": e7[0], "min_lat_e7": e7[1], "max_lon_e7": e7[2], "max_lat_e7": e7[3],
            "center_zoom": min(maxzoom, 14), "center_lon_e7": (e7[0] + e7[2]) // 2,
            "center_lat_e7": (e7[1] + e7[3]) // 2}


def _metadata(source: str) -> dict[str, Any]:
    return {"name": "cameramap basemap", "format": "pbf", "source": source,
            "attribution": "© OpenStreetMap contributors",
            "vector_layers": [{"id": name, "fields": {}} for name in LAYERS]}


def _feature_box(features: list[Feature]) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = shapely.total_bounds([f.geometry for f in features])
    (west, south), (east, north) = to_lonlat(minx, miny), to_lonlat(maxx, maxy)
    return (west, south, east, north)


def build_basemap(source: str | Path, out: str | Path, minzoom: int = DEFAULT_MINZOOM,
                  maxzoom: int = DEFAULT_MAXZOOM, progress: Progress | None = None) -> BasemapStats:
    """Write `out` (PMTiles of MVT tiles, zooms minzoom..maxzoom) from the OSM extract `source`.

    The archive is written next to `out` and renamed over it at the end: a server reading the old
    archive never sees half a file.
    """
    if not 0 <= minzoom <= maxzoom <= 18:
        raise ValueError("zooms must satisfy 0 <= minzoom <= maxzoom <= 18")
    started = time.monotonic()
    box = extract_box(source)
    features = read_features(source, box or (-180.0, -85.0, 180.0, 85.0))
    if not features:
        raise ValueError(f"{source}: nothing to draw (no streets, buildings, water, parks or places)")
    box = box or _feature_box(features)
    grouped: dict[str, list[Feature]] = defaultdict(list)
    for feature in features:
        grouped[feature.layer].append(feature)
    layers = {name: _Layer(items) for name, items in grouped.items()}
    tiles: list[tuple[int, bytes]] = []
    for z in range(minzoom, maxzoom + 1):
        for x, y in tiles_covering(box, z):
            if (data := _tile(layers, z, x, y)) is not None:
                tiles.append((zxy_to_tileid(z, x, y), data))
        if progress is not None:
            progress(z, len(tiles))
    if not tiles:
        raise ValueError(f"{source}: no tile has content in zooms {minzoom}-{maxzoom}")
    partial = Path(f"{out}.partial")
    with open(partial, "wb") as handle:
        writer = Writer(handle)
        for tile_id, data in sorted(tiles):
            writer.write_tile(tile_id, data)
        writer.finalize(_header(box, minzoom, maxzoom), _metadata(Path(source).name))
    os.replace(partial, out)
    return BasemapStats(str(out), len(tiles), Path(out).stat().st_size, max(len(d) for _, d in tiles),
                        time.monotonic() - started, minzoom, maxzoom, box)
