"""The map page in headless Chromium: cameras drawn from the API, legend, popups as text, URL hash."""

from __future__ import annotations

import io
import json

import pytest

from cameramap.domain.records import Actor, SourceSpec
from cameramap.services.registry.cameras import change_status
from tests.browser.conftest import foreign_requests

pytestmark = pytest.mark.browser

HOSTILE = ['<img src=x onerror=alert(1)>', '{{7*7}}', '</script><script>alert(1)</script>',
           '<img src=y onerror="window.__pwned=1">']
HOSTILE_TEXT = " ".join(HOSTILE)
HOSTILE_SOURCE = SourceSpec(name=HOSTILE[3] + " source", kind="crowd", url="javascript:window.__pwned=2",
                            licence=HOSTILE[1])
LOADED = ("() => window.cameramap && window.cameramap.state.loads > 0"
          " && !window.cameramap.state.loading")


def open_map(page, live_server, fragment: str = "") -> None:
    page.goto(f"{live_server.url}/{fragment}")
    page.wait_for_function(LOADED)


def state(page) -> dict:
    return page.evaluate("() => JSON.parse(JSON.stringify(window.cameramap.state))")


def assert_nothing_ran(page) -> None:
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.errors == []


def assert_only_local(page, live_server) -> None:
    assert page.requests, "the page made no request at all"
    assert foreign_requests(page.requests, live_server.url) == []


def standing_cameras(live_server) -> int:
    """How many cameras are not removed (the map hides removed ones unless asked for)."""
    from sqlalchemy import func, select

    from cameramap.storage.models import Camera

    with live_server.session() as session:
        return int(session.scalar(select(func.count(Camera.id)).where(Camera.status != "removed")))


def test_map_draws_every_camera_but_removed_ones(page, live_server):
    open_map(page, live_server)
    expected = standing_cameras(live_server)
    assert expected >= 221  # the demo data, plus whatever other tests added
    assert state(page)["featureCount"] == expected
    assert state(page)["numberMatched"] == expected
    assert page.locator(".cm-status").inner_text() == (
        f"{expected} cameras in this view. Removed cameras are not counted.")
    assert any("/_test/tiles/" in url for url in page.requests)  # tiles come from the local route
    assert_only_local(page, live_server)
    assert page.errors == []


def test_legend_is_visible(page, live_server):
    open_map(page, live_server)
    legend = page.locator(".cm-legend")
    assert legend.is_visible()
    kinds = legend.locator("li[data-marker]").evaluate_all("items => items.map(i => i.dataset.marker)")
    assert kinds == ["fixed", "dome", "panning", "ALPR", "guard", "unknown", "removed", "deployment"]
    assert "Licence plate reader" in legend.inner_text()
    assert_only_local(page, live_server)


def test_clicking_a_camera_shows_its_operator(page, live_server):
    camera_id = live_server.add_camera(lon=23.7610, lat=61.4978, operator="Tampere Transit Authority",
                                       camera_type="dome", camera_mount="pole", camera_direction="45")
    open_map(page, live_server, "#17/61.4978/23.7610")
    point = page.evaluate(f"() => window.cameramap.pointOf('{camera_id}')")
    assert point is not None, "the new camera was not drawn"
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(f'.cm-popup[data-camera-id="{camera_id}"]')
    popup.wait_for()
    text = popup.inner_text()
    assert "Tampere Transit Authority" in text
    assert "Dome camera" in text and "pole" in text and "45°" in text
    assert "night vision" in text and "claimed" in text
    assert "CC-BY-4.0" in text
    source = popup.locator(".cm-sources a")
    assert source.get_attribute("href") == "https://example.org/data"
    assert source.get_attribute("rel") == "noopener noreferrer"
    assert popup.locator("a.cm-more").get_attribute("href") == f"/cameras/{camera_id}"
    assert_only_local(page, live_server)


def test_hostile_text_stays_text_in_popup_and_page(page, live_server):
    camera_id = live_server.add_camera(lon=25.4651, lat=65.0121, notes=HOSTILE_TEXT,
                                       operator=HOSTILE_TEXT, source=HOSTILE_SOURCE)
    open_map(page, live_server, "#17/65.0121/25.4651")
    assert page.evaluate(f"() => window.cameramap.openPopup('{camera_id}')")
    popup = page.locator(".cm-popup")
    popup.wait_for()
    assert popup.locator(".cm-operator").evaluate("n => n.firstChild.textContent") == HOSTILE_TEXT
    notes = popup.locator("dt", has_text="Notes").locator("xpath=following-sibling::dd[1]")
    assert notes.text_content() == HOSTILE_TEXT
    assert HOSTILE_SOURCE.name in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)  # give an injected handler time to fire if there were one
    assert_nothing_ran(page)

    page.goto(f"{live_server.url}/cameras/{camera_id}")
    assert page.locator("p.notes").text_content() == HOSTILE_TEXT
    assert page.locator("dd.operator-name").text_content() == HOSTILE_TEXT
    assert page.locator("img[src='x'], img[src='y'], main script:not([src])").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)
    assert_nothing_ran(page)
    assert_only_local(page, live_server)


def test_hash_reproduces_the_view(page, live_server, browser):
    open_map(page, live_server, "#16/60.16990/24.93840")
    view = page.evaluate("() => { const m = window.cameramap.getMap(); const c = m.getCenter();"
                         " return [m.getZoom(), c.lat, c.lng]; }")
    assert view[0] == 16
    assert view[1] == pytest.approx(60.1699, abs=1e-4) and view[2] == pytest.approx(24.9384, abs=1e-4)

    loads = state(page)["loads"]
    page.evaluate("() => { window.cameramap.getMap().setView([60.1655, 24.9452], 17, {animate: false}); }")
    page.wait_for_function("() => location.hash.startsWith('#17/60.1655')")
    shared = page.url
    page.wait_for_function(f"() => window.cameramap.state.loads > {loads} && !window.cameramap.state.loading")
    drawn = state(page)["featureCount"]

    other = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        other.goto(shared)
        other.wait_for_function(LOADED)
        again = other.evaluate("() => { const m = window.cameramap.getMap(); const c = m.getCenter();"
                               " return [m.getZoom(), c.lat, c.lng]; }")
        assert again[0] == 17
        assert again[1] == pytest.approx(60.1655, abs=1e-4) and again[2] == pytest.approx(24.9452, abs=1e-4)
        assert other.evaluate("() => window.cameramap.state.featureCount") == drawn
        assert other.url == shared
    finally:
        other.close()
    assert 0 < drawn < live_server.count_cameras()  # a smaller view asks for fewer cameras
    assert_only_local(page, live_server)


def test_truncated_answer_says_so(page, live_server):
    def inflate(route):
        response = route.fetch()
        body = response.json()
        body["numberMatched"] = body["numberReturned"] + 5000
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/api/v1/cameras?*", inflate)
    open_map(page, live_server)
    drawn = state(page)["featureCount"]
    assert page.locator(".cm-status").inner_text().startswith(f"Showing {drawn} of {drawn + 5000} cameras")


def test_removed_camera_is_grey(page, live_server):
    camera_id = live_server.add_camera(lon=22.2666, lat=60.4518, camera_type="fixed")
    with live_server.session() as session:
        change_status(session, camera_id, "removed", Actor("moderator", "m"), "gone")
    live_id = live_server.add_camera(lon=22.2676, lat=60.4518, camera_type="fixed")
    open_map(page, live_server, "#17/60.4518/22.2671")
    assert page.evaluate(f"() => window.cameramap.markerOf('{camera_id}')") is None  # hidden by default
    open_map(page, live_server, "?status=reported,verified,disputed,removed#17/60.4518/22.2671")
    assert "Removed cameras" not in page.locator(".cm-status").inner_text()
    removed = page.evaluate(f"() => window.cameramap.markerOf('{camera_id}').options.fillColor")
    standing = page.evaluate(f"() => window.cameramap.markerOf('{live_id}').options.fillColor")
    assert removed != standing
    assert removed.lower() == "#9ca3af"
    page.evaluate(f"() => window.cameramap.openPopup('{camera_id}')")
    assert "Removed on" in page.locator(".cm-popup").inner_text()


def test_direction_is_drawn_as_a_wedge(page, live_server):
    from PIL import Image

    camera_id = live_server.add_camera(lon=21.7972, lat=61.4851, camera_type="dome", camera_direction="90")
    open_map(page, live_server, "#18/61.4851/21.7972")
    point = page.evaluate(f"() => window.cameramap.pointOf('{camera_id}')")
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    x, y = round(point["x"]), round(point["y"])
    east, west = image.getpixel((x + 22, y)), image.getpixel((x - 22, y))
    north, south = image.getpixel((x, y - 22)), image.getpixel((x, y + 22))
    assert west == north == south  # plain background around, except where the camera looks
    assert east != west
