"""Format detection (content first, then extension) and the registry name -> reader."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import orjson

from .csv_reader import read_csv
from .items import FileError, Reading, ReadOptions
from .overpass import elements_of, read_overpass


def read_vector(path: Path, fmt: str, options: ReadOptions) -> Reading:
    """vector.read_vector, loaded on first use (geopandas, pandas, pyogrio: not with the app)."""
    from .vector import read_vector as read

    return read(path, fmt, options)


def read_kml(path: Path, fmt: str, options: ReadOptions) -> Reading:
    """kml.read_kml, loaded on first use (shapely, and geopandas through vector)."""
    from .kml import read_kml as read

    return read(path, fmt, options)


def read_osm(path: Path, fmt: str, options: ReadOptions) -> Reading:
    """osm.read_osm, loaded on first use (pyosmium)."""
    from .osm import read_osm as read

    return read(path, fmt, options)

READERS: dict[str, Callable[[Path, ReadOptions], Reading]] = {
    "csv": read_csv,
    "overpass": read_overpass,
    "geojson": lambda p, o: read_vector(p, "geojson", o),
    "shapefile": lambda p, o: read_vector(p, "shapefile", o),
    "gpkg": lambda p, o: read_vector(p, "gpkg", o),
    "kml": lambda p, o: read_kml(p, "kml", o),
    "kmz": lambda p, o: read_kml(p, "kmz", o),
    "osm_pbf": lambda p, o: read_osm(p, "osm_pbf", o),
    "osm_xml": lambda p, o: read_osm(p, "osm_xml", o),
}
ALIASES = {"tsv": "csv", "json": "geojson", "shp": "shapefile", "zip": "shapefile", "pbf": "osm_pbf",
           "osm": "osm_xml", "geopackage": "gpkg", "overpass_json": "overpass"}
EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".tab": "csv", ".txt": "csv", ".geojson": "geojson",
              ".shp": "shapefile", ".gpkg": "gpkg", ".kml": "kml", ".kmz": "kmz", ".pbf": "osm_pbf",
              ".osm": "osm_xml"}
FORMATS = tuple(READERS)


def _sniff_json(path: Path) -> str:
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as err:
        raise FileError(f"not valid JSON: {err}") from None
    if elements_of(data) is not None:
        return "overpass"
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        return "geojson"
    raise FileError("JSON that is neither GeoJSON nor an Overpass answer")


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n.lower() for n in archive.namelist()]
    except zipfile.BadZipFile:
        raise FileError("a damaged zip archive") from None
    if any(n.endswith(".shp") for n in names):
        return "shapefile"
    if any(n.endswith(".kml") for n in names):
        return "kmz"
    if any(n.endswith(".gpkg") for n in names):
        return "gpkg"
    raise FileError("a zip archive without a Shapefile, KML or GeoPackage inside")


def detect_format(path: Path) -> str:
    """Look at the first bytes, then at the extension."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return "kmz" if path.suffix.lower() == ".kmz" else _sniff_zip(path)
    if head.startswith(b"SQLite format 3"):
        return "gpkg"
    if head[4:11] == b"\n\tOSMHe" or b"OSMHeader" in head[:64]:
        return "osm_pbf"
    if stripped.startswith((b"{", b"[")):
        return _sniff_json(path)
    if stripped.startswith(b"<"):
        if b"<osm" in head:
            return "osm_xml"
        if b"<kml" in head or path.suffix.lower() == ".kml":
            return "kml"
    return EXTENSIONS.get(path.suffix.lower(), "csv")


def open_file(path: str | Path, options: ReadOptions | None = None) -> Reading:
    """Check the file, pick its reader (`options.format` overrides detection) and open it."""
    path = Path(path)
    options = options or ReadOptions()
    if not path.is_file():
        raise FileError(f"no such file: {path}", parameter="path")
    if path.stat().st_size == 0:
        raise FileError(f"{path.name} is empty (0 bytes)", parameter="path")
    wanted = options.format or (options.mapping.format if options.mapping else None)
    fmt = ALIASES.get(wanted.lower(), wanted.lower()) if wanted else detect_format(path)
    if fmt not in READERS:
        raise FileError(f"unknown format {wanted!r}; expected one of: {', '.join(FORMATS)}",
                        parameter="format")
    return READERS[fmt](path, options)
