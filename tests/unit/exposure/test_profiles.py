"""Street profiles from OSM tags: who may go where, in which direction."""

from __future__ import annotations

from cameramap.exposure.profiles import BACKWARD, FORWARD, access_bits, car_speed


def allowed(tags: dict[str, str]) -> dict[str, str]:
    bits = access_bits(tags)
    return {p: ("<" if bits & BACKWARD[p] else "") + (">" if bits & FORWARD[p] else "") for p in FORWARD}


def test_a_residential_street_is_for_everyone_both_ways():
    assert allowed({"highway": "residential"}) == {"foot": "<>", "bike": "<>", "car": "<>"}


def test_oneway_binds_cars_and_bikes_but_not_walkers():
    assert allowed({"highway": "residential", "oneway": "yes"}) == {"foot": "<>", "bike": ">", "car": ">"}
    assert allowed({"highway": "residential", "oneway": "-1"})["car"] == "<"
    assert allowed({"highway": "residential", "oneway": "yes", "oneway:bicycle": "no"})["bike"] == "<>"
    assert allowed({"highway": "primary", "junction": "roundabout"})["car"] == ">"


def test_footways_motorways_and_access_tags():
    assert allowed({"highway": "footway"}) == {"foot": "<>", "bike": "", "car": ""}
    assert allowed({"highway": "footway", "bicycle": "yes"})["bike"] == "<>"
    assert allowed({"highway": "motorway"}) == {"foot": "", "bike": "", "car": ">"}
    assert allowed({"highway": "service", "access": "private"}) == {"foot": "", "bike": "", "car": ""}
    assert allowed({"highway": "service", "access": "private", "foot": "yes"})["foot"] == "<>"
    assert allowed({"highway": "cycleway", "foot": "no"}) == {"foot": "", "bike": "<>", "car": ""}
    assert access_bits({"highway": "pedestrian", "area": "yes"}) == 0
    assert access_bits({"building": "yes"}) == 0


def test_car_speed_reads_maxspeed_else_the_class():
    assert car_speed({"highway": "residential", "maxspeed": "40"}) == 40
    assert round(car_speed({"highway": "primary", "maxspeed": "30 mph"}), 1) == 48.3
    assert car_speed({"highway": "residential", "maxspeed": "signals"}) == 30
