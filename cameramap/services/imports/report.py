"""What an import tells its caller: counts, and every rejected, conflated, unlocated or noted row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson


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

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "rejected": dict(sorted(self.rejected.items()))}


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

    def reject(self, row: int, code: str, message: str, values: Any, source_id: str | None = None) -> None:
        self.summary.rejected[code] = self.summary.rejected.get(code, 0) + 1
        self.rejected.append({"row": row, "reason": code, "message": message, "source_id": source_id,
                              "values": values})

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "dry_run": self.dry_run, "summary": self.summary.as_dict(),
                "warnings": self.warnings, "rejected": self.rejected, "conflated": self.conflated,
                "needs_location": self.needs_location, "notes": self.notes}

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_dict(), default=str,
                            option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)
