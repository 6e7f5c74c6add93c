"""GeoPackage and KML export files written chunk by chunk: a registry dump never sits in memory whole."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

CHUNK = 10_000  # rows per GeoPackage append
NUMERIC = ("lon", "lat", "camera_angle", "height")  # Real fields; every other field is text
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # chars XML 1.0 forbids
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")  # GDAL cuts text at NUL; UTF-8 has no lone surrogates
KML_NS = "http://www.opengis.net/kml/2.2"


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _cell(name: str, value: Any) -> Any:
    if name in NUMERIC:
        return None if value is None else float(value)
    return None if value is None else _NOT_TEXT.sub("\ufffd", str(value))


def _frame(chunk: list[dict[str, Any]], columns: list[str]):
    import geopandas as gpd
    import pandas as pd

    data = {name: pd.Series([_cell(name, row.get(name)) for row in chunk],
                            dtype="float64" if name in NUMERIC else "object") for name in columns}
    geometry = gpd.points_from_xy([row["lon"] for row in chunk], [row["lat"] for row in chunk])
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def write_gpkg(rows: Iterable[dict[str, Any]], columns: list[str], path: Path) -> int:
    """Rows (flat export rows, `columns` in order, lon/lat among them) as the layer `cameras`."""
    count = 0
    for chunk in _chunks(rows, CHUNK):
        _frame(chunk, columns).to_file(path, driver="GPKG", layer="cameras", engine="pyogrio",
                                       geometry_type="Point", append=count > 0)
        count += len(chunk)
    if count == 0:  # an empty layer with the full schema
        _frame([], columns).to_file(path, driver="GPKG", layer="cameras", engine="pyogrio",
                                    geometry_type="Point")
    return count


def _text(value: Any) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def _placemark(row: dict[str, Any], columns: list[str]) -> str:
    fields = "".join(f"<SimpleData name={quoteattr(name)}>{_text(row[name])}</SimpleData>"
                     for name in columns if row.get(name) is not None)
    ident = int(row["id"])  # an integer: nothing to escape
    return (f'<Placemark id="cameras.{ident}"><name>camera {ident}</name>'
            f'<ExtendedData><SchemaData schemaUrl="#cameras">{fields}</SchemaData></ExtendedData>'
            f"<Point><coordinates>{float(row['lon'])!r},{float(row['lat'])!r}</coordinates></Point>"
            "</Placemark>\n")


def _kml_head(columns: list[str]) -> bytes:
    schema = ET.Element("Schema", name="cameras", id="cameras")
    for name in columns:
        ET.SubElement(schema, "SimpleField", name=name, type="double" if name in NUMERIC else "string")
    return (b'<?xml version="1.0" encoding="utf-8"?>\n'
            + f'<kml xmlns="{KML_NS}">\n<Document id="root_doc">\n'.encode()
            + ET.tostring(schema, encoding="utf-8", xml_declaration=False)
            + b"\n<Folder><name>cameras</name>\n")


def write_kml(rows: Iterable[dict[str, Any]], columns: list[str], path: Path) -> int:
    """Rows as KML placemarks with their fields in ExtendedData (the layer `cameras`), streamed."""
    with open(path, "wb") as out:
        return stream_kml(rows, columns, out)


def stream_kml(rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes]) -> int:
    """write_kml to an open binary stream (a file, standard output)."""
    count = 0
    out.write(_kml_head(columns))
    for row in rows:
        out.write(_placemark(row, columns).encode())
        count += 1
    out.write(b"</Folder>\n</Document>\n</kml>\n")
    return count
