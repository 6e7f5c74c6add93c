"""The offline geocoder: forward matching (address, interpolation, intersection, street, locality)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.geo import Point
from .base import Candidate, GeocodeResult, Precision, ReverseResult, Status
from .index import GazetteerIndex, LonLat, Street, distance_m, interpolate
from .intersections import crossings
from .normalize import compact, fold, leading_number
from .parse import ParsedQuery, parse_query

if TYPE_CHECKING:
    from .reverse import NearestFinder

MISMATCH = 0.9  # postcode or city named in the query but not on the street
STREET_ONLY = 0.9  # a house number was asked and cannot be placed
AMBIGUOUS = 0.6  # one address, several places far apart, nothing in the query to choose
AMBIGUITY_MARGIN = 0.03
MAX_QUERY = 300
SAME_PLACE_M = 300.0  # a street named like a place (a square's walkways) this near is the place itself


class Gazetteer:
    """Answers from a GazetteerIndex; below `min_score` it answers no match with the best candidates."""

    name = "gazetteer"

    def __init__(self, index: GazetteerIndex, min_score: float = 0.75):
        self.index = index
        self.min_score = min_score

    def geocode(self, query: str) -> GeocodeResult:
        parsed = parse_query(query[:MAX_QUERY], self.index.localities, self.index.postcodes)
        ranked: list[Candidate] = []
        if parsed.cross:
            ranked += self._intersections(parsed)
        for phrase in parsed.streets[:3]:
            for street, similarity in self.index.match_street(phrase):
                ranked += self._on_street(street, similarity * self._consistency(street, parsed), parsed)
            if parsed.housenumber is None:
                ranked = self._places(phrase.key, ranked)
        if parsed.locality and parsed.locality in self.index.localities:
            # the city of a street or a crossing narrows it down: it is no answer of its own
            named = parsed.streets or parsed.cross
            ranked.append(self._locality(parsed.locality, 0.5 if named else 1.0))
        return _decide(_unique(ranked), self.min_score)

    def reverse(self, point: Point) -> ReverseResult:
        return self._finder().reverse(point)

    def reverse_many(self, points: list[Point]) -> list[ReverseResult]:
        return self._finder().reverse_many(points)

    def street_lines(self, box: tuple[float, float, float, float],
                     limit: int) -> tuple[list[tuple[str, list[LonLat]]], bool]:
        """The named street lines in a lon/lat box (the map draws them when it has no basemap)."""
        return self._finder().lines_in(box, limit)

    def _finder(self) -> NearestFinder:
        from .reverse import NearestFinder  # numpy and shapely: with the first reverse look-up

        if self.index.nearest is None:  # built once per index, on the first question that needs it
            self.index.nearest = NearestFinder(self.index)
        return self.index.nearest

    def _places(self, key: str, ranked: list[Candidate]) -> list[Candidate]:
        """Named places the phrase names; a street line of the same name near one is that place."""
        found = [_candidate(place.point, Precision.PLACE, similarity * place.weight, place.label)
                 for place, similarity in self.index.named.match(key)]
        if not found:
            return ranked
        best = max(found, key=lambda c: c.score)
        ranked = [c for c in ranked if not (c.precision is Precision.STREET and c.score <= best.score
                                            and c.point.distance_m(best.point) <= SAME_PLACE_M)]
        return ranked + found

    def _consistency(self, street: Street, parsed: ParsedQuery) -> float:
        factor = 1.0
        if parsed.postcode and street.postcodes and parsed.postcode not in street.postcodes:
            factor *= MISMATCH
        city = parsed.locality
        if city and city in self.index.city_keys and street.cities and city not in street.cities:
            factor *= MISMATCH
        return factor

    def _on_street(self, street: Street, score: float, parsed: ParsedQuery) -> list[Candidate]:
        number = parsed.housenumber
        if number is None:
            return [_candidate(street.point, Precision.STREET, score, street.name)]
        exact = street.addresses.get(number)
        if exact is not None:
            return self._address(street, exact.display, exact.places, score, parsed)
        base = leading_number(number)
        near = [street.addresses[k] for k in street.addresses
                if k != number and leading_number(k) == base and "-" not in k]
        if near and len(near[0].places) == 1:
            return [_candidate(near[0].places[0].point, Precision.INTERPOLATED, score * 0.95,
                               f"{street.name} {near[0].display}")]
        between = interpolate(street, base) if base is not None else None
        if between is not None:
            point, factor = between
            return [_candidate(point, Precision.INTERPOLATED, score * factor, f"{street.name} {number}")]
        return [_candidate(street.point, Precision.STREET, score * STREET_ONLY, street.name)]

    def _address(self, street: Street, display: str, places: list, score: float,
                 parsed: ParsedQuery) -> list[Candidate]:
        chosen = places
        if len(places) > 1:
            chosen = [p for p in places if _fits(p, parsed)] or places
        factor = 1.0 if len(chosen) == 1 else AMBIGUOUS
        return [_candidate(p.point, Precision.ADDRESS, score * factor, _label(street.name, display, p))
                for p in chosen]

    def _intersections(self, parsed: ParsedQuery) -> list[Candidate]:
        assert parsed.cross is not None
        first, second = (self.index.match_street(p, limit=2)[:2] for p in parsed.cross)
        found = []
        for a, sim_a in first:
            for b, sim_b in second:
                if a.id == b.id:
                    continue
                points = crossings(a.lines, b.lines)
                factor = 1.0 if len(points) == 1 else AMBIGUOUS
                for point, near in points:
                    found.append(_candidate(point, Precision.INTERSECTION, min(sim_a, sim_b) * factor * near,
                                            f"{a.name} & {b.name}"))
        return found

    def _locality(self, key: str, score: float) -> Candidate:
        point = self.index.localities[key]
        return _candidate(point, Precision.LOCALITY, score, key.title())


def _fits(place, parsed: ParsedQuery) -> bool:
    if parsed.postcode and place.postcode:
        return place.postcode == parsed.postcode
    if parsed.locality and place.city:
        return compact(fold(place.city).split()) == parsed.locality
    return False


def _label(street: str, display: str, place) -> str:
    tail = " ".join(v for v in (place.postcode, place.city) if v)
    return f"{street} {display}" + (f", {tail}" if tail else "")


def _candidate(point: LonLat, precision: Precision, score: float, label: str) -> Candidate:
    return Candidate(Point(point[0], point[1]), precision, min(1.0, score), label)


def _unique(ranked: list[Candidate]) -> list[Candidate]:
    best: dict[tuple, Candidate] = {}
    for c in ranked:
        key = (c.label, c.precision.value, round(c.point.lon, 4), round(c.point.lat, 4))
        if key not in best or best[key].score < c.score:
            best[key] = c
    return sorted(best.values(), key=lambda c: -c.score)


def _decide(ranked: list[Candidate], min_score: float) -> GeocodeResult:
    """Two different places scoring (almost) alike: no match rather than a coin toss."""
    if len(ranked) > 1 and ranked[0].score >= min_score:
        first, second = ranked[0], ranked[1]
        far = distance_m((first.point.lon, first.point.lat), (second.point.lon, second.point.lat)) > 100
        if far and second.score >= first.score - AMBIGUITY_MARGIN:
            return GeocodeResult(Status.NO_MATCH, None, tuple(ranked[:5]),
                                 "ambiguous: several places match equally well")
    if not ranked:
        return GeocodeResult(Status.NO_MATCH, None, (), "nothing in the gazetteer matches")
    return GeocodeResult.decide(ranked, min_score)
