"""Languages in Chromium: the Russian submit form's script speaks Russian, and the choice is remembered."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
SPOT = (60.16602, 24.92193)  # (lat, lon): a quiet corner of the demo area


def test_submit_script_speaks_the_page_language(page, live_server):
    camera_id = live_server.add_camera(lat=SPOT[0], lon=SPOT[1] + 0.00015, camera_type="dome")
    page.goto(f"{live_server.url}/submit?lang=ru")
    page.wait_for_selector("#submit-map .leaflet-tile-loaded")
    assert page.get_attribute("html", "lang") == "ru"
    assert page.evaluate("() => window.cameramapI18n.t('Sending…')") == "Отправляем…"

    page.click("#save-button")  # no position yet: the script refuses in Russian
    page.wait_for_function("() => document.getElementById('pow-status').textContent !== ''")
    assert page.inner_text("#pow-status") == "Сначала отметьте камеру на карте."

    page.fill("#lat", str(SPOT[0]))
    page.fill("#lon", str(SPOT[1]))
    page.locator("#lon").dispatch_event("change")
    page.wait_for_selector(f"#nearby-list input[value='{camera_id}']")
    nearby = page.inner_text("#nearby-list")
    assert f"Камера {camera_id}: купольная, в " in nearby and "открыть" in nearby
    assert page.get_attribute(".direction-handle", "title") == "Перетащите, чтобы задать направление"

    page.goto(f"{live_server.url}/sources")  # the cookie remembers the choice
    assert page.get_attribute("html", "lang") == "ru"
    assert page.get_attribute("nav.language-switch a[aria-current]", "hreflang") == "ru"
    page.click("nav.language-switch a[hreflang='en']")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en" and "Data sources" in page.inner_text("h1")
    assert page.errors == []


def test_operator_map_script_speaks_the_page_language(page, live_server):
    live_server.add_camera(lat=SPOT[0], lon=SPOT[1], operator="Kaupunki i18n")
    page.goto(f"{live_server.url}/operators?lang=ru")
    page.click("text=Kaupunki i18n")
    page.wait_for_selector("#operator-map-status")  # the click navigates; wait for the new page
    page.wait_for_function("() => (document.getElementById('operator-map-status') || {}).textContent")
    assert page.inner_text("#operator-map-status").startswith("Камер на этой части карты:")
    assert page.inner_text("h2 >> nth=1").startswith("Камеры")
    assert page.errors == []
