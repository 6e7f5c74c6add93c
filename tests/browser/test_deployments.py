"""The map's deployments layer in Chromium: the time control (now, upcoming, a date range), the marker,
the details with the outcome figures and the source, axe, English and Russian, phone and desktop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_deployment

pytestmark = pytest.mark.browser

LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
SPOT = (51.5152, -0.1419)  # Oxford Circus, far from the demo's Helsinki cameras


def _at(delta: timedelta) -> tuple[tuple[int, int, int], tuple[int, int]]:
    moment = (datetime.now(UTC) + delta).astimezone(ZoneInfo("Europe/London"))
    return (moment.year, moment.month, moment.day), (moment.hour, moment.minute)


@pytest.fixture(scope="module")
def vans(live_server):
    """One deployment on now, one announced for the day after tomorrow, one on 8 January 2025."""
    from cameramap.domain.records import SourceSpec
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
    page.locator(".cm-dep").get_by_label(when).select_option("range")
    page.fill("input[name=from]", day)
    return count_after(page, lambda: page.fill("input[name=to]", day))


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
    assert_no_axe_violations(page)
    assert page.errors == []
    page.screenshot(path=str(tmp_path / f"deployments-desktop-{lang}.png"))


@pytest.mark.parametrize("lang, show, when", [("en", "Show deployments", "When"),
                                              ("ru", "Показывать выезды", "Когда")])
def test_the_layer_on_a_phone(page, live_server, vans, tmp_path, lang, show, when):
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, f"{live_server.url}/?lang={lang}#16/{SPOT[0]}/{SPOT[1]}")
    assert show_range(page, show, when) == 1
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


@pytest.mark.parametrize("lang, heading", [("en", "Arrests per deployment"), ("ru", "Задержаний на выезд")])
@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_figures_on_operator_and_stats_pages(page, live_server, tmp_path, lang, heading, width, height):
    from tests.browser.site_pages import prepare_site

    site = prepare_site(live_server, tmp_path)
    page.set_viewport_size({"width": width, "height": height})
    for name, path in (("operator", f"/operators/{site.operator_id}"), ("stats", "/stats")):
        page.goto(f"{live_server.url}{path}?lang={lang}")
        section = page.locator("#deployments")
        assert heading in section.inner_text()
        assert_no_axe_violations(page)
        section.locator("table").scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        page.screenshot(path=str(tmp_path / f"figures-{name}-{lang}-{width}.png"))
