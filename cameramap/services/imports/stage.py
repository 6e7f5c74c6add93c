"""A record's digest and row values, staged off the writing thread (no database read decides them)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import orjson

from ...domain.records import CameraRecord

HASHED = attrgetter("source_record_id", *CameraRecord.CAMERA_FIELDS, "operator", "tags", "claims")
FIELDS = attrgetter(*CameraRecord.CAMERA_FIELDS)
DATE_AT = tuple(i for i, f in enumerate(CameraRecord.CAMERA_FIELDS) if f in ("first_seen", "last_verified"))


def record_hash(record: CameraRecord) -> str:
    """A stable digest of everything a record says, to tell changed rows from unchanged ones."""
    return _digest(record.point.rounded(), record)


def _digest(rounded: tuple[float, float], record: CameraRecord) -> str:
    data = (rounded, HASHED(record))
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


@dataclass(slots=True, frozen=True)
class Staged:
    """One accepted record with what its rows need that no database read decides.

    Staged in the import's reader thread: while the writing thread waits on the database (the
    driver releases the GIL), hashing and formatting the next batch costs the writer nothing."""

    record: CameraRecord
    digest: str
    values: tuple[Any, ...]  # lon, lat, then CameraRecord.CAMERA_FIELDS with dates as ISO text
    tags: str  # the record's tags as JSON, for its provenance link

    @property
    def source_record_id(self) -> str:
        return self.record.source_record_id


def stage(record: CameraRecord) -> Staged:
    rounded = record.point.rounded()
    fields = list(FIELDS(record))
    for i in DATE_AT:
        if fields[i] is not None:
            fields[i] = fields[i].isoformat()  # both drivers store ISO text as a date
    tags = orjson.dumps(record.tags, option=orjson.OPT_NON_STR_KEYS).decode()
    return Staged(record, _digest(rounded, record), (*rounded, *fields), tags)
