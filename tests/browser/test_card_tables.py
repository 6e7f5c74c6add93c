"""The /operators and /vendors tables on a phone: each row reflows into a block (no sideways scrolling),
every cell's text shows within the screen after its column's name, and a screen reader still finds its
headers and cells (the column name not read twice), in English and Russian; on a desktop
they stay plain tables with their header row."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser
PATHS = ("/operators", "/vendors")
# The table box's scrolling, the page's width, the header texts and, for each row, each cell's text,
# column name shown before it, box edges and display.
CARDS = """() => {
  const box = document.querySelector('.table-scroll'), table = box.querySelector('table');
  const headers = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
  const rows = [...table.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(td => {
    const r = td.getBoundingClientRect(), before = getComputedStyle(td, '::before').content;
    return {text: td.textContent.trim(), label: td.dataset.label, before,
            display: getComputedStyle(td).display,
            left: r.left, right: r.right, width: r.width, height: r.height,
            clipped: td.scrollWidth > td.clientWidth + 1};
  }));
  return {scrolls: box.scrollWidth > box.clientWidth, page: document.documentElement.scrollWidth,
          screen: innerWidth, headers, rows, headerShown: table.tHead.getBoundingClientRect().height > 2};
}"""


def cards(sized, live_server, path: str, lang: str) -> dict:
    sized.goto(f"{live_server.url}{path}?lang={lang}")
    return sized.evaluate(CARDS)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path", PATHS)
def test_a_phone_shows_every_column_of_every_row_without_scrolling(sized, live_server, path, lang):
    found = cards(sized, live_server, path, lang)
    assert found["rows"], found
    for row in found["rows"]:
        # every cell names its column with the header's own (translated) text
        assert [cell["label"] for cell in row] == found["headers"], row
    if sized.size_name == "desktop":  # as before: a table with its header row, one cell per column
        assert found["headerShown"] and {c["display"] for r in found["rows"] for c in r} == {"table-cell"}
        return
    assert not found["scrolls"] and found["page"] <= found["screen"], found
    assert not found["headerShown"], found  # the column names are at each cell instead
    for row in found["rows"]:
        for n, cell in enumerate(row):
            if not cell["text"]:
                continue
            assert cell["width"] > 0 and cell["height"] > 0 and not cell["clipped"], cell
            assert cell["left"] >= 0 and cell["right"] <= found["screen"], cell
            # the name stands alone; each other cell shows its column name before its text
            assert (cell["label"] in cell["before"]) == (n > 0), cell
    # still a table to a screen reader: its headers and cells, each cell named by its text alone
    assert sized.get_by_role("columnheader").count() == len(found["headers"])
    assert sized.get_by_role("cell").count() == sum(len(row) for row in found["rows"])
    kind = found["rows"][0][1]["text"]
    assert sized.get_by_role("cell", name=kind, exact=True).count() >= 1
    assert_no_axe_violations(sized)
