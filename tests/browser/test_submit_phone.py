"""/submit on a phone (390x844): "Use my location" asks only on a click and places the pin; the photo
preview keeps a sensible size and can be removed; "I saw it too" is one button that is not refused."""

from __future__ import annotations

import pytest

from tests.functional.submissions.helpers import jpeg_with_metadata

pytestmark = pytest.mark.browser
HERE = {"latitude": 60.16952, "longitude": 24.93545, "accuracy": 12}
COUNT_LOCATION_REQUESTS = """(() => {
  window.locationAsked = 0;
  const real = navigator.geolocation.getCurrentPosition;
  navigator.geolocation.getCurrentPosition = function () {
    window.locationAsked += 1;
    return real.apply(this, arguments);
  };
})()"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block",
                                  geolocation=HERE, permissions=[])
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield context, tab
    context.close()


def test_use_my_location_only_on_click(phone, live_server):
    context, page = phone
    page.add_init_script(COUNT_LOCATION_REQUESTS)
    context.grant_permissions(["geolocation"], origin=live_server.url)
    page.goto(live_server.url + "/submit")
    page.wait_for_selector("#submit-map .leaflet-tile-loaded")
    assert page.evaluate("window.locationAsked") == 0 and page.input_value("#lat") == ""
    page.click("#my-location")
    page.wait_for_function("() => document.getElementById('lat').value !== ''")
    assert page.evaluate("window.locationAsked") == 1
    assert float(page.input_value("#lat")) == pytest.approx(HERE["latitude"], abs=1e-6)
    assert float(page.input_value("#lon")) == pytest.approx(HERE["longitude"], abs=1e-6)
    assert "12 m" in page.inner_text("#geocode-status")


def test_photo_preview_is_small_and_can_be_removed(phone, live_server, tmp_path, monkeypatch, configure):
    configure(live_server.app, MEDIA_DIR=str(tmp_path / "media"))
    _context, page = phone
    photo = tmp_path / "tall.jpg"
    photo.write_bytes(jpeg_with_metadata(size=(900, 1600), gps=None))
    page.goto(live_server.url + "/submit")
    page.set_input_files("#photo", str(photo))
    page.wait_for_selector("#photo-preview:not([hidden])")
    page.wait_for_function("() => document.getElementById('photo-preview').naturalWidth > 0")
    box = page.locator("#photo-preview").bounding_box()
    assert box["height"] <= 12 * 16 + 2 and box["width"] <= 390
    assert page.input_value("#photo_token") != ""
    page.click("#remove-photo")
    assert page.locator("#photo-attached").is_hidden() and page.input_value("#photo_token") == ""
    assert page.evaluate("document.activeElement.id") == "photo"
    assert "removed" in page.inner_text("#photo-status")


def test_i_saw_it_too_at_once(phone, live_server, monkeypatch, configure):
    configure(live_server.app, FORM_MIN_SECONDS=3600)
    configure(live_server.app, POW_MAX_NUMBER=2000)
    camera_id = live_server.add_camera(lat=60.1601, lon=24.9301)
    _context, page = phone
    page.goto(f"{live_server.url}/cameras/{camera_id}")
    page.click("#confirm-button")  # at once: no form to fill in
    page.wait_for_url(f"**/cameras/{camera_id}#public-voice")
    text = page.inner_text("#public-voice")
    assert "1 independent confirmation so far" in text and "quicker than a person" not in text


def test_mini_map_starts_at_the_registry_and_draws_nearby_cameras(phone, live_server):
    context, page = phone
    near = live_server.add_camera(lat=64.1466, lon=-21.9426, camera_type="dome", camera_direction=None)
    page.goto(live_server.url + "/submit")
    page.wait_for_function("() => window.cameramapSubmit !== undefined")
    # Not the world: the registry's extent (no earlier map view in this fresh browser), whatever
    # else the other tests stored.
    assert page.evaluate("""() => {
        const map = window.cameramapSubmit.map;
        const [w, s, e, n] = document.getElementById("submit-map").dataset.extent.split(",").map(Number);
        const extent = L.latLngBounds([[s, w], [n, e]]);
        return map.getBounds().pad(0.01).contains(extent) && map.getZoom() === map.getBoundsZoom(extent);
    }""")
    # The map page remembers its view for the form.
    page.goto(live_server.url + "/#16/64.1466/-21.9426")
    page.wait_for_function("() => window.cameramap && window.cameramap.state.loads > 0")
    page.goto(live_server.url + "/submit")
    page.wait_for_function("() => window.cameramapSubmit !== undefined")
    centre = page.evaluate("() => { const c = window.cameramapSubmit.map.getCenter(); "
                           "return [c.lat, c.lng, window.cameramapSubmit.map.getZoom()]; }")
    assert centre[0] == pytest.approx(64.1466, abs=1e-3) and centre[1] == pytest.approx(-21.9426, abs=1e-3)
    assert centre[2] == 16
    # A point 20 m away: the camera is listed and drawn on the map.
    page.fill("#lat", "64.1467")
    page.fill("#lon", "-21.9429")
    page.dispatch_event("#lon", "change")
    page.wait_for_function(f"() => window.cameramapSubmit.nearby().includes('{near}')")
    assert page.locator("#submit-map path.nearby-camera").count() >= 1
    assert page.locator(f"#nearby-list input[value='{near}']").count() == 1
