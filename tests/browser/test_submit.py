"""/submit in headless Chromium: map click, photo upload (position offered, not applied), the
"is it one of these?" warning, proof of work in a worker, and the confirmation it becomes."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from cameramap.storage.submissions import Photo, Submission
from tests.browser.conftest import foreign_requests
from tests.functional.submissions.helpers import jpeg_with_metadata

pytestmark = pytest.mark.browser
SPOT = (60.16402, 24.91893)  # (lat, lon): a quiet corner of the demo area


@pytest.fixture
def media(live_server, tmp_path, configure):
    configure(live_server.app, MEDIA_DIR=str(tmp_path / "media"))
    return tmp_path / "media"


def test_full_submission_becomes_a_confirmation(page, live_server, media, tmp_path):
    camera_id = live_server.add_camera(lat=SPOT[0], lon=SPOT[1] + 0.00015, camera_type="dome")
    page.goto(f"{live_server.url}/submit?lat={SPOT[0] + 0.003}&lon={SPOT[1]}")
    page.wait_for_selector("#submit-map .leaflet-tile-loaded")
    assert page.locator("#nearby").is_hidden()  # 330 m away: nothing to ask

    page.fill("#lat", str(SPOT[0]))
    page.fill("#lon", str(SPOT[1]))
    page.locator("#lon").dispatch_event("change")
    page.wait_for_selector(f"#nearby-list input[value='{camera_id}']")
    box = page.locator("#submit-map").bounding_box()
    page.mouse.click(
        box["x"] + box["width"] / 2 + 15, box["y"] + box["height"] / 2
    )  # a map click moves the pin
    page.wait_for_function(f"() => document.getElementById('lon').value !== '{SPOT[1]:.7f}'")
    clicked = (float(page.input_value("#lat")), float(page.input_value("#lon")))
    assert clicked[1] > SPOT[1] and abs(clicked[0] - SPOT[0]) < 1e-4
    page.wait_for_selector(f"#nearby-list input[value='{camera_id}']")
    assert "is it one of these?" in page.inner_text("#nearby")

    photo = tmp_path / "camera.jpg"
    photo.write_bytes(jpeg_with_metadata(size=(320, 240), gps=(60.17, 24.95)))
    page.set_input_files("#photo", str(photo))
    page.wait_for_selector("#photo-offer:not([hidden])")
    assert "60.1700000, 24.9500000" in page.inner_text("#photo-offer")
    assert float(page.input_value("#lat")) == pytest.approx(clicked[0])  # offered, not applied

    page.fill("#camera_direction", "200")
    page.check("#cap_night_vision")
    page.fill("#evidence_night_vision", "ring of infrared lights")
    page.check(f"#nearby-list input[value='{camera_id}']")
    page.wait_for_timeout(3200)  # the minimum fill time
    page.click("#save-button")
    page.wait_for_selector("#saved-message", timeout=30_000)
    assert "confirmation of an existing camera" in page.inner_text("#submission-status")
    assert page.errors == [] and foreign_requests(page.requests, live_server.url) == []

    with live_server.session() as session:
        submission = session.scalars(select(Submission).order_by(Submission.id.desc())).first()
        assert (submission.kind, submission.camera_id, submission.channel) == (
            "confirmation",
            camera_id,
            "form",
        )
        assert submission.camera_direction == "200"
        assert submission.capabilities == [
            {"capability": "night_vision", "evidence": "ring of infrared lights"}
        ]
        stored = session.scalars(select(Photo).where(Photo.submission_id == submission.id)).one()
    data = (media / stored.filename).read_bytes()
    assert b"SecretCam" not in data and not Image.open(io.BytesIO(data)).getexif()


def test_direction_arrow_and_phone_layout(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/submit?lat={SPOT[0]}&lon={SPOT[1]}")
    page.wait_for_selector(".direction-handle")
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    handle = page.locator(".direction-handle").bounding_box()
    pin = page.locator(".leaflet-marker-icon:not(.direction-handle)").bounding_box()
    cx, cy = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(pin["x"] + pin["width"] / 2 + 60, pin["y"] + pin["height"] + 2, steps=8)  # to the east
    page.mouse.up()
    assert 80 <= float(page.input_value("#camera_direction")) <= 100
    assert page.errors == []


def test_address_search_places_the_pin(page, live_server):
    """"Find" asks GET /api/v1/geocode (the demo's Helsinki gazetteer) and moves the pin there."""
    page.goto(f"{live_server.url}/submit")
    page.wait_for_selector("#submit-map .leaflet-tile-loaded")
    page.fill("#address", "Mannerheimintie 10")
    page.evaluate("() => { window.samePage = true; }")
    page.click("#locate-button")
    page.wait_for_function("() => document.getElementById('lat').value !== ''")
    answer = page.request.get(f"{live_server.url}/api/v1/geocode?q=Mannerheimintie%2010").json()
    assert answer["status"] == "ok"
    assert answer["label"] in page.inner_text("#geocode-status")
    assert float(page.input_value("#lat")) == pytest.approx(answer["lat"], abs=1e-6)
    assert float(page.input_value("#lon")) == pytest.approx(answer["lon"], abs=1e-6)
    assert page.evaluate("() => window.samePage === true"), "found by the script, not by sending the form"
    assert page.errors == [] and foreign_requests(page.requests, live_server.url) == []
