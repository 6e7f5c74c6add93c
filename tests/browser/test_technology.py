"""Technology with no place and vendor partnerships in Chromium: the Met's page and the vendor pages at
phone and desktop size, in English and Russian, with the keyboard; axe finds nothing and nothing is wider
than the screen. Screenshots go to the test's tmp_path (look at them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_site_pages import WIDER_THAN_SCREEN

pytestmark = pytest.mark.browser
OPERATORS = Path(__file__).resolve().parents[2] / "data" / "operators"
SHOTS = Path(os.environ.get("CAMERAMAP_SHOTS", "")) if os.environ.get("CAMERAMAP_SHOTS") else None
# The technology section's words, by page language (the Russian ones come from the catalogue).
WORDS = {"en": ("Technology with no place on the map", "live face recognition from vans", "in use"),
         "ru": ("Технологии, которых нет на карте", "распознавание лиц в реальном времени из фургонов",
                "используется")}


@pytest.fixture(scope="module")
def documented(live_server):
    """The London and Moscow files loaded into the live database; the ids of the pages to visit."""
    from sqlalchemy import select

    from cameramap.services.accountability.seed import load_seed
    from cameramap.storage.models import Operator, Vendor

    with live_server.session() as session:
        for name in ("london.yaml", "moscow.yaml"):
            load_seed(session, OPERATORS / name)
        met = session.scalar(select(Operator.id).where(Operator.name == "Metropolitan Police Service"))
        vendors = dict(session.execute(select(Vendor.name, Vendor.id)).tuples().all())
    return {"operator": f"/operators/{met}", "ntechlab": f"/vendors/{vendors['NtechLab']}",
            "clearview": f"/vendors/{vendors['Clearview AI']}", "vendors": "/vendors"}


def shot(page, tmp_path: Path, name: str) -> None:
    for folder in filter(None, (tmp_path, SHOTS)):
        page.screenshot(path=str(folder / f"{name}-{page.size_name}.png"), full_page=True)


def tab_into(page, selector: str, presses: int = 120) -> str:
    """Press Tab until the focus is inside `selector`; the focused element's text (fails if never)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        inside = page.evaluate("(s) => !!document.activeElement.closest(s)", selector)
        if inside:
            return page.evaluate("() => document.activeElement.textContent || document.activeElement.tagName")
    raise AssertionError(f"the keyboard never reached {selector}")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_operator_and_vendor_pages_show_technology(sized, live_server, documented, lang, tmp_path):
    page, base = sized, live_server.url
    heading, van, in_use = WORDS[lang]
    page.goto(f"{base}{documented['operator']}?lang={lang}")
    section = page.locator("#technology")
    assert section.locator("h2").inner_text() == heading
    assert van in section.inner_text() and in_use.upper() in section.inner_text().upper()
    assert section.locator("a[href^='https://www.bailii.org/']").count() >= 1
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    assert_no_axe_violations(page)
    section.scroll_into_view_if_needed()
    shot(page, tmp_path, f"technology-operator-{lang}")
    tab_into(page, "#technology")  # the table's scroll box, then its evidence links
    assert page.evaluate("() => document.activeElement.closest('#technology .table-scroll') !== null")
    for name in ("ntechlab", "clearview", "vendors"):
        page.goto(f"{base}{documented[name]}?lang={lang}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(WIDER_THAN_SCREEN) == [], name
        assert_no_axe_violations(page)
        shot(page, tmp_path, f"technology-{name}-{lang}")
    page.goto(f"{base}{documented['ntechlab']}?lang={lang}")
    assert page.locator("#partnerships a", has_text="Genetec").count() == 1
    focused = tab_into(page, "#partnerships")
    assert focused  # reached with the keyboard
    assert page.errors == []
