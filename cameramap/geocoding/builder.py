"""Read gazetteer rows from an OSM extract (.osm.pbf / .osm, pyosmium) or from an address CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import osmium
import shapely

from ..domain.errors import UsageError
from ..importers.coords import LAT_NAMES, LON_NAMES, normalize_name
from .records import LOCALITY_KINDS, AddressRow, PlaceRow, StreetRow

Row = AddressRow | StreetRow | PlaceRow
Progress = Callable[[int], None]

PLACE_KINDS = LOCALITY_KINDS
# Named places (POIs): the first of these keys an object carries gives its kind (the key's value).
POI_KEYS = ("place", "railway", "public_transport", "tourism", "historic", "amenity", "leisure", "shop",
            "office", "highway", "building", "man_made", "natural")
POI_VALUES = {"place": {"square", "island", "islet", "farm", "plot"},
              "railway": {"station", "halt", "tram_stop", "subway_entrance"},
              "highway": {"pedestrian", "bus_stop"}}
_WKB = osmium.geom.WKBFactory()
NAME_KEYS = ("alt_name", "official_name", "short_name", "old_name")
# CSV header names, folded as the importer folds them (coordinate names are the importer's own).
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "street": ("addr_street", "street", "street_name", "road", "strasse", "katu", "gata"),
    "housenumber": ("addr_housenumber", "housenumber", "house_number", "number", "house", "nr", "numero"),
    "postcode": ("addr_postcode", "postcode", "postal_code", "zip", "zipcode", "plz"),
    "city": ("addr_city", "city", "town", "municipality", "locality"),
    "lat": ("lat", *sorted(LAT_NAMES), "y"),
    "lon": ("lon", *sorted(LON_NAMES), "x"),
}


def _names(tags: osmium.osm.TagList) -> tuple[str, ...]:
    names = [t.v for t in tags if t.k.startswith("name:") or t.k in NAME_KEYS]
    return tuple(dict.fromkeys(n for n in names if n))


def _coords(nodes) -> list[tuple[float, float]]:
    return [(n.lon, n.lat) for n in nodes if n.location.valid()]


def _centre(coords: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Mean of a way's nodes, the closing node of a ring counted once."""
    if len(coords) > 2 and coords[0] == coords[-1]:
        coords = coords[:-1]
    if not coords:
        return None
    return (sum(c[0] for c in coords) / len(coords), sum(c[1] for c in coords) / len(coords))


def _address(tags, centre: tuple[float, float] | None, ref: str) -> AddressRow | None:
    street, number = tags.get("addr:street"), tags.get("addr:housenumber")
    if not street or not number or centre is None:
        return None
    return AddressRow(street.strip(), number.strip(), tags.get("addr:postcode"), tags.get("addr:city"),
                      centre[0], centre[1], ref)


def _poi_kind(tags) -> str | None:
    """The kind of a named place (square, station, museum, park...), None for anything else."""
    if not tags.get("name") or tags.get("place") in PLACE_KINDS:
        return None
    for key in POI_KEYS:
        value = tags.get(key)
        if value and value != "no" and (key not in POI_VALUES or value in POI_VALUES[key]):
            return ("building" if value == "yes" else value)[:32]
    return None


def _area_point(area) -> tuple[float, float] | None:
    """A point inside the area (its representative point), None for a broken geometry."""
    try:
        point = shapely.from_wkb(_WKB.create_multipolygon(area)).representative_point()
    except (RuntimeError, osmium.InvalidLocationError, shapely.errors.GEOSException):
        return None
    return (point.x, point.y)


def _from_object(obj) -> Iterator[Row]:
    tags = obj.tags
    if obj.is_node():
        centre = (obj.location.lon, obj.location.lat) if obj.location.valid() else None
        if centre and tags.get("place") in PLACE_KINDS and tags.get("name"):
            yield PlaceRow(tags["name"], _names(tags), tags["place"], *centre, f"node/{obj.id}")
        if centre and (kind := _poi_kind(tags)):
            yield PlaceRow(tags["name"], _names(tags), kind, *centre, f"node/{obj.id}")
        if row := _address(tags, centre, f"node/{obj.id}"):
            yield row
    elif obj.is_way():
        coords = _coords(obj.nodes)
        if "highway" in tags and tags.get("name") and len(coords) >= 2:
            yield StreetRow(tags["name"], _names(tags), tuple(coords), f"way/{obj.id}")
        if row := _address(tags, _centre(coords), f"way/{obj.id}"):
            yield row
    elif obj.is_area():
        ref = f"{'way' if obj.from_way() else 'relation'}/{obj.orig_id()}"
        if (kind := _poi_kind(tags)) and (point := _area_point(obj)):
            yield PlaceRow(tags["name"], _names(tags), kind, *point, ref)
        if not obj.from_way():
            coords = [c for ring in obj.outer_rings() for c in _coords(ring)]
            if row := _address(tags, _centre(coords), ref):
                yield row


def read_osm(path: str | Path, progress: Progress | None = None) -> Iterator[Row]:
    """Addresses (nodes, ways, multipolygons with addr:street + addr:housenumber), named highways,
    localities and named places (squares, stations, parks, landmarks, POIs) in every language tagged."""
    processor = osmium.FileProcessor(str(path)).with_locations().with_areas()
    for count, obj in enumerate(processor, 1):
        if progress is not None and count % 10_000 == 0:
            progress(count)
        if len(obj.tags):
            yield from _from_object(obj)


def _columns(header: Sequence[str]) -> dict[str, str]:
    normal = {normalize_name(h): h for h in header}
    found = {field: next((normal[a] for a in aliases if a in normal), None)
             for field, aliases in CSV_COLUMNS.items()}
    missing = [f for f in ("street", "housenumber", "lat", "lon") if not found[f]]
    if missing:
        raise UsageError(f"the address CSV lacks columns for {', '.join(missing)}", parameter="file")
    return {k: v for k, v in found.items() if v}


def read_address_csv(path: str | Path, progress: Progress | None = None) -> Iterator[AddressRow]:
    """Address points from a CSV; rows without street, number or valid coordinates are skipped."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = _columns(reader.fieldnames or [])
        for line, raw in enumerate(reader, 2):
            if progress is not None and line % 10_000 == 0:
                progress(line)
            value = {k: (raw.get(c) or "").strip() for k, c in columns.items()}
            try:
                lon, lat = float(value["lon"]), float(value["lat"])
            except ValueError:
                continue
            if value["street"] and value["housenumber"] and -180 <= lon <= 180 and -90 <= lat <= 90:
                yield AddressRow(value["street"], value["housenumber"], value.get("postcode") or None,
                                 value.get("city") or None, lon, lat, f"csv/{line}")


def read_gazetteer_file(path: str | Path, progress: Progress | None = None) -> Iterator[Row]:
    """Rows from an OSM file (.pbf, .osm, .osm.bz2...) or an address CSV, chosen by the file name."""
    name = Path(path).name.lower()
    if not Path(path).is_file():
        raise UsageError(f"no such file: {path}", parameter="file")
    if name.endswith(".csv"):
        return read_address_csv(path, progress)
    if ".osm" in name or name.endswith(".pbf"):
        return read_osm(path, progress)
    raise UsageError("the gazetteer reads .osm.pbf, .osm or .csv files", parameter="file")
