"""English texts that a page shows translated: `N_(message, **values)` marks them for extraction."""

from __future__ import annotations

from collections.abc import Mapping


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
