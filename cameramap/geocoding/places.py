"""Named places (squares, stations, parks, landmarks, POIs) keyed by every name they carry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from .nearby import LonLat, clusters, medoid
from .normalize import compact, fold, street_keys
from .records import PlaceRow

# Stops share their name with the square or station they serve: the place itself ranks first.
MINOR_KINDS = {"tram_stop": 0.85, "bus_stop": 0.85, "platform": 0.85, "stop_position": 0.85,
               "subway_entrance": 0.85, "taxi": 0.8}
FUZZY_CUTOFF = 85.0
MAX_PER_KEY = 8


@dataclass(frozen=True, slots=True)
class NamedPlace:
    name: str  # the place's own name (OSM `name`)
    alias: str  # the name that matched (name, name:xx, alt_name...)
    kind: str
    point: LonLat

    @property
    def weight(self) -> float:
        return MINOR_KINDS.get(self.kind, 1.0)

    @property
    def label(self) -> str:
        return self.name if street_keys(self.alias)[0] == street_keys(self.name)[0] \
            else f"{self.name} ({self.alias})"


def _without_locality(name: str, localities: Collection[str]) -> str | None:
    """"Helsinki Senate Square" -> "Senate Square" when "Helsinki" is a known locality."""
    words = fold(name).split()
    for size in (3, 2, 1):
        if len(words) > size and compact(words[:size]) in localities:
            return " ".join(words[size:])
        if len(words) > size and compact(words[-size:]) in localities:
            return " ".join(words[:-size])
    return None


class PlaceIndex:
    """Every name of every named place -> the places (one per cluster of same-named objects)."""

    def __init__(self, rows: Iterable[PlaceRow], localities: Collection[str]):
        found: dict[str, list[tuple[PlaceRow, str]]] = defaultdict(list)
        for row in rows:
            for alias in dict.fromkeys((row.name, *row.names)):
                for variant in filter(None, (alias, _without_locality(alias, localities))):
                    key = street_keys(variant)[0]
                    if key:
                        found[key].append((row, alias))
        self.places = {key: self._grouped(members) for key, members in found.items()}
        self.keys = list(self.places)

    @staticmethod
    def _grouped(members: list[tuple[PlaceRow, str]]) -> list[NamedPlace]:
        """Same-named objects within 150 m are one place (a square's node and its area); the
        heaviest kind names it."""
        by_kind = sorted(members, key=lambda m: -MINOR_KINDS.get(m[0].kind, 1.0))
        points = [(row.lon, row.lat) for row, _alias in by_kind]
        places = []
        for group in clusters(points):
            first = by_kind[min(group)]
            places.append(NamedPlace(first[0].name, first[1], first[0].kind,
                                     medoid([points[i] for i in sorted(group)])))
        return places[:MAX_PER_KEY]

    def match(self, key: str) -> list[tuple[NamedPlace, float]]:
        """Places a phrase key names, with a similarity in 0..1: exact, else fuzzy."""
        if not key:
            return []
        if key in self.places:
            return [(place, 1.0) for place in self.places[key]]
        from rapidfuzz import fuzz, process  # with the first fuzzy look-up, not in every worker

        return [(place, score / 100.0)
                for found, score, _pos in process.extract(key, self.keys, scorer=fuzz.ratio, limit=3,
                                                          score_cutoff=FUZZY_CUTOFF)
                for place in self.places[found]]
