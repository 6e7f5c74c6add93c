"""The map page in Russian, in Chromium: legend, status, popup labels and values, and the language switch
that keeps the view (#zoom/lat/lon) and the filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
SPOT = (62.2426, 25.7473)  # (lat, lon): Jyväskylä, away from the other browser tests' cameras


def russian_cameras(count: int) -> str:
    """камера, камеры or камер: Russian's three plural forms."""
    if count % 10 == 1 and count % 100 != 11:
        return "камера"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return "камеры"
    return "камер"


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(LOADED)


def test_map_speaks_russian(page, live_server):
    open_map(page, f"{live_server.url}/?lang=ru")
    assert page.get_attribute("html", "lang") == "ru"
    assert page.title() == "cameramap · карта камер наблюдения"
    legend = page.locator(".cm-legend")
    assert legend.locator("h2").text_content() == "Легенда"
    assert "Камера распознавания номеров (ALPR)" in legend.inner_text()
    assert "Licence plate reader" not in legend.inner_text()
    count = page.evaluate("() => window.cameramap.state.numberMatched")
    where = "в этой части карты."
    assert page.locator(".cm-status").inner_text() == f"{count} {russian_cameras(count)} {where}" + (
        " Демонтированные камеры не учтены.")
    assert page.get_by_role("button", name="Фильтры").is_visible()
    page.get_by_role("button", name="Фильтры").click()
    assert "купольная" in page.locator("select[name=camera_type]").inner_text()
    assert page.locator(".cm-filters legend").inner_text() == "Статус"
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Приблизить"
    assert page.errors == []


def test_popup_labels_are_russian(page, live_server):
    camera_id = live_server.add_camera(lat=SPOT[0], lon=SPOT[1], camera_type="dome", camera_mount="pole",
                                       camera_direction="45", operator="Jyväskylä i18n")
    open_map(page, f"{live_server.url}/?lang=ru#17/{SPOT[0]}/{SPOT[1]}")
    assert page.evaluate(f"() => window.cameramap.openPopup('{camera_id}')")
    popup = page.locator(f'.cm-popup[data-camera-id="{camera_id}"]')
    popup.locator("dl").wait_for()
    labels = popup.locator("dt").all_inner_texts()
    assert {"Тип", "Крепление", "Направление", "Оператор"} <= set(labels)
    status = popup.locator(".cm-status-line").text_content()
    assert "заявлена" in status and "Someone says" not in status  # the status and its meaning, in Russian
    text = popup.text_content()
    assert popup.locator("h2").inner_text() == "Купольная камера"
    assert "купольная" in text and "столб" in text and "45°" in text and "Jyväskylä i18n" in text
    assert popup.locator("h3").all_text_contents() == ["Возможности", "Источники"]
    assert "ночное видение" in text and "лицензия CC-BY-4.0" in text
    assert popup.locator("a.cm-more").inner_text() == "Всё, что известно об этой камере"
    assert "Type" not in labels and "Everything we know" not in text
    assert page.errors == []


def test_language_switch_keeps_the_view_and_the_filters(page, live_server):
    open_map(page, f"{live_server.url}/?camera_type=dome&lang=ru#15/60.1699/24.9384")
    switch = page.locator("header nav.cm-languages")
    assert switch.locator("a[aria-current]").get_attribute("hreflang") == "ru"
    href = switch.locator("a[hreflang='en']").get_attribute("href")
    parts = urlsplit(href)
    assert parse_qs(parts.query) == {"camera_type": ["dome"], "lang": ["en"]}
    assert "#" + parts.fragment == page.evaluate("() => location.hash")
    assert parts.fragment.startswith("15/60.169")
    page.evaluate("() => window.cameramap.getMap().setView([60.1655, 24.9452], 16, {animate: false})")
    page.wait_for_function("() => location.hash.startsWith('#16/60.1655')")
    page.click("header nav.cm-languages a[hreflang='en']")
    page.wait_for_function(LOADED)
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator(".cm-legend h2").text_content() == "Legend"
    assert "camera_type=dome" in page.url and "#16/60.1655" in page.url
    assert page.evaluate("() => window.cameramap.getMap().getZoom()") == 16
    open_map(page, f"{live_server.url}/")  # the cookie remembers English now
    assert page.get_attribute("html", "lang") == "en"
    assert page.errors == []


def test_the_share_link_keeps_the_language_as_the_embed_code_does(page, live_server):
    open_map(page, f"{live_server.url}/?lang=ru#15/60.1699/24.9384")
    assert page.get_attribute(".cm-toggle-route", "title") == "Сколько камер на моём пути?"
    page.get_by_role("button", name="Поделиться").click()
    fields = page.locator("#cm-panel-share input, #cm-panel-share textarea")
    link = fields.nth(0).input_value()
    embed = fields.nth(fields.count() - 1).input_value()
    assert parse_qs(urlsplit(link).query).get("lang") == ["ru"] and "#15/" in link
    assert "lang=ru" in embed
    assert page.errors == []
