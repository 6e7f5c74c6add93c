"""Every page map shares one set-up (static/js/mapkit.js): the stats, operator, submit and moderation maps
get the same base layer from their data attributes, zoom buttons in the page's language and a labelled
region, and run as ES modules without an error. Also: the axe helper really fails on a violation."""

from __future__ import annotations

import json

import pytest

from cameramap.services.moderation import accounts
from cameramap.services.stats.areas import import_areas
from cameramap.services.submissions import intake
from cameramap.services.submissions.fields import parse_draft
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser
MODERATOR = ("mini-map-check", "a long enough password 789")
LAYER = "Mini map districts"


@pytest.fixture(scope="module")
def pages(live_server, tmp_path_factory) -> dict[str, str]:
    """A stats layer, an operator and a pending submission: one page for each kind of map."""
    path = tmp_path_factory.mktemp("areas") / "districts.geojson"
    ring = [[24.93, 60.16], [24.96, 60.16], [24.96, 60.18], [24.93, 60.18], [24.93, 60.16]]
    feature = {"type": "Feature", "properties": {"name": "Mini centre"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    camera = live_server.add_camera(lon=24.945, lat=60.17, operator="Mini map operator")
    with live_server.session() as session:
        import_areas(session, path, LAYER, name_field="name")
        accounts.add_moderator(session, *MODERATOR)
        draft = parse_draft({"lat": 60.171, "lon": 24.941, "operator": "Mini map check", "notes": "n"})
        pending = intake.create(session, draft, "api").submission.id
        from cameramap.storage.models import Camera

        operator_id = session.get(Camera, camera).operator_id
        session.commit()
    return {"stats": f"/stats?layer={LAYER}", "operator": f"/operators/{operator_id}",
            "submit": "/submit", "moderation": f"/moderate/submissions/{pending}"}


def log_in(page, live_server) -> None:
    page.goto(live_server.url + "/moderate/login")
    page.fill("input[name=name]", MODERATOR[0])
    page.fill("input[name=password]", MODERATOR[1])
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/moderate")


@pytest.mark.parametrize(("kind", "selector"), [
    ("stats", "#stats-map"), ("operator", "#operator-map"), ("submit", "#submit-map"),
    ("moderation", ".preview-map"),
])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_page_maps_share_one_set_up(page, live_server, pages, kind, selector, lang):
    if kind == "moderation":
        log_in(page, live_server)
    page.goto(f"{live_server.url}{pages[kind]}{'&' if '?' in pages[kind] else '?'}lang={lang}")
    box = page.locator(selector).first
    box.locator(".leaflet-tile-loaded").first.wait_for()
    zoom_in = box.locator(".leaflet-control-zoom-in")
    assert zoom_in.get_attribute("title") == {"en": "Zoom in", "ru": "Приблизить"}[lang]
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    assert all("/_test/tiles/" in src for src in box.locator("img.leaflet-tile").evaluate_all(
        "tiles => tiles.map(t => t.src)"))
    assert box.locator(".leaflet-control-attribution").inner_text().endswith("Test tiles")
    if kind == "stats":
        box.locator(".map-legend").wait_for()
        page.wait_for_function("() => document.getElementById('stats-map-status').textContent !== ''")
    page.wait_for_timeout(200)
    assert page.errors == []


def test_axe_helper_reports_a_violation(page, live_server):
    page.goto(live_server.url + "/sources")
    page.evaluate("() => { const b = document.createElement('button'); b.id = 'no-name';"
                  " document.querySelector('main').appendChild(b); }")
    found = axe_violations(page, "#no-name")
    assert [v["id"] for v in found] == ["button-name"]
