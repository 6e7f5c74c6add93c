"""The admins' page of moderator accounts in Chromium, at phone and desktop size, in English and
Russian: axe finds nothing, nothing is wider than the screen, and an admin disables, enables and adds a
moderator with the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from cameramap.web.i18n import SUPPORTED_LANGUAGES
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_site_pages import WIDER_THAN_SCREEN, with_lang

pytestmark = pytest.mark.browser
ADMIN = ("adm-browser", "a long enough admin password 42")
OTHER = "mod-keyboard"


@pytest.fixture(scope="module")
def accounts_site(live_server):
    from sqlalchemy import select

    from cameramap.services.moderation import accounts
    from cameramap.storage.submissions import Moderator

    with live_server.session() as session:
        for name, role in ((ADMIN[0], "admin"), (OTHER, "moderator")):
            if session.scalar(select(Moderator).where(Moderator.name == name)) is None:
                accounts.add_moderator(session, name, ADMIN[1], role)
    return live_server


def log_in_with_the_keyboard(page, base: str) -> None:
    page.goto(base + "/moderate/login")
    page.focus("#name")
    page.keyboard.type(ADMIN[0])
    page.keyboard.press("Tab")
    page.keyboard.type(ADMIN[1])
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/moderate/login" not in url)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_the_accounts_page_passes_axe_and_fits(sized, accounts_site, lang, tmp_path: Path):
    page, base = sized, accounts_site.url
    log_in_with_the_keyboard(page, base)
    page.goto(base + with_lang("/moderate/accounts", lang))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    page.screenshot(path=str(tmp_path / f"accounts-{page.size_name}-{lang}.png"), full_page=True)
    assert page.errors == []


def test_an_admin_manages_a_moderator_with_the_keyboard(sized, accounts_site):
    page, base = sized, accounts_site.url
    log_in_with_the_keyboard(page, base)
    page.goto(base + "/moderate/accounts?lang=en")
    other = page.locator("li", has=page.locator("h2", has_text=OTHER))
    other_id = other.get_attribute("id")
    tab_to(page, f"#{other_id} button")
    page.keyboard.press("Enter")
    page.wait_for_selector("[role=status]")
    assert "disabled" in page.locator(f"#{other_id}").inner_text()
    tab_to(page, f"#{other_id} button")
    page.keyboard.press("Enter")
    page.wait_for_selector("[role=status]")
    assert "disabled" not in page.locator(f"#{other_id} p").inner_text()
    name = f"mod-added-{page.size_name}"
    tab_to(page, "#new-name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type("a long enough new password")
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"h2:text-is('{name}')")
    assert page.errors == []
