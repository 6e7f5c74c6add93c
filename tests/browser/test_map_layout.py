"""The map page's layout at a phone's 390x844 and a laptop's 1366x900, in English and Russian: no control
sits on another (their boxes measured, with a camera's details open too), pinch zoom allowed, the site
menu on a phone, the legend one tap away, and axe finds nothing."""

from __future__ import annotations

from itertools import combinations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.browser

SPOT = (60.2055, 24.6559)  # (lat, lon): Espoo, away from the other browser tests' cameras
LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
# Every control a visitor can see: the site bar's links and buttons, the toolbar's fields, buttons and
# texts, the map's own controls (zoom, locate, legend, scale, attribution) and the sheet.
CONTROLS = """() => {
  const selectors = ['.cm-bar > a', '.cm-bar > button', '.cm-site-nav a', '.cm-search input',
    '.cm-search button', '.cm-buttons button', '.cm-status', '.cm-chips button', '.leaflet-control',
    '.cm-sheet'];
  const seen = [];
  for (const selector of selectors) {
    for (const node of document.querySelectorAll(selector)) {
      const r = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      const gone = style.visibility === 'hidden' || node.closest('[hidden]');
      if (r.width < 1 || r.height < 1 || gone) { continue; }
      seen.push({name: selector + ' ' + (node.className || node.textContent).toString().slice(0, 40),
                 box: [r.left, r.top, r.right, r.bottom]});
    }
  }
  return seen;
}"""


@pytest.fixture(scope="module")
def camera(live_server) -> int:
    return live_server.add_camera(lat=SPOT[0], lon=SPOT[1], camera_type="dome", operator="Espoo layout test",
                                  notes="A camera with a long note " * 8)


def overlaps(a: list[float], b: list[float]) -> bool:
    """Boxes that share more than a pixel's sliver."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def assert_no_overlap(page, size: dict) -> list[dict]:
    controls = page.evaluate(CONTROLS)
    assert len(controls) >= 6
    clashes = [(a["name"], b["name"]) for a, b in combinations(controls, 2) if overlaps(a["box"], b["box"])]
    assert clashes == []
    outside = [c["name"] for c in controls
               if c["box"][0] < -1 or c["box"][1] < -1 or c["box"][2] > size["width"] + 1
               or c["box"][3] > size["height"] + 1]
    assert outside == []
    return controls


def open_page(browser, live_server, size: str, lang: str, query: str = ""):
    context = browser.new_context(viewport=VIEWPORTS[size], service_workers="block")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{live_server.url}/?lang={lang}{query}#17/{SPOT[0]}/{SPOT[1]}")
    page.wait_for_function(LOADED)
    return context, page


def open_details_from_the_list(page, camera: int) -> None:
    page.locator(".cm-toggle-list").click()
    item = page.locator(f".cm-list-item[data-camera-id='{camera}']")
    item.focus()
    page.keyboard.press("Enter")
    page.locator(f".cm-popup[data-camera-id='{camera}'] dl").wait_for()


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_control_overlaps_another(browser, live_server, camera, size, lang):
    context, page = open_page(browser, live_server, size, lang)
    try:
        assert_no_overlap(page, VIEWPORTS[size])
        open_details_from_the_list(page, camera)
        controls = assert_no_overlap(page, VIEWPORTS[size])
        sheet = next(c["box"] for c in controls if c["name"].startswith(".cm-sheet"))
        for part in (".cm-panel-details .cm-close", f".cm-popup[data-camera-id='{camera}'] h2"):
            box = page.locator(part).bounding_box()
            assert box and sheet[0] <= box["x"] and box["y"] >= sheet[1] - 1
            assert box["y"] + box["height"] <= VIEWPORTS[size]["height"]
        if size == "phone":  # a bottom sheet, under the map
            assert sheet[1] > VIEWPORTS[size]["height"] / 3 and sheet[3] >= VIEWPORTS[size]["height"] - 1
        assert page.errors == []
    finally:
        context.close()


def test_pinch_zoom_is_allowed(page, live_server):
    page.goto(live_server.url + "/")
    page.wait_for_function(LOADED)
    viewport = page.get_attribute("meta[name=viewport]", "content")
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport
    assert page.locator("meta[name=viewport]").count() == 1
    assert page.evaluate("() => window.cameramap.getMap().touchZoom.enabled()")


def test_phone_menu_and_legend_are_one_tap_away(browser, live_server, camera):
    context, page = open_page(browser, live_server, "phone", "en")
    try:
        menu = page.get_by_role("button", name="Menu")
        assert page.get_by_role("link", name="Report a camera").is_hidden()
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("link", name="Report a camera").is_visible()
        page.keyboard.press("Escape")
        assert page.get_by_role("link", name="Report a camera").is_hidden()
        assert page.evaluate("() => document.activeElement.classList.contains('cm-menu-button')")
        legend = page.locator(".cm-legend")
        assert legend.is_hidden()
        page.get_by_role("button", name="Legend", exact=True).click()
        assert legend.is_visible() and "Dome camera" in legend.inner_text()
        assert_no_overlap(page, VIEWPORTS["phone"])
    finally:
        context.close()


def test_filters_show_as_chips_with_clear_all(browser, live_server, camera):
    context, page = open_page(browser, live_server, "desktop", "en", "&camera_type=dome")
    try:
        chips = page.locator(".cm-chips")
        assert chips.is_visible() and "Camera type: dome" in chips.inner_text()
        assert "match the filters" in page.locator(".cm-status").inner_text()
        page.locator(".cm-toggle-filters").click()
        operators = page.locator("select[name=operator] option").all_inner_texts()
        assert any(text.startswith("Espoo layout test (") for text in operators)
        page.keyboard.press("Escape")
        assert page.locator(".cm-panel-filters").is_hidden()
        loads = page.evaluate("() => window.cameramap.state.loads")
        page.get_by_role("button", name="Clear all filters").click()
        page.wait_for_function(f"() => window.cameramap.state.loads > {loads}"
                               " && !window.cameramap.state.loading")
        assert chips.is_hidden() and "camera_type" not in page.url
        expect(page.locator(".cm-status")).to_contain_text("Removed cameras are not counted.")
    finally:
        context.close()


def test_share_panel_follows_the_area(browser, live_server, camera):
    context, page = open_page(browser, live_server, "desktop", "en")
    try:
        alternate = page.locator("link[rel=alternate][type='application/atom+xml']")
        assert "/feeds/cameras.atom?bbox=" in alternate.get_attribute("href")
        page.locator(".cm-toggle-share").click()
        feed = page.get_by_role("link", name="New and removed cameras in this area (Atom feed)")
        assert feed.get_attribute("href") == alternate.get_attribute("href")
        response = page.request.get(feed.get_attribute("href"))
        assert response.ok and "atom" in response.headers["content-type"]
        snippet = page.locator(".cm-snippet").nth(1).input_value()
        assert snippet.startswith("<iframe ") and 'title="Surveillance camera map"' in snippet
    finally:
        context.close()


def test_embed_opens_links_in_a_new_tab(browser, live_server, camera):
    context, page = open_page(browser, live_server, "desktop", "en", "&embed=1")
    try:
        assert page.locator(".cm-legend").is_visible()
        page.evaluate(f"() => window.cameramap.openDetails('{camera}')")
        more = page.locator(f".cm-popup[data-camera-id='{camera}'] a.cm-more")
        more.wait_for()
        assert more.get_attribute("target") == "_blank" and more.get_attribute("rel") == "noopener"
        assert_no_overlap(page, VIEWPORTS["desktop"])
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_axe_finds_nothing_on_the_map(browser, live_server, camera, size, lang):
    context, page = open_page(browser, live_server, size, lang)
    try:
        assert_no_axe_violations(page)
        open_details_from_the_list(page, camera)
        assert_no_axe_violations(page)
    finally:
        context.close()
