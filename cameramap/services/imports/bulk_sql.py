"""Rows straight to the database driver (executemany on SQLite, COPY on PostgreSQL), for imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from sqlalchemy.orm import Session

COLUMNS = {
    "cameras": ("lon", "lat", "surveillance_type", "surveillance", "surveillance_zone", "camera_type",
                "camera_mount", "camera_direction", "camera_angle", "height", "manufacturer", "model",
                "first_seen", "last_verified", "notes", "operator_id", "status", "capabilities", "tags",
                "created_at", "updated_at"),
    "revisions": ("camera_id", "action", "before", "after", "actor_kind", "actor_name", "reason",
                  "created_at"),
    "provenance": ("camera_id", "source_id", "source_record_id", "record_hash", "missing_from_source", "tags",
                   "first_imported_at", "last_seen_at"),
    "capability_claims": ("camera_id", "capability", "confidence", "evidence_kind", "evidence_text",
                          "evidence_url", "vendor", "source_id", "created_at"),
}


def import_cache(session: Session, kib: int = 131072) -> None:
    """SQLite: a 128 MiB page cache on the importing connection (the R*Tree, the cluster index and
    the other indexes stay in memory longer: at a million scattered cameras in batches of 50,000,
    167 s with 64 MiB, 161 s with 128 MiB at a peak RSS of 776 MiB, 152 s with 256 MiB at 915 MiB,
    too close to the 1 GB budget). Set per batch, as a commit may switch connections."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")


class RawInserts:
    """Rows as tuples, values converted once per batch instead of per cell by SQLAlchemy's type
    processors (several times faster at a million rows), stored in the same formats as the ORM's."""

    def __init__(self, session: Session):
        self.session = session
        dialect = session.get_bind().dialect
        self.sqlite = dialect.name == "sqlite"
        self.mark = "?" if dialect.paramstyle == "qmark" else "%s"

    def when(self, moment: datetime) -> Any:
        """SQLAlchemy's SQLite DateTime text, or the datetime itself for psycopg."""
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else moment

    def flag(self, value: bool) -> Any:
        return int(value) if self.sqlite else value

    @staticmethod
    def json(value: Any) -> str:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()

    def insert(self, table: str, rows: list[tuple[Any, ...]], returning: str | None = None) -> list[Any]:
        """Insert `rows` (in COLUMNS[table] order); with returning="id", the new ids in row order."""
        if not rows:
            return []
        if not self.sqlite:
            return self._copy(table, rows, returning)
        columns = COLUMNS[table]
        quoted = ", ".join(f'"{c}"' for c in columns)
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join([self.mark] * len(columns))})"
        connection = self.session.connection()
        if returning is None:
            connection.exec_driver_sql(sql, rows)
            return []
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.executemany(f"{sql} RETURNING {returning}", rows, returning=True)
        found: list[Any] = []
        while True:
            found.extend(r[0] for r in cursor.fetchall())
            if not cursor.nextset():
                return found

    def _copy(self, table: str, rows: list[tuple[Any, ...]], returning: str | None) -> list[Any]:
        """PostgreSQL: COPY, several times faster than INSERT; ids are drawn from the sequence first."""
        cursor = self.session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        columns = COLUMNS[table]
        ids: list[Any] = []
        if returning is not None:
            assert returning == "id", "COPY can hand back drawn ids only"
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                           "FROM generate_series(1, %s)", (len(rows),))
            ids = [r[0] for r in cursor.fetchall()]
            rows = [(i, *row) for i, row in zip(ids, rows, strict=True)]
            columns = ("id", *columns)
        quoted = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return ids
