"""Capabilities on the map, in headless Chromium: badges graded by confidence and their legend, the
one-click "only face recognition" layer, cluster circles showing the share that adds up, and a
camera's details with its links (operator, OpenStreetMap, verification, show on the map)."""

from __future__ import annotations

import random
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import delete

from cameramap.domain.records import ClaimRecord, SourceSpec
from cameramap.services.imports.store import import_records
from cameramap.storage.models import Camera, Provenance
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import VIEWPORTS
from tests.factories import camera_record

pytestmark = pytest.mark.browser

LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
SPOT = (59.9130, 10.7500)  # (lat, lon): Oslo, away from the other browser tests' cameras
CROWD = (-3.7000, 40.4200)  # (lon, lat): Madrid
OSM = SourceSpec(name="OpenStreetMap badge test", kind="osm", licence="ODbL-1.0")
CROWD_SOURCE = SourceSpec(name="Capability crowd", kind="open_data", licence="CC0-1.0")
CLAIMS = {
    "face_confirmed": [ClaimRecord("face_recognition", "confirmed", "foi_answer", "FOI answer"),
                       ClaimRecord("audio", "claimed", "sign", "sign mentions audio")],
    "face_likely": [ClaimRecord("face_recognition", "likely", "photo", None)],
    "face_claimed": [ClaimRecord("face_recognition", "claimed", "sign", None)],
    "plates": [ClaimRecord("licence_plate_recognition", "claimed", "sign", None)],
    "platform": [ClaimRecord("central_platform_link", "confirmed", "procurement_record", None)],
    "plain": [],
    "ptz_panning": [ClaimRecord("ptz_zoom", "confirmed", "photo", None)],
    "ptz_fixed": [ClaimRecord("ptz_zoom", "confirmed", "photo", None)],
}
TYPES = {"ptz_panning": "panning"}  # the others: the factory's fixed camera


@pytest.fixture(scope="module")
def cams(live_server) -> dict[str, int]:
    """One camera per claim set, ~30 m apart; "plain" comes from OpenStreetMap (node/4242)."""
    records = {name: camera_record(lat=SPOT[0], lon=SPOT[1] + i * 0.0005, claims=claims,
                                   camera_type=TYPES.get(name, "fixed"),
                                   operator="Oslo badge operator", camera_direction="45",
                                   source_record_id="node/4242" if name == "plain" else f"badge-{name}")
               for i, (name, claims) in enumerate(CLAIMS.items())}
    with live_server.session() as session:
        import_records(session, OSM, [records["plain"]], complete=False)
        import_records(session, CROWD_SOURCE, [r for n, r in records.items() if n != "plain"], complete=False)
        session.commit()
        query = session.query(Provenance.camera_id)
        return {name: query.filter_by(source_record_id=r.source_record_id).scalar()
                for name, r in records.items()}


@pytest.fixture(scope="module")
def crowd(live_server):
    """1,100 cameras (more than the cluster cap): every 4th with face recognition, every 6th plates."""
    rng = random.Random(7)
    records = [camera_record(
        lon=CROWD[0] + rng.gauss(0, 0.01), lat=CROWD[1] + rng.gauss(0, 0.006), camera_direction=None,
        claims=([ClaimRecord("face_recognition", ("claimed", "likely", "confirmed")[i % 3], "sign", None)]
                if i % 4 == 0 else []) + ([ClaimRecord("licence_plate_recognition", "claimed", "sign", None)]
                                          if i % 6 == 0 else []),
        source_record_id=f"capcrowd-{i}") for i in range(1100)]
    with live_server.session() as session:
        import_records(session, CROWD_SOURCE, records, complete=False)
        session.commit()
    yield
    with live_server.session() as session:
        ids = session.query(Provenance.camera_id).filter(Provenance.source_record_id.like("capcrowd-%"))
        session.execute(delete(Camera).where(Camera.id.in_(ids.scalar_subquery())))
        session.commit()


def open_map(page, live_server, query: str = "", view: str = f"#18/{SPOT[0]}/{SPOT[1] + 0.0012}") -> None:
    page.goto(f"{live_server.url}/{query}{view}")
    page.wait_for_function(LOADED)


def state(page) -> dict:
    return page.evaluate("() => JSON.parse(JSON.stringify(window.cameramap.state))")


def badges(page, camera: int) -> list[dict]:
    return page.evaluate(f"() => window.cameramap.markerOf('{camera}').options.badges")


def pixels_near(page, x: float, y: float, colour: tuple[int, int, int]) -> int:
    """How many pixels of the map's canvas within 5 px of (x, y) (page coordinates) have `colour`."""
    return page.evaluate("""([x, y, colour]) => {
      const canvas = document.querySelector('.leaflet-overlay-pane canvas');
      const r = canvas.getBoundingClientRect();
      const scale = canvas.width / r.width;
      const d = canvas.getContext('2d').getImageData((x - 5 - r.left) * scale, (y - 5 - r.top) * scale,
                                                     10 * scale, 10 * scale).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - colour[0]) < 12 && Math.abs(d[i + 1] - colour[1]) < 12
            && Math.abs(d[i + 2] - colour[2]) < 12) { n += 1; }
      }
      return n / (scale * scale);
    }""", [x, y, list(colour)])


def badge(capability: str, confidence: str) -> dict[str, str]:
    return {"capability": capability, "confidence": confidence}


def test_markers_carry_badges_graded_by_confidence(page, live_server, cams):
    open_map(page, live_server)
    assert badges(page, cams["face_confirmed"]) == [badge("face_recognition", "confirmed"),
                                                    badge("audio", "claimed")]
    assert badges(page, cams["face_likely"]) == [badge("face_recognition", "likely")]
    assert badges(page, cams["face_claimed"]) == [badge("face_recognition", "claimed")]
    assert badges(page, cams["plates"]) == [badge("licence_plate_recognition", "claimed")]
    assert badges(page, cams["platform"]) == [badge("central_platform_link", "confirmed")]
    assert badges(page, cams["plain"]) == []
    # PTZ gets a badge only where the marker does not say it already (a panning camera's diamond).
    assert badges(page, cams["ptz_fixed"]) == [badge("ptz_zoom", "confirmed")]
    assert badges(page, cams["ptz_panning"]) == []
    # A confirmed face-recognition badge is a filled disc in its colour (#be185d), drawn beside the marker.
    point = page.evaluate(f"() => window.cameramap.pointOf('{cams['face_confirmed']}')")
    x, y = point["x"] + 6 + 4, point["y"] - 6 - 3  # map-layers.js badgeCentre(…, 0)
    assert pixels_near(page, x, y, (0xbe, 0x18, 0x5d)) > 15
    # A claimed one is a ring: white inside, far fewer pixels in the colour.
    claimed = page.evaluate(f"() => window.cameramap.pointOf('{cams['face_claimed']}')")
    assert pixels_near(page, claimed["x"] + 10, claimed["y"] - 9, (0xbe, 0x18, 0x5d)) < \
        pixels_near(page, x, y, (0xbe, 0x18, 0x5d))
    assert page.errors == []


def test_legend_explains_every_badge_and_grade(page, live_server, cams):
    page.set_viewport_size(VIEWPORTS["desktop"])
    open_map(page, live_server)
    legend = page.locator("#cm-legend")
    for name in ("face_recognition", "licence_plate_recognition", "audio", "central_platform_link"):
        assert legend.locator(f"[data-capability='{name}'] button[data-layer='{name}']").count() == 1
    grades = [legend.locator(f"[data-confidence='{c}']").count() for c in ("claimed", "likely", "confirmed")]
    assert grades == [1, 1, 1]
    assert legend.locator("[data-cone='circle']").count() == 1
    assert "circles, domes" not in legend.inner_text()


def test_face_recognition_layer_draws_only_those_cameras(page, live_server, cams):
    page.set_viewport_size(VIEWPORTS["desktop"])
    open_map(page, live_server)
    before = state(page)["featureCount"]
    page.locator("button[data-layer='face_recognition']").click()
    page.wait_for_function("() => window.cameramap.state.layer === 'face_recognition'")
    assert "only=face_recognition" in page.url
    drawn = page.evaluate("() => Object.keys(window.cameramap.features().reduce((m, f) => m, {}))")
    assert drawn == []
    shown = [str(i) for i in cams.values() if page.evaluate(f"() => !!window.cameramap.markerOf('{i}')")]
    assert sorted(shown) == sorted(str(cams[n]) for n in ("face_confirmed", "face_likely", "face_claimed"))
    assert state(page)["featureCount"] < before
    assert page.locator("button[data-layer='face_recognition']").get_attribute("aria-pressed") == "true"
    assert page.locator(".cm-chips .cm-chip").first.inner_text().startswith("Only:")
    page.locator("button[data-layer='face_recognition']").click()  # a second click clears it
    page.wait_for_function("() => window.cameramap.state.layer === ''")
    assert state(page)["featureCount"] == before


def test_cluster_shares_add_up(page, live_server, crowd):
    open_map(page, live_server, "?only=face_recognition", f"#12/{CROWD[1]}/{CROWD[0]}")
    now = state(page)
    assert now["clustered"] and now["clusterCount"] > 0 and now["layer"] == "face_recognition"
    clusters = page.evaluate("""() => window.cameramap.features().filter(f => f.properties.cluster)
      .map(f => { const m = window.cameramap.markerOf(f.id);
        return {count: f.properties.count, face: (f.properties.capabilities || {}).face_recognition || 0,
                drawn: !!m, share: m ? m.options.share : null, label: m ? m.options.label : null}; })""")
    assert all(c["drawn"] == (c["face"] > 0) for c in clusters)
    assert all(abs(c["share"] - c["face"] / c["count"]) < 1e-9 for c in clusters if c["drawn"])
    small = [c for c in clusters if c["drawn"] and c["count"] < 1000]
    assert all(c["label"] == f"{c['face']}/{c['count']}" for c in small)
    # The shares add up to what the API counts when asked for face recognition only.
    q = parse_qs(urlsplit(now["lastUrl"]).query)
    q = {k: v[0] for k, v in q.items()}
    q["capability"] = "face_recognition"
    answer = page.evaluate("(url) => fetch(url).then(r => r.json())", f"/api/v1/cameras?{urlencode(q)}")
    assert now["layerCount"] == answer["numberMatched"] > 0
    assert 0 < now["layerCount"] < now["numberMatched"]


def test_details_link_operator_osm_verification_and_actions(page, live_server, cams):
    page.set_viewport_size(VIEWPORTS["desktop"])
    open_map(page, live_server)
    camera = cams["plain"]
    assert page.evaluate(f"() => window.cameramap.openDetails('{camera}')")
    popup = page.locator(f".cm-popup[data-camera-id='{camera}']")
    popup.locator("dl").wait_for()
    assert f"camera={camera}" in page.url
    operator = popup.locator("a.cm-operator-link")
    assert operator.inner_text() == "Oslo badge operator"
    assert operator.get_attribute("href").startswith("/operators/")
    links = [popup.locator(".cm-osm a").nth(i).get_attribute("href") for i in range(2)]
    assert links == ["https://www.openstreetmap.org/node/4242", "https://www.openstreetmap.org/edit?node=4242"]
    assert popup.locator("a.cm-verification").get_attribute("href") == "/about#verification"
    # "I saw it too" and "report a change" work in the panel itself (tests/browser/test_map_panel.py).
    assert popup.locator("button.cm-saw").is_visible()
    form = popup.locator(".cm-report-form")
    assert popup.locator("button.cm-report").get_attribute("aria-controls") == form.get_attribute("id")
    # Capabilities with their evidence and confidence.
    page.evaluate(f"() => window.cameramap.openDetails('{cams['face_confirmed']}')")
    other = page.locator(f".cm-popup[data-camera-id='{cams['face_confirmed']}'] .cm-capabilities")
    other.wait_for()
    assert "FOI answer" in other.inner_text() and "confirmed" in other.inner_text()


def test_show_on_the_map_opens_the_camera(page, live_server, cams):
    camera = cams["face_likely"]
    page.goto(f"{live_server.url}/cameras/{camera}")
    link = page.locator("#show-on-map")
    assert link.get_attribute("href").startswith(f"/?camera={camera}#18/")
    link.click()
    page.wait_for_function(LOADED)
    page.locator(f".cm-popup[data-camera-id='{camera}'] dl").wait_for()
    assert state(page)["selected"] == str(camera)
    # Without a view in the hash, the map goes to the camera first.
    page.goto(f"{live_server.url}/?camera={cams['plates']}")
    page.locator(f".cm-popup[data-camera-id='{cams['plates']}'] dl").wait_for()


def test_camera_page_map_osm_links_and_operator(page, live_server, cams):
    camera = cams["plain"]
    page.goto(f"{live_server.url}/cameras/{camera}")
    page.wait_for_function("() => window.cameramapCamera !== undefined")
    assert page.evaluate("() => window.cameramapCamera.cones") == 1
    assert page.locator("#camera-map path.cm-cone").count() == 1
    assert page.locator("#camera-map path.cm-camera-point").count() == 1
    assert page.locator("a.osm-link").get_attribute("href") == "https://www.openstreetmap.org/node/4242"
    assert page.locator("a.osm-edit").get_attribute("href") == "https://www.openstreetmap.org/edit?node=4242"
    assert page.locator(".operator-name a").get_attribute("href").startswith("/operators/")
    assert page.locator(".status-line a[href='/about#verification']").count() == 1
    # The actions come before the record's facts.
    order = page.evaluate("() => [document.querySelector('#public-voice'), document.querySelector('.facts')]"
                          ".map(n => n.getBoundingClientRect().top)")
    assert order[0] < order[1]
    assert page.errors == []


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_axe_finds_nothing_with_badges_details_and_camera_page(browser, live_server, cams, size, lang):
    context = browser.new_context(viewport=VIEWPORTS[size], service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/?lang={lang}&only=face_recognition#18/{SPOT[0]}/{SPOT[1] + 0.0004}")
        page.wait_for_function(LOADED)
        if size == "phone":
            page.locator(".cm-toggle-legend").click()
        assert_no_axe_violations(page)
        page.evaluate(f"() => window.cameramap.openDetails('{cams['face_confirmed']}')")
        page.locator(f".cm-popup[data-camera-id='{cams['face_confirmed']}'] dl").wait_for()
        assert_no_axe_violations(page)
        page.goto(f"{live_server.url}/cameras/{cams['plain']}?lang={lang}")
        page.wait_for_function("() => window.cameramapCamera !== undefined")
        assert_no_axe_violations(page)
    finally:
        context.close()
