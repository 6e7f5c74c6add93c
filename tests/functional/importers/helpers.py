"""Helpers for the import tests: run a file through reader and service, count what is stored."""

from __future__ import annotations

from sqlalchemy import func, select

from cameramap.domain.records import SourceSpec
from cameramap.importers.items import ReadOptions
from cameramap.importers.registry import open_file
from cameramap.services.imports.store import ImportOptions, ImportReport, import_items
from cameramap.storage.models import Camera, CapabilityClaim, Provenance, Revision, Source


def run(session, path, source="test file", kind="open_data", read=None, **options) -> ImportReport:
    reading = open_file(path, read or ReadOptions())
    options.setdefault("conflate_m", 15.0)
    return import_items(session, SourceSpec(source, kind), reading.items, ImportOptions(**options))


def counts(session) -> tuple[int, ...]:
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (Camera, Provenance, Revision, CapabilityClaim, Source))
