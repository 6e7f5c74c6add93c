"""Pages a newcomer found wanting, at phone and desktop size in English and Russian: error pages and
/downloads in the site's layout; the camera page's tables in labelled boxes that show where columns are
hidden, and its no-JavaScript sentence only without JavaScript; the growth chart whole on a phone."""

from __future__ import annotations

import pytest

from cameramap.web.i18n import SUPPORTED_LANGUAGES
from tests.browser.axe import assert_no_axe_violations
from tests.browser.site_pages import prepare_site
from tests.browser.test_site_pages import WIDER_THAN_SCREEN, with_lang

pytestmark = pytest.mark.browser
NOSCRIPT = "#public-voice noscript"
WAIT = {"en": "Without JavaScript these buttons work", "ru": "Без JavaScript эти кнопки срабатывают"}
# Every table box of the page: its label, whether Tab reaches it, whether it scrolls and how it shows it.
TABLE_BOXES = """() => [...document.querySelectorAll('.table-scroll')].map(box => {
  const style = getComputedStyle(box);
  return {label: box.getAttribute('aria-label') || '', role: box.getAttribute('role'), tab: box.tabIndex,
          scrolls: box.scrollWidth > box.clientWidth + 1, image: style.backgroundImage,
          attachment: style.backgroundAttachment, right: box.getBoundingClientRect().right,
          screen: document.documentElement.clientWidth};
})"""
# The shown chart: its box, and every label's and dot's box with the label's rendered font size.
CHART = """() => {
  const shown = [...document.querySelectorAll('svg.chart')].filter(s => s.getBoundingClientRect().width > 0);
  const svg = shown[0], box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
  const inside = el => { const r = el.getBoundingClientRect();
    return r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5
      && r.bottom <= box.bottom + 0.5; };
  return {count: shown.length, right: box.right, screen: document.documentElement.clientWidth,
          labels: [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, inside: inside(t),
            size: parseFloat(getComputedStyle(t).fontSize) * scale})),
          dots: [...svg.querySelectorAll('circle')].map(inside), page: document.documentElement.scrollWidth};
}"""


PAGES = [("not-found", "/no-such-page", 404), ("no-submission", "/submissions/nope", 404),
         ("downloads", "/downloads", 200), ("ogc-cameras", "/ogc/collections/cameras?f=html", 200)]


@pytest.fixture(scope="module")
def site(live_server, tmp_path_factory):
    return prepare_site(live_server, tmp_path_factory.mktemp("site"))


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_error_pages_and_downloads_are_site_pages(sized, live_server, site, lang, tmp_path):
    page = sized
    for name, path, status in PAGES:
        response = page.goto(live_server.url + with_lang(path, lang))
        assert response.status == status and page.get_attribute("html", "lang") == lang, path
        assert page.locator("header nav.site-nav").count() == 1 and page.locator("main h1").is_visible()
        page.screenshot(path=str(tmp_path / f"{name}-{page.size_name}-{lang}.png"), full_page=True)
        assert_no_axe_violations(page)
        assert page.evaluate(WIDER_THAN_SCREEN) == [], path
    assert page.errors == []


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_camera_page_tables_and_the_no_javascript_sentence(sized, live_server, site, lang, tmp_path):
    page = sized
    page.goto(live_server.url + with_lang(f"/cameras/{site.camera_id}", lang))
    page.wait_for_load_state("networkidle")
    assert page.locator(NOSCRIPT).count() == 1
    assert WAIT[lang] not in page.locator("#public-voice").inner_text()
    boxes = page.evaluate(TABLE_BOXES)
    assert len(boxes) >= 2, boxes  # the capabilities and the history
    for box in boxes:
        assert box["tab"] == 0 and box["right"] <= box["screen"] + 0.5, box
        # a shadow stays at each edge of the box where the scrolled table hides columns
        assert box["image"].count("radial-gradient") == 2 and "local" in box["attachment"], box
    labelled = [box for box in boxes if box["role"] == "region" and box["label"]]
    assert len(labelled) >= 2, boxes
    if page.size_name == "phone":
        assert any(box["scrolls"] for box in boxes), boxes  # else nothing here shows the hint
    page.screenshot(path=str(tmp_path / f"camera-{page.size_name}-{lang}.png"), full_page=True)
    assert_no_axe_violations(page)
    assert page.errors == []


def test_without_javascript_the_wait_is_explained(browser, live_server, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + f"/cameras/{site.camera_id}?lang=en")
    assert WAIT["en"] in page.locator("#public-voice").inner_text()  # what is rendered, so seen
    context.close()


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_the_growth_chart_fits_the_screen_whole(sized, live_server, site, lang, tmp_path):
    page = sized
    page.goto(live_server.url + with_lang("/stats", lang))
    chart = page.evaluate(CHART)
    assert chart["count"] == 1, chart
    assert chart["right"] <= chart["screen"] and chart["page"] <= chart["screen"], chart
    assert chart["labels"] and chart["dots"] and all(chart["dots"]), chart
    for label in chart["labels"]:
        assert label["inside"] and label["size"] >= 11.95, label  # no label cut off or shrunk below 12 px
    page.locator("figure.growth").screenshot(path=str(tmp_path / f"chart-{page.size_name}-{lang}.png"))
    assert_no_axe_violations(page)
