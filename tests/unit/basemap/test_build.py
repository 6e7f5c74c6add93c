"""The basemap build: an archive of valid MVT tiles whose layers hold what the extract holds."""

from __future__ import annotations

import gzip

import mapbox_vector_tile
import pytest
from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression, TileType

from cameramap.basemap.build import build_basemap
from cameramap.basemap.tiles import tile_of


def _decoded(path, z, lon, lat):
    with open(path, "rb") as handle:
        reader = Reader(MmapSource(handle))
        x, y = tile_of(lon, lat, z)
        data = reader.get(z, x, y)
        header = reader.header()
    assert data is not None, f"no tile {z}/{x}/{y}"
    return header, mapbox_vector_tile.decode(gzip.decompress(data))


def test_a_tile_of_the_small_extract_holds_every_layer(extract, tmp_path):
    out = tmp_path / "small.pmtiles"
    stats = build_basemap(extract, out, minzoom=12, maxzoom=15)
    assert (stats.minzoom, stats.maxzoom) == (12, 15) and stats.tiles >= 4
    assert stats.bytes == out.stat().st_size and 0 < stats.largest_tile < 500_000
    header, tile = _decoded(out, 15, 24.945, 60.170)
    assert header["tile_type"] == TileType.MVT and header["tile_compression"] == Compression.GZIP
    assert (header["min_zoom"], header["max_zoom"]) == (12, 15)
    assert {"streets", "buildings", "parks", "water", "places"} <= set(tile)
    street = tile["streets"]["features"][0]
    assert street["properties"] == {"class": "minor", "name": "Testikatu"}
    assert street["geometry"]["type"] == "LineString"
    assert tile["buildings"]["features"][0]["geometry"]["type"] == "Polygon"
    assert tile["parks"]["features"][0]["properties"]["kind"] == "park"
    assert "water" in {f["properties"]["kind"] for f in tile["water"]["features"]}
    assert tile["places"]["features"][0]["properties"] == {"name": "Testila", "kind": "suburb"}


def test_the_sea_lies_right_of_the_coastline(extract, tmp_path):
    out = build_basemap(extract, tmp_path / "a.pmtiles", minzoom=14, maxzoom=14).path
    _header, tile = _decoded(out, 14, 24.955, 60.170)
    extent = tile["water"]["extent"]
    sea = [f for f in tile["water"]["features"] if f["properties"]["kind"] == "sea"]
    assert len(sea) == 1
    ring = sea[0]["geometry"]["coordinates"][0]
    # The coastline (lon 24.955) sits in the tile's east half; the sea polygon is east of it.
    x_coast = (24.955 + 180) / 360 * 2**14 % 1 * extent
    assert min(x for x, _ in ring) >= x_coast - 2


def test_buildings_wait_for_their_zoom(extract, tmp_path):
    out = build_basemap(extract, tmp_path / "b.pmtiles", minzoom=12, maxzoom=12).path
    _header, tile = _decoded(out, 12, 24.945, 60.170)
    assert "buildings" not in tile and "streets" in tile


def test_a_wrong_zoom_range_is_refused(extract, tmp_path):
    with pytest.raises(ValueError, match="zoom"):
        build_basemap(extract, tmp_path / "c.pmtiles", minzoom=15, maxzoom=12)
    assert not (tmp_path / "c.pmtiles").exists()
