"""Area statistics arithmetic and the growth chart layout."""

from __future__ import annotations

from datetime import date

import pytest

from cameramap.domain.stats import chart, cumulative, nice_step, per_km2, per_thousand, pick_unit


def test_densities():
    assert per_km2(10, 4.0) == 2.5
    assert per_km2(10, 0) is None
    assert per_thousand(3, 1500) == 2.0
    assert per_thousand(3, None) is None and per_thousand(3, 0) is None


def test_cumulative_fills_empty_periods():
    dates = [date(2020, 1, 5), date(2020, 1, 20), date(2020, 3, 1)]
    assert cumulative(dates, "month") == [(date(2020, 1, 1), 2), (date(2020, 2, 1), 2), (date(2020, 3, 1), 3)]
    assert cumulative([date(2019, 12, 31), date(2021, 1, 1)], "year") == [
        (date(2019, 1, 1), 1),
        (date(2020, 1, 1), 1),
        (date(2021, 1, 1), 2),
    ]
    assert cumulative([], "year") == []


def test_unit_follows_the_span():
    assert pick_unit([date(2020, 1, 1), date(2021, 1, 1)]) == "month"
    assert pick_unit([date(2000, 1, 1), date(2021, 1, 1)]) == "year"


@pytest.mark.parametrize(("maximum", "step"), [(9, 2), (100, 20), (1234, 500), (0, 1)])
def test_nice_steps(maximum, step):
    assert nice_step(maximum) == step


def test_chart_scales_lines_into_the_plot_box():
    series = {"first_seen": [(date(2020, 1, 1), 0), (date(2021, 1, 1), 10)], "added": [(date(2021, 1, 1), 4)]}
    layout = chart(series, "year")
    assert layout is not None
    first = layout.lines[0].points.split()
    x0, y0 = map(float, first[0].split(","))
    x1, y1 = map(float, first[-1].split(","))
    assert (x0, y0) == (layout.left, layout.bottom)
    assert x1 == layout.right and layout.top <= y1 < layout.bottom
    assert [line.last for line in layout.lines] == [10, 4]
    assert layout.y_ticks[0] == (0, layout.bottom)
    assert chart({"first_seen": []}, "year") is None


def test_a_series_of_one_point_is_drawn_as_a_dot():
    # every camera in one month: no line to draw, yet the chart must show the point
    layout = chart({"first_seen": [(date(2026, 11, 1), 221)], "added": [(date(2026, 11, 1), 221)]}, "month")
    assert layout is not None
    for line in layout.lines:
        assert line.dot is not None
        cx, cy = line.dot
        assert layout.left < cx < layout.right and layout.top <= cy < layout.bottom
    two = chart({"first_seen": [(date(2020, 1, 1), 0), (date(2021, 1, 1), 10)]}, "year")
    assert two is not None and two.lines[0].dot is None
