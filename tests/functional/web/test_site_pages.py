"""The site's own pages and small things: navigation, About, favicon, /stats and /compare details."""

from __future__ import annotations

import json
import re

import pytest

from cameramap.domain.records import SourceSpec
from cameramap.services.stats.areas import import_areas
from cameramap.web.i18n import SUPPORTED_LANGUAGES
from tests.factories import make_camera

NAV = ("/", "/submit", "/operators", "/stats", "/compare", "/api/v1/docs", "/about")
OFFICIAL = SourceSpec(name="Registry (paging test)", kind="official_registry", licence="CC0-1.0")
OBSERVED = SourceSpec(name="Street survey (paging test)", kind="open_data", licence="CC0-1.0")


def nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no site navigation"
    return re.findall(r'href="([^"?#]+)', nav.group(1))


@pytest.mark.parametrize("path", ["/about", "/submit", "/operators", "/stats", "/compare", "/api/v1/docs",
                                  "/sources", "/moderate/login", "/moderation/stats", "/vendors"])
def test_every_page_has_the_navigation_landmarks_and_skip_link(client, session, path):
    html = client.get(path).get_data(as_text=True)
    assert nav_links(html) == list(NAV)
    assert '<a class="skip-link" href="#content">' in html and '<main id="content" tabindex="-1">' in html
    assert "<header" in html and "<footer" in html
    assert 'id="site-menu-button" aria-expanded="false" aria-controls="site-menu" hidden' in html
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    section = {"/vendors": "/operators"}.get(path, path)  # vendors are part of the operators' section
    assert current == ([section] if section in NAV else []), current


def test_about_explains_statuses_with_anchors_in_each_language(client, session):
    for lang in SUPPORTED_LANGUAGES:
        html = client.get(f"/about?lang={lang}").get_data(as_text=True)
        for anchor in ("what", "data", "verification", "privacy", "areas", "status-reported",
                       "status-verified", "status-disputed", "status-removed"):
            assert f'id="{anchor}"' in html, (lang, anchor)
    assert "Кто-то сообщает, что камера есть" in client.get("/about?lang=ru").get_data(as_text=True)


def test_about_names_how_often_the_client_key_secret_is_replaced(client, session, configure):
    configure(client.application, CLIENT_KEY_ROTATION_HOURS=36)
    english = client.get("/about?lang=en").get_data(as_text=True)
    assert "replaced every 36 hours" in " ".join(english.split())
    russian = " ".join(client.get("/about?lang=ru").get_data(as_text=True).split())
    assert "каждые 36 ч" in russian


def test_favicon_is_ours(client):
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.data[:4] == b"\x00\x00\x01\x00"
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in svg.data and b"http://www.w3.org/2000/svg" in svg.data
    page = client.get("/about").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in page
    assert 'rel="icon" href="/favicon.ico"' in page


def test_stats_without_areas_shows_no_command_line(client, session):
    html = client.get("/stats").get_data(as_text=True)
    assert 'id="no-areas"' in html and 'href="/about#areas"' in html
    assert "cameramap areas" not in html and "<code>" not in html.split('id="no-areas"')[1].split("</p>")[0]


def test_stats_sort_state_is_on_the_header_cell(client, session, tmp_path):
    ring = [[24.92, 60.16], [24.96, 60.16], [24.96, 60.18], [24.92, 60.18], [24.92, 60.16]]
    path = tmp_path / "one.geojson"
    feature = {"type": "Feature", "properties": {"name": "Centre"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    import_areas(session, path, "Test districts", name_field="name")
    make_camera(session, lat=60.17, lon=24.94)
    session.commit()
    html = client.get("/stats", query_string={"layer": "Test districts", "sort": "name", "order": "asc"})
    html = html.get_data(as_text=True)
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="[^"]*sort=name', html)
    assert not re.search(r"<a [^>]*aria-sort", html)
    assert html.count("aria-sort=") == 1


@pytest.fixture
def fifty_five_unmatched(session):
    for n in range(55):
        make_camera(session, source=OFFICIAL, lat=60.10 + n * 0.001, lon=24.80)
    make_camera(session, source=OBSERVED, lat=60.30, lon=25.20)
    session.commit()


def test_compare_lists_are_paged(client, fifty_five_unmatched):
    query = {"official": OFFICIAL.name, "observed": OBSERVED.name, "distance": "10"}
    first = client.get("/compare", query_string=query).get_data(as_text=True)
    declared = first.split('id="declared_only"')[1]
    assert declared.count("<tr><td><a href=") == 50
    assert "Page 1 of 2" in declared and "1–50 of 55" in declared
    next_link = re.search(r'<a href="([^"]+)" rel="next">', declared).group(1).replace("&amp;", "&")
    assert "declared_only_page=2" in next_link and next_link.endswith("#declared_only")
    second = client.get(next_link.split("#")[0]).get_data(as_text=True).split('id="declared_only"')[1]
    assert second.count("<tr><td><a href=") == 5 and "51–55 of 55" in second
    assert 'rel="prev"' in second
    beyond = client.get("/compare", query_string=query | {"declared_only_page": "99"}).get_data(as_text=True)
    assert "Page 2 of 2" in beyond  # past the end: the last page


def test_error_pages_keep_the_site_navigation(client, session):
    response = client.get("/cameras/987654?lang=ru", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "<h1>404 · Не найдено</h1>" in html
    assert nav_links(html) == list(NAV) and '<main id="content" tabindex="-1">' in html
