"""The map's "How watched is my route?" panel in Chromium: routes from typed ends (keyboard only), a route
drawn by clicks, a GPX upload; the figures match the API's answer; axe finds nothing; no route in the URL
or the browser's storage. At phone and desktop size, in English and Russian."""

from __future__ import annotations

import io
import time
from pathlib import Path

import orjson
import pytest
from PIL import Image

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import VIEWPORTS
from tests.browser.streets import streets_fixture  # noqa: F401  (the fixture `streets`)

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"
SHOTS.mkdir(parents=True, exist_ok=True)
LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
FROM, TO = (60.16695, 24.93846), (60.17322, 24.95038)  # (lat, lon) in Helsinki's demo street network
TRACK = [(24.9382, 60.1698), (24.9411, 60.1712), (24.9448, 60.1722), (24.9477, 60.1709)]  # (lon, lat)
WORDS = {"en": {"button": "Route", "find": "Find routes", "shortest": "shortest:", "least": "least watched:",
                "km": "km", "cameras": "cameras", "draw": "Draw on the map", "measure": "Measure this route"},
         "ru": {"button": "Маршрут", "find": "Найти маршруты", "shortest": "кратчайший:",
                "least": "наименее наблюдаемый:", "km": "км", "cameras": "камер",
                "draw": "Рисовать на карте", "measure": "Измерить этот маршрут"}}


def open_panel(page, url: str, lang: str) -> None:
    page.goto(url)
    page.wait_for_function(LOADED)
    toggle = page.get_by_role("button", name=WORDS[lang]["button"], exact=True)
    toggle.focus()
    page.keyboard.press("Enter")  # by keyboard: the button opens the panel and moves focus into it
    page.locator("#cm-panel-route").wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.id") == "cm-panel-route-title"


def api(page, base: str, path: str, body: bytes, content_type: str) -> dict:
    answer = page.request.post(base + path, data=body, headers={"Content-Type": content_type})
    assert answer.status == 200, answer.text()
    return answer.json()


def timeless(answer):
    """An answer without its `at` (now: the page's request and the test's differ by a second or so)."""
    if isinstance(answer, dict):
        return {k: timeless(v) for k, v in answer.items() if k != "at"}
    return [timeless(v) for v in answer] if isinstance(answer, list) else answer


def km(metres: float) -> str:
    return f"{round(metres / 100) / 10:.1f}" if metres >= 1000 else f"{round(metres)}"


def red_pixels(page, at_least: int = 0, wait_s: float = 5.0) -> int:
    """Red pixels on the map; with `at_least`, retried until the map's fit animation has settled."""
    deadline = time.monotonic() + wait_s
    while True:
        image = Image.open(io.BytesIO(page.locator(".folium-map").screenshot())).convert("RGB")
        count = sum(1 for r, g, b in image.get_flattened_data() if r > 190 and g < 80 and b < 80)
        if count > at_least or time.monotonic() > deadline:
            return count
        page.wait_for_timeout(250)


def no_route_kept(page) -> None:
    """Neither the URL nor the browser's storage holds a route's ends or points."""
    kept = page.evaluate("() => location.href"
                         " + JSON.stringify(Object.assign({}, localStorage, sessionStorage))")
    for needle in ("60.1669", "24.9384", "60.1732", "24.9503", "24.9411", "60.1712"):
        assert needle not in kept


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_routes_from_typed_ends_by_keyboard(page, streets, size, lang):
    page.set_viewport_size(VIEWPORTS[size])
    words = WORDS[lang]
    open_panel(page, f"{streets.url}/?lang={lang}#16/60.1705/24.9440", lang)
    page.keyboard.press("Tab")  # the close button
    page.keyboard.press("Tab")  # From
    page.keyboard.type(f"{FROM[0]}, {FROM[1]}")
    page.keyboard.press("Tab")  # its "pick on the map"
    page.keyboard.press("Tab")  # To
    page.keyboard.type(f"{TO[0]}, {TO[1]}")
    page.keyboard.press("Enter")  # submits the form
    summary = page.locator(".cm-route-summary")
    summary.wait_for()
    body = {"from": [FROM[1], FROM[0]], "to": [TO[1], TO[0]], "profile": "foot", "avoid": "cameras",
            "budget": 0.25}
    plan = api(page, streets.url, "/api/v1/routes", orjson.dumps(body), "application/json")
    assert timeless(page.evaluate("() => window.cameramapRoute.state.answer")) == timeless(plan)
    text = summary.inner_text()
    shortest = plan["shortest"]
    assert text.startswith(words["shortest"]) and words["km"] in text
    assert km(shortest["length_m"]).replace(".", "," if lang == "ru" else ".") in text
    assert str(len(shortest["exposure"]["cameras"])) in text
    drawn = page.evaluate("() => window.cameramapRoute.drawn()")
    assert "shortest" in drawn
    if plan["comparison"]["same_route"]:
        assert words["least"] not in text
    else:
        assert words["least"] in text and "least" in drawn
        least = plan["least_watched"]["exposure"]["watched"]["coordinates"]
        assert drawn.count("watched-least") == len(least)
    assert drawn.count("watched-shortest") == len(shortest["exposure"]["watched"]["coordinates"])
    if shortest["exposure"]["watched_m"] > 0:
        # the watched stretches are coloured (how many pixels depends on the zoom the fit chose)
        assert red_pixels(page, at_least=10) > 10
    sections = page.locator(".cm-route-result")
    assert sections.count() == (1 if plan["comparison"]["same_route"] else 2)
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / f"route-panel-{size}-{lang}.png"))
    no_route_kept(page)
    page.keyboard.press("Escape")
    assert page.locator("#cm-panel-route").is_hidden()
    assert page.errors == []


def test_a_route_drawn_by_clicks_is_measured(page, streets):
    page.set_viewport_size(VIEWPORTS["desktop"])
    open_panel(page, f"{streets.url}/#16/60.1705/24.9440", "en")
    page.get_by_role("button", name=WORDS["en"]["draw"]).click()
    points = page.evaluate("""(track) => track.map(([lon, lat]) => {
        const p = window.cameramap.getMap().latLngToContainerPoint([lat, lon]);
        return [p.x, p.y]; })""", TRACK)
    box = page.locator(".folium-map").bounding_box()
    for x, y in points:
        page.mouse.click(box["x"] + x, box["y"] + y)
    assert len(page.evaluate("() => window.cameramapRoute.points()")) == len(TRACK)
    page.get_by_role("button", name=WORDS["en"]["measure"]).click()
    page.locator(".cm-route-summary").wait_for()
    drawn_line = [[lng, lat] for lat, lng in page.evaluate("() => window.cameramapRoute.points()")]
    answer = api(page, streets.url, "/api/v1/exposure",
                 orjson.dumps({"type": "LineString", "coordinates": drawn_line}), "application/geo+json")
    assert timeless(page.evaluate("() => window.cameramapRoute.state.answer")) == timeless(answer)
    figures = dict(zip(page.locator(".cm-route-figures dt").all_inner_texts(),
                       page.locator(".cm-route-figures dd").all_inner_texts(), strict=True))
    assert figures["Cameras"] == str(len(answer["cameras"]))
    assert figures["In view of cameras"].startswith(f"{round(answer['watched_m'])} m (")
    assert abs(answer["length_m"] - 700) < 150  # the four clicks span about 0.6-0.8 km
    assert page.evaluate("() => window.cameramapRoute.drawn()").count("own") == 1
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / "route-panel-drawn.png"))
    no_route_kept(page)
    assert page.errors == []


def test_a_gpx_upload_is_measured(page, streets, tmp_path):
    gpx = ('<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
           + "".join(f'<trkpt lat="{lat}" lon="{lon}"/>' for lon, lat in TRACK) + "</trkseg></trk></gpx>")
    path = tmp_path / "walk.gpx"
    path.write_text(gpx)
    page.set_viewport_size(VIEWPORTS["phone"])
    open_panel(page, f"{streets.url}/?lang=ru#16/60.1705/24.9440", "ru")
    page.locator(".cm-route-own input[type=file]").set_input_files(str(path))
    page.locator(".cm-route-summary").wait_for()
    answer = api(page, streets.url, "/api/v1/exposure", gpx.encode(), "application/gpx+xml")
    assert timeless(page.evaluate("() => window.cameramapRoute.state.answer")) == timeless(answer)
    text = page.locator(".cm-route-summary").inner_text()
    assert text.startswith("Ваш маршрут:") and f"{round(answer['length_m'])} м" in text
    assert page.evaluate("() => window.cameramapRoute.drawn()").count("own") == 1  # the file's track is drawn
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / "route-panel-gpx-ru.png"))
    assert page.errors == []


def in_view(page, selector: str) -> bool:
    """The element's box lies within the window and is not hidden under the panel's sticky title."""
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        const title = document.querySelector("#cm-panel-route .cm-panel-head, #cm-panel-route h2");
        const under = title ? title.getBoundingClientRect().bottom : 0;
        return box.height > 0 && box.top >= under - 1 && box.bottom <= window.innerHeight + 1; }""", selector)


FAILED = {"en": "The start address was not found. Try another spelling, or pick the start on the map.",
          "ru": "Адрес начала не найден. Попробуйте написать иначе или укажите начало на карте."}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_failed_search_is_said_plainly_and_in_view_on_a_phone(page, streets, lang):
    page.set_viewport_size(VIEWPORTS["phone"])
    open_panel(page, f"{streets.url}/?lang={lang}#16/60.1705/24.9440", lang)
    page.locator(".cm-route-form input").first.fill("Nowhere Street 99999")
    page.locator(".cm-route-form input").nth(1).fill(f"{TO[0]}, {TO[1]}")
    page.keyboard.press("Enter")
    status = page.locator(".cm-route-status.cm-error")
    status.wait_for()
    assert status.inner_text() == FAILED[lang]
    page.wait_for_timeout(300)  # a smooth scroll, if any, has ended
    assert in_view(page, ".cm-route-status")
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / f"route-panel-failed-{lang}.png"))
    assert page.errors == []


def route_box_and_legend(page) -> dict:
    """The drawn routes' box in the map's pixels, the map's size and the legend's box (None if hidden)."""
    return page.evaluate("""() => {
        const map = window.cameramap.getMap();
        let bounds = null;
        map.eachLayer((layer) => {
            if (layer instanceof L.Polyline && layer.getBounds().isValid()) {
                const b = layer.getBounds();
                bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
            } });
        const nw = map.latLngToContainerPoint(bounds.getNorthWest());
        const se = map.latLngToContainerPoint(bounds.getSouthEast());
        const area = map.getContainer().getBoundingClientRect();
        const legend = document.getElementById("cm-legend");
        const box = legend.hidden ? null : legend.getBoundingClientRect();
        return { left: nw.x, top: nw.y, right: se.x, bottom: se.y, width: area.width, height: area.height,
                 legendLeft: box ? box.left - area.left : null }; }""")


def test_on_a_wide_screen_the_legend_steps_aside_and_the_route_fits_clear_of_it(page, streets):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(f"{streets.url}/?lang=ru#16/60.1705/24.9440")
    page.wait_for_function(LOADED)
    legend = page.locator("#cm-legend")
    assert legend.is_visible()  # open by default on a wide screen
    # in Russian the whole legend, down to its Layers section, is seen without scrolling
    assert page.evaluate("""() => { const box = document.getElementById("cm-legend").getBoundingClientRect();
        const last = document.querySelector(".cm-coverage-toggle").getBoundingClientRect();
        return last.bottom <= box.bottom && box.bottom <= window.innerHeight; }""")
    page.locator(".cm-toggle-route").click()
    assert legend.is_hidden()  # a panel is open: the legend no longer covers the narrowed map
    page.locator(".cm-toggle-legend, .cm-tools button[aria-controls=cm-legend]").first.click()
    assert legend.is_visible()  # asked for again, it comes back; the route is fitted clear of it
    fields = page.locator(".cm-route-form input[type=text]")
    fields.nth(0).fill(f"{FROM[0]}, {FROM[1]}")
    fields.nth(1).fill(f"{TO[0]}, {TO[1]}")
    fields.nth(1).press("Enter")
    page.locator(".cm-route-summary").wait_for()
    page.wait_for_timeout(500)  # the fit's animation
    box = route_box_and_legend(page)
    corner = page.evaluate("() => document.querySelector('.leaflet-top.leaflet-left')"
                           ".getBoundingClientRect().width")  # a wide control there: the route keeps clear
    assert box["left"] >= (corner if corner > 100 else 0) and box["right"] < box["legendLeft"]
    assert 0 <= box["top"] < box["bottom"] <= box["height"]
    page.screenshot(path=str(SHOTS / "route-panel-desktop-legend-ru.png"))
    page.keyboard.press("Escape")
    assert page.locator("#cm-panel-route").is_hidden() and legend.is_visible()
    page.locator(".cm-toggle-filters").click()
    assert legend.is_hidden()
    page.keyboard.press("Escape")
    assert legend.is_visible()  # closed by a panel, reopened when it closes
    assert page.errors == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_field_brought_into_view_keeps_its_label_clear_of_the_sticky_title(page, streets, lang):
    page.set_viewport_size(VIEWPORTS["phone"])
    open_panel(page, f"{streets.url}/?lang={lang}#16/60.1705/24.9440", lang)
    for name in ("avoid", "from"):
        page.evaluate("() => { const sheet = document.querySelector('.cm-sheet');"
                      " sheet.scrollTop = sheet.scrollHeight; }")
        page.evaluate("(name) => document.querySelector(`.cm-route-form [name=${name}]`).focus()", name)
        page.wait_for_timeout(200)
        gap = page.evaluate("""(name) => {
            const field = document.querySelector(`.cm-route-form [name=${name}]`);
            const label = document.querySelector(`label[for="${field.id}"]`);
            const head = document.querySelector("#cm-panel-route .cm-panel-head").getBoundingClientRect();
            return label.getBoundingClientRect().top - head.bottom; }""", name)
        assert gap >= 0, f"the {name} field's label is {-gap:.0f} px under the panel's title"
    assert page.errors == []


VAN_AT = "2019-06-01T13:00"  # the browser's local time (UTC here); the van: 12:00 to 16:00 London time
VAN_NOTE = {"en": ("A live facial recognition van is active on the way until", "Jun 1, 2019", "4:00"),
            "ru": ("работает фургон с распознаванием лиц", "2019", "16:00")}


@pytest.fixture(scope="module")
def van(streets):
    """A van on the shortest route's middle on 1 June 2019 (a day no other test asks about); removed after."""
    from sqlalchemy import text

    from cameramap.services.exposure.routes import RouteRequest, plan_route
    from tests.factories import make_deployment

    with streets.session() as session:
        plan = plan_route(session, RouteRequest((FROM[1], FROM[0]), (TO[1], TO[0])))
        line = plan["shortest"]["geometry"]["coordinates"]
        middle = {"type": "Point", "coordinates": line[len(line) // 2]}
        ident = make_deployment(session, location="Test high street", day=(2019, 6, 1), start=(12, 0),
                                minutes=240, geometry=middle).id
        session.commit()
    yield ident
    with streets.session() as session:
        session.execute(text("DELETE FROM deployment_revisions WHERE deployment_id = :d"), {"d": ident})
        session.execute(text("DELETE FROM deployments WHERE id = :d"), {"d": ident})
        session.commit()


@pytest.mark.parametrize("lang, size", [("en", "desktop"), ("ru", "phone")])
def test_a_van_active_at_the_chosen_time_is_named_by_keyboard(page, streets, van, lang, size):
    page.set_viewport_size(VIEWPORTS[size])
    open_panel(page, f"{streets.url}/?lang={lang}#16/60.1705/24.9440", lang)
    fields = page.locator(".cm-route-form input[type=text]")
    fields.nth(0).fill(f"{FROM[0]}, {FROM[1]}")
    fields.nth(1).fill(f"{TO[0]}, {TO[1]}")
    when = page.locator(".cm-route-form select[name=when]")
    moment = page.locator(".cm-route-form input[name=at]")
    assert moment.is_hidden()
    when.focus()
    page.keyboard.press("ArrowDown")  # "at a date and time", by keyboard
    assert when.input_value() == "at" and moment.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "at"
    page.locator(".cm-route-go").press("Enter")  # no time given yet: said, and the field gets the focus
    assert page.locator(".cm-route-status.cm-error").is_visible()
    assert page.evaluate("() => document.activeElement.name") == "at"
    moment.fill(VAN_AT)
    page.locator(".cm-route-form").screenshot(path=str(SHOTS / f"route-panel-when-{size}-{lang}.png"))
    page.locator(".cm-route-go").press("Enter")
    note = page.locator(".cm-route-van")
    note.wait_for()
    utc = page.evaluate(f"() => new Date('{VAN_AT}').toISOString()")
    body = {"from": [FROM[1], FROM[0]], "to": [TO[1], TO[0]], "profile": "foot", "avoid": "cameras",
            "budget": 0.25, "at": utc}
    plan = api(page, streets.url, "/api/v1/routes", orjson.dumps(body), "application/json")
    assert timeless(page.evaluate("() => window.cameramapRoute.state.answer")) == timeless(plan)
    assert [d["id"] for d in plan["shortest"]["exposure"]["deployments"]] == [str(van)]
    text = note.inner_text()
    assert note.count() == 1 and all(word in text for word in VAN_NOTE[lang])
    assert "Metropolitan Police Service" in text and "Test high street" in text
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / f"route-panel-van-{size}-{lang}.png"))
    kept = page.evaluate("() => location.href"
                         " + JSON.stringify(Object.assign({}, localStorage, sessionStorage))")
    assert "2019" not in kept and "13:00" not in kept  # the time asked is not kept either
    no_route_kept(page)
    when.select_option("now")
    page.locator(".cm-route-go").press("Enter")
    page.wait_for_function("() => !document.querySelector('.cm-route-van')"
                           " && window.cameramapRoute.state.answer.at.slice(0, 4) !== '2019'")
    assert page.errors == []
