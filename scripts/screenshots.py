#!/usr/bin/env python3
"""Screenshots of every page at phone (390x844) and desktop (1366x900) size, in English.

Starts the app over a fresh SQLite file with the demo data (and what tests/browser/site_pages.py
adds) and the app's own Helsinki basemap, and drives /usr/bin/chromium with playwright.

Usage (from the repository root, in the virtualenv):
    python scripts/screenshots.py [--out docs/screenshots] [--only about,stats] [--full-page]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Every Leaflet tile loaded and fully faded in, and no zoom animation running (true on pages without a map).
MAP_DRAWN = """() => !document.querySelector('.leaflet-zoom-anim')
  && [...document.querySelectorAll('.leaflet-tile')]
    .every(t => t.classList.contains('leaflet-tile-loaded') && getComputedStyle(t).opacity === '1')"""
# Where each map is (a pan moves its pane).
MAP_VIEWS = "() => [...document.querySelectorAll('.leaflet-map-pane')].map(p => p.style.transform).join()"


@contextmanager
def live_app(folder: Path) -> Iterator[Any]:
    """The app under waitress on a free port, over a fresh SQLite database with the demo data."""
    import waitress

    from cameramap import create_app
    from cameramap.extensions import db, settings
    from cameramap.services.basemap import build_demo_basemap
    from tests.browser.conftest import LiveServer

    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'screens.sqlite3'}", "AUTO_MIGRATE": True,
                      "LOAD_DEMO": True, "SECRET_KEY": "screenshots", "COOKIE_SECURE": False,
                      "MEDIA_DIR": str(folder / "media"), "BASEMAP_PATH": str(folder / "basemap.pmtiles")})
    build_demo_basemap(settings(app))
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4, ident="cameramap")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.effective_port}", app=app, engine=db.engine)
    finally:
        server.close()


def _settle(page: Any) -> None:
    """Wait until the page is drawn: no request running, the fonts in, every map tile loaded and faded in,
    no zoom under way, and the maps where they were a moment earlier (a pan has ended; the vector basemap
    redraws tiles as its labels settle)."""
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    for _ in range(30):
        page.wait_for_function(MAP_DRAWN, timeout=15_000)
        before = page.evaluate(MAP_VIEWS)
        page.wait_for_timeout(300)
        if page.evaluate(MAP_VIEWS) == before and page.evaluate(MAP_DRAWN):
            return
    raise RuntimeError(f"{page.url}: the map never stopped moving")


def _shoot(browser: Any, url: str, size: tuple[int, int], out: Path, full: bool, login: Any = None) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, service_workers="block")
    page = context.new_page()
    if login:
        login(page)
    page.goto(url)
    _settle(page)
    page.screenshot(path=str(out), full_page=full)
    context.close()
    _shrink(out)


def _shrink(path: Path) -> None:
    """Rewrite a screenshot with a 256-colour palette: a fraction of the size, the same to the eye."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    small.save(path, optimize=True)
    path.chmod(0o644)  # the app made this process's umask 077; screenshots are for everyone to read


def main() -> None:
    import logging

    logging.getLogger("waitress").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", default="", help="comma-separated page names (default: every page)")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the first screen")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = {name for name in args.only.split(",") if name}

    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, SIZES
    from tests.browser.site_pages import log_in, moderation_pages, prepare_site, public_pages

    with tempfile.TemporaryDirectory() as tmp, live_app(Path(tmp)) as live, sync_playwright() as pw:
        site = prepare_site(live, Path(tmp))
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        pages = [("map", "/", None), ("map-details", f"/?camera={site.camera_id}", None)]
        pages += [(n, p, None) for n, p in public_pages(site)]
        pages += [(n, p, lambda page: log_in(page, live.url)) for n, p in moderation_pages(site)]
        for name, path, login in pages:
            if only and name not in only:
                continue
            for size_name, size in SIZES.items():
                target = out / f"{name}-{size_name}.png"
                _shoot(browser, live.url + path, size, target, args.full_page, login)
                print(target)
        browser.close()


if __name__ == "__main__":
    main()
