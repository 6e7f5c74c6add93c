"""Street coverage in Chromium: the /stats table (English and Russian, phone and desktop, axe clean) and
the map's "streets in view of cameras" layer switched on in the legend."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import VIEWPORTS
from tests.browser.streets import streets_fixture  # noqa: F401  (the fixture `streets`)

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"
SHOTS.mkdir(parents=True, exist_ok=True)
LAYER = "Helsinki halves (test)"
LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"


@pytest.fixture(scope="module")
def halves(streets):
    """Two areas, west and east of 24.944 E, over the demo network."""
    from sqlalchemy import select

    from cameramap.storage.accountability import Area

    with streets.session() as session:
        if session.scalar(select(Area.id).where(Area.layer == LAYER)) is None:
            for code, west, east in (("W", 24.93, 24.944), ("E", 24.944, 24.96)):
                ring = [[west, 60.16], [east, 60.16], [east, 60.18], [west, 60.18], [west, 60.16]]
                session.add(Area(layer=LAYER, code=code, name=f"Helsinki {code}", population=None,
                                 area_km2=1.0, west=west, south=60.16, east=east, north=60.18,
                                 geometry={"type": "Polygon", "coordinates": [ring]}))
            session.commit()
    return streets


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_stats_page_shows_street_coverage(page, halves, size, lang):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(f"{halves.url}/stats?layer={LAYER}&lang={lang}")
    table = page.locator("#street-coverage table")
    assert table.locator("tbody tr").count() == 2
    heading = {"en": "Streets in view of cameras", "ru": "Улицы в поле зрения камер"}[lang]
    assert page.locator("#street-coverage-heading").inner_text().startswith(heading)
    body = page.request.get(f"{halves.url}/api/v1/coverage?layer={LAYER}").json()
    first = max(body["areas"], key=lambda a: a["profiles"]["foot"]["share"])  # the table's first row
    share = f"{100 * first['profiles']['foot']['share']:.1f}"
    cells = table.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == first["name"] and cells[2].replace(",", ".").startswith(share)
    assert_no_axe_violations(page)
    page.locator("#street-coverage").screenshot(path=str(SHOTS / f"stats-coverage-{size}-{lang}.png"))
    assert page.errors == []


def orange_pixels(page) -> int:
    image = Image.open(io.BytesIO(page.locator(".folium-map").screenshot())).convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if r > 170 and 40 < g < 100 and b < 40)


def test_the_map_layer_colours_watched_streets(page, streets):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(f"{streets.url}/#16/60.1705/24.9440")
    page.wait_for_function(LOADED)
    before = orange_pixels(page)
    toggle = page.get_by_role("button", name="Streets in view of cameras")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.wait_for_function("() => window.cameramapCoverage.state.loads > 0")
    url = page.evaluate("() => window.cameramapCoverage.state.url")
    assert "/api/v1/coverage/segments?bbox=" in url and "60.1705" not in url  # the box, snapped to 0.01°
    answer = page.request.get(streets.url + url).json()
    lines = answer["features"][0]["geometry"]["coordinates"]
    assert len(lines) > 0 and page.evaluate("() => window.cameramapCoverage.state.drawn") == len(lines)
    assert orange_pixels(page) > before + 100
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / "map-coverage-layer.png"))
    page.evaluate("() => { window.cameramap.getMap().setZoom(13); }")
    page.wait_for_function("() => document.querySelector('.cm-coverage-note').textContent"
                           ".includes('Zoom in')")
    page.keyboard.press("Enter")  # the toggle still has focus: the layer goes
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.errors == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_on_a_phone_the_layer_zooms_in_and_says_so_over_the_map(page, streets, lang):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{streets.url}/?lang={lang}#14/60.1705/24.9440")  # a phone's default zoom: below 15
    page.wait_for_function(LOADED)
    page.locator(".cm-toggle-legend").click()
    page.locator(".cm-coverage-toggle").click()
    page.wait_for_function("() => window.cameramapCoverage.state.loads > 0")  # it zoomed in and drew
    assert page.evaluate("() => window.cameramap.getMap().getZoom()") == 15
    assert page.evaluate("() => window.cameramapCoverage.state.drawn") > 0
    page.evaluate("() => { window.cameramap.getMap().setZoom(13); }")
    note = page.locator(".cm-coverage-note")
    words = {"en": "Zoom in", "ru": "Приблизьте"}[lang]
    page.wait_for_function("(words) => document.querySelector('.cm-coverage-note')"
                           ".textContent.includes(words)",
                           arg=words)
    # the hint sits over the map, in the window, not down in the legend's scrolled box
    box, area = note.bounding_box(), page.locator(".folium-map").bounding_box()
    assert area["y"] <= box["y"] and box["y"] + box["height"] <= area["y"] + area["height"] / 2
    assert page.evaluate("() => !document.getElementById('cm-legend').contains("
                         "document.querySelector('.cm-coverage-note'))")
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / f"map-coverage-phone-{lang}.png"))
    assert page.errors == []
