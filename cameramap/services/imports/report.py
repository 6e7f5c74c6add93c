"""What an import tells its caller: counts, and every rejected, conflated, unlocated or noted row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from ...domain.limits import TAG_VALUE_LIMIT, clipped

EXAMPLES = 5  # repaired cells shown per kind of repair


@dataclass
class ImportSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflated: int = 0
    needs_location: int = 0
    missing_from_source: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    repaired: dict[str, int] = field(default_factory=dict)  # coordinate cells repaired, per kind
    outliers_kept: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "rejected": dict(sorted(self.rejected.items())),
                "repaired": dict(sorted(self.repaired.items()))}


@dataclass
class ImportReport:
    """The summary plus every rejected, conflated, unlocated or annotated row."""

    source: str
    summary: ImportSummary = field(default_factory=ImportSummary)
    dry_run: bool = False
    rejected: list[dict[str, Any]] = field(default_factory=list)
    conflated: list[dict[str, Any]] = field(default_factory=list)
    needs_location: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outliers: list[dict[str, Any]] = field(default_factory=list)  # rejected or kept, with a suggestion
    repairs: dict[str, list[str]] = field(default_factory=dict)  # kind -> a few "cell → value" examples

    def reject(self, row: int, code: str, message: str, values: Any, source_id: str | None = None,
               detail: dict[str, Any] | None = None) -> None:
        self.summary.rejected[code] = self.summary.rejected.get(code, 0) + 1
        self.rejected.append({"row": row, "reason": code, "message": message, "source_id": source_id,
                              "values": _clipped(values), **(detail or {})})
        if code == "outlier":
            self.outliers.append({"row": row, "source_id": source_id, "kept": False, **(detail or {})})

    def outlier_kept(self, row: int, source_id: str, detail: dict[str, Any]) -> None:
        self.summary.outliers_kept += 1
        self.outliers.append({"row": row, "source_id": source_id, **detail, "kept": True})

    def repaired(self, repairs: tuple[tuple[str, str], ...]) -> None:
        for kind, example in repairs:
            self.summary.repaired[kind] = self.summary.repaired.get(kind, 0) + 1
            shown = self.repairs.setdefault(kind, [])
            if len(shown) < EXAMPLES:
                shown.append(example)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "dry_run": self.dry_run, "summary": self.summary.as_dict(),
                "warnings": self.warnings, "rejected": self.rejected, "conflated": self.conflated,
                "needs_location": self.needs_location, "notes": self.notes, "outliers": self.outliers,
                "repairs": self.repairs}

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_dict(), default=str,
                            option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)


def _clipped(values: Any) -> Any:
    """A rejected row's cells for the report, each cut to the size a stored value may have."""
    if not isinstance(values, dict):
        return values
    return {k: clipped(v, TAG_VALUE_LIMIT) if isinstance(v, str) else v for k, v in values.items()}
