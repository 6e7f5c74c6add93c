"""Official vs observed: what a registry declares against what another source sees on the street."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound, UsageError
from ...domain.geo import COORD_DECIMALS, Point
from ...domain.matching import Matching, Site, check_distance, match_sites
from ...domain.vocabulary import SourceKind
from ...storage.models import Camera, Provenance, Source
from ...storage.queries import as_id

DEFAULT_DISTANCE_M = 25.0
CSV_COLUMNS = (
    "result", "distance_m", "declared_camera_id", "declared_record_id", "declared_lon", "declared_lat",
    "observed_camera_id", "observed_record_id", "observed_lon", "observed_lat",
)
RESULTS = ("matched", "observed_only", "declared_only")


@dataclass(frozen=True, slots=True)
class Record:
    """One source record's camera: the key of a Site in the matching."""

    camera_id: int
    record_id: str


@dataclass(slots=True)
class Comparison:
    official: Source
    observed: Source
    distance_m: float
    matching: Matching

    def counts(self) -> dict[str, int]:
        return self.matching.counts()


def find_source(session: Session, text: str | None, parameter: str) -> Source:
    """A source by exact name or id."""
    if not text or not text.strip():
        raise UsageError(f"name the {parameter} source", parameter=parameter)
    text = text.strip()
    source = session.scalar(select(Source).where(Source.name == text))
    ident = as_id(text)
    if source is None and ident is not None:
        source = session.get(Source, ident)
    if source is None:
        raise NotFound(f"no source named {text[:100]!r}", parameter=parameter)
    return source


def source_sites(session: Session, source: Source) -> list[Site]:
    """The cameras a source still describes (not missing from it, not removed), in record order."""
    rows = session.execute(
        select(Camera.id, Camera.lon, Camera.lat, Provenance.source_record_id)
        .join(Provenance, Provenance.camera_id == Camera.id)
        .where(Provenance.source_id == source.id, Provenance.missing_from_source.is_(False),
               Camera.status != "removed")
        .order_by(Provenance.source_record_id, Camera.id)
    ).all()
    return [Site(Record(camera_id, record_id), Point(lon, lat)) for camera_id, lon, lat, record_id in rows]


def compare(session: Session, official: str | None, observed: str | None,
            distance: object = DEFAULT_DISTANCE_M) -> Comparison:
    """Match the official source's cameras with the observed source's, one-to-one within `distance` m."""
    metres = check_distance(distance)
    declared_source = find_source(session, official, "official")
    observed_source = find_source(session, observed, "observed")
    if declared_source.id == observed_source.id:
        raise UsageError("compare two different sources", parameter="observed")
    matching = match_sites(source_sites(session, declared_source), source_sites(session, observed_source),
                           metres)
    return Comparison(declared_source, observed_source, metres, matching)


def official_sources(session: Session) -> list[Source]:
    """Sources of kind official_registry first, then the others, by name."""
    sources = list(session.scalars(select(Source).order_by(Source.name)))
    return sorted(sources, key=lambda s: s.kind != SourceKind.OFFICIAL_REGISTRY)


def _coords(site: Site | None) -> list[Any]:
    if site is None:
        return ["", "", "", ""]
    key: Record = site.key  # type: ignore[assignment]
    return [key.camera_id, key.record_id, round(site.point.lon, COORD_DECIMALS),
            round(site.point.lat, COORD_DECIMALS)]


def rows(comparison: Comparison) -> Iterator[list[Any]]:
    """One row per pair or unpaired site: matched first, then observed only, then declared only."""
    for pair in comparison.matching.matched:
        yield ["matched", pair.distance_m, *_coords(pair.declared), *_coords(pair.observed)]
    for site in comparison.matching.observed_only:
        yield ["observed_only", "", *_coords(None), *_coords(site)]
    for site in comparison.matching.declared_only:
        yield ["declared_only", "", *_coords(site), *_coords(None)]


def to_csv(comparison: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows(comparison))
    return buffer.getvalue()


def to_geojson(comparison: Comparison) -> dict[str, Any]:
    """Each row as a Point feature (the declared position when there is one) with a `result`."""
    features = []
    for row in rows(comparison):
        values = dict(zip(CSV_COLUMNS, row, strict=True))
        lon, lat = ((values["declared_lon"], values["declared_lat"]) if values["declared_lon"] != ""
                    else (values["observed_lon"], values["observed_lat"]))
        properties = {k: (None if v == "" else v) for k, v in values.items()}
        for name in ("declared_camera_id", "observed_camera_id"):
            if properties[name] is not None:
                properties[name] = str(properties[name])
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features,
            "official": comparison.official.name, "observed": comparison.observed.name,
            "distance_m": comparison.distance_m, "counts": comparison.counts()}
