"""KML and KMZ placemarks: geometry, name and plain-text description, ExtendedData however it is spelt."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring
from shapely.geometry import GeometryCollection, LineString, Polygon
from shapely.geometry.base import BaseGeometry

from .columns import plan_coordinates
from .items import FileError, Reading, ReadItem, ReadOptions, RowProblem
from .plausibility import screen
from .rows import build_item
from .rules import RowMapper
from .vector import point_of
from .xmlsafe import check_xml

BLOCKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}


class _PlainText(HTMLParser):
    """HTML reduced to its text: blocks become lines, a link keeps its URL, scripts and styles go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.parts.append("\x00")  # where the link's text starts

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            start = len(self.parts) - 1 - self.parts[::-1].index("\x00") if "\x00" in self.parts else None
            label = "".join(self.parts[start + 1:]).strip() if start is not None else ""
            if start is not None:
                del self.parts[start:]
            if href and re.match(r"^(https?|mailto):", href, re.I):
                self.parts.append(href if not label or label == href else f"{label} ({href})")
            else:
                self.parts.append(label)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain_text(html: str | None) -> str | None:
    """A description's HTML as plain text (lines kept, links as URLs)."""
    if not html or not html.strip():
        return None
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    text = "".join(p for p in parser.parts if p != "\x00")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line) or None


def _local(element: Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1].lower()


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c) == name), None)


def _coords(text: str | None) -> list[tuple[float, float]]:
    pairs = []
    for token in (text or "").split():
        parts = token.split(",")
        if len(parts) >= 2:
            pairs.append((float(parts[0]), float(parts[1])))
    return pairs


def _geometry(element: Element) -> BaseGeometry | tuple[float, float] | None:
    kind = _local(element)
    coordinates = _child(element, "coordinates")
    if kind == "point":
        pairs = _coords(coordinates.text if coordinates is not None else None)
        return pairs[0] if pairs else None
    if kind in ("linestring", "linearring"):
        pairs = _coords(coordinates.text if coordinates is not None else None)
        return LineString(pairs) if len(pairs) >= 2 else None
    if kind == "polygon":
        rings = [_coords(r.text) for r in element.iter() if _local(r) == "coordinates"]
        return Polygon(rings[0], rings[1:]) if rings and len(rings[0]) >= 4 else None
    if kind == "track":
        numbers = [(c.text or "").split() for c in element if _local(c) == "coord"]
        pairs = [(float(n[0]), float(n[1])) for n in numbers if len(n) >= 2]
        return pairs[0] if len(pairs) == 1 else LineString(pairs) if pairs else None
    if kind in ("multigeometry", "multitrack"):
        parts = [g for c in element if (g := _geometry(c)) is not None]
        shapes = [LineString([g, g]) if isinstance(g, tuple) else g for g in parts]
        return parts[0] if len(parts) == 1 else GeometryCollection(shapes) if shapes else None
    return None


GEOMETRIES = {"point", "linestring", "linearring", "polygon", "multigeometry", "track", "multitrack"}


def _column(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip()) or "unnamed"


def _values(placemark: Element) -> dict[str, Any]:
    """A placemark's columns: Name, description (plain text), a numeric id, then ExtendedData (a
    Data or SimpleData named like an earlier column, whatever its case, replaces it, as in GDAL)."""
    values: dict[str, Any] = {}
    name, description = _child(placemark, "name"), _child(placemark, "description")
    values["Name"] = (name.text or "").strip() if name is not None else None
    values["description"] = plain_text(description.text if description is not None else None)
    ident = (placemark.get("id") or "").strip()
    if ident.isdigit():
        values["id"] = ident
    extended = _child(placemark, "extendeddata")
    for element in extended.iter() if extended is not None else ():
        kind = _local(element)
        if kind not in ("data", "simpledata") or not element.get("name"):
            continue
        value = _child(element, "value") if kind == "data" else element
        text = (value.text if value is not None else element.text) or ""
        key = _column(element.get("name", ""))
        key = next((k for k in values if k.lower() == key.lower()), key)
        values[key] = plain_text(text) if "<" in text else text.strip() or None
    return values


def _document(path: Path, fmt: str) -> bytes:
    if fmt != "kmz":
        check_xml(path)
        return path.read_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
            if not names:
                raise FileError("a KMZ without a KML document inside")
            main = "doc.kml" if "doc.kml" in names else names[0]
            with archive.open(main) as member:
                check_xml(member, main)
            return archive.read(main)
    except zipfile.BadZipFile:
        raise FileError("a KMZ must be a zip archive") from None


def _title(root: Element) -> str:
    """The document's and its folders' names ("ANPRs"): the dataset's own title, for keyword hints."""
    containers = (e for e in root.iter() if _local(e) in {"document", "folder"})
    names = [(name.text or "").strip() for e in containers if (name := _child(e, "name")) is not None]
    return " ".join(dict.fromkeys(n for n in names if n))[:200]


def read_kml(path: str | Path, fmt: str, options: ReadOptions) -> Reading:
    """Every Placemark in document order (features count from 1)."""
    path = Path(path)
    try:
        root = fromstring(_document(path, fmt), forbid_dtd=True)
    except FileError:
        raise
    except Exception as err:  # noqa: BLE001 - ParseError and friends
        raise FileError(f"{path.name}: not well-formed KML: {err}") from None
    options = replace(options, dataset=" ".join(filter(None, (options.dataset, _title(root)))))
    placemarks = [p for p in root.iter() if _local(p) == "placemark"]
    records = [_values(p) for p in placemarks]
    shapes = [next((g for g in p.iter() if _local(g) in GEOMETRIES), None) for p in placemarks]
    columns = list(dict.fromkeys(k for r in records for k in r))
    unplaced = [r for r, s in zip(records, shapes, strict=True) if s is None]
    plan = plan_coordinates(columns, unplaced[:200], options) if unplaced else None
    mapper = RowMapper(columns, options, placed={plan.lon, plan.lat, plan.packed} if plan else None)
    done = [0]

    def items() -> Iterator[ReadItem]:
        for number, (values, shape) in enumerate(zip(records, shapes, strict=True), start=1):
            done[0] = number
            if shape is None and plan is not None:
                yield build_item(number, values, plan.extract(values), mapper, options)
                continue
            try:
                geometry = _geometry(shape) if shape is not None else None
            except (ValueError, TypeError):
                geometry = None
            lonlat, notes = ((geometry, ()) if isinstance(geometry, tuple)
                             else point_of(geometry))
            if isinstance(lonlat, RowProblem) and shape is not None:
                lonlat = RowProblem("empty_geometry", f"cannot read the placemark's {_local(shape)}")
            yield build_item(number, values, lonlat, mapper, options, notes)

    return Reading(fmt, screen(items(), options), len(records), lambda: done[0], "utf-8",
                   [f"{len(records)} placemarks"])
