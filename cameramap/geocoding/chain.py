"""The chain: the offline gazetteer first; online providers only when configured and it fell short."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.geo import Point
from .base import Geocoder, GeocodeResult, ProviderUnavailable, ReverseResult, Status


class ChainGeocoder:
    """Asks `offline`; below its threshold asks each online provider in turn.

    When a provider is unavailable and nothing better came, the answer is UNAVAILABLE (retry later),
    carrying the offline candidates; it is never a silent low-score guess.
    """

    name = "chain"

    def __init__(self, offline: Geocoder, online: Sequence[Geocoder] = ()):
        self.offline = offline
        self.online = list(online)
        self.failures: list[ProviderUnavailable] = []

    def geocode(self, query: str) -> GeocodeResult:
        first = self.offline.geocode(query)
        if first.ok or not self.online:
            return first
        failures = []
        for provider in self.online:
            try:
                answer = provider.geocode(query)
            except ProviderUnavailable as err:
                failures.append(err)
                continue
            if answer.ok:
                return answer
        self.failures = failures
        if failures:
            reasons = "; ".join(str(f) for f in failures)
            return GeocodeResult(Status.UNAVAILABLE, None, first.candidates,
                                 f"online geocoding unavailable ({reasons}); retry later")
        return first

    def retry_after(self) -> float | None:
        waits = [f.retry_after for f in self.failures if f.retry_after]
        return max(waits) if waits else None

    def reverse(self, point: Point) -> ReverseResult:
        """Offline first; online (configured by the operator) only when the gazetteer knows nothing near."""
        answer = self.offline.reverse(point)
        for provider in self.online:
            if answer.label is not None:
                break
            try:
                answer = provider.reverse(point)
            except ProviderUnavailable as err:
                self.failures.append(err)
        return answer
