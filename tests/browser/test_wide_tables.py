"""Wide tables in their scroll boxes, at phone and desktop size in English and Russian: the moderation
weekly figures and the API docs' tables sit in labelled boxes the keyboard reaches, the page never
scrolls sideways, a box that hides columns shows a shadow on that side, and on /api/v1/docs a
parameter's, member's or header's name never breaks inside a word."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.site_pages import prepare_site, public_pages

pytestmark = pytest.mark.browser
# Every scroll box: its accessible name (aria-label, or the texts aria-labelledby names), whether Tab
# reaches it, its right edge, whether its table is wider, and whether it is dressed to show it: shadows
# fixed at its edges under white covers that move with the table, and a table that lets them through.
BOXES = """() => [...document.querySelectorAll('main .table-scroll')].map(box => {
  const s = getComputedStyle(box), table = box.querySelector('table');
  const named = (box.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
    .map(id => document.getElementById(id)?.textContent.trim() || '');
  return {role: box.getAttribute('role'), name: box.getAttribute('aria-label') || named.join(' '),
          named: named.every(Boolean), focusable: box.tabIndex === 0,
          right: box.getBoundingClientRect().right, screen: document.documentElement.clientWidth,
          scrolls: box.scrollWidth > box.clientWidth,
          shadows: (s.backgroundImage.match(/radial-gradient/g) || []).length,
          attachments: s.backgroundAttachment,
          see_through: getComputedStyle(table).backgroundColor === 'rgba(0, 0, 0, 0)'};
})"""
PAGE_WIDTHS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# Code names that wrapped: a broken inline <code> has more than one box.
BROKEN_NAMES = """() => [...document.querySelectorAll('.api-docs td code, .response-headers dt code')]
  .filter(code => code.getClientRects().length > 1).map(code => code.textContent).slice(0, 10)"""


@pytest.fixture(scope="module")
def site(live_server, tmp_path_factory):
    return prepare_site(live_server, tmp_path_factory.mktemp("site"))


def open_page(page, live_server, site, name: str, lang: str) -> None:
    path = dict(public_pages(site))[name]
    page.goto(live_server.url + path + ("&" if "?" in path else "?") + f"lang={lang}")


def assert_boxes_fit_and_are_labelled(page) -> list[dict]:
    boxes = page.evaluate(BOXES)
    assert boxes
    for box in boxes:
        assert box["role"] == "region" and box["name"] and box["named"] and box["focusable"], box
        assert box["right"] <= box["screen"] + 0.5, box
        assert box["shadows"] == 2 and "local" in box["attachments"] and box["see_through"], box
    scroll_width, screen = page.evaluate(PAGE_WIDTHS)
    assert scroll_width <= screen  # the page itself never scrolls sideways
    return boxes


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_weekly_figures_scroll_in_a_labelled_box(sized, live_server, site, lang):
    page = sized
    open_page(page, live_server, site, "moderation-stats", lang)
    (box,) = assert_boxes_fit_and_are_labelled(page)
    assert box["name"] == page.locator("h1").text_content()
    if page.size_name == "phone":  # five columns do not fit: the box scrolls, by keyboard too
        assert box["scrolls"], box
        page.locator("main .table-scroll").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('main .table-scroll').scrollLeft > 0")
        page.locator("main .table-scroll").evaluate("b => { b.scrollLeft = b.scrollWidth; }")
        reverted = page.locator("#weekly-stats th").last.bounding_box()
        assert reverted["x"] + reverted["width"] <= box["right"] + 0.5  # the last column can be seen
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_api_docs_names_never_break_inside_a_word(sized, live_server, site, lang):
    page = sized
    open_page(page, live_server, site, "api-docs", lang)
    assert page.evaluate(BROKEN_NAMES) == []
    boxes = assert_boxes_fit_and_are_labelled(page)
    assert len({box["name"] for box in boxes}) == len(boxes)  # each region tells which table it is
    if page.size_name == "phone":
        assert any(box["scrolls"] for box in boxes)
    assert_no_axe_violations(page)
