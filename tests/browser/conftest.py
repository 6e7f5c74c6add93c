"""Browser fixtures: a live waitress server over its own committed database, and a recording page.

- `live_server`: the app under waitress in a background thread on a free port, over a fresh SQLite
  file or (with CAMERAMAP_TEST_DATABASE_URL) a fresh PostgreSQL database named `<test db>_live`,
  dropped afterwards; the demo data is loaded; tiles come from a local route, so a page has no
  reason to contact any other host. `live_server.add_camera(**overrides)` adds data through the
  services (tests.factories.make_camera) and commits.
- `browser`: headless /usr/bin/chromium (skipped when absent, failed when
  CAMERAMAP_REQUIRE_BROWSER=1).
- `page`: a fresh page; `page.requests` lists every URL it asked for, `page.dialogs` every
  dialog it opened (dismissed), `page.errors` uncaught page errors.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.databases import fresh_database

CHROMIUM = Path("/usr/bin/chromium")
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}  # what every page must work at (rule 7)
# the same as playwright viewports
VIEWPORTS = {name: {"width": width, "height": height} for name, (width, height) in SIZES.items()}
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
TILE_RULE = "/_test/tiles/<int:z>/<int:x>/<int:y>.png"
TILE_URL = "/_test/tiles/{z}/{x}/{y}.png"


def _tile_png() -> bytes:
    """A plain light tile with a faint grid line, so map screenshots show the tile edges."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (256, 256), (236, 240, 243))
    draw = ImageDraw.Draw(image)
    draw.line([(0, 0), (255, 0)], fill=(222, 227, 232))
    draw.line([(0, 0), (0, 255)], fill=(222, 227, 232))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def add_test_tiles(app: Any) -> None:
    """Serve every tile of every zoom as one local PNG (no tile server exists in tests)."""
    from flask import Response

    tile = _tile_png()
    app.add_url_rule(TILE_RULE, "test_tile",
                     lambda z, x, y: Response(tile, mimetype="image/png",
                                              headers={"Cache-Control": "max-age=3600"}))


@dataclass
class LiveServer:
    """A running server: `url` is its base URL (no trailing slash)."""

    url: str
    app: Any
    engine: Engine
    camera_ids: list[int] = field(default_factory=list)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work on the live database, committed when the block ends (services only flush)."""
        from cameramap.storage.transaction import unit_of_work

        with Session(self.engine, expire_on_commit=False) as session, unit_of_work(session):
            yield session

    def add_camera(self, **overrides: Any) -> int:
        """Create a camera through the import service (committed); returns its id."""
        from tests.factories import make_camera

        with self.session() as session:
            camera_id = make_camera(session, **overrides).id
            session.commit()
        self.camera_ids.append(camera_id)
        return camera_id

    def count_cameras(self) -> int:
        """How many cameras the registry holds (the map draws them all, removed ones greyed)."""
        from sqlalchemy import func, select

        from cameramap.storage.models import Camera

        with self.session() as session:
            return int(session.scalar(select(func.count(Camera.id))))


def _keep_bound(app: Any, engine: Engine) -> None:
    """Every request of the live app uses the live database, even if another app was created
    later in this process (the `db` handle is shared by all apps of a process)."""
    from cameramap.extensions import db

    @app.before_request
    def bind_live_database() -> None:
        if db.session.session_factory.kw.get("bind") is not engine:
            db.session.remove()
            db.session.configure(bind=engine, expire_on_commit=False)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    import waitress

    from cameramap import create_app
    from cameramap.extensions import db

    workdir = tmp_path_factory.mktemp("live")
    with fresh_database(workdir, "live") as url:
        app = create_app({
            "DATABASE_URL": url, "AUTO_MIGRATE": True, "LOAD_DEMO": True, "TESTING": True,
            "SECRET_KEY": "live-test-secret", "TILE_URL": TILE_URL, "TILE_ATTRIBUTION": "Test tiles",
            # every browser test logs in from 127.0.0.1 to one server; the limits have functional tests
            "RATE_LIMIT_LOGIN": "1000 per 15 minutes",
            # and submits cameras, sightings, photos and confirmations from it (the test order decides
            # which test would meet the 10 per hour of the default)
            "RATE_LIMIT_SUBMIT": "1000 per hour",
        })
        engine = db.engine
        add_test_tiles(app)
        _keep_bound(app, engine)
        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8,
                                        ident="cameramap-test")
        port = server.effective_port
        thread = threading.Thread(target=server.run, name="live-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(url=f"http://127.0.0.1:{port}", app=app, engine=engine)
        finally:
            server.close()
            thread.join(timeout=5)
            db.session.remove()
            engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    required = os.environ.get("CAMERAMAP_REQUIRE_BROWSER") == "1"
    if not CHROMIUM.exists():
        message = f"browser tests need Chromium at {CHROMIUM}, which is absent"
        if required:
            pytest.fail(message + " (CAMERAMAP_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        if required:
            pytest.fail(f"playwright is not installed: {err}")
        pytest.skip(f"playwright is not installed: {err}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A tab at the phone and at the desktop size (its `size_name` says which), collecting page errors."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.size_name = request.param
    yield tab
    context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    tab = context.new_page()
    tab.requests = []
    tab.dialogs = []
    tab.errors = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def foreign_requests(urls: list[str], base_url: str) -> list[str]:
    """The URLs that went to any host other than the live server (data: URLs are local)."""
    home = urlsplit(base_url).netloc
    return [u for u in urls if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != home]
