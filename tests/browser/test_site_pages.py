"""Every page but the map in Chromium, at phone and desktop size, in English and Russian: axe finds
nothing, nothing is wider than the screen, the site navigation reaches every page (a menu button on
a phone, with the keyboard), and the skip link moves focus into the page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from cameramap.web.i18n import SUPPORTED_LANGUAGES
from tests.browser.axe import assert_no_axe_violations
from tests.browser.site_pages import log_in, moderation_pages, prepare_site, public_pages

pytestmark = pytest.mark.browser
NAV = ["/", "/submit", "/operators", "/stats", "/compare", "/api/v1/docs", "/about"]
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.querySelectorAll("body *")) {
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") { clipped = true; break; }
    }
    const box = el.getBoundingClientRect();
    if (!clipped && box.width > 0 && box.right > width + 1) { found.push(el.tagName + "." + el.className); }
  }
  return found.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def site(live_server, tmp_path_factory):
    return prepare_site(live_server, tmp_path_factory.mktemp("site"))


def with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def submit_with_an_error(page, base: str, lang: str) -> None:
    """The form as the server shows it with an error beside a field (sent past the script's checks)."""
    page.goto(base + with_lang("/submit", lang))
    page.fill("#lat", "99")
    page.fill("#lon", "24.94")
    page.evaluate("() => HTMLFormElement.prototype.submit.call(document.getElementById('submit-form'))")
    page.wait_for_selector(".field-error")


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_axe_finds_nothing_on_any_page(sized, live_server, site, lang):
    page, base = sized, live_server.url
    pages = public_pages(site) + [("submit-saved", site.status_path + "?new=1")]
    for _name, path in pages:
        page.goto(base + with_lang(path, lang))
        page.wait_for_load_state("networkidle")
        assert_no_axe_violations(page)
        assert page.evaluate(WIDER_THAN_SCREEN) == [], path
    submit_with_an_error(page, base, lang)
    assert_no_axe_violations(page)
    log_in(page, base)
    for _name, path in moderation_pages(site):
        page.goto(base + with_lang(path, lang))
        page.wait_for_load_state("networkidle")
        assert_no_axe_violations(page)
        assert page.evaluate(WIDER_THAN_SCREEN) == [], path
    assert page.errors == []


def open_menu_if_folded(page) -> None:
    button = page.locator("#site-menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") == "false":
        button.click()
        assert button.get_attribute("aria-expanded") == "true"


def test_the_navigation_reaches_every_page_from_every_page(sized, live_server, site):
    page, base = sized, live_server.url
    for _name, start in public_pages(site):
        for target in NAV:
            page.goto(base + start)
            open_menu_if_folded(page)
            page.locator(f'.site-nav a[href="{target}"]').click()
            page.wait_for_load_state("domcontentloaded")
            assert urlsplit(page.url).path == target, (start, target)


def test_menu_button_on_a_phone_works_with_the_keyboard(sized, live_server):
    page = sized
    page.goto(live_server.url + "/about")
    button, links = page.locator("#site-menu-button"), page.locator(".site-nav a")
    if page.size_name == "desktop":
        assert button.is_hidden() and links.first.is_visible()
        return
    assert button.is_visible() and links.first.is_hidden()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "site-menu-button"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and links.first.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and links.first.is_hidden()
    assert page.evaluate("document.activeElement.id") == "site-menu-button"
    boxes = [page.locator(s).bounding_box() for s in (".brand", "#site-menu-button")]
    assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"]  # side by side, not overlapping


def test_without_javascript_the_menu_is_simply_open(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/about")
    assert page.locator("#site-menu-button").is_hidden()
    assert all(page.locator(f'.site-nav a[href="{target}"]').is_visible() for target in NAV)
    context.close()


def test_skip_link_moves_focus_to_the_content(sized, live_server):
    page = sized
    page.goto(live_server.url + "/operators")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # visible on the screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
