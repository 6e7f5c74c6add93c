"""The letter generator: every template uses every field that fits it, and fills each one."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from cameramap.domain.errors import UsageError
from cameramap.domain.letters import (
    LETTER_KINDS,
    LetterFields,
    free_text,
    letter_kind,
    observed_date,
    observed_time,
)
from cameramap.services.accountability.letters import render, template_fields

ALL_FIELDS = {f.name for f in fields(LetterFields)}


def filled() -> LetterFields:
    """Every field set to a value that cannot appear in a template by chance."""
    return LetterFields(**{name: f"<<{name}-value>>" for name in ALL_FIELDS})


@pytest.mark.parametrize("key", sorted(LETTER_KINDS))
def test_each_template_uses_every_field_that_fits(key):
    kind = LETTER_KINDS[key]
    assert template_fields(kind) == ALL_FIELDS - kind.unused


@pytest.mark.parametrize("key", sorted(LETTER_KINDS))
def test_each_template_fills_every_field(key):
    kind = LETTER_KINDS[key]
    text = render(kind, filled())
    for name in ALL_FIELDS - kind.unused:
        assert f"<<{name}-value>>" in text, name
    assert "[" not in text, "a placeholder is left although every field was given"


@pytest.mark.parametrize("key", sorted(LETTER_KINDS))
def test_missing_fields_leave_bracketed_gaps_not_none(key):
    text = render(
        LETTER_KINDS[key],
        LetterFields(operator_name="Department X", operator_url="https://x/o/1", today="2024-05-01"),
    )
    assert "Department X" in text and "2024-05-01" in text
    assert "None" not in text
    assert text.count("[") >= 5


def test_the_russian_letter_is_in_russian_and_cites_the_law():
    text = render(LETTER_KINDS["ru_152fz_art14"], filled())
    assert "152-ФЗ" in text and "статьи 14" in text and "статьи 20" in text


@pytest.mark.parametrize(
    ("jurisdiction", "expected"),
    [
        ("Moscow, Russia", "ru_152fz_art14"),
        ("Москва", "ru_152fz_art14"),
        ("London, United Kingdom", "uk_foi"),
        ("Chicago, Illinois, United States", "us_public_records"),
        ("Canton of Geneva", "gdpr_art15"),
        (None, "gdpr_art15"),
    ],
)
def test_the_jurisdiction_suggests_a_letter(jurisdiction, expected):
    assert letter_kind(None, jurisdiction).key == expected


def test_an_unknown_letter_is_refused():
    with pytest.raises(UsageError) as err:
        letter_kind("nope")
    assert err.value.parameter == "letter"


def test_dates_and_times_are_checked():
    today = date(2024, 5, 1)
    assert observed_date("2024-04-30", today) == date(2024, 4, 30)
    assert observed_date("", today) is None
    assert observed_time("07:05").strftime("%H:%M") == "07:05"
    for bad in ("2024-13-01", "yesterday", "2024-05-02"):
        with pytest.raises(UsageError):
            observed_date(bad, today)
    for bad in ("7pm", "24:00", "12:60"):
        with pytest.raises(UsageError):
            observed_time(bad)


def test_free_text_refuses_control_characters_and_long_text():
    assert free_text("  Main St\r\nApt 2 ", "address") == "Main St\nApt 2"
    with pytest.raises(UsageError):
        free_text("a\x00b", "name")
    with pytest.raises(UsageError):
        free_text("x" * 301, "name")
