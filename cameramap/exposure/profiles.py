"""Who may use an OSM way, in which direction and how fast: profiles foot, bike and car from its tags."""

from __future__ import annotations

import re
from collections.abc import Mapping

PROFILES = ("foot", "bike", "car")
FORWARD = {"foot": 1, "bike": 4, "car": 16}
BACKWARD = {"foot": 2, "bike": 8, "car": 32}
SPEED_KMH = {"foot": 5.0, "bike": 16.0}
CAR_SPEED_KMH = {  # when a way has no usable maxspeed: typical urban speeds per class
    "motorway": 100.0, "motorway_link": 60.0, "trunk": 80.0, "trunk_link": 50.0, "primary": 50.0,
    "primary_link": 40.0, "secondary": 50.0, "secondary_link": 40.0, "tertiary": 40.0,
    "tertiary_link": 30.0, "unclassified": 40.0, "residential": 30.0, "road": 30.0,
    "living_street": 10.0, "service": 20.0,
}
CAR_WAYS = frozenset(CAR_SPEED_KMH)
BIKE_WAYS = (CAR_WAYS - {"motorway", "motorway_link", "trunk", "trunk_link"}) | {"cycleway", "path", "track"}
BIKE_IF_ALLOWED = frozenset({"footway", "pedestrian", "bridleway", "steps", "corridor"})
FOOT_WAYS = (CAR_WAYS - {"motorway", "motorway_link", "trunk", "trunk_link"}) | {
    "footway", "pedestrian", "path", "steps", "track", "cycleway", "bridleway", "corridor", "platform"}
FOOT_IF_ALLOWED = frozenset({"trunk", "trunk_link"})
NO = frozenset({"no", "private", "discouraged", "use_sidepath", "agricultural", "forestry", "delivery"})
YES = frozenset({"yes", "designated", "permissive", "destination", "official", "customers"})
MODE_KEYS = {"foot": ("foot",), "bike": ("bicycle",), "car": ("motor_vehicle", "motorcar", "vehicle")}
ONEWAY_YES = frozenset({"yes", "true", "1"})
_SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh)?\s*$")


def _allowed(profile: str, tags: Mapping[str, str]) -> bool:
    highway = tags.get("highway", "")
    own = next((tags[k] for k in MODE_KEYS[profile] if k in tags), None)
    if own in NO:
        return False
    if own in YES:
        return highway != "" and tags.get("area") != "yes"
    if tags.get("access") in NO:
        return False
    if profile == "car":
        return highway in CAR_WAYS
    if profile == "bike":
        return highway in BIKE_WAYS
    return highway in FOOT_WAYS or (highway in FOOT_IF_ALLOWED and tags.get("sidewalk", "no") != "no")


def _oneway(profile: str, tags: Mapping[str, str]) -> int:
    """1 forward only, -1 backward only, 0 both ways."""
    if profile == "foot":
        value = tags.get("oneway:foot", "no")
    elif profile == "bike" and "oneway:bicycle" in tags:
        value = tags["oneway:bicycle"]
    else:
        value = tags.get("oneway", "")
        if not value and (tags.get("junction") in ("roundabout", "circular")
                          or tags.get("highway") in ("motorway", "motorway_link")):
            value = "yes"
    return 1 if value in ONEWAY_YES else -1 if value == "-1" else 0


def access_bits(tags: Mapping[str, str]) -> int:
    """The bit set of FORWARD/BACKWARD flags of every profile allowed on a way (0: not a street for us)."""
    if "highway" not in tags or tags.get("area") == "yes":
        return 0
    bits = 0
    for profile in PROFILES:
        if not _allowed(profile, tags):
            continue
        oneway = _oneway(profile, tags)
        if oneway >= 0:
            bits |= FORWARD[profile]
        if oneway <= 0:
            bits |= BACKWARD[profile]
    return bits


def car_speed(tags: Mapping[str, str]) -> float:
    """km/h: the way's numeric maxspeed (mph converted), else the class default."""
    match = _SPEED.match(tags.get("maxspeed", ""))
    if match:
        value = float(match.group(1)) * (1.609344 if match.group(2) == "mph" else 1.0)
        if 0 < value <= 200:
            return value
    return CAR_SPEED_KMH.get(tags.get("highway", ""), 30.0)

