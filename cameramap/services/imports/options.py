"""An import's options, and the runner's transaction control it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from ...domain.geo import Point
from ...domain.records import Actor
from .report import ImportSummary

Geocode = Callable[[str], Point | None]


class Checkpoints(Protocol):
    """The import runner's transaction control: it commits each batch (services never commit)."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


@dataclass
class ImportOptions:
    batch_size: int = 1000
    complete: bool = True  # mark this source's records absent from the run as missing from source
    dry_run: bool = False  # do everything, then roll back
    conflate_m: float | None = None  # link to another source's camera within this distance
    geocode: Geocode | None = None  # places address-only rows; None keeps them as "needs location"
    actor: Actor | None = None
    on_batch: Callable[[ImportSummary], None] | None = None
    path: str | None = None
    format: str | None = None
    prefetch: bool = True  # read the next batches in a thread while writing this one
    checkpoints: Checkpoints | None = None  # the runner's commit per batch; None: the caller's unit
    replace: bool = False  # a complete import may mark most of the source's records missing
    lane: Session | None = None  # the runner's second session, committed per batch like checkpoints:
    # a backend with import_lanes > 1 writes every other batch in it (lanes.py)
