"""Dates as precise as they are known (YYYY, YYYY-MM, YYYY-MM-DD) and the order of since and until."""

from __future__ import annotations

from datetime import date

import pytest

from cameramap.domain.errors import UsageError
from cameramap.domain.technology import date_window, partial_date


@pytest.mark.parametrize(("value", "expected"), [
    (2016, "2016"), ("2016-08", "2016-08"), ("2020-01-24", "2020-01-24"), (date(2022, 5, 23), "2022-05-23"),
    (" 2019 ", "2019"), (None, None), ("", None),
])
def test_partial_dates(value, expected):
    assert partial_date(value) == expected


@pytest.mark.parametrize("value", ["2019-13", "2019-02-30", "19", "2019/05", "soon", "2019-5", 20190])
def test_impossible_or_malformed_dates_are_refused(value):
    with pytest.raises(UsageError, match="must be a date YYYY, YYYY-MM or YYYY-MM-DD"):
        partial_date(value, "since")


@pytest.mark.parametrize(("since", "until"), [
    ("2016-08", "2019"), ("2019", "2019-05"), ("2019-05-01", "2019-05"), (None, "2001"), ("2001", None)])
def test_until_may_equal_or_follow_since_as_far_as_both_go(since, until):
    assert date_window(since, until) == (partial_date(since), partial_date(until))


@pytest.mark.parametrize(("since", "until"), [
    ("2020", "2019-12"), ("2019-06", "2019-05-31"), ("2019-05-02", "2019-05-01")])
def test_until_before_since_is_refused(since, until):
    with pytest.raises(UsageError, match="comes before since"):
        date_window(since, until)
