"""The OGC API's HTML pages and the API docs page in Chromium, at phone and desktop size, in English and
Russian: axe finds nothing, nothing is wider than the screen, the page is in its language; the docs
page's response headers read as a list (name over meaning on a phone, side by side on a desktop)."""

from __future__ import annotations

import pytest

from cameramap.web.i18n import SUPPORTED_LANGUAGES
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_site_pages import WIDER_THAN_SCREEN

pytestmark = pytest.mark.browser
ITEMS = "/ogc/collections/cameras/items"


def ogc_pages(camera_id: int) -> list[tuple[str, str]]:
    """(name, path) of every OGC HTML page, and the API docs page."""
    return [("ogc-landing", "/ogc?f=html"), ("ogc-conformance", "/ogc/conformance?f=html"),
            ("ogc-collections", "/ogc/collections?f=html"),
            ("ogc-cameras", "/ogc/collections/cameras?f=html"),
            ("ogc-deployments", "/ogc/collections/deployments?f=html"),
            ("ogc-items", f"{ITEMS}?f=html&limit=5&offset=5"), ("ogc-item", f"{ITEMS}/{camera_id}?f=html"),
            ("ogc-queryables", "/ogc/collections/cameras/queryables?f=html"), ("ogc-api", "/ogc/api?f=html"),
            ("api-docs", "/api/v1/docs?")]


@pytest.fixture(scope="module")
def camera_id(live_server) -> int:
    from sqlalchemy import func, select

    from cameramap.storage.models import Camera

    with live_server.session() as session:
        return int(session.scalar(select(func.min(Camera.id))))


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_axe_finds_nothing_and_nothing_is_wider_than_the_screen(sized, live_server, camera_id, lang,
                                                                tmp_path):
    page = sized
    for name, path in ogc_pages(camera_id):
        page.goto(f"{live_server.url}{path}&lang={lang}")
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("html", "lang") == lang, path
        page.screenshot(path=str(tmp_path / f"{name}-{page.size_name}-{lang}.png"), full_page=True)
        assert_no_axe_violations(page)
        assert page.evaluate(WIDER_THAN_SCREEN) == [], path
    assert page.errors == []


LAYOUT = """() => [...document.querySelectorAll("#listCameras dl.response-headers dt")].map(dt => {
  const dd = dt.nextElementSibling, a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
  return {name: dt.textContent.trim(), below: b.top >= a.bottom - 1, beside: b.left >= a.right - 1,
          inside: b.right <= document.documentElement.clientWidth, text: dd.textContent.trim()};
})"""


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_the_docs_page_shows_descriptions_and_response_headers(sized, live_server, lang):
    page = sized
    page.goto(f"{live_server.url}/api/v1/docs?lang={lang}#listCameras")
    description = page.locator("#listCameras p.prose")
    assert description.is_visible() and len(description.inner_text()) > 200
    headers = page.evaluate(LAYOUT)
    assert [header["name"].split()[0] for header in headers] == ["Link", "ETag", "Cache-Control", "Vary"]
    assert all(header["inside"] and len(header["text"]) > 10 for header in headers)
    phone = page.size_name == "phone"
    assert all(header["below"] if phone else header["beside"] for header in headers), headers
