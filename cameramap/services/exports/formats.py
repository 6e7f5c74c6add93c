"""Export cameras with their sources and licences as GeoJSON, CSV, GeoPackage or KML."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.geo import BBox
from ...domain.records import CameraRecord
from ...storage.models import Camera, Source
from ...storage.queries import CameraFilter
from .files import stream_kml, write_gpkg
from .rows import ExportCamera, export_rows

FORMATS = ("geojson", "csv", "gpkg", "kml")
NOT_A_STREAM = ("a GeoPackage is a binary database file and cannot be written to standard output; "
                "give -o FILE.gpkg")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FLAT_COLUMNS = ("id", "status", *CameraRecord.CAMERA_FIELDS, "operator", "source", "licence", "capabilities",
                "lon", "lat", "source_ids")  # _flat's keys, in order


def properties(camera: Camera | ExportCamera) -> dict[str, Any]:
    """A camera as export properties: model fields, sources with licences, claims, raw tags."""
    props: dict[str, Any] = {"id": str(camera.id), "status": camera.status}
    for name in CameraRecord.CAMERA_FIELDS:
        value = getattr(camera, name)
        props[name] = value.isoformat() if hasattr(value, "isoformat") else value
    props["operator"] = camera.operator.name if camera.operator else None
    links = camera.provenance
    props["source"] = "; ".join(link.source.name for link in links) or None
    licences = sorted({link.source.licence for link in links if link.source.licence})
    props["licence"] = "; ".join(licences) or None
    props["sources"] = [{"name": link.source.name, "licence": link.source.licence, "url": link.source.url,
                         "source_id": link.source_record_id, "missing_from_source": link.missing_from_source}
                        for link in links]
    props["capabilities"] = [{"capability": c.capability, "confidence": c.confidence,
                              "evidence_kind": c.evidence_kind, "evidence_text": c.evidence_text,
                              "evidence_url": c.evidence_url, "vendor": c.vendor} for c in camera.claims]
    tags: dict[str, Any] = {}
    for link in links:
        tags = {**link.tags, **tags}
    props["source_tags"] = tags
    return props


def _write_geojson(rows: Iterator[ExportCamera], out: IO[bytes]) -> int:
    count = 0
    out.write(b'{"type":"FeatureCollection","features":[\n')
    for camera in rows:
        geometry = {"type": "Point", "coordinates": [camera.lon, camera.lat]}
        feature = {"type": "Feature", "geometry": geometry, "properties": properties(camera)}
        out.write((b",\n" if count else b"") + orjson.dumps(feature))
        count += 1
    out.write(b"\n]}\n")
    return count


def escape_cell(value: Any) -> Any:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _flat(camera: Camera | ExportCamera) -> dict[str, Any]:
    props = properties(camera)
    props["lon"], props["lat"] = camera.lon, camera.lat
    props["source_ids"] = "; ".join(s["source_id"] for s in props.pop("sources"))
    props["capabilities"] = "; ".join(f"{c['capability']} ({c['confidence']})" for c in props["capabilities"])
    props.pop("source_tags")
    return props


def _write_csv(rows: Iterator[ExportCamera], out: IO[bytes]) -> int:
    count = 0
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.DictWriter(text, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    for camera in rows:
        writer.writerow({k: escape_cell(v) for k, v in _flat(camera).items()})
        count += 1
    text.flush()
    text.detach()  # the caller closes `out`
    return count


def _write_stream(rows: Iterator[ExportCamera], fmt: str, out: IO[bytes]) -> int:
    if fmt == "geojson":
        return _write_geojson(rows, out)
    if fmt == "csv":
        return _write_csv(rows, out)
    return stream_kml((_flat(camera) for camera in rows), list(FLAT_COLUMNS), out)


def export_cameras(session: Session, fmt: str, path: str | Path | IO[bytes], bbox: BBox | None = None,
                   source: str | None = None, wanted: CameraFilter | None = None) -> int:
    """Write every camera (in `bbox`, from `source`, matching `wanted`) to `path` (a GeoPackage: a
    file name; the others: a file name or an open binary stream); return how many."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}",
                         parameter="format")
    if source is not None and session.scalar(select(Source.id).where(Source.name == source)) is None:
        raise UsageError(f"no source named {source!r}", parameter="source")
    if fmt == "gpkg" and not isinstance(path, (str, Path)):
        raise UsageError(NOT_A_STREAM, parameter="output")
    rows = export_rows(session, bbox, source, wanted)
    if isinstance(path, (str, Path)) and fmt == "gpkg":
        return write_gpkg((_flat(camera) for camera in rows), list(FLAT_COLUMNS), Path(path))
    if isinstance(path, (str, Path)):
        with open(path, "wb") as out:
            return _write_stream(rows, fmt, out)
    return _write_stream(rows, fmt, path)
