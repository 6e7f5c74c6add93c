"""Plain rows of a gazetteer, as the builder reads them and the storage keeps them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AddressRow:
    street: str
    housenumber: str | None
    postcode: str | None
    city: str | None
    lon: float
    lat: float
    ref: str | None = None  # e.g. "node/123" or "csv/17"


@dataclass(frozen=True, slots=True)
class StreetRow:
    """One named way: its name, other names (name:sv, alt_name...) and its coordinates."""

    name: str
    names: tuple[str, ...]
    coords: tuple[tuple[float, float], ...]
    ref: str | None = None


# Place kinds that name a locality (a city, a district...); every other kind is a named place (a POI).
LOCALITY_KINDS = frozenset({"city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood",
                            "borough", "locality", "municipality"})


@dataclass(frozen=True, slots=True)
class PlaceRow:
    name: str
    names: tuple[str, ...]
    kind: str
    lon: float
    lat: float
    ref: str | None = None
