"""The public pages: the map shell (no data, no foreign URLs), camera pages, sources; on both backends."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from cameramap.domain.records import Actor, ClaimRecord, SourceSpec
from cameramap.extensions import settings
from cameramap.services.registry.cameras import apply_changes, change_status
from cameramap.storage.models import Camera, CapabilityClaim
from tests.factories import make_camera

HOSTILE = ['<img src=x onerror=alert(1)>', '{{7*7}}', '</script><script>alert(1)</script>']
HOSTILE_TEXT = " ".join(HOSTILE)
URL = re.compile(r"""(?:https?:)?//[^\s"'<>)\\]+""", re.IGNORECASE)
CONFIG = re.compile(r'<script[^>]*type="application/json" id="cameramap-config">(.*?)</script>', re.S)


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def shell_options(html: str) -> dict:
    return json.loads(CONFIG.search(html).group(1))


def allowed_hosts(app) -> set[str]:
    """The tile host and the hosts the operator's attribution links to: nothing else."""
    hosts = {urlsplit(settings(app).tile_url).netloc}
    hosts |= {urlsplit(u).netloc for u in URL.findall(unescape(settings(app).tile_attribution))}
    return hosts


# ---------- the map shell ----------

def test_map_page_renders(client, demo):
    html = page(client, "/")
    assert 'id="cameramap-config"' in html
    assert '<div class="folium-map"' in html


def test_map_page_contacts_no_host_but_the_tile_host(app, client, demo):
    html = page(client, "/")
    hosts = {urlsplit(u if "//" in u else "//" + u).netloc for u in URL.findall(html)}
    assert hosts <= allowed_hosts(app), hosts - allowed_hosts(app)
    for word in ("jquery", "bootstrap", "awesome", "fontawesome", "cdn", "glyphicons"):
        assert word not in html.lower()


def test_map_page_assets_are_ours_and_served(client, demo):
    html = page(client, "/")
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in sources
    assert "/static/js/map.js" in sources and "/static/css/map.css" in sources
    for path in sources:
        assert path.startswith("/static/"), path
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()


def test_the_map_page_and_the_site_pages_share_one_font_stack(client, demo):
    css = Path(client.application.static_folder) / "css"
    stack_in = [path.name for path in sorted(css.glob("*.css")) if '"Segoe UI"' in path.read_text()]
    assert stack_in == ["font.css"]  # written once; site.css, map.css and basemap.css use var(--cm-font)
    for path in ("/", "/about"):
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page(client, path))
        assert stylesheets.index("/static/css/font.css") < stylesheets.index(
            "/static/css/map.css" if path == "/" else "/static/css/site.css"), stylesheets


def test_vendored_leaflet_carries_its_licence(client):
    response = client.get("/static/vendor/leaflet-1.9.4/LICENSE")
    assert response.status_code == 200
    assert b"BSD 2-Clause License" in response.get_data()


def test_map_page_carries_no_camera_data(client, session):
    camera = make_camera(session, operator="Operator Zeta-Unique", notes="note-7f3a9",
                         source_record_id="record-93b1")
    html = page(client, "/")
    for text in ("Operator Zeta-Unique", "note-7f3a9", "record-93b1", "Test source", "CC-BY-4.0",
                 f"/cameras/{camera.id}"):
        assert text not in html


def test_map_page_size_does_not_grow_with_data(client, session):
    make_camera(session)
    small = page(client, "/")
    from cameramap.services.imports.demo import load_demo_cameras

    load_demo_cameras(session, only_if_empty=False)
    large = page(client, "/")
    assert abs(len(large) - len(small)) < 200
    assert len(large) < 6000


def test_map_page_hands_over_the_registry_extent(client, session, demo):
    make_camera(session, lon=23.76, lat=61.49)  # Tampere, far outside the demo area
    removed = make_camera(session, lon=10.0, lat=50.0)  # removed cameras are drawn too (greyed)
    change_status(session, removed.id, "removed", Actor("moderator", "m"), "gone")
    west, south, east, north = session.execute(
        select(func.min(Camera.lon), func.min(Camera.lat), func.max(Camera.lon), func.max(Camera.lat))
    ).one()
    options = shell_options(page(client, "/"))
    assert options["extent"] == pytest.approx([west, south, east, north])
    assert options["extent"][:2] == pytest.approx([10.0, 50.0])
    assert options["extent"][3] == pytest.approx(61.49)
    assert options["api"] == "/api/v1/cameras"
    assert options["cameraPath"] == "/cameras/"
    assert options["limit"] >= 1000


def test_empty_registry_map_has_no_extent(client, session):
    assert session.scalar(select(func.count(Camera.id))) == 0
    assert shell_options(page(client, "/"))["extent"] is None


def test_map_scripts_carry_the_request_nonce(client, session):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.get_data(as_text=True)
    tags = re.findall(r"<script[^>]*>", html)
    assert tags and all(f'nonce="{nonce}"' in tag for tag in tags)


# ---------- the camera page ----------

def test_camera_page_shows_everything_known(client, session):
    camera = make_camera(
        session, operator="Helsinki Police", camera_type="dome", camera_mount="pole",
        camera_direction="90;180", height=4.5, manufacturer="Axis", model="Q6155",
        notes="Above the entrance", tags={"man_made": "surveillance", "camera:type": "dome"},
        source_record_id="node/4242",
        claims=[ClaimRecord("face_recognition", "claimed", "news", "reported by a newspaper",
                            "https://news.example.org/article")],
    )
    html = unescape(page(client, f"/cameras/{camera.id}"))
    for text in ("Dome camera", "Helsinki Police", "pole", "90;180", "4.5 m", "Axis", "Q6155",
                 "Above the entrance", "face recognition", "claimed", "reported by a newspaper",
                 "Test source", "CC-BY-4.0", "Example City", "node/4242", "camera:type", "created"):
        assert text in html, text
    assert 'href="https://news.example.org/article"' in html
    assert 'href="https://example.org/data"' in html
    assert "/api/v1/cameras" in html and "/sources" in html


def test_camera_page_links_its_operator_and_a_data_request(client, session):
    camera = make_camera(session, operator="Helsinki Police")
    html = page(client, f"/cameras/{camera.id}")
    assert f'href="/operators/{camera.operator_id}"' in html
    letter = f"/operators/{camera.operator_id}/letter?camera={camera.id}"
    assert f'href="{letter}"' in html and "Request your data about this camera" in html
    assert "Helsinki Police" in page(client, f"/operators/{camera.operator_id}")
    form = page(client, letter)
    assert f'<input type="hidden" name="camera" value="{camera.id}">' in form
    unknown = page(client, f"/cameras/{make_camera(session, operator=None).id}")
    assert "/letter" not in unknown and "Operator not known." in unknown


def test_pages_link_the_main_sections(client, session):
    html = page(client, "/sources")
    for path in ("/", "/operators", "/stats", "/compare", "/submit", "/sources"):
        assert f'href="{path}"' in html, path
        page(client, path)


def test_camera_page_marks_operator_wide_claims(client, session):
    camera = make_camera(session, operator="City Platform Operator", claims=[])
    session.add(CapabilityClaim(operator_id=camera.operator_id, capability="central_platform_link",
                                confidence="confirmed", evidence_kind="foi_answer",
                                evidence_text="FOI answer 2023"))
    session.commit()
    html = page(client, f"/cameras/{camera.id}")
    assert "central platform link" in html
    assert "operator-wide" in html
    assert "FOI answer 2023" in html


def test_camera_page_shows_revisions_without_actor_names(client, session):
    camera = make_camera(session, notes="first")
    apply_changes(session, camera, {"notes": "second"}, Actor("moderator", "Alice Secretname"),
                  reason="checked on site")
    change_status(session, camera.id, "verified", Actor("moderator", "Alice Secretname"), "seen it")
    html = unescape(page(client, f"/cameras/{camera.id}"))
    assert "checked on site" in html and "seen it" in html
    assert "first → second" in html
    assert "reported → verified" in html
    assert "Alice Secretname" not in html
    assert re.search(r"<td><time datetime=\"\d{4}-\d{2}-\d{2}\">[^<]+</time></td>", html)
    assert not re.search(r"\d{2}:\d{2}:\d{2}", html)  # dates only, never times


def test_camera_page_removed_is_marked(client, session):
    camera = make_camera(session)
    change_status(session, camera.id, "removed", Actor("moderator", "m"), "taken down")
    html = page(client, f"/cameras/{camera.id}")
    assert "recorded as removed" in html
    assert "taken down" in html


def test_camera_page_escapes_hostile_text(client, session):
    camera = make_camera(session, notes=HOSTILE_TEXT, operator=HOSTILE_TEXT,
                         tags={HOSTILE[0]: HOSTILE[2]}, manufacturer=HOSTILE[1])
    html = page(client, f"/cameras/{camera.id}")
    assert "<img src=x" not in html
    assert "<script>alert(1)" not in html and "</script><script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # Shown exactly as written (so never evaluated: no "49"), in notes, operator and manufacturer.
    assert unescape(re.search(r'<p class="notes">(.*?)</p>', html, re.S).group(1)) == HOSTILE_TEXT
    operator = re.search(r'<dd class="operator-name"><a href="/operators/[0-9]+">(.*?)</a></dd>', html, re.S)
    assert unescape(operator.group(1)) == HOSTILE_TEXT
    assert "<dd>{{7*7}}</dd>" in html


def test_only_http_links_are_linked(client, session):
    source = SourceSpec(name="Sneaky source", kind="crowd", url="javascript:alert(1)", licence="CC0-1.0")
    camera = make_camera(session, source=source, claims=[
        ClaimRecord("audio", "claimed", "photo", "mic visible", "javascript:alert(2)")])
    html = page(client, f"/cameras/{camera.id}")
    assert "Sneaky source" in html and "mic visible" in html
    assert 'href="javascript' not in html.lower()


@pytest.mark.parametrize("path", ["/cameras/999999", "/cameras/0", "/cameras/2147483648",
                                  "/cameras/99999999999999999999", "/cameras/abc", "/cameras/-1",
                                  "/cameras/"])
def test_unknown_camera_is_a_404_page(client, session, path):
    page(client, path, status=404)


# ---------- sources ----------

def test_sources_page_lists_licences_and_counts(client, session):
    make_camera(session)
    make_camera(session)
    html = unescape(page(client, "/sources"))
    assert "Test source" in html and "CC-BY-4.0" in html and "Example City" in html
    assert re.search(r'<td class="number">2</td>', html)


def test_sources_page_without_data(client, session):
    assert "No data has been imported yet" in page(client, "/sources")


def test_camera_page_says_the_importers_reason_in_the_pages_language(client, session):
    camera = make_camera(session)  # its first revision: "imported from <the source's name>"
    said = "imported from memory, said the moderator?"
    change_status(session, camera.id, "verified", Actor("moderator", "m"), said)
    english = unescape(page(client, f"/cameras/{camera.id}"))
    russian = unescape(page(client, f"/cameras/{camera.id}?lang=ru"))
    source = "Test source"  # tests.factories.TEST_SOURCE
    assert f"imported from {source}" in english
    assert f"импортировано из источника {source}" in russian and f"imported from {source}" not in russian
    assert "imported from memory, said the moderator?" in russian  # other reasons stay exactly as written
