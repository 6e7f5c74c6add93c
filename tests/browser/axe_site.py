"""axe-core in a page: inject the vendored copy (tests only; never served) and assert no violations.

axe is evaluated through the browser's DevTools protocol, so the page's Content-Security-Policy
(which forbids inline scripts) stays as it is in production.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

RUN = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) =>
      n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n").join(" ")),
  }));
}"""


@cache
def axe_source() -> str:
    """The vendored axe.min.js at the version package.json pins (scripts/vendor_assets.py copies it)."""
    version = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
    return (ROOT / "tests" / "browser" / "vendor" / f"axe-core-{version}" / "axe.min.js").read_text()


def axe_violations(page: Any, *, disabled: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (every rule but `disabled`)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;0")
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if disabled:
        options["rules"] = {rule: {"enabled": False} for rule in disabled}
    return page.evaluate(RUN, options)


def assert_no_axe_violations(page: Any, *, disabled: tuple[str, ...] = ()) -> None:
    """Fail with a readable list of what axe found on the page."""
    found = axe_violations(page, disabled=disabled)
    assert not found, f"axe on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)
