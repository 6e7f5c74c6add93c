"""Deployment values as published: durations, UK dates, times of day, windows across midnight and DST."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from cameramap.domain.deployments import (
    deployment_key,
    location_key,
    parse_clock,
    parse_day,
    parse_duration,
    window,
)
from cameramap.domain.errors import UsageError


@pytest.mark.parametrize("text, minutes", [
    ("4hr 47m", 287), ("4 hrs 47 mins", 287), ("5h", 300), ("45m", 45), ("4:47", 287),
    ("04:47:00", 287), ("1 hour 5 minutes", 65), ("4HR47M", 287),
])
def test_durations_as_published(text, minutes):
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "four hours", "0hr 0m", "200hr", "4hr 47"])
def test_bad_durations_say_what_was_expected(text):
    with pytest.raises(UsageError, match="duration"):
        parse_duration(text)


def test_uk_dates_are_day_first():
    assert parse_day("08/01/25") == date(2025, 1, 8)
    assert parse_day("8/1/2025") == date(2025, 1, 8)
    assert parse_day("08/01/25", day_first=False) == date(2025, 8, 1)
    assert parse_day("2025-01-08") == date(2025, 1, 8)
    assert parse_day(datetime(2025, 1, 8, 0, 0)) == date(2025, 1, 8)


@pytest.mark.parametrize("text", ["31/02/25", "13/13/25", "yesterday"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(UsageError, match="not a date"):
        parse_day(text)


@pytest.mark.parametrize("text, expected", [
    ("10:30", time(10, 30)), ("1030", time(10, 30)), ("10.30", time(10, 30)), ("2pm", time(14, 0)),
    ("2:15 p.m.", time(14, 15)), ("12am", time(0, 0)), ("9", time(9, 0)),
])
def test_times_of_day(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "noonish"])
def test_bad_times_are_refused(text):
    with pytest.raises(UsageError, match="time of day"):
        parse_clock(text)


def test_a_window_across_midnight_ends_the_next_day():
    by_end = window(date(2025, 1, 31), time(22, 0), "Europe/London", end=time(2, 30))
    by_length = window(date(2025, 1, 31), time(22, 0), "Europe/London",
                       duration=timedelta(hours=4, minutes=30))
    assert by_end == by_length
    assert by_end.start == datetime(2025, 1, 31, 22, 0, tzinfo=UTC)  # GMT is UTC in winter
    assert by_end.end == datetime(2025, 2, 1, 2, 30, tzinfo=UTC)
    assert by_end.local_day() == date(2025, 1, 31)


def test_a_window_across_the_autumn_clock_change():
    """BST ends at 02:00 on 26 October 2025 (clocks go back to 01:00 GMT)."""
    by_length = window(date(2025, 10, 25), time(23, 0), "Europe/London", duration=timedelta(hours=4))
    assert by_length.start == datetime(2025, 10, 25, 22, 0, tzinfo=UTC)  # 23:00 BST
    assert by_length.end == datetime(2025, 10, 26, 2, 0, tzinfo=UTC)  # four hours later: 02:00 GMT
    by_end = window(date(2025, 10, 25), time(23, 0), "Europe/London", end=time(3, 0))
    assert by_end.end == datetime(2025, 10, 26, 3, 0, tzinfo=UTC) and by_end.hours == 5


def test_a_window_across_the_spring_clock_change():
    by_end = window(date(2025, 3, 29), time(23, 0), "Europe/London", end=time(3, 0))
    assert by_end.start == datetime(2025, 3, 29, 23, 0, tzinfo=UTC) and by_end.hours == 3


def test_unknown_time_zones_are_refused():
    with pytest.raises(UsageError, match="time zone"):
        window(date(2025, 1, 1), time(10, 0), "Europe/Atlantis", duration=timedelta(hours=1))


def test_the_key_ignores_case_spacing_and_punctuation():
    assert location_key("  Oxford  Circus, W1 ") == location_key("oxford circus w1")
    assert deployment_key(date(2025, 1, 8), "Oxford Circus") == "2025-01-08|oxford circus"
