"""Basemap benchmark: build the Helsinki archive (time, size, largest tile), then time the map's first
paint with it in headless Chromium (target: within 1.5 s; the largest tile must stay under 500 KB).

    python bench/basemap.py [--runs 3]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import threading
from pathlib import Path

from pmtiles.reader import MmapSource, Reader, all_tiles

from cameramap import create_app
from cameramap.services.basemap import build
from cameramap.services.imports.demo import demo_pbf_path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VIEW = "#16/60.1688/24.9450"
PAINTED = """() => {
  const tiles = [...document.querySelectorAll('.leaflet-tile-container canvas.leaflet-tile')];
  return tiles.length > 0 && tiles.every(t => t.classList.contains('leaflet-tile-loaded'))
    ? performance.now() : false;
}"""


def archive_figures(path: Path) -> tuple[int, int]:
    """(tiles, largest uncompressed tile in bytes) of an archive."""
    with open(path, "rb") as handle:
        sizes = [len(gzip.decompress(data)) for _zxy, data in all_tiles(Reader(MmapSource(handle)).get_bytes)]
    return len(sizes), max(sizes)


def first_paints(base: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{base}/{VIEW}")
            times.append(page.wait_for_function(PAINTED, polling="raf", timeout=30_000).json_value())
            context.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import waitress

    with tempfile.TemporaryDirectory(prefix="cameramap-basemap-") as tmp:
        stats = build(demo_pbf_path(), Path(tmp) / "helsinki.pmtiles")
        tiles, largest_raw = archive_figures(Path(stats.path))
        print(f"build: {stats.tiles} tiles, zooms {stats.minzoom}-{stats.maxzoom} in {stats.seconds:.2f} s")
        print(f"archive: {stats.bytes / 1024:.0f} KiB; largest tile {stats.largest_tile / 1024:.1f} KiB "
              f"gzipped, {largest_raw / 1024:.1f} KiB raw (limit 500 KB)")
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "SECRET_KEY": "bench",
                          "INSTANCE_DIR": tmp, "TILE_URL": "", "BASEMAP_PATH": stats.path})
        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            times = first_paints(f"http://127.0.0.1:{server.effective_port}", args.runs)
        finally:
            server.close()
        print(f"first map paint with the basemap (ms from navigation, {args.runs} cold runs): "
              f"median {statistics.median(times):.0f}, max {max(times):.0f} (target 1500)")


if __name__ == "__main__":
    main()
