"""Access-request letters: the kinds (GDPR, 152-FZ, UK FOI, US public records) and their fields."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from .errors import UsageError


@dataclass(frozen=True, slots=True)
class LetterKind:
    """One letter template: `key` names templates/letters/<key>.txt; `language` is the letter's own."""

    key: str
    language: str
    # Fields that make no sense in this kind of letter (every other field must appear in it).
    unused: frozenset[str] = frozenset()


LETTER_KINDS: dict[str, LetterKind] = {
    "gdpr_art15": LetterKind("gdpr_art15", "en", frozenset({"public_body_law"})),
    "ru_152fz_art14": LetterKind("ru_152fz_art14", "ru", frozenset({"public_body_law"})),
    "uk_foi": LetterKind("uk_foi", "en", frozenset({"public_body_law"})),
    "us_public_records": LetterKind("us_public_records", "en"),
}

# Words in an operator's jurisdiction that suggest which letter fits; the first hit wins.
JURISDICTION_HINTS: tuple[tuple[str, str], ...] = (
    (r"russia|росси|moscow|москв|st\.? petersburg|санкт", "ru_152fz_art14"),
    (r"united kingdom|\buk\b|england|scotland|wales|northern ireland|london", "uk_foi"),
    (r"united states|\busa?\b|california|new york|texas|illinois|chicago|delaware|washington|"
     r"county|state of", "us_public_records"),
)

MAX_TEXT = 300
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


@dataclass(frozen=True, slots=True)
class LetterFields:
    """Everything a letter may say; None leaves a placeholder for the requester to fill by hand."""

    operator_name: str
    operator_contact: str | None = None
    data_controller: str | None = None
    legal_basis: str | None = None
    retention_period: str | None = None
    operator_url: str | None = None
    camera_id: str | None = None
    camera_url: str | None = None
    camera_lat: str | None = None
    camera_lon: str | None = None
    camera_description: str | None = None
    observed_on: str | None = None
    observed_at: str | None = None
    requester_name: str | None = None
    requester_address: str | None = None
    requester_email: str | None = None
    public_body_law: str | None = None
    today: str = ""

    def context(self) -> dict[str, str | None]:
        return asdict(self)


def letter_kind(key: str | None, jurisdiction: str | None = None) -> LetterKind:
    """The kind asked for, or the one the operator's jurisdiction suggests (GDPR by default)."""
    if key:
        found = LETTER_KINDS.get(key.strip())
        if found is None:
            allowed = ", ".join(LETTER_KINDS)
            raise UsageError(f"unknown letter {key[:50]!r}; expected one of: {allowed}", parameter="letter")
        return found
    text = (jurisdiction or "").lower()
    for pattern, kind in JURISDICTION_HINTS:
        if re.search(pattern, text):
            return LETTER_KINDS[kind]
    return LETTER_KINDS["gdpr_art15"]


def observed_date(text: str | None, today: date) -> date | None:
    """The day the requester passed the camera: ISO YYYY-MM-DD, not in the future."""
    if not text or not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError("the date must be written YYYY-MM-DD", parameter="date") from None
    if day > today:
        raise UsageError("the date cannot be in the future", parameter="date")
    return day


def observed_time(text: str | None) -> time | None:
    """The time of day, HH:MM (24-hour clock)."""
    if not text or not text.strip():
        return None
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise UsageError("the time must be written HH:MM (24-hour clock)", parameter="time")
    return time(int(match.group(1)), int(match.group(2)))


def free_text(value: str | None, parameter: str, limit: int = MAX_TEXT) -> str | None:
    """A requester's own words for the letter: trimmed, control characters refused, length capped."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace("\r\n", "\n")
    if any(ord(c) < 32 and c != "\n" for c in text):
        raise UsageError(f"{parameter} contains control characters", parameter=parameter)
    if len(text) > limit:
        raise UsageError(f"{parameter} is longer than {limit} characters", parameter=parameter)
    return text


def moment_text(day: date | None, at: time | None) -> tuple[str | None, str | None]:
    """The observed date and time as the letter prints them (ISO date, HH:MM)."""
    return (day.isoformat() if day else None, at.strftime("%H:%M") if at else None)


def today_text(now: datetime) -> str:
    return now.date().isoformat()
