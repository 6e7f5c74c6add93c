"""The map, submit and moderation pages (a moderator logged in) ask no host but ours: Chromium's request
log, over a session that pans and zooms the map, opens a popup, fills the submit form and opens a
submission in the moderation queue."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from cameramap.services.moderation import accounts
from cameramap.services.submissions import intake
from cameramap.services.submissions.fields import parse_draft
from tests.browser.conftest import foreign_requests

pytestmark = pytest.mark.browser
MODERATOR = ("third-party-check", "a long enough password 456")


@pytest.fixture(scope="module")
def pending(live_server) -> int:
    with live_server.session() as session:
        accounts.add_moderator(session, *MODERATOR)
        draft = parse_draft({"lat": 60.171, "lon": 24.941, "operator": "Third party check", "notes": "n"})
        return intake.create(session, draft, "api").submission.id


def test_map_submit_and_moderation_pages_contact_no_other_host(page, live_server, pending):
    camera_id = live_server.add_camera(lon=24.9501, lat=60.1655, notes="third party check")
    page.goto(f"{live_server.url}/#18/60.1655/24.9501")
    page.wait_for_function(f"() => window.cameramap && window.cameramap.markerOf({camera_id}) !== null")
    assert page.evaluate(f"() => window.cameramap.openPopup({camera_id})")
    page.wait_for_selector(".cm-panel-details .cm-popup")
    page.mouse.move(640, 400)
    page.mouse.wheel(0, 600)  # zoom out and pan: more views, more API requests
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(500)
    page.wait_for_function("() => !window.cameramap.state.loading")
    page.goto(live_server.url + "/submit")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=operator]", "Nobody in particular")
    page.goto(live_server.url + "/moderate/login")
    page.fill("input[name=name]", MODERATOR[0])
    page.fill("input[name=password]", MODERATOR[1])
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/moderate")
    page.goto(f"{live_server.url}/moderate/submissions/{pending}")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/moderation/stats")
    page.wait_for_load_state("networkidle")

    visited = {urlsplit(u).path for u in page.requests}
    assert {"/", "/submit", "/moderate", f"/moderate/submissions/{pending}"} <= visited
    assert any(p.startswith("/api/v1/cameras") for p in visited)  # the map really asked for data
    assert any(p.startswith("/static/") for p in visited)
    assert foreign_requests(page.requests, live_server.url) == []
