"""Vocabulary and checks for operator records: document kinds, vendor kinds, editable fields, links."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit

from .errors import UsageError


class DocumentKind(StrEnum):
    FOI_ANSWER = "foi_answer"
    PROCUREMENT_RECORD = "procurement_record"
    NEWS = "news"
    OFFICIAL_STATEMENT = "official_statement"
    COURT_RULING = "court_ruling"
    REGULATOR_DECISION = "regulator_decision"
    REPORT = "report"
    OTHER = "other"


class VendorKind(StrEnum):
    VENDOR = "vendor"
    SYSTEM = "system"


# Operator fields an editor may change (each change is an operator revision).
OPERATOR_FIELDS = (
    "kind", "jurisdiction", "website", "data_controller", "legal_basis", "retention_period",
    "access_contact", "notes",
)
MAX_TITLE = 1000


def web_link(value: object, parameter: str = "url") -> str | None:
    """An absolute http(s) URL, or None for nothing; anything else is refused."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise UsageError(f"{parameter} must be an absolute http(s) URL, got {text[:100]!r}",
                         parameter=parameter)
    return text


def day(value: object, parameter: str = "date") -> date | None:
    """A calendar date from a date or an ISO YYYY-MM-DD text (YAML gives dates already)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{parameter} must be a date YYYY-MM-DD, got {str(value)[:50]!r}",
                         parameter=parameter) from None


def title(value: object, parameter: str = "title") -> str:
    text = "" if value is None else " ".join(str(value).split())
    if not text:
        raise UsageError(f"{parameter} is required", parameter=parameter)
    if len(text) > MAX_TITLE:
        raise UsageError(f"{parameter} is longer than {MAX_TITLE} characters", parameter=parameter)
    return text
