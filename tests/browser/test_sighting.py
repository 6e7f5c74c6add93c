"""/submit/sighting in headless Chromium, by keyboard only, on a phone and a desktop, in English and
Russian: a camera van placed by its coordinates, the time chosen, sent after the proof of work; axe finds
nothing on the form or the status page, and no other host is contacted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cameramap.domain.deployments import as_utc
from cameramap.storage.submissions import Submission
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import SIZES, foreign_requests

pytestmark = pytest.mark.browser
VAN = ("51.5152000", "-0.1419000")
WORDS = {"en": ("A camera van is here now", "sighting of a camera van"),
         "ru": ("Фургон с камерами здесь прямо сейчас", "наблюдение фургона с камерами")}
SHOTS = Path(os.environ.get("CAMERAMAP_SCREENSHOTS", "")) if os.environ.get("CAMERAMAP_SCREENSHOTS") else None


@pytest.fixture
def fast(live_server, configure, tmp_path):
    configure(live_server.app, FORM_MIN_SECONDS=0, POW_MAX_NUMBER=2000, MEDIA_DIR=str(tmp_path / "media"))


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element has the focus (fails when it never gets it)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never got the focus by Tab")


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_sighting_by_keyboard(page, live_server, fast, tmp_path, size, lang):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/submit/sighting?lang={lang}")
    page.wait_for_selector("#sighting-map .leaflet-tile-loaded")
    title, kind = WORDS[lang]
    assert page.inner_text("h1") == title
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    assert page.input_value("#timezone") != ""  # the browser's zone goes with the form
    assert_no_axe_violations(page)
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"sighting-{size}-{lang}.png"), full_page=True)

    tab_to(page, "lat")
    page.keyboard.type(VAN[0])
    page.keyboard.press("Tab")
    page.keyboard.type(VAN[1])
    page.keyboard.press("Tab")  # the pin follows the typed coordinates
    page.wait_for_selector("#sighting-map .leaflet-marker-icon")
    page.keyboard.type("Oxford Circus, north exit")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "seen_ago"
    page.keyboard.press("ArrowDown")  # 15 minutes ago
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # 4 hours
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # live facial recognition
    page.keyboard.press("Tab")
    page.keyboard.type("a sign: live facial recognition in use")
    tab_to(page, "save-button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#saved-message", timeout=30_000)
    assert kind in page.inner_text("#submission-status")
    assert "Oxford Circus, north exit" in page.inner_text("#submission-sent")
    assert_no_axe_violations(page)
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"sighting-sent-{size}-{lang}.png"), full_page=True)
    assert page.errors == [] and foreign_requests(page.requests, live_server.url) == []

    with live_server.session() as session:
        stored = session.scalars(select(Submission).order_by(Submission.id.desc())).first()
        assert (stored.kind, stored.status, stored.channel) == ("sighting", "pending", "form")
        assert (stored.lat, stored.lon) == (float(VAN[0]), float(VAN[1]))
        assert (as_utc(stored.ends_at) - as_utc(stored.seen_at)).total_seconds() == 4 * 3600
        assert stored.capabilities == [{"capability": "face_recognition",
                                        "evidence": "a sign: live facial recognition in use"}]


@pytest.mark.parametrize("lang, words", [("en", "longitude from -180 to 180"),
                                         ("ru", "долгота — от -180 до 180")])
def test_coordinates_out_of_range_are_named(page, live_server, fast, lang, words):
    page.goto(f"{live_server.url}/submit/sighting?lang={lang}")
    page.wait_for_selector("#sighting-map .leaflet-tile-loaded")
    with live_server.session() as session:
        before = session.scalar(select(func.count(Submission.id)))
    page.fill("#lat", "51.5152")
    page.fill("#lon", "224.9")  # a typo: 224 for -0.14 would be nowhere
    page.click("#save-button")
    page.wait_for_function("(words) => document.getElementById('pow-status').textContent.includes(words)",
                           arg=words)
    assert page.evaluate("document.activeElement.id") == "lat"
    with live_server.session() as session:
        assert session.scalar(select(func.count(Submission.id))) == before


@pytest.mark.parametrize("lang, show, public", [
    ("en", "Show deployments", "Seen by a member of the public"),
    ("ru", "Показывать выезды", "Замечен прохожим")])
def test_an_accepted_sighting_is_on_the_map_now(page, live_server, tmp_path, lang, show, public):
    from cameramap.services.moderation import accounts
    from cameramap.services.moderation import sightings as review
    from cameramap.services.submissions import sightings

    # Manchester and Leeds: away from the other deployments' views and from each other
    spot = (53.4794, -2.2453) if lang == "en" else (53.7997, -1.5492)
    with live_server.session() as session:
        draft = sightings.parse_sighting({
            "lat": spot[0], "lon": spot[1], "place": f"Piccadilly Gardens {lang}", "seen_ago": "30",
            "hours": "2", "timezone": "Europe/London"})
        receipt = sightings.create(session, draft, "form")
        moderator = accounts.add_moderator(session, f"mod-map-{lang}", "correct horse battery staple")
        review.accept(session, receipt.submission.id, moderator)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/?lang={lang}#16/{spot[0]}/{spot[1]}")
    page.wait_for_function("() => window.cameramap && window.cameramap.state.loads > 0")
    page.get_by_role("checkbox", name=show).check()
    page.wait_for_function("() => window.cameramap.deployments.state.count === 1")
    page.locator(".cm-dep-icon").focus()
    page.keyboard.press("Enter")
    details = page.locator(".cm-dep-details")
    details.wait_for()
    assert f"Piccadilly Gardens {lang}" in details.inner_text() and public in details.inner_text()
    assert_no_axe_violations(page)
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"sighting-on-map-{lang}.png"))
    assert page.errors == []
