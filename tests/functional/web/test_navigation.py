"""The map's compact bar and every other page's header carry the same links, the current one marked."""

from __future__ import annotations

import re

import pytest

LINK = re.compile(r'<li><a href="([^"]+)"( aria-current="page")?>')


def _links(html: str, start: str) -> list[tuple[str, bool]]:
    nav = html[html.index(start):]
    nav = nav[:nav.index("</ul>")]
    return [(href, bool(current)) for href, current in LINK.findall(nav)]


@pytest.mark.parametrize("path, start, current", [
    ("/", 'class="cm-site-nav"', "/"),
    ("/about", 'class="site-nav"', "/about"),
    ("/operators", 'class="site-nav"', "/operators"),
])
def test_one_list_of_links_with_the_current_page_marked(client, path, start, current) -> None:
    map_links = _links(client.get("/").get_data(as_text=True), 'class="cm-site-nav"')
    page = client.get(path)
    assert page.status_code == 200
    links = _links(page.get_data(as_text=True), start)
    assert [href for href, _ in links] == [href for href, _ in map_links]
    assert len(links) == 7
    assert [href for href, marked in links if marked] == [current]
