"""The Geocoder protocol and its typed answers: precision, score, point, label, candidates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from ..domain.geo import Point


class Precision(StrEnum):
    """How exactly an answer locates the query, from most to least exact."""

    ADDRESS = "address"
    INTERPOLATED = "interpolated"
    INTERSECTION = "intersection"
    PLACE = "place"  # a named square, station, park, landmark or other POI
    STREET = "street"
    LOCALITY = "locality"


class Status(StrEnum):
    OK = "ok"
    NO_MATCH = "no_match"
    UNAVAILABLE = "unavailable"  # an online provider failed: retry later, nothing is lost


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible answer: where, how exactly, how sure (0..1), and a human label."""

    point: Point
    precision: Precision
    score: float
    label: str
    source: str = "gazetteer"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        return cls(Point(data["lon"], data["lat"]), Precision(data["precision"]), float(data["score"]),
                   str(data["label"]), str(data.get("source", "gazetteer")))

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "lon": round(self.point.lon, 7), "lat": round(self.point.lat, 7),
                "precision": self.precision.value, "score": round(self.score, 3), "source": self.source}


@dataclass(frozen=True, slots=True)
class GeocodeResult:
    """A forward answer: `best` only when its score reached the threshold; never a silent guess."""

    status: Status
    best: Candidate | None = None
    candidates: tuple[Candidate, ...] = ()
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @classmethod
    def decide(cls, ranked: list[Candidate], min_score: float, message: str | None = None) -> GeocodeResult:
        """OK with the first candidate when it reaches `min_score`, else no match with the list."""
        ranked = sorted(ranked, key=lambda c: -c.score)
        if ranked and ranked[0].score >= min_score:
            return cls(Status.OK, ranked[0], tuple(ranked[1:5]))
        return cls(Status.NO_MATCH, None, tuple(ranked[:5]),
                   message or "no answer reached the score threshold")

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"status": self.status.value}
        if self.best is not None:
            body.update(self.best.to_dict())
        body["candidates"] = [c.to_dict() for c in self.candidates]
        if self.message:
            body["message"] = self.message
        return body


@dataclass(frozen=True, slots=True)
class ReverseResult:
    """The nearest address and the nearest street to a point, with their distances in metres."""

    address: Candidate | None = None
    address_distance_m: float | None = None
    street: Candidate | None = None
    street_distance_m: float | None = None

    @property
    def label(self) -> str | None:
        if self.address is not None:
            return self.address.label
        return self.street.label if self.street is not None else None

    def to_dict(self) -> dict[str, Any]:
        def part(candidate: Candidate | None, distance: float | None) -> dict[str, Any] | None:
            if candidate is None:
                return None
            return candidate.to_dict() | {"distance_m": round(distance or 0.0, 1)}

        return {"label": self.label, "address": part(self.address, self.address_distance_m),
                "street": part(self.street, self.street_distance_m)}


class Geocoder(Protocol):
    """Anything that turns an address into a point and a point into a label."""

    name: str

    def geocode(self, query: str) -> GeocodeResult: ...

    def reverse(self, point: Point) -> ReverseResult: ...


class ProviderUnavailable(Exception):
    """An online provider timed out, refused (429) or failed (5xx): the caller retries later."""

    def __init__(self, provider: str, reason: str, retry_after: float | None = None):
        super().__init__(f"{provider}: {reason}")
        self.provider = provider
        self.reason = reason
        self.retry_after = retry_after
