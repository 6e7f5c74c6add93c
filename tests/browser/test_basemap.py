"""The default background: the app's own vector basemap (no other host asked), and the visible notice with
the gazetteer's streets when it cannot be shown (no archive, tile server down), in English and Russian."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cameramap.services.basemap import build
from cameramap.services.imports.demo import demo_pbf_path
from tests.browser.conftest import foreign_requests

pytestmark = pytest.mark.browser
VIEW = "#16/60.1688/24.9450"  # Helsinki, inside the demo extract
NOTICE = ".cm-basemap-notice"
DRAWN = "() => document.querySelectorAll('canvas.leaflet-tile.leaflet-tile-loaded').length >= 4"
SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"
SHOTS.mkdir(parents=True, exist_ok=True)
STREET_LINES = "() => document.querySelectorAll('path.cm-known-street').length > 20"


@pytest.fixture(scope="module")
def helsinki_archive(tmp_path_factory) -> Path:
    return Path(build(demo_pbf_path(), tmp_path_factory.mktemp("basemap") / "helsinki.pmtiles").path)


@pytest.fixture
def default_tiles(live_server, helsinki_archive, configure):
    """The live server with the default settings: no TILE_URL, the Helsinki archive served."""
    configure(live_server.app, TILE_URL="")
    configure(live_server.app, BASEMAP_PATH=str(helsinki_archive))
    return live_server


def test_default_basemap_is_drawn_from_our_own_host(page, default_tiles):
    statuses: list[tuple[str, int]] = []
    page.on("response", lambda r: statuses.append((urlsplit(r.url).path, r.status)))
    page.goto(f"{default_tiles.url}/{VIEW}")
    page.wait_for_function(DRAWN)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "basemap-default.png"))
    page.mouse.move(640, 400)
    page.mouse.wheel(0, 400)
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(800)
    assert page.locator(NOTICE).count() == 0
    archive = [status for path, status in statuses if path == "/basemap.pmtiles"]
    assert archive and set(archive) == {206}  # read by ranges only
    painted = page.evaluate("""() => [...document.querySelectorAll('canvas.leaflet-tile')].some(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
        return seen.size > 3; })""")
    assert painted  # more than the land colour: water, parks, buildings, streets
    assert foreign_requests(page.requests, default_tiles.url) == []
    assert page.errors == []


@pytest.mark.parametrize("lang, words", [("en", "The background map could not be loaded"),
                                         ("ru", "Не удалось загрузить подложку карты")])
def test_missing_archive_shows_the_notice_and_known_streets(page, default_tiles, configure, tmp_path,
                                                            lang, words):
    configure(default_tiles.app, BASEMAP_PATH=str(tmp_path / "absent.pmtiles"))
    page.goto(f"{default_tiles.url}/?lang={lang}{VIEW}")
    notice = page.locator(NOTICE)
    notice.wait_for(state="visible")
    assert words in notice.inner_text() and notice.get_attribute("role") == "status"
    page.wait_for_function(STREET_LINES)
    assert any(urlsplit(u).path == "/api/v1/streets" for u in page.requests)
    assert foreign_requests(page.requests, default_tiles.url) == []
    page.screenshot(path=str(SHOTS / f"basemap-missing-{lang}.png"))


def test_raster_tile_server_down_shows_the_notice(page, live_server, configure):
    configure(live_server.app, TILE_URL="/_test/no-such-tiles/{z}/{x}/{y}.png")
    page.goto(f"{live_server.url}/{VIEW}")
    page.locator(NOTICE).wait_for(state="visible")
    page.wait_for_function(STREET_LINES)
