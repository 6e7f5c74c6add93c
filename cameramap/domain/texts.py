"""English texts that a page shows translated: `N_(message, **values)` marks them for extraction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Text(str):
    """The English text of a message with its values filled in; it remembers both, so a page can show
    the message translated, with each value that is itself a Text translated in turn (web/i18n.py).
    Everywhere else (JSON documents, comparisons) it is the plain English string."""

    message: str
    values: dict[str, object]

    def __new__(cls, message: str, values: Mapping[str, object] | None = None) -> Text:
        text = super().__new__(cls, message % values if values else message)
        text.message, text.values = message, dict(values or {})
        return text


class Grouped(int):
    """A whole number the English text writes with thousands separators (100,000)."""

    def __str__(self) -> str:
        return f"{int(self):,}"


def N_(message: str, **values: object) -> Text:
    """Mark an English message for extraction (pybabel's `N_`); with values it is a %-format message
    (`N_("at most %(limit)s characters", limit=300)`), and a literal % is written %%."""
    return Text(message, values)


def plain(node: Any) -> Any:
    """A JSON-like value with every marked text a plain str and every Grouped a plain int (what it
    serialises as): for consumers that want exact JSON types (schema validators)."""
    if isinstance(node, dict):
        return {key: plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, str) and type(node) is not str:
        return str.__str__(node)
    if isinstance(node, int) and type(node) not in (int, bool):
        return int(node)
    return node
