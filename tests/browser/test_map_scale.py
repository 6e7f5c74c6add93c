"""The map with more cameras than the cluster cap, in headless Chromium: clusters at low zoom, points
and cones at high zoom, filters in the URL, the list, the search box, embed mode."""

from __future__ import annotations

import io
import json
import random
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import delete

from cameramap.domain.records import SourceSpec
from cameramap.services.imports.store import import_records
from cameramap.storage.models import Camera, Provenance
from tests.factories import camera_record

pytestmark = pytest.mark.browser

LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
CENTRE = (2.3500, 48.8560)  # far from the other browser tests' cameras
SCALE_SOURCE = SourceSpec(name="Scale test source", kind="open_data", licence="CC0-1.0")


@pytest.fixture(scope="module")
def crowd(live_server):
    """1,300 cameras around CENTRE (more than the default cap of 1,000), removed afterwards."""
    rng = random.Random(3)
    records = [
        camera_record(
            lon=CENTRE[0] + rng.gauss(0, 0.01),
            lat=CENTRE[1] + rng.gauss(0, 0.006),
            camera_type=("fixed", "dome", "panning")[i % 3],
            camera_direction=None,
            claims=[],
            source_record_id=f"scale-{i}",
        )
        for i in range(1300)
    ]
    dome = camera_record(
        lon=CENTRE[0] + 0.05,
        lat=CENTRE[1] + 0.03,
        camera_type="dome",
        camera_direction=None,
        claims=[],
        source_record_id="scale-dome",
    )
    with live_server.session() as session:
        import_records(session, SCALE_SOURCE, [*records, dome], complete=False)
        session.commit()
    yield {"dome": dome}
    with live_server.session() as session:
        ids = session.query(Provenance.camera_id).filter(Provenance.source_record_id.like("scale-%"))
        session.execute(delete(Camera).where(Camera.id.in_(ids.scalar_subquery())))
        session.commit()


def open_map(page, live_server, path: str) -> None:
    page.goto(f"{live_server.url}/{path}")
    page.wait_for_function(LOADED)


def state(page) -> dict:
    return page.evaluate("() => JSON.parse(JSON.stringify(window.cameramap.state))")


def wait_reload(page, action) -> None:
    loads = state(page)["loads"]
    action()
    page.wait_for_function(f"() => window.cameramap.state.loads > {loads} && !window.cameramap.state.loading")


def test_low_zoom_draws_clusters_that_add_up(page, live_server, crowd):
    open_map(page, live_server, f"#12/{CENTRE[1]}/{CENTRE[0]}")
    now = state(page)
    assert now["clustered"] and now["clusterCount"] > 0
    counts = page.evaluate(
        "() => window.cameramap.features().map(f => f.properties.cluster ? f.properties.count : 1)"
    )
    assert sum(counts) == now["numberMatched"] >= 1300
    assert min(c for c in counts) >= 1
    assert "groups" in page.locator(".cm-status").inner_text()
    assert page.errors == []


@pytest.mark.parametrize("zoom", [14, 15])
def test_grouped_view_counts_the_cameras_inside_the_visible_map(page, live_server, crowd, zoom):
    open_map(page, live_server, f"#{zoom}/{CENTRE[1] + 0.004}/{CENTRE[0] + 0.006}")
    page.wait_for_function("() => !document.querySelector('.cm-status').textContent.includes('…')")
    assert state(page)["clustered"]
    bbox = page.evaluate("() => window.cameramap.getMap().getBounds().toBBoxString()")
    asked = page.evaluate("(url) => fetch(url).then(r => r.json()).then(b => b.numberMatched)",
                          f"/api/v1/cameras?bbox={bbox}&limit=1&status=reported,verified,disputed")
    assert 0 < asked < state(page)["numberMatched"]  # the visible map holds fewer than the area asked for
    status = page.locator(".cm-status").inner_text()
    assert status.startswith(f"{asked} cameras in this view, shown in groups.")


def test_clicking_a_cluster_zooms_in(page, live_server, crowd):
    open_map(page, live_server, f"#12/{CENTRE[1]}/{CENTRE[0]}")
    ident = page.evaluate(
        "() => window.cameramap.features().filter(f => f.properties.cluster)"
        ".sort((a, b) => b.properties.count - a.properties.count)[0].id"
    )
    point = page.evaluate(f"() => window.cameramap.pointOf('{ident}')")
    wait_reload(page, lambda: page.mouse.click(point["x"], point["y"]))
    assert page.evaluate("() => window.cameramap.getMap().getZoom()") > 12


def test_high_zoom_draws_points_and_a_full_circle_for_a_dome(page, live_server, crowd):
    from PIL import Image

    lon, lat = crowd["dome"].point.lon, crowd["dome"].point.lat
    open_map(page, live_server, f"#18/{lat}/{lon}")
    assert not state(page)["clustered"] and state(page)["featureCount"] >= 1
    ident = page.evaluate(
        "() => window.cameramap.features().find(f => f.properties.marker === 'dome').id"
    )
    point = page.evaluate(f"() => window.cameramap.pointOf('{ident}')")
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    x, y = round(point["x"]), round(point["y"])
    around = [image.getpixel((x + dx, y + dy)) for dx, dy in ((22, 0), (-22, 0), (0, 22), (0, -22))]
    background = image.getpixel((x + 200, y + 200))
    assert all(pixel != background for pixel in around)  # seen all around: a dome without direction


def test_filters_live_in_the_url_and_reach_the_api(page, live_server, crowd):
    open_map(page, live_server, f"?camera_type=dome#13/{CENTRE[1]}/{CENTRE[0]}")
    query = parse_qs(urlsplit(state(page)["lastUrl"]).query)
    assert query["camera_type"] == ["dome"]
    page.get_by_role("button", name="Filters", exact=True).click()
    wait_reload(page, lambda: page.select_option("select[name=capability]", "ptz_zoom"))
    assert "capability=ptz_zoom" in page.url and "camera_type=dome" in page.url
    assert parse_qs(urlsplit(state(page)["lastUrl"]).query)["capability"] == ["ptz_zoom"]


def test_the_list_works_with_the_keyboard(page, live_server, crowd):
    lon, lat = crowd["dome"].point.lon, crowd["dome"].point.lat
    open_map(page, live_server, f"#17/{lat}/{lon}")
    page.get_by_role("button", name="List", exact=True).click()
    panel = page.get_by_role("region", name="Cameras in this view")
    first = panel.locator(".cm-list-item").first
    assert "Dome camera" in first.inner_text()
    ident = first.get_attribute("data-camera-id")
    first.focus()
    page.keyboard.press("Enter")
    page.locator(".cm-popup").wait_for()
    assert "Scale test source" in page.locator(".cm-popup").inner_text()
    # Focus moved into the details: onto the camera's heading.
    assert page.evaluate("() => document.activeElement.closest('.cm-panel-details') !== null")
    assert page.evaluate("() => document.activeElement.textContent") == "Dome camera"
    page.keyboard.press("Escape")
    assert page.locator(".cm-popup").count() == 0 or page.locator(".cm-panel-details").is_hidden()
    # Back to the list, on the item that opened them.
    assert panel.is_visible()
    assert page.evaluate("() => document.activeElement.dataset.cameraId") == ident


def test_search_box_moves_the_map(page, live_server, crowd):
    answer = {
        "status": "ambiguous",
        "candidates": [
            {
                "label": "Place de la Concorde, Paris",
                "lon": 2.3212,
                "lat": 48.8656,
                "precision": "street",
                "score": 0.7,
                "source": "test",
            }
        ],
    }
    page.route(
        "**/api/v1/geocode?*",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(answer)),
    )
    open_map(page, live_server, f"#12/{CENTRE[1]}/{CENTRE[0]}")
    page.get_by_role("searchbox", name="Search an address or place").fill("concorde")
    page.get_by_role("button", name="Search").click()
    wait_reload(page, lambda: page.get_by_role("button", name="Place de la Concorde, Paris").click())
    centre = page.evaluate("() => window.cameramap.getMap().getCenter()")
    assert centre["lat"] == pytest.approx(48.8656, abs=1e-3) and centre["lng"] == pytest.approx(
        2.3212, abs=1e-3
    )


def test_embed_mode_hides_the_chrome_and_offers_a_snippet(page, live_server, crowd):
    open_map(page, live_server, f"#12/{CENTRE[1]}/{CENTRE[0]}")
    page.get_by_role("button", name="Share", exact=True).click()
    snippet = page.locator(".cm-snippet").nth(1).input_value()
    assert 'title="Surveillance camera map"' in snippet
    assert snippet.startswith("<iframe ") and "embed=1" in snippet
    src = snippet.split('src="', 1)[1].split('"', 1)[0]
    open_map(page, live_server, src.split("/", 3)[3])
    assert page.locator(".cm-search").is_hidden() and page.locator(".cm-bar").is_hidden()
    assert page.get_by_role("button", name="Filters", exact=True).is_hidden()
    assert page.locator(".cm-status").is_visible()
    larger = page.get_by_role("link", name="View larger map")
    assert larger.get_attribute("target") == "_blank" and larger.get_attribute("rel") == "noopener"
    assert "embed" not in larger.get_attribute("href")
    assert page.locator("canvas").count() >= 1
