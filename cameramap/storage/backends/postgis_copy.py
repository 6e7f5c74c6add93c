"""Rows as PostgreSQL COPY text: formatted in the import's reader thread, sent by the writer as is.

psycopg's `write_row` formats each value on the writing thread (about 1.7 us a row, 3.8 us for a
camera's 22 columns), which an import runs serially with the server's work. The parts of a row that
no database read decides are formatted here instead, in the reader thread (services.imports.stage),
which runs while the writer waits on the server; the writer joins them with the ids and the values it
decides, and sends one block per table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy.orm import Session

NULL = "\\N"
STREAMED = 2000  # lines per block sent (a few hundred kB: psycopg waits for the server every MB)


def _escaped(value: str) -> str:
    """Backslash, tab, newline and carriage return escaped (a scan for each is far faster than
    str.translate, which looks every character up in a dict)."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


_TEXT: dict[type, Callable[[Any], str]] = {  # by exact type: a subclass (an enum, say) takes field's way
    str: _escaped,
    float: float.__repr__,  # the shortest text that reads back as the same double
    int: int.__repr__,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: NULL,
    date: date.isoformat,
    datetime: datetime.isoformat,
}


def field(value: Any) -> str:
    """One value in COPY's text format (as psycopg's text dumpers write it)."""
    text = _TEXT.get(type(value))
    if text is not None:
        return text(value)
    for kind in (bool, str, int, float, datetime, date):  # subclasses, as their base
        if isinstance(value, kind):
            return _TEXT[kind](value)
    raise TypeError(f"no COPY text for {type(value).__name__}")


def line(values: Sequence[Any]) -> str:
    """Values joined as the columns of one COPY line (no newline)."""
    return "\t".join([NULL if value is None else _escaped(value) if type(value) is str else field(value)
                      for value in values])


def copy_into(session: Session, table: str, columns: Sequence[str]) -> Any:
    """psycopg's COPY FROM STDIN into `columns` of `table`, on the session's connection (a context
    manager: `write` text, or `write_row` tuples)."""
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    quoted = ", ".join(f'"{c}"' for c in columns)
    return cursor.copy(f"COPY {table} ({quoted}) FROM STDIN")


class CopyText:
    """The writer's side: ids drawn in one statement, and whole lines written in one COPY."""

    line = staticmethod(line)
    field = staticmethod(field)

    @staticmethod
    def new_ids(session: Session, table: str, count: int) -> list[int]:
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                       "FROM generate_series(1, %s)", (count,))
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def write(session: Session, table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
        """COPY `lines` (each ending in a newline) into `columns` of `table`, sent as they are made
        (no lines: no COPY).

        A block of STREAMED lines at a time: the server stores one while the next is made (made first
        and sent after, the writer's Python and the server's work took turns)."""
        made = iter(lines)
        block = "".join(islice(made, STREAMED))
        if not block:
            return
        with copy_into(session, table, columns) as copy:
            while block:
                copy.write(block)
                block = "".join(islice(made, STREAMED))
