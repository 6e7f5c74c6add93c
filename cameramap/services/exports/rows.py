"""The cameras an export writes, read with plain queries in chunks: no ORM objects per camera."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ...domain.geo import BBox
from ...domain.records import CameraRecord, ClaimRecord
from ...storage.backends import backend_for
from ...storage.models import Camera, CapabilityClaim, Operator, Provenance, Source
from ...storage.queries import CameraFilter, camera_conditions

CHUNK = 1000  # cameras per round of claim and link queries
CAMERA_COLUMNS = ("id", "lon", "lat", "status", *CameraRecord.CAMERA_FIELDS, "operator_id")
CLAIM_COLUMNS = ("capability", "confidence", "evidence_kind", "evidence_text", "evidence_url", "vendor")


@dataclass(frozen=True, slots=True)
class SourceRef:
    name: str
    licence: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class LinkRow:
    source: SourceRef
    source_record_id: str
    missing_from_source: bool
    tags: dict[str, Any]


@dataclass(frozen=True, slots=True)
class OperatorRef:
    name: str


@dataclass(slots=True)
class ExportCamera:
    """What an export shows of a camera, with the attribute names of storage.models.Camera."""

    id: int
    lon: float
    lat: float
    status: str
    values: dict[str, Any]  # CameraRecord.CAMERA_FIELDS
    operator: OperatorRef | None
    provenance: list[LinkRow] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)

    def __getattr__(self, name: str) -> str | float | date | None:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def _query(session: Session, bbox: BBox | None, source: str | None, wanted: CameraFilter | None = None):
    query = select(*(getattr(Camera, c) for c in CAMERA_COLUMNS)).order_by(Camera.id)
    if wanted is not None:  # a filtered view, as the API answers it
        query = query.where(*camera_conditions(backend_for(session), wanted))
    if bbox is not None:
        query = query.where(backend_for(session).bbox_filter(bbox))
    if source is not None:
        query = query.where(exists().where(Provenance.camera_id == Camera.id,
                                           Provenance.source_id == Source.id, Source.name == source))
    return query.execution_options(yield_per=CHUNK)


def export_rows(session: Session, bbox: BBox | None = None, source: str | None = None,
                wanted: CameraFilter | None = None) -> Iterator[ExportCamera]:
    """Cameras (in `bbox`, with a record from `source`) in id order, with operator, links and claims.

    One camera query streamed in chunks; per chunk, one query for its claims and one for its links."""
    operators = {i: OperatorRef(name) for i, name in session.execute(select(Operator.id, Operator.name))}
    sources = {i: SourceRef(name, licence, url) for i, name, licence, url
               in session.execute(select(Source.id, Source.name, Source.licence, Source.url))}
    for rows in session.execute(_query(session, bbox, source, wanted)).partitions():
        cameras = {row[0]: _camera(row, operators) for row in rows}
        _attach(session, cameras, sources)
        yield from cameras.values()


def _camera(row: Sequence[Any], operators: dict[int, OperatorRef]) -> ExportCamera:
    values = dict(zip(CameraRecord.CAMERA_FIELDS, row[4:-1], strict=True))
    return ExportCamera(row[0], row[1], row[2], row[3], values, operators.get(row[-1]))


def _attach(session: Session, cameras: dict[int, ExportCamera], sources: dict[int, SourceRef]) -> None:
    ids = list(cameras)
    claims = select(CapabilityClaim.camera_id, *(getattr(CapabilityClaim, c) for c in CLAIM_COLUMNS)).where(
        CapabilityClaim.camera_id.in_(ids)).order_by(CapabilityClaim.id)
    for camera_id, *values in session.execute(claims):
        cameras[camera_id].claims.append(ClaimRecord(*values))
    links = select(Provenance.camera_id, Provenance.source_id, Provenance.source_record_id,
                   Provenance.missing_from_source, Provenance.tags).where(
        Provenance.camera_id.in_(ids)).order_by(Provenance.id)
    for camera_id, source_id, record_id, missing, tags in session.execute(links):
        link = LinkRow(sources[source_id], record_id, bool(missing), tags or {})
        cameras[camera_id].provenance.append(link)
