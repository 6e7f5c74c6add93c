"""A batch of new cameras written as text rows (PostgreSQL's COPY), from parts staged in the reader."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
               who: tuple[str, str | None, str], now: datetime) -> list[int]:
    """Insert the cameras, their `create` revisions (`who`: actor kind, actor name, reason), links
    and claims with one COPY each, its lines made as they are sent; return the new camera ids.

    In one session the import's reader thread stays paused meanwhile: the driver sends in chunks and
    would hand the GIL to the reader and back at every one (a million rows: 93 s with the reader
    running, 82 s without). In two lanes the reader runs while the other lane waits, and threads
    switch every 1 ms (pipeline.quick_switches)."""
    ids = rows.new_ids(session, "cameras", len(cameras))
    stamp = rows.field(now)
    end, actor = f"\t{stamp}\t{stamp}\n", rows.line(who)
    each = [(i, _text(new), new) for i, new in zip(ids, cameras, strict=True)]
    blocks: dict[str, Iterator[str]] = {
        "cameras": (f"{i}\t{t.camera}\t{rows.field(c.operator_id)}\treported\t{c.capabilities}\t{{}}{end}"
                    for i, t, c in each),
        "revisions": (f"{i}\tcreate\t\\N\t{t.snapshot_head}{_tail(rows, c.operator_id)}\t{actor}\t{stamp}\n"
                      for i, t, c in each),
        "provenance": (f"{i}\t{source_id}\t{t.link}\tf\t{t.tags}{end}" for i, t, _ in each),
        "capability_claims": (f"{i}\t{claim}\t{source_id}\t{stamp}\n"
                              for i, t, _ in each for claim in t.claims),
    }
    for table, lines in blocks.items():
        rows.write(session, table, ("id", *COLUMNS[table]) if table == "cameras" else COLUMNS[table], lines)
    return ids


def _text(new: NewCamera) -> StagedText:
    text = new.staged.text
    assert text is not None, "staged without text rows"
    return text


def _tail(rows: TextRows, operator_id: int | None) -> str:
    return rows.field(snapshot_tail(operator_id))
