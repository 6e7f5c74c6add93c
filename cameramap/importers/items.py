"""What importers yield per row (accepted record, rejection, row needing a location) and their options."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..domain.errors import UsageError
from ..domain.records import CameraRecord

# Reason codes of rejected rows, with the sentence the report shows beside each.
REASONS: dict[str, str] = {
    "missing_coordinates": "the row has no coordinates",
    "unparsable_coordinates": "the coordinates are not numbers",
    "non_finite": "a coordinate is NaN or infinite",
    "out_of_range": "a coordinate is outside longitude -180..180 / latitude -90..90",
    "swapped_coordinates": "latitude and longitude look swapped (rerun with --swap-xy to swap them)",
    "null_island": "(0, 0) is not a real camera position",
    "empty_geometry": "the feature has an empty or unreadable geometry",
    "malformed_row": "the row cannot be parsed (broken quoting or a wrong number of fields)",
    "not_surveillance": "the OpenStreetMap object carries no surveillance tags",
    "duplicate_row": "an exact duplicate of an earlier row",
    "duplicate_id": "repeats the id of an earlier row with different values",
    "needs_location": "no coordinates, only an address, and no geocoder was available",
    "geocoding_failed": "no coordinates, and the geocoder could not place the address",
    "mangled_number": "a coordinate mangled by a spreadsheet that cannot be repaired unambiguously "
                      "(--within names the area its readings must fall in)",
    "outlier": "far outside where the rest of the file lies (--keep-outliers keeps such rows, flagged)",
}


class RowProblem(Exception):
    """One row is unusable; `code` is a key of REASONS."""

    def __init__(self, code: str, message: str | None = None):
        super().__init__(message or REASONS[code])
        self.code = code
        self.message = message or REASONS[code]


class FileError(UsageError):
    """The whole file is unusable (empty, unknown format, wrong encoding, unsafe XML...)."""

    code = "unreadable_file"


@dataclass(slots=True)
class Accepted:
    row: int
    record: CameraRecord
    values: dict[str, Any] | None = None
    notes: tuple[str, ...] = ()
    repairs: tuple[tuple[str, str], ...] = ()  # (kind, "461.993.881 → 46.1993881") per repaired cell
    outlier: dict[str, Any] | None = None  # set on an outlier kept by --keep-outliers


@dataclass(slots=True)
class Rejected:
    row: int
    code: str
    message: str
    values: dict[str, Any] | None = None
    detail: dict[str, Any] | None = None  # e.g. an outlier's distance and nearest plausible reading


@dataclass(slots=True)
class Repaired:
    """Coordinates read from repaired cells: every (x, y) reading, and the repaired cells as
    (kind, cell text, index of the reading's value: 0 for x, 1 for y)."""

    readings: list[tuple[float, float]]
    cells: tuple[tuple[str, str, int], ...]

    def repairs(self, reading: tuple[float, float]) -> tuple[tuple[str, str], ...]:
        """(kind, "461.993.881 → 46.1993881") per repaired cell, for the reading chosen."""
        return tuple((kind, f"{text} → {reading[at]:.10g}") for kind, text, at in self.cells)


@dataclass(slots=True)
class Unsettled:
    """A row whose repaired coordinates have several plausible points; the file's other rows decide
    (importers.plausibility): `settle(i, why)` accepts reading i, `reject(message)` rejects the row."""

    row: int
    points: list[Any]  # domain.geo.Point
    settle: Callable[[int, str], Accepted]
    reject: Callable[[str], Rejected]


@dataclass(slots=True)
class Unlocated:
    """A row with an address but no coordinates; `fields` are CameraRecord arguments but `point`."""

    row: int
    address: str
    fields: dict[str, Any]
    values: dict[str, Any] | None = None


Item = Accepted | Rejected | Unlocated
ReadItem = Item | Unsettled  # what a reader yields before plausibility.screen settles it


def rejected(row: int, problem: RowProblem, values: dict[str, Any] | None) -> Rejected:
    return Rejected(row, problem.code, problem.message, values)


@dataclass(slots=True)
class ReadOptions:
    """Everything a reader may be told by the caller; None means detect."""

    format: str | None = None
    crs: str | None = None
    encoding: str | None = None
    swap_xy: bool = False
    mapping: Any = None  # a mapping.Mapping
    dataset: str = ""  # dataset title (source name, file name) for keyword hints
    evidence_kind: str = "official_registry"
    header: bool | None = None  # CSV: force a header row (True) or none (False); None: detect
    keep_outliers: bool = False  # keep rows far outside the file's core (flagged) instead of rejecting
    within: Any = None  # a domain.geo.BBox where the file's cameras lie, to choose repaired readings


@dataclass(slots=True)
class Reading:
    """An opened file: its detected format, the row stream and a progress probe."""

    format: str
    items: Iterator[Item]
    total: int = 0
    position: Callable[[], int] = lambda: 0
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
