"""The in-memory gazetteer index: streets with their lines and house numbers, localities, keys."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .nearby import LonLat, clusters, distance_m, medoid
from .normalize import abbreviated_keys, compact, fold, housenumber_key, leading_number, street_keys
from .parse import StreetPhrase
from .places import PlaceIndex
from .records import LOCALITY_KINDS, AddressRow, PlaceRow, StreetRow

FUZZY_CUTOFF = 75.0
CORE_SIMILARITY = 0.92


@dataclass
class Place:
    """One place an address number names: a cluster of objects carrying the same address."""

    point: LonLat
    postcode: str | None
    city: str | None


@dataclass
class AddressGroup:
    display: str
    places: list[Place]


@dataclass
class Street:
    id: int
    name: str
    lines: list[list[LonLat]] = field(default_factory=list)
    addresses: dict[str, AddressGroup] = field(default_factory=dict)
    by_parity: tuple[list[tuple[int, LonLat]], list[tuple[int, LonLat]]] = field(
        default_factory=lambda: ([], []))
    postcodes: set[str] = field(default_factory=set)
    cities: set[str] = field(default_factory=set)
    point: LonLat = (0.0, 0.0)


def _common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _group(rows: list[AddressRow]) -> AddressGroup:
    points = [(r.lon, r.lat) for r in rows]
    places = []
    for members in clusters(points):
        chosen = [rows[i] for i in members]
        places.append(Place(medoid([points[i] for i in members]), _common(r.postcode for r in chosen),
                            _common(r.city for r in chosen)))
    return AddressGroup(str(rows[0].housenumber).strip(), places)


class GazetteerIndex:
    """Streets, addresses and localities keyed for exact and fuzzy lookup."""

    def __init__(self, addresses: Iterable[AddressRow], streets: Iterable[StreetRow],
                 places: Iterable[PlaceRow], build_id: str | None = None):
        self.build_id = build_id
        self.nearest: Any = None  # the reverse finder, attached by the Gazetteer when first needed
        addresses = list(addresses)
        self.streets: list[Street] = []
        self.keys: dict[str, set[int]] = defaultdict(set)
        self.core_keys: dict[str, set[int]] = defaultdict(set)
        self._add_streets(list(streets))
        self._add_addresses(addresses)
        self.localities: dict[str, LonLat] = {}
        self.city_keys: set[str] = set()
        places = list(places)
        self._add_places([p for p in places if p.kind in LOCALITY_KINDS], addresses)
        self.named = PlaceIndex([p for p in places if p.kind not in LOCALITY_KINDS], self.localities)
        self.postcodes = frozenset(p for s in self.streets for p in s.postcodes)
        self.key_list = list(self.keys)
        for street in self.streets:
            street.point = self._representative(street)

    def _street_for(self, name: str, create: bool) -> Street | None:
        key, _core = street_keys(name)
        ids = self.keys.get(key)
        if ids:
            return self.streets[min(ids)]
        if not create or not key:
            return None
        street = Street(len(self.streets), name.strip())
        self.streets.append(street)
        self._register(street, name, primary=True)
        return street

    def _register(self, street: Street, name: str, primary: bool) -> None:
        key, core = street_keys(name)
        if not key or (not primary and key in self.keys):
            return
        self.keys[key].add(street.id)
        for short in abbreviated_keys(key):
            self.keys.setdefault(short, {street.id})
        if core:
            self.core_keys[core].add(street.id)

    def _add_streets(self, rows: list[StreetRow]) -> None:
        for row in rows:
            street = self._street_for(row.name, create=True)
            if street is not None and len(row.coords) >= 2:
                street.lines.append(list(row.coords))
        for row in rows:
            street = self._street_for(row.name, create=False)
            for other in row.names:
                if street is not None:
                    self._register(street, other, primary=False)

    def _add_addresses(self, rows: list[AddressRow]) -> None:
        by_street: dict[int, dict[str, list[AddressRow]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            key = housenumber_key(row.housenumber)
            street = self._street_for(row.street, create=True) if row.street else None
            if street is None:
                continue
            street.postcodes.update([row.postcode] if row.postcode else [])
            street.cities.update([compact(fold(row.city).split())] if row.city else [])
            if key:
                by_street[street.id][key].append(row)
        for street_id, groups in by_street.items():
            self._number_street(self.streets[street_id], groups)

    def _number_street(self, street: Street, groups: dict[str, list[AddressRow]]) -> None:
        street.addresses = {key: _group(rows) for key, rows in groups.items()}
        for key in [k for k in street.addresses if "-" in k]:
            for end in key.split("-"):
                street.addresses.setdefault(end, street.addresses[key])
        numbered: dict[int, LonLat] = {}
        for key in sorted(street.addresses, key=lambda k: (leading_number(k) or 0, k)):
            group = street.addresses[key]
            number = leading_number(key)
            if number is not None and len(group.places) == 1:
                numbered.setdefault(number, group.places[0].point)
        street.by_parity = ([(n, p) for n, p in numbered.items() if n % 2 == 0],
                            [(n, p) for n, p in numbered.items() if n % 2 == 1])

    def _add_places(self, places: list[PlaceRow], addresses: list[AddressRow]) -> None:
        for place in places:
            for name in (place.name, *place.names):
                self.localities.setdefault(compact(fold(name).split()), (place.lon, place.lat))
        by_city: dict[str, list[LonLat]] = defaultdict(list)
        for row in addresses:
            if row.city:
                by_city[compact(fold(row.city).split())].append((row.lon, row.lat))
        for key, points in by_city.items():
            self.city_keys.add(key)
            if key not in self.localities:
                lon = sum(p[0] for p in points) / len(points)
                lat = sum(p[1] for p in points) / len(points)
                self.localities[key] = min(points, key=lambda p: distance_m(p, (lon, lat)))

    @staticmethod
    def _representative(street: Street) -> LonLat:
        points = [p for line in street.lines for p in line] or [
            place.point for group in street.addresses.values() for place in group.places]
        if not points:
            return (0.0, 0.0)
        lon = sum(p[0] for p in points) / len(points)
        lat = sum(p[1] for p in points) / len(points)
        return min(points, key=lambda p: distance_m(p, (lon, lat)))

    def match_street(self, phrase: StreetPhrase, limit: int = 4) -> list[tuple[Street, float]]:
        """Streets a phrase may name, with a similarity in 0..1: exact, then core, then fuzzy."""
        key, core = phrase.key, phrase.core
        for ids, similarity in ((self.keys.get(key), 1.0),
                                (self.core_keys.get(core or key), CORE_SIMILARITY),
                                (self.keys.get(core), CORE_SIMILARITY)):
            if ids:
                return [(self.streets[i], similarity) for i in sorted(ids)]
        if not key:
            return []
        found: dict[int, float] = {}
        from rapidfuzz import fuzz, process  # with the first fuzzy look-up, not in every worker

        for _key, score, _pos in process.extract(key, self.key_list, scorer=fuzz.ratio, limit=limit,
                                                 score_cutoff=FUZZY_CUTOFF):
            for i in self.keys[_key]:
                found[i] = max(found.get(i, 0.0), score / 100.0)
        return sorted(((self.streets[i], s) for i, s in found.items()), key=lambda item: -item[1])


def interpolate(street: Street, number: int) -> tuple[LonLat, float] | None:
    """A point between the nearest known numbers below and above (same side first), with a factor."""
    same, other = street.by_parity[number % 2], street.by_parity[1 - number % 2]
    for numbered, factor in ((same, 0.95), (sorted(same + other), 0.85)):
        numbers = [n for n, _ in numbered]
        at = bisect.bisect_left(numbers, number)
        if 0 < at < len(numbers) and numbers[at] != number:
            (lo, p), (hi, q) = numbered[at - 1], numbered[at]
            if distance_m(p, q) > 1000:
                continue
            t = (number - lo) / (hi - lo)
            return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])), factor
    return None
