"""The map's search pin, the list's streets and the details panel's photo, "I saw it too" and "report a
change", in headless Chromium at phone and desktop sizes, in English and Russian."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from cameramap.protection.ratelimits import limiter
from cameramap.storage.submissions import CameraReport, Confirmation, Photo, Submission
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import VIEWPORTS
from tests.functional.geocoding.test_places import KAUPPATORI, SENAATINTORI, _metres_from

pytestmark = pytest.mark.browser

LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"
SPOT = (59.4370, 24.7450)  # (lat, lon): Tallinn, away from the other browser tests' cameras
THANKS = {"en": ("Thank you: 1 independent confirmation so far.",
                 "Thank you: a moderator will look at your report."),
          "ru": ("Спасибо: пока 1 независимое подтверждение.",
                 "Спасибо! Модератор рассмотрит ваше сообщение.")}


NOBODY = {"en": "nobody has checked it yet", "ru": "её ещё никто не проверил"}
CONFIRMING = {"en": "visitors are confirming it", "ru": "посетители её подтверждают"}


def camera_in_view(page, lat: float, lon: float) -> bool:
    """The camera's point is inside the map's box, at least 20 px from its edges (not under the sheet)."""
    return page.evaluate("""([lat, lon]) => { const map = window.cameramap.getMap();
        const p = map.latLngToContainerPoint([lat, lon]); const size = map.getSize();
        const area = map.getContainer().getBoundingClientRect();
        const sheet = document.querySelector(".cm-sheet").getBoundingClientRect();
        const y = area.top + p.y, x = area.left + p.x;
        const under = x >= sheet.left && x <= sheet.right && y >= sheet.top && y <= sheet.bottom;
        return p.x >= 20 && p.y >= 20 && p.x <= size.x - 20 && p.y <= size.y - 20 && !under; }""", [lat, lon])


def open_page(browser, live_server, size: str, path: str):
    context = browser.new_context(viewport=VIEWPORTS[size], service_workers="block")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.set_default_timeout(20_000)
    page.goto(live_server.url + path)
    page.wait_for_function(LOADED)
    return context, page


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 60)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def voiced(live_server, configure, tmp_path):
    """Proof of work on (made quick), a rate limit the test cannot reach, a media folder."""
    media = tmp_path / "media"
    media.mkdir()
    configure(live_server.app, PROOF_OF_WORK="on", POW_MAX_NUMBER=2000, RATE_LIMIT_SUBMIT="1000 per hour",
              RATE_LIMIT_GLOBAL="10000 per hour", RATE_LIMIT_CHALLENGE="1000 per hour", MEDIA_DIR=str(media))
    limiter.reset()
    yield SimpleNamespace(server=live_server, media=media)
    limiter.reset()


def camera_with_photo(voiced, offset: int) -> int:
    """A camera near SPOT with an accepted photo (a real file in the media folder)."""
    camera_id = voiced.server.add_camera(lat=SPOT[0], lon=SPOT[1] + offset * 0.001, camera_direction="90")
    name = f"panel-{camera_id}.png"
    (voiced.media / name).write_bytes(_png())
    with voiced.server.session() as session:
        submission = Submission(token_hash=name.ljust(64, "p"), lon=SPOT[1], lat=SPOT[0], status="approved",
                                capabilities=[], camera_id=camera_id)
        submission.photos.append(Photo(filename=name, content_type="image/png", width=64, height=48,
                                       size_bytes=100))
        session.add(submission)
        session.commit()
    return camera_id


def counts(live_server, camera_id: int) -> tuple[int, list[tuple[str, str | None]]]:
    with live_server.session() as session:
        confirmed = session.scalar(select(func.count()).where(Confirmation.camera_id == camera_id))
        reports = session.execute(select(CameraReport.kind, CameraReport.text)
                                  .where(CameraReport.camera_id == camera_id)).all()
    return int(confirmed or 0), [tuple(r) for r in reports]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_panel_shows_the_photo_and_records_a_confirmation_and_a_report(browser, voiced, size, lang):
    camera_id = camera_with_photo(voiced, ["phone", "desktop"].index(size) * 2 + ["en", "ru"].index(lang))
    context, page = open_page(browser, voiced.server, size, f"/?lang={lang}&camera={camera_id}")
    try:
        panel = page.locator(f".cm-panel-details .cm-popup[data-camera-id='{camera_id}']")
        panel.locator(".cm-saw").wait_for()
        photo = panel.locator(".cm-photo img")
        photo.wait_for()
        page.wait_for_function("(img) => img.complete && img.naturalWidth === 64", arg=photo.element_handle())
        children = panel.evaluate("(box) => [...box.children].map((c) => c.className)")
        assert children.index("cm-photo") < children.index("cm-status-line") < children.index("cm-voice")
        assert_no_axe_violations(page)

        lon = SPOT[1] + (["phone", "desktop"].index(size) * 2 + ["en", "ru"].index(lang)) * 0.001
        page.wait_for_timeout(400)  # the pan, if any, has ended
        assert camera_in_view(page, SPOT[0], lon)  # above the bottom sheet on a phone
        assert NOBODY[lang] in panel.locator(".cm-status-line").inner_text()
        panel.locator(".cm-saw").click()
        status = panel.locator(".cm-voice-status")
        page.wait_for_function("([node, text]) => node.textContent === text",
                               arg=[status.element_handle(), THANKS[lang][0]])
        assert counts(voiced.server, camera_id)[0] == 1
        # the status line no longer says nobody checked it, right above "1 confirmation so far"
        page.wait_for_function("(words) => !document.querySelector('.cm-panel-details .cm-status-line')"
                               ".textContent.includes(words)", arg=NOBODY[lang])
        assert CONFIRMING[lang] in panel.locator(".cm-status-line").inner_text()

        report = panel.locator(".cm-report")
        assert report.get_attribute("aria-expanded") == "false"
        report.focus()
        page.keyboard.press("Enter")  # the form opens inline, its first field focused
        assert report.get_attribute("aria-expanded") == "true"
        assert page.evaluate("() => document.activeElement.name") == "kind"
        assert_no_axe_violations(page)
        page.keyboard.press("ArrowDown")  # the next kind: "It points in another direction"
        panel.locator("textarea").fill("Now points at the <b>harbour</b>")
        panel.locator(".cm-report-send").click()
        page.wait_for_function("([node, text]) => node.textContent === text",
                               arg=[status.element_handle(), THANKS[lang][1]])
        reported = [("wrong_direction", "Now points at the <b>harbour</b>")]
        assert counts(voiced.server, camera_id)[1] == reported
        assert panel.locator(".cm-report-form").is_hidden()
        assert page.evaluate("() => document.activeElement.classList.contains('cm-report')")

        panel.locator(".cm-saw").click()  # once per visitor: said so, nothing recorded
        page.wait_for_function("(node) => node.classList.contains('cm-error')", arg=status.element_handle())
        assert counts(voiced.server, camera_id)[0] == 1
        assert page.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("query, relation", [("Kauppatori", KAUPPATORI), ("Senate Square", SENAATINTORI)])
def test_the_search_drops_a_labelled_pin_on_the_place(browser, live_server, query, relation):
    context, page = open_page(browser, live_server, "phone", "/")
    try:
        search = page.locator(".cm-search input")
        search.fill(query)
        search.press("Enter")
        page.wait_for_function("() => window.cameramap.pin() !== null")
        pin = page.evaluate("() => window.cameramap.pin()")
        assert _metres_from(SimpleNamespace(lon=pin["lon"], lat=pin["lat"]), relation) <= 100
        label = page.locator(".cm-pin-label")
        assert label.is_visible() and label.inner_text() == pin["label"] and pin["label"]
        assert pin["label"] in page.locator(".cm-pin-note").inner_text()
        assert_no_axe_violations(page)
        # The remove button is reached with the keyboard from the search box, and removes the pin.
        search.focus()
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.classList.contains('cm-pin-remove')"):
                break
        else:
            pytest.fail("the pin's remove button is not reachable with Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("() => window.cameramap.pin()") is None
        page.locator(".cm-pin-label").wait_for(state="detached")  # after its fade
        assert page.evaluate("() => document.activeElement.type") == "search"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_list_names_each_cameras_street(browser, live_server, lang):
    context, page = open_page(browser, live_server, "desktop", f"/?lang={lang}#18/60.16850/24.94500")
    try:
        page.locator(".cm-toggle-list").click()
        items = page.locator(".cm-panel-list .cm-list-item[data-camera-id]")
        items.first.wait_for()
        page.wait_for_function("() => [...document.querySelectorAll('.cm-list-item[data-camera-id]')]"
                               ".some((b) => b.textContent.includes(' — '))")
        checked = 0
        for item in items.all()[:5]:
            camera_id = item.get_attribute("data-camera-id")
            street = page.request.get(f"{live_server.url}/api/v1/cameras/{camera_id}").json()[
                "properties"]["nearest_street"]
            if street:
                assert f" — {street} (" in item.inner_text()
                checked += 1
        assert checked
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_on_a_phone_a_camera_opened_low_on_the_map_stays_in_view_above_the_sheet(browser, live_server):
    lat, lon = SPOT[0] - 0.002, SPOT[1] + 0.004
    camera_id = live_server.add_camera(lat=lat, lon=lon)
    # the camera in the map's lower part, where the bottom sheet will come
    context, page = open_page(browser, live_server, "phone", f"/#17/{lat + 0.0013:.5f}/{lon:.5f}")
    try:
        point = page.evaluate("(id) => window.cameramap.pointOf(id)", str(camera_id))
        page.mouse.click(point["x"], point["y"])
        page.locator(f".cm-panel-details .cm-popup[data-camera-id='{camera_id}']").wait_for()
        page.wait_for_timeout(600)  # the sheet's growth and the pan have ended
        assert camera_in_view(page, lat, lon)
        page.screenshot(path=str(SHOTS / "map-details-phone-in-view.png"))
        assert page.errors == []
    finally:
        context.close()
