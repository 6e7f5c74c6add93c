"""Opt-in online providers (Nominatim, Photon via geopy): rate-limited, cached, failures reported."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlsplit

from geopy import exc as geopy_exc
from geopy.adapters import URLLibAdapter
from geopy.geocoders import Nominatim, Photon
from rapidfuzz import fuzz

from ..domain.geo import Point
from .base import Candidate, GeocodeResult, Precision, ProviderUnavailable, ReverseResult
from .normalize import fold, housenumber_key, street_keys
from .parse import ParsedQuery, parse_query

MIN_INTERVAL = 1.0  # Nominatim's usage policy: at most one request per second
LOCALITY_TYPES = frozenset({"city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood",
                            "locality", "district", "county", "state", "country", "municipality",
                            "borough", "administrative", "postcode"})


class Cache(Protocol):
    def get(self, provider: str, key: str) -> dict[str, Any] | None: ...

    def put(self, provider: str, key: str, answer: dict[str, Any]) -> None: ...


class RateLimiter(Protocol):
    def wait(self, provider: str, interval: float) -> None: ...


class NoCache:
    def get(self, provider: str, key: str) -> dict[str, Any] | None:
        return None

    def put(self, provider: str, key: str, answer: dict[str, Any]) -> None:
        return None


def cache_key(provider: str, text: str) -> str:
    """A hash of the normalised query: the cache never stores what a submitter typed."""
    return hashlib.sha256(f"{provider}\n{fold(text)}".encode()).hexdigest()


def split_url(url: str) -> tuple[str, str]:
    """'https://host:8080/prefix/' -> ('https', 'host:8080/prefix') as geopy takes them."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return parts.scheme, (parts.netloc + parts.path).rstrip("/")


def _fields(kind: str, raw: dict[str, Any]) -> dict[str, str | None]:
    """Road, house number, type and a label from a Nominatim result or a Photon feature."""
    if kind == "photon":
        props = raw.get("properties", {})
        road = props.get("street") or (props.get("name") if props.get("osm_key") == "highway" else None)
        label = ", ".join(str(v) for v in (props.get("name"), props.get("street"), props.get("housenumber"),
                                            props.get("postcode"), props.get("city")) if v)
        return {"road": road, "number": props.get("housenumber"), "type": props.get("type")
                or props.get("osm_value"), "label": label}
    address = raw.get("address", {})
    return {"road": address.get("road") or address.get("pedestrian"), "number": address.get("house_number"),
            "type": raw.get("addresstype") or raw.get("type"), "label": raw.get("display_name")}


def score_answer(parsed: ParsedQuery, road: str | None, number: str | None) -> tuple[Precision, float]:
    """Our own precision and score for a provider's answer, comparable to the gazetteer's."""
    street = 0.8
    if parsed.streets and road:
        key = street_keys(road)[0]
        street = max(fuzz.ratio(p.key, key) / 100.0 for p in parsed.streets)
    if number and parsed.housenumber:
        same = housenumber_key(number) == parsed.housenumber
        return Precision.ADDRESS, street * (1.0 if same else 0.8)
    if parsed.housenumber and road:
        return Precision.STREET, street * 0.9
    return Precision.STREET, street


def _candidate(kind: str, location: Any, parsed: ParsedQuery) -> Candidate:
    f = _fields(kind, location.raw)
    precision, score = score_answer(parsed, f["road"], f["number"])
    if not f["road"] and (f["type"] or "") in LOCALITY_TYPES:
        precision, score = Precision.LOCALITY, 0.8 if not parsed.streets else 0.5
    point = Point(location.longitude, location.latitude)
    return Candidate(point, precision, score, f["label"] or location.address or "", kind)


class OnlineGeocoder:
    """One provider. Raises ProviderUnavailable on timeouts, 429 and 5xx: callers queue and retry."""

    def __init__(self, kind: str, url: str, user_agent: str, *, timeout: float = 5.0,
                 limiter: RateLimiter, cache: Cache | None = None, min_score: float = 0.75,
                 interval: float = MIN_INTERVAL, factory: Callable[..., Any] | None = None):
        if kind not in ("nominatim", "photon"):
            raise ValueError(f"unknown provider {kind!r}")
        scheme, domain = split_url(url)
        self.name = kind
        self.limiter, self.cache = limiter, cache or NoCache()
        self.min_score, self.interval = min_score, interval
        maker = factory or (Nominatim if kind == "nominatim" else Photon)
        # URLLibAdapter: no hidden retries (requests' adapter retries timeouts and sleeps on
        # Retry-After), so every request passes our rate limiter and failures surface at once.
        self.client = maker(domain=domain, scheme=scheme, user_agent=user_agent, timeout=timeout,
                            adapter_factory=URLLibAdapter)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self.limiter.wait(self.name, self.interval)
        try:
            return method(*args, **kwargs)
        except geopy_exc.GeocoderRateLimited as err:
            raise ProviderUnavailable(self.name, "rate limited (429)", err.retry_after) from err
        except geopy_exc.GeocoderTimedOut as err:
            raise ProviderUnavailable(self.name, "timed out") from err
        except geopy_exc.GeopyError as err:
            raise ProviderUnavailable(self.name, f"failed: {type(err).__name__}") from err

    def geocode(self, query: str) -> GeocodeResult:
        key = cache_key(self.name, query)
        cached = self.cache.get(self.name, key)
        parsed = parse_query(query)
        if cached is None:
            extra = {"addressdetails": True} if self.name == "nominatim" else {}
            found = self._call(self.client.geocode, query, exactly_one=False, limit=5, **extra) or []
            cached = {"candidates": [_candidate(self.name, loc, parsed).to_dict() for loc in found]}
            self.cache.put(self.name, key, cached)
        ranked = [Candidate.from_dict(c) for c in cached["candidates"]]
        return GeocodeResult.decide(ranked, self.min_score, f"{self.name}: no answer reached the threshold")

    def reverse(self, point: Point) -> ReverseResult:
        location = self._call(self.client.reverse, (point.lat, point.lon), exactly_one=True)
        if location is None:
            return ReverseResult()
        f = _fields(self.name, location.raw)
        found = Point(location.longitude, location.latitude)
        precision = Precision.ADDRESS if f["number"] else Precision.STREET
        distance = point.distance_m(found)
        candidate = Candidate(found, precision, 1.0, f["label"] or location.address or "", self.name)
        if precision is Precision.ADDRESS:
            return ReverseResult(candidate, distance)
        return ReverseResult(street=candidate, street_distance_m=distance)
