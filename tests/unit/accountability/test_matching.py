"""Official vs observed matching: one-to-one, nearest pairs first, within the distance, nothing lost."""

from __future__ import annotations

import pytest

from cameramap.domain.errors import UsageError
from cameramap.domain.geo import Point
from cameramap.domain.matching import Site, check_distance, match_sites

NORTH_1M = 1 / 111_195  # degrees of latitude in about one metre


def site(key: str, lon: float, lat: float) -> Site:
    return Site(key, Point(lon, lat))


def keys(sites) -> set:
    return {s.key for s in sites}


def test_every_site_lands_in_exactly_one_list():
    declared = [site(f"d{i}", 24.9 + i * 0.01, 60.1) for i in range(5)]
    observed = [site("o0", 24.9, 60.1 + 3 * NORTH_1M), site("o1", 24.91, 60.1), site("far", 25.5, 60.5)]
    result = match_sites(declared, observed, 10)
    assert {(p.declared.key, p.observed.key) for p in result.matched} == {("d0", "o0"), ("d1", "o1")}
    assert keys(result.observed_only) == {"far"}
    assert keys(result.declared_only) == {"d2", "d3", "d4"}
    assert result.counts() == {"matched": 2, "observed_only": 1, "declared_only": 3}


def test_the_distance_is_a_strict_limit():
    declared = [site("d", 6.14, 46.2)]
    observed = [site("o", 6.14, 46.2 + 30 * NORTH_1M)]
    assert match_sites(declared, observed, 29).matched == []
    pair = match_sites(declared, observed, 31).matched[0]
    assert 29.5 < pair.distance_m < 30.5


@pytest.mark.parametrize("metres", [1e-320, 1e-9, 0.5])
def test_a_tiny_distance_matches_only_the_same_spot(metres):
    declared = [site("d", 24.9, 60.1), site("d2", 24.9, 60.1 + NORTH_1M)]
    observed = [site("o", 24.9, 60.1)]
    result = match_sites(declared, observed, metres)
    assert [(p.declared.key, p.observed.key) for p in result.matched] == [("d", "o")]
    assert keys(result.declared_only) == {"d2"}


def test_nearest_pairs_win_and_each_site_is_used_once():
    # o1 is nearer to d1 than to d0; greedy by list order would give o1 to d0.
    declared = [site("d0", 0.001, 10.0), site("d1", 0.001 + 8 * NORTH_1M, 10.0)]
    observed = [site("o1", 0.001 + 7 * NORTH_1M, 10.0)]
    result = match_sites(declared, observed, 20)
    assert [(p.declared.key, p.observed.key) for p in result.matched] == [("d1", "o1")]
    assert keys(result.declared_only) == {"d0"}


def test_the_answer_does_not_depend_on_input_order():
    declared = [site(f"d{i}", 2.35 + i * 1e-4, 48.85) for i in range(20)]
    observed = [site(f"o{i}", 2.35 + i * 1e-4 + 2e-5, 48.85) for i in range(20)]
    first = match_sites(declared, observed, 15)
    second = match_sites(list(reversed(declared)), list(reversed(observed)), 15)
    assert {(p.declared.key, p.observed.key) for p in first.matched} == {
        (p.declared.key, p.observed.key) for p in second.matched
    }


def test_neighbouring_grid_cells_are_searched_at_high_latitude():
    declared = [site("d", 25.0, 78.2)]  # Svalbard: a degree of longitude is about 23 km
    observed = [site("o", 25.0 + 40 / 22_700, 78.2)]
    assert len(match_sites(declared, observed, 50).matched) == 1


def test_empty_sides():
    result = match_sites([], [site("o", 1, 1)], 10)
    assert keys(result.observed_only) == {"o"} and result.matched == [] and result.declared_only == []


@pytest.mark.parametrize("bad", ["0", "-5", "abc", "nan", "inf", "20000"])
def test_bad_distances_are_refused(bad):
    with pytest.raises(UsageError) as err:
        check_distance(bad)
    assert err.value.parameter == "distance"
