"""A batch of new cameras written as text rows (PostgreSQL's COPY), from parts staged in the reader."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy.orm import Session

from ...storage.backends import TextRows
from .bulk_sql import COLUMNS, RawInserts
from .stage import Staged, StagedText


@lru_cache(maxsize=4096)
def snapshot_tail(operator_id: int | None) -> str:
    """The end of a create revision's snapshot: Staged.snapshot_head + this ==
    json(dict(zip(SNAPSHOT_KEYS, (*staged.values, operator_id, "reported", None))))."""
    return RawInserts.json({"operator_id": operator_id, "status": "reported", "removed_at": None}
                           ).replace("{", ",", 1)


@dataclass(frozen=True, slots=True)
class NewCamera:
    """What the writer decided for one staged record: its operator and capabilities."""

    staged: Staged
    operator_id: int | None
    capabilities: int


def write_text(session: Session, rows: TextRows, cameras: Sequence[NewCamera], source_id: int,
               who: tuple[str, str | None, str], now: datetime,
               waiting: Callable[[], AbstractContextManager[None]] = nullcontext) -> list[int]:
    """Insert the cameras, their `create` revisions (`who`: actor kind, actor name, reason), links
    and claims as four COPY blocks; return the new camera ids. The lines are made first; `waiting` is
    held while the server takes them (the import's reader runs meanwhile)."""
    ids = rows.new_ids(session, "cameras", len(cameras))
    stamp = rows.field(now)
    end, actor = f"\t{stamp}\t{stamp}\n", rows.line(who)
    lines: dict[str, list[str]] = {"cameras": [], "revisions": [], "provenance": [], "capability_claims": []}
    for i, new in zip(ids, cameras, strict=True):
        text = new.staged.text
        assert isinstance(text, StagedText), "staged without text rows"
        operator = rows.field(new.operator_id)
        lines["cameras"].append(f"{i}\t{text.camera}\t{operator}\treported\t{new.capabilities}\t{{}}{end}")
        lines["revisions"].append(f"{i}\tcreate\t\\N\t{text.snapshot_head}{_tail(rows, new.operator_id)}"
                                  f"\t{actor}\t{stamp}\n")
        lines["provenance"].append(f"{i}\t{source_id}\t{text.link}\tf\t{text.tags}{end}")
        lines["capability_claims"].extend(f"{i}\t{claim}\t{source_id}\t{stamp}\n" for claim in text.claims)
    columns = {"cameras": ("id", *COLUMNS["cameras"])}
    with waiting():
        for table, table_lines in lines.items():
            if table_lines:
                rows.write(session, table, columns.get(table, COLUMNS[table]), table_lines)
    return ids


def _tail(rows: TextRows, operator_id: int | None) -> str:
    return rows.field(snapshot_tail(operator_id))
