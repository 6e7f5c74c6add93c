"""A record's digest and row values, staged off the writing thread (no database read decides them)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import orjson

from ...domain.records import CameraRecord
from ...storage.backends import TextRows
from ...storage.bulkload import capability_bits

HASHED = attrgetter("source_record_id", *CameraRecord.CAMERA_FIELDS, "operator", "tags", "claims")
FIELDS = attrgetter(*CameraRecord.CAMERA_FIELDS)
CLAIM = attrgetter("capability", "confidence", "evidence_kind", "evidence_text", "evidence_url", "vendor")
DATE_AT = tuple(i for i, f in enumerate(CameraRecord.CAMERA_FIELDS) if f in ("first_seen", "last_verified"))
HEAD_KEYS = ("lon", "lat", *CameraRecord.CAMERA_FIELDS)  # a create revision's snapshot, but for the
# keys the writer knows (operator_id, status, removed_at: writer.SNAPSHOT_KEYS)


def record_hash(record: CameraRecord) -> str:
    """A stable digest of everything a record says, to tell changed rows from unchanged ones."""
    return _digest(record.point.rounded(), record)


def _digest(rounded: tuple[float, float], record: CameraRecord) -> str:
    data = (rounded, HASHED(record))
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__
class StagedText:
    """The parts of a new camera's rows no database read decides, as the backend's text (TextRows)."""

    camera: str  # Staged.values
    link: str  # source record id, digest
    tags: str  # the link's tags
    snapshot_head: str  # Staged.snapshot_head
    claims: tuple[str, ...]  # per claim: capability, confidence, evidence kind, text, url, vendor


@dataclass(slots=True)  # not frozen (StagedText): made a million times in an import
class Staged:
    """One accepted record with what its rows need that no database read decides.

    Staged in the import's reader thread: while the writing thread waits on the database (the
    driver releases the GIL), hashing and formatting the next batch costs the writer nothing."""

    record: CameraRecord
    digest: str
    values: tuple[Any, ...]  # lon, lat, then CameraRecord.CAMERA_FIELDS with dates as ISO text
    tags: str  # the record's tags as JSON, for its provenance link
    bits: int  # cameras.capabilities of the record's own claims (the writer adds its operator's)
    snapshot_head: str  # JSON of HEAD_KEYS -> values, without its closing brace
    text: StagedText | None = None  # for a backend that takes rows as text

    @property
    def source_record_id(self) -> str:
        return self.record.source_record_id


def stage(record: CameraRecord, text_rows: TextRows | None = None) -> Staged:
    """Hash and format a record's rows (as text too, for a backend that takes `text_rows`)."""
    rounded = record.point.rounded()
    fields = list(FIELDS(record))
    for i in DATE_AT:
        if fields[i] is not None:
            fields[i] = fields[i].isoformat()  # both drivers store ISO text as a date
    tags = orjson.dumps(record.tags, option=orjson.OPT_NON_STR_KEYS).decode()
    values = (*rounded, *fields)
    head = orjson.dumps(dict(zip(HEAD_KEYS, values, strict=True))).decode()[:-1]
    bits = capability_bits(c.capability for c in record.claims) if record.claims else 0
    digest = _digest(rounded, record)
    text = None
    if text_rows is not None:
        line = text_rows.line
        text = StagedText(line(values), line((record.source_record_id, digest)), text_rows.field(tags),
                          text_rows.field(head),
                          tuple([line(CLAIM(c)) for c in record.claims]) if record.claims else ())
    return Staged(record, digest, values, tags, bits, head, text)
