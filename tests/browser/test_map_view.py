"""The map page's view at a phone's 390x844 and a laptop's 1366x900, in English and Russian: the status
line counts the cameras inside the visible map (not the larger tile-aligned area asked for), the legend
and the panels take turns on a phone, the list after a search asks the API once and lists the nearest
cameras first, each told apart, and the legend offers every capability the filters do."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.browser

LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
COUNTED = "() => !document.querySelector('.cm-status').textContent.includes('…')"
# The newcomer's views of central Helsinki (the demo data), where the tile-aligned area held more.
VIEWS = {"desktop": "#17/60.16911/24.93879", "phone": "#16/60.17/24.945"}
STANDING = "reported,verified,disputed"
WORDS = {"en": {"view": "cameras in this view.", "pin": "m from the pin", "centre": "m from the map centre",
                "nobody": "No camera in the registry has"},
         "ru": {"view": "в этой части карты.", "pin": "м от метки", "centre": "м от центра карты",
                "nobody": "Ни у одной камеры в реестре нет"}}
ALL_STATUSES = "reported,verified,disputed,removed"


def open_map(page, live_server, path: str) -> None:
    page.goto(f"{live_server.url}/{path}")
    page.wait_for_function(LOADED)
    page.wait_for_function(COUNTED)


def api_count(page, **params: str) -> int:
    query = urlencode({**params, "limit": "1"})
    return page.evaluate("(url) => fetch(url).then(r => r.json()).then(b => b.numberMatched)",
                         f"/api/v1/cameras?{query}")


def visible_bbox(page) -> str:
    return page.evaluate("() => window.cameramap.getMap().getBounds().toBBoxString()")


@pytest.fixture
def tab(browser, request):
    """A tab at `request.param` ("phone" or "desktop") that logs the map's view requests."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.size_name = request.param
    page.views = []
    page.on("request", lambda r: page.views.append(r.url)
            if "/api/v1/cameras?bbox=" in r.url and "zoom=" in r.url else None)
    yield page
    context.close()


@pytest.mark.parametrize("tab", ["desktop", "phone"], indirect=True)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_status_counts_the_cameras_inside_the_visible_map(tab, live_server, lang):
    open_map(tab, live_server, f"?lang={lang}{VIEWS[tab.size_name]}")
    visible = api_count(tab, bbox=visible_bbox(tab), status=STANDING)
    asked = tab.evaluate("() => window.cameramap.state.numberMatched")  # the tile-aligned area
    assert 0 < visible < asked
    status = tab.locator(".cm-status").inner_text()
    assert status.startswith(f"{visible} ") and WORDS[lang]["view"] in status
    tab.get_by_role("button", name=re.compile("Zoom in|Приблизить")).click()  # a smaller view: counted again
    tab.wait_for_function(LOADED)
    tab.wait_for_timeout(500)  # the zoom's animation ended
    tab.wait_for_function(COUNTED)
    smaller = api_count(tab, bbox=visible_bbox(tab), status=STANDING)
    assert smaller < visible and tab.locator(".cm-status").inner_text().startswith(f"{smaller} ")


@pytest.mark.parametrize("tab", ["phone"], indirect=True)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_phone_legend_and_panels_take_turns(tab, live_server, lang, tmp_path):
    open_map(tab, live_server, f"?lang={lang}{VIEWS['phone']}")
    share, legend = tab.locator(".cm-toggle-share"), tab.locator(".cm-toggle-legend")
    share.click()
    expect(tab.locator(".cm-sheet")).to_be_visible()
    legend.click()
    expect(tab.locator(".cm-legend")).to_be_visible()
    expect(tab.locator(".cm-sheet")).to_be_hidden()
    assert share.get_attribute("aria-expanded") == "false" and legend.get_attribute("aria-expanded") == "true"
    tab.wait_for_timeout(300)  # the map took the sheet's room back
    box = tab.locator(".cm-legend").bounding_box()
    area = tab.locator(".folium-map").bounding_box()
    assert box["y"] >= area["y"] and box["y"] + box["height"] <= area["y"] + area["height"]
    scrolls = tab.evaluate("() => { const b = document.querySelector('.cm-legend'); return "
                           "b.scrollHeight > b.clientHeight && getComputedStyle(b).overflowY === 'auto'; }")
    assert scrolls  # the rest of the legend is a scroll away
    tab.screenshot(path=str(tmp_path / f"legend-{lang}.png"))
    assert_no_axe_violations(tab)
    share.click()  # and back: the panel closes the legend
    expect(tab.locator(".cm-sheet")).to_be_visible()
    expect(tab.locator(".cm-legend")).to_be_hidden()
    assert share.get_attribute("aria-expanded") == "true" and legend.get_attribute("aria-expanded") == "false"


def search(page, words: str) -> None:
    page.locator(".cm-search input").fill(words)
    page.locator(".cm-search button[type=submit]").click()
    page.wait_for_function("() => window.cameramap.pin() !== null")
    page.wait_for_function("() => !window.cameramap.state.loading")


@pytest.mark.parametrize("tab", ["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_list_after_a_search_asks_once_and_lists_the_nearest_first(tab, live_server, lang, tmp_path):
    open_map(tab, live_server, f"?lang={lang}{VIEWS['phone']}")
    search(tab, "Pohjoisesplanadi 19")
    tab.wait_for_timeout(500)
    tab.views.clear()
    tab.locator(".cm-toggle-list").click()
    items = tab.locator(".cm-panel-list .cm-list-item")
    expect(items.first).to_be_visible()
    tab.wait_for_timeout(2500)  # a resize loop would go on asking meanwhile
    assert len(tab.views) <= 2, tab.views
    texts = items.all_inner_texts()
    assert len(texts) >= 2 and len(set(texts)) == len(texts)  # no two entries read the same
    assert all(WORDS[lang]["pin"] in text for text in texts)
    ids = [i.get_attribute("data-camera-id") for i in items.all()]
    metres = tab.evaluate("""(ids) => { const m = window.cameramap.getMap(), p = window.cameramap.pin();
      return ids.map(id => m.distance([p.lat, p.lon], window.cameramap.markerOf(id).getLatLng())); }""", ids)
    assert metres == sorted(metres)
    tab.screenshot(path=str(tmp_path / f"list-{lang}.png"))
    tab.locator(".cm-pin-remove").click()  # no pin: from the map's centre
    expect(items.first).to_contain_text(WORDS[lang]["centre"])


@pytest.mark.parametrize("tab", ["desktop"], indirect=True)
def test_legend_offers_every_capability_of_the_filters(tab, live_server):
    open_map(tab, live_server, VIEWS["desktop"])
    offered = tab.locator(".cm-legend button[data-layer]").evaluate_all("bs => bs.map(b => b.dataset.layer)")
    tab.locator(".cm-toggle-filters").click()
    listed = tab.locator("select[name=capability] option").evaluate_all(
        "os => os.map(o => o.value).filter(Boolean)")
    assert offered == listed and "ptz_zoom" in offered  # the demo's only capability has its entry


@pytest.mark.parametrize("tab", ["desktop"], indirect=True)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_status_says_when_no_camera_anywhere_has_the_capability(tab, live_server, lang):
    open_map(tab, live_server, f"?lang={lang}{VIEWS['desktop']}")
    names = tab.locator(".cm-legend button[data-layer]").evaluate_all("bs => bs.map(b => b.dataset.layer)")
    absent = [n for n in names if api_count(tab, capability=n, status=ALL_STATUSES) == 0]
    if not absent:
        pytest.skip("other tests gave every capability a camera")
    open_map(tab, live_server, f"?lang={lang}&only={absent[0]}{VIEWS['desktop']}")
    term = tab.locator(f".cm-legend button[data-layer={absent[0]}]").inner_text().strip()
    expect(tab.locator(".cm-status")).to_contain_text(f"{WORDS[lang]['nobody']}")
    assert term in tab.locator(".cm-status").inner_text()
    open_map(tab, live_server, f"?lang={lang}&only=ptz_zoom{VIEWS['desktop']}")  # the demo has some
    assert WORDS[lang]["nobody"] not in tab.locator(".cm-status").inner_text()
