"""axe-core in the browser tests: `assert_no_axe_violations(page)` runs the vendored axe (from npm, pinned
in package.json's devDependencies, copied by scripts/vendor_assets.py; pages never load it) on the page
as it is now and fails with every violation's rule, impact and elements."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).parent / "vendor"
# WCAG 2.1 A/AA plus axe's best practices (landmarks, one <h1>, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@lru_cache(maxsize=1)
def axe_source() -> str:
    """The vendored axe.min.js (one version only)."""
    (path,) = VENDOR.glob("axe-core-*/axe.min.js")
    return path.read_text(encoding="utf-8")


def axe_violations(page: Any, context: str | None = None, disable: tuple[str, ...] = ()) -> list[dict]:
    """axe's violations on `page` (or inside the CSS selector `context`), rules in `disable` skipped."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())  # evaluated by the test driver: no <script>, so no CSP exception needed
    options = {"runOnly": {"type": "tag", "values": TAGS},
               "rules": {rule: {"enabled": False} for rule in disable}}
    return page.evaluate(
        "async ([context, options]) => (await window.axe.run(context || document, options)).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))",
        [context, options])


def assert_no_axe_violations(page: Any, context: str | None = None, disable: tuple[str, ...] = ()) -> None:
    """Fail with a readable list when axe finds any violation on the page as it is now."""
    found = axe_violations(page, context, disable)
    assert not found, "axe found:\n" + json.dumps(found, indent=1, ensure_ascii=False)[:6000]
