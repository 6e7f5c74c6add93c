"""What a reviewer measured on the server-rendered pages, at phone and desktop size: the small maps'
attribution is underlined and set like the main map's; the map page, the site pages and their maps'
attributions use the one font stack of font.css; the /stats and /compare fields are tall enough to
tap, in the page font, and a long source name fits the select on a phone (the growth chart: see
test_page_fixes.py); the operators' table fits a phone; every form control uses the page font; the
moderation queue's, moderation camera page's and camera page's small fields are tall enough to tap and
the page does not scroll sideways; a nearby camera of unknown type says so on the moderation page (English
and Russian); the data-request letter's fields look like /submit's and take a phone's whole width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.site_pages import log_in, moderation_pages, prepare_site, public_pages

pytestmark = pytest.mark.browser
MAP_PAGES = ("camera", "stats", "compare", "submit", "sighting", "operator")
ATTRIBUTION_LINK = """() => {
  const s = getComputedStyle(document.querySelector('.leaflet-control-attribution a'));
  return [s.textDecorationLine, s.fontSize, s.fontFamily];
}"""
BODY_FONT = "() => getComputedStyle(document.body).fontFamily"
# The fonts of the page, its map's attribution and the map page's LFR badge in the legend.
FONTS = """() => [document.body, ...document.querySelectorAll('.leaflet-control-attribution, .cm-legend-van')]
  .map(e => getComputedStyle(e).fontFamily)"""
# Each field: its height and font, and whether the chosen text fits the lines the field shows (a select
# cannot scroll, so a cut text is lost: its width, measured in the field's font, against the room).
FIELDS = """() => [...document.querySelectorAll('form.filters select, form.filters input')].map(field => {
  const s = getComputedStyle(field), box = field.getBoundingClientRect();
  const text = field.tagName === 'SELECT' ? field.selectedOptions[0].text : field.value;
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${s.fontSize} ${s.fontFamily}`;
  const size = parseFloat(s.fontSize), pad = parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
  const room = field.clientWidth - pad - (field.tagName === "SELECT" ? size : 0);
  const lines = Math.max(1, Math.floor((field.clientHeight - parseFloat(s.paddingTop)
    - parseFloat(s.paddingBottom)) / (1.1 * size)));
  return {name: field.name, height: box.height, font: s.fontFamily,
          fits: ctx.measureText(text).width <= room * lines,
          right: box.right, formRight: field.form.getBoundingClientRect().right};
})"""
# The controls a selector finds: their height, font and right edge (a control in a table's scroll box may
# reach past the screen: the box scrolls).
CONTROLS = """sel => [...document.querySelectorAll(sel)].map(c => {
  const s = getComputedStyle(c), box = c.getBoundingClientRect();
  return {tag: c.tagName, name: c.name || c.textContent.trim(), height: box.height, font: s.fontFamily,
          size: s.fontSize, right: c.closest('.table-scroll') ? 0 : box.right,
          screen: document.documentElement.clientWidth};
})"""
PAGE_WIDTHS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
FORM_CONTROLS = "main form :is(button, select, textarea, input:not([type=hidden]))"
SMALL_CONTROLS = {
    "moderation-queue": "form.filters :is(input, select, button), .batch input",
    "moderation-camera": "form.inline-form :is(select, input:not([type=hidden]))",
    "camera": "#report-change :is(select, textarea)",
}
# A field's look: what site.css gives /submit's text fields (font, size, padding, border, background).
FIELD_LOOK = """f => { const s = getComputedStyle(f);
  return [s.fontFamily, s.fontSize, s.paddingTop, s.paddingLeft, s.borderTopWidth, s.borderTopColor,
          s.borderTopLeftRadius, s.backgroundColor]; }"""
LETTER_FIELDS = ".letter-form :is(input:not([type=hidden], [type=radio]), select, textarea)"
TABLE_BOX = """() => {
  const box = document.querySelector('.table-scroll'), table = box.querySelector('table');
  return {box: box.getBoundingClientRect().width, container: box.parentElement.clientWidth
    - parseFloat(getComputedStyle(box.parentElement).paddingLeft)
    - parseFloat(getComputedStyle(box.parentElement).paddingRight),
    table: table.getBoundingClientRect().width, scrolls: box.scrollWidth > box.clientWidth,
    focusable: box.tabIndex === 0, page: document.documentElement.scrollWidth, screen: innerWidth};
}"""


@pytest.fixture(scope="module")
def site(live_server, tmp_path_factory):
    return prepare_site(live_server, tmp_path_factory.mktemp("site"))


def path_of(site, name: str, lang: str = "en") -> str:
    path = dict(public_pages(site) + moderation_pages(site))[name]
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def attribution(page, url: str) -> list[str]:
    page.goto(url)
    page.locator(".leaflet-control-attribution a").first.wait_for()
    return page.evaluate(ATTRIBUTION_LINK)


def test_small_maps_attribution_is_set_like_the_main_map(sized, live_server, site):
    page, base = sized, live_server.url
    main = attribution(page, base + "/?lang=en")
    assert main[0] == "underline" and main[1] == "14px"
    for name in MAP_PAGES:
        assert attribution(page, base + path_of(site, name)) == main, name
    log_in(page, base)
    for name in ("moderation-queue", "moderation-item", "moderation-sighting"):
        assert attribution(page, base + path_of(site, name)) == main, name


@pytest.mark.parametrize("name", ["map", "about", "stats"])
def test_pages_and_map_attributions_are_set_in_the_one_font_stack(sized, live_server, site, name):
    page = sized
    page.goto(live_server.url + ("/?lang=en" if name == "map" else path_of(site, name)))
    if name != "about":
        page.locator(".leaflet-control-attribution a").first.wait_for()
    if name == "map":  # the legend is built after the attribution, once the toolbar is
        page.locator(".cm-legend-van").wait_for(state="attached")
    fonts = page.evaluate(FONTS)
    font_css = Path(live_server.app.static_folder, "css", "font.css").read_text()
    stack = re.search(r"--cm-font:\s*([^;]+);", font_css).group(1)
    assert len(fonts) == {"map": 3, "about": 1, "stats": 2}[name], fonts
    assert set(fonts) == {stack}, fonts


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", ["stats", "compare"])
def test_filter_fields_are_tall_in_the_page_font_and_show_their_text(sized, live_server, site, name, lang):
    page = sized
    page.goto(live_server.url + path_of(site, name, lang))
    body_font, fields = page.evaluate(BODY_FONT), page.evaluate(FIELDS)
    assert len(fields) >= 2
    for field in fields:
        assert field["height"] >= 24 and field["font"] == body_font, field  # WCAG 2.5.8 target size
        assert field["fits"] and field["right"] <= field["formRight"], field
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_operators_table_box_fits_the_page(sized, live_server, site, lang):
    page = sized
    page.goto(live_server.url + path_of(site, "operators", lang))
    sizes = page.evaluate(TABLE_BOX)
    assert sizes["box"] <= sizes["container"] + 0.5 and sizes["page"] <= sizes["screen"], sizes
    # On a phone each row is a block (test_card_tables.py), so the table fits its box; a wider table
    # would scroll inside its box, which the keyboard can reach.
    assert sizes["table"] <= sizes["box"] + 0.5 or (sizes["scrolls"] and sizes["focusable"]), sizes
    assert_no_axe_violations(page)


@pytest.mark.parametrize("name", ["submit", "sighting", "moderation-login"])
def test_form_controls_use_the_page_font(sized, live_server, site, name):
    page = sized
    page.goto(live_server.url + path_of(site, name))
    body_font = page.evaluate(BODY_FONT)
    controls = page.evaluate(CONTROLS, FORM_CONTROLS)
    assert {"BUTTON", "INPUT"} <= {c["tag"] for c in controls}, controls
    assert all(c["font"] == body_font for c in controls), controls
    if name != "moderation-login":
        assert page.locator("#my-location").evaluate("b => getComputedStyle(b).fontFamily") == body_font


@pytest.mark.parametrize(("lang", "words"), [("en", "type unknown"), ("ru", "тип неизвестен")])
def test_a_nearby_camera_of_unknown_type_says_so(page, live_server, site, lang, words):
    log_in(page, live_server.url)
    page.goto(live_server.url + path_of(site, "moderation-sighting", lang))
    nearby = page.locator("main li:has(a[href*='/moderate/cameras/'])").all_inner_texts()
    assert nearby and not any(re.search(r":\s*\(", line) for line in nearby), nearby
    assert any(f": {words} (" in line for line in nearby), nearby


@pytest.mark.parametrize("name", sorted(SMALL_CONTROLS))
def test_small_controls_are_tall_in_the_page_font(sized, live_server, site, name):
    page = sized
    if name.startswith("moderation-"):
        log_in(page, live_server.url)
    page.goto(live_server.url + path_of(site, name))
    if name == "camera":
        page.locator("#report-change summary").click()
    body_font, controls = page.evaluate(BODY_FONT), page.evaluate(CONTROLS, SMALL_CONTROLS[name])
    assert len(controls) >= 2
    for control in controls:  # WCAG 2.5.8 target size, the page font at the size of /submit's fields
        assert control["height"] >= 24 and control["font"] == body_font and control["size"] == "16px", control
        assert control["right"] <= control["screen"], control
    scroll_width, screen = page.evaluate(PAGE_WIDTHS)
    assert scroll_width <= screen  # the page does not scroll sideways
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_letter_fields_look_like_the_submit_forms(sized, live_server, site, lang):
    page = sized
    page.goto(live_server.url + path_of(site, "submit", lang))
    submit_look = page.locator("#lat").evaluate(FIELD_LOOK)
    page.goto(live_server.url + path_of(site, "letter", lang))
    fields = page.locator(LETTER_FIELDS)
    assert fields.count() >= 7  # camera number, date, time, place, name, address, email, law
    for field in fields.all():
        assert field.evaluate(FIELD_LOOK) == submit_look, field.get_attribute("name")
        box, label = field.bounding_box(), field.locator("xpath=..").bounding_box()
        assert box["height"] >= 24, field.get_attribute("name")  # WCAG 2.5.8 target size
        if page.size_name == "phone":  # the whole width of its label (which spans its fieldset)
            assert abs(box["width"] - label["width"]) <= 0.5, (field.get_attribute("name"), box, label)
    scroll_width, screen = page.evaluate(PAGE_WIDTHS)
    assert scroll_width <= screen
    assert_no_axe_violations(page)
