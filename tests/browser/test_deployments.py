"""The map's deployments layer in Chromium: the time control (now, upcoming, a date range), the marker,
the details with the outcome figures, where the record comes from and the source, the legend's van, the
compact control on a phone, axe, English and Russian, phone and desktop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_deployment

pytestmark = pytest.mark.browser

LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
SPOT = (51.5152, -0.1419)  # Oxford Circus, far from the demo's Helsinki cameras
SEEN = (51.4545, -2.5879)  # Bristol: a van seen by the public, alone in its view (not the sightings test's)


def _at(delta: timedelta) -> tuple[tuple[int, int, int], tuple[int, int]]:
    moment = (datetime.now(UTC) + delta).astimezone(ZoneInfo("Europe/London"))
    return (moment.year, moment.month, moment.day), (moment.hour, moment.minute)


@pytest.fixture(scope="module")
def vans(live_server):
    """One deployment on now, one announced for the day after tomorrow, one on 8 January 2025."""
    from cameramap.domain.records import SourceSpec
    from cameramap.services.moderation.sightings import PUBLIC
    from cameramap.services.registry.sources import ensure_source

    with live_server.session() as session:
        source = ensure_source(session, SourceSpec("Met LFR record (test)", "official_registry",
                                                   url="https://example.org/record.pdf"))
        day, start = _at(timedelta(hours=-1))
        make_deployment(session, "Regent Street", day, start, 180,
                        {"type": "Point", "coordinates": [-0.1400, 51.5130]})
        day, start = _at(timedelta(days=2))
        make_deployment(session, "Great Portland Street", day, start, 240,
                        {"type": "Point", "coordinates": [-0.1437, 51.5190]})
        make_deployment(session, "Oxford Circus", arrests=2, faces_scanned=14503, watchlist_size=9812,
                        true_alerts_confirmed=2, false_alerts_confirmed=1, source_id=source.id,
                        source_page=1, source_row=1, use_case="Wanted offenders")
        day, start = _at(timedelta(hours=-1))
        make_deployment(session, "Broadmead", day, start, 180,
                        {"type": "Point", "coordinates": [SEEN[1], SEEN[0]]}, operator=None,
                        source_id=ensure_source(session, PUBLIC).id)


def count_after(page, action) -> int:
    loads = page.evaluate("() => window.cameramap.deployments.state.loads")
    action()
    page.wait_for_function(f"() => window.cameramap.deployments.state.loads > {loads}")
    return page.evaluate("() => window.cameramap.deployments.state.count")


def open_map(page, url):
    page.goto(url)
    page.wait_for_function(LOADED)


def show_range(page, show, when, day="2025-01-08") -> int:
    """Switch the layer on, pick a one-day range; the number of deployments drawn."""
    count_after(page, page.get_by_role("checkbox", name=show).check)
    unfold(page)
    page.locator(".cm-dep").get_by_label(when).select_option("range")
    page.fill("input[name=from]", day)
    return count_after(page, lambda: page.fill("input[name=to]", day))


def unfold(page) -> None:
    """On a phone, open the folded time choice with the keyboard (its button names the choice)."""
    more = page.locator(".cm-dep-more")
    if more.is_visible() and more.get_attribute("aria-expanded") == "false":
        more.focus()
        page.keyboard.press("Enter")
        assert more.get_attribute("aria-expanded") == "true"


def open_details(page) -> str:
    """Open the one marker with the keyboard; the details' text."""
    page.locator(".cm-dep-icon").focus()
    page.keyboard.press("Enter")
    details = page.locator(".cm-dep-details")
    details.wait_for()
    return details.inner_text()


@pytest.mark.parametrize("lang, show, when", [("en", "Show deployments", "When"),
                                              ("ru", "Показывать выезды", "Когда")])
def test_the_time_control_picks_the_deployments(page, live_server, vans, tmp_path, lang, show, when):
    page.set_viewport_size({"width": 1366, "height": 900})
    open_map(page, f"{live_server.url}/?lang={lang}#16/{SPOT[0]}/{SPOT[1]}")
    box = page.get_by_role("checkbox", name=show)
    assert count_after(page, box.check) == 1  # now: Regent Street
    status = page.locator(".cm-dep-status")
    expected = "Deployments in this view: 1" if lang == "en" else "Выездов в этой области: 1"
    assert expected in status.inner_text()
    select = page.locator(".cm-dep").get_by_label(when)
    assert count_after(page, lambda: select.select_option("upcoming")) == 2  # on now, and announced
    assert count_after(page, lambda: select.select_option("today")) >= 1
    assert count_after(page, box.uncheck) == 0 and page.locator(".cm-dep-icon").count() == 0
    assert show_range(page, show, when) == 1
    text = open_details(page)
    faces = "14,503" if lang == "en" else "14\u00a0503"  # grouped as the page's language does
    assert "Oxford Circus" in text and faces in text and "Met LFR record (test)" in text
    assert ("Arrests" if lang == "en" else "Задержания") in text
    assert ("page 1, row 1" if lang == "en" else "страница 1, строка 1") in text
    # a police force's published record: the operator's, never "reported" as if by the public
    origin = "Record\npublished by the operator" if lang == "en" else "Запись\nопубликована оператором"
    assert origin in text
    assert ("reported" if lang == "en" else "сообщ") not in text.lower()
    assert_no_axe_violations(page)
    assert page.errors == []
    page.screenshot(path=str(tmp_path / f"deployments-desktop-{lang}.png"))


@pytest.mark.parametrize("lang, show, when", [("en", "Show deployments", "When"),
                                              ("ru", "Показывать выезды", "Когда")])
def test_the_layer_on_a_phone(page, live_server, vans, tmp_path, lang, show, when):
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, f"{live_server.url}/?lang={lang}#16/{SPOT[0]}/{SPOT[1]}")
    count_after(page, page.get_by_role("checkbox", name=show).check)
    # on, the control stays small over the map: the switch, a button naming the time chosen, the count
    control = page.locator(".cm-dep")
    size = control.bounding_box()
    assert size["height"] <= 110 and size["width"] <= 330, size
    assert not page.locator(".cm-dep").get_by_label(when).is_visible()
    more = page.locator(".cm-dep-more")
    assert more.get_attribute("aria-expanded") == "false"
    assert page.locator(".cm-dep-chosen").inner_text() == ("Active now" if lang == "en" else "Сейчас")
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / f"deployments-phone-folded-{lang}.png"))
    count_after(page, page.get_by_role("checkbox", name=show).uncheck)
    assert show_range(page, show, when) == 1
    assert page.locator(".cm-dep-chosen").inner_text() == ("Date range" if lang == "en" else "Период")
    assert "Oxford Circus" in open_details(page)
    box = page.locator(".cm-dep").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert_no_axe_violations(page)
    page.keyboard.press("Escape")  # the details close; focus goes back to the van
    page.locator(".cm-dep-details").wait_for(state="detached")
    assert page.evaluate("() => document.activeElement.classList.contains('cm-dep-icon')")
    open_details(page)
    page.get_by_role("button", name="Close" if lang == "en" else "Закрыть").last.click()
    page.locator(".cm-dep-details").wait_for(state="detached")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    assert page.errors == []
    page.screenshot(path=str(tmp_path / f"deployments-phone-{lang}.png"))


@pytest.mark.parametrize("lang, seen", [("en", "Record\nreported by the public"),
                                        ("ru", "Запись\nсообщение очевидца")])
def test_a_van_seen_by_the_public_says_so(page, live_server, vans, lang, seen):
    page.set_viewport_size({"width": 1366, "height": 900})
    open_map(page, f"{live_server.url}/?lang={lang}#16/{SEEN[0]}/{SEEN[1]}")
    assert count_after(page, page.locator(".cm-dep-show input").check) == 1
    text = open_details(page)
    assert "Broadmead" in text and seen in text
    assert ("published" if lang == "en" else "опубликован") not in text


@pytest.mark.parametrize("lang, words", [("en", "LFR: a live facial recognition van (the Deployments layer)"),
                                         ("ru", "РЛ: фургон с распознаванием лиц (слой «Выезды»)")])
@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_legend_explains_the_van_marker(page, live_server, tmp_path, lang, words, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_map(page, f"{live_server.url}/?lang={lang}#16/{SPOT[0]}/{SPOT[1]}")
    legend = page.locator("#cm-legend")
    if legend.is_hidden():  # closed at first on a phone: one button away
        page.locator(".cm-toggle-legend").click()
    van = legend.locator("[data-marker=deployment]")
    assert van.locator("span:not(.cm-legend-van)").inner_text() == words
    badge = van.locator(".cm-legend-van")
    assert badge.inner_text() == ("LFR" if lang == "en" else "РЛ")
    assert badge.get_attribute("aria-hidden") == "true"  # the words say it
    van.scroll_into_view_if_needed()
    box, row = legend.bounding_box(), van.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
    assert row["y"] >= box["y"] and row["y"] + row["height"] <= box["y"] + box["height"]  # in view in the box
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / f"legend-van-{lang}-{width}.png"))


@pytest.mark.parametrize("lang, heading", [("en", "Per deployment"), ("ru", "На выезд")])
@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_figures_on_operator_and_stats_pages(page, live_server, tmp_path, lang, heading, width, height):
    from tests.browser.site_pages import prepare_site

    site = prepare_site(live_server, tmp_path)
    page.set_viewport_size({"width": width, "height": height})
    for name, path in (("operator", f"/operators/{site.operator_id}"), ("stats", "/stats")):
        page.goto(f"{live_server.url}{path}?lang={lang}")
        section = page.locator("#deployments")
        assert heading in section.inner_text()
        if width >= 1024:  # a desktop: the whole table in view, no sideways scrolling
            scroll = section.locator(".table-scroll").evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert scroll[0] <= scroll[1], f"{name} in {lang}: the table is {scroll[0]} px in {scroll[1]}"
        assert_no_axe_violations(page)
        section.locator("table").scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        page.screenshot(path=str(tmp_path / f"figures-{name}-{lang}-{width}.png"))
