"""New cameras as COPY text formatted in the reader: the same rows as through tuples, whatever the text."""

from __future__ import annotations

import datetime

import psycopg
import pytest
from sqlalchemy import text

from cameramap.domain.records import ClaimRecord
from cameramap.services.imports import text_rows, writer
from cameramap.services.imports.store import import_records
from cameramap.storage.backends import backend_for, postgis_copy
from tests.factories import TEST_SOURCE, camera_record

AWKWARD = ['tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash \\N', '"quoted" «ёлка» \u2603', '\\.',
           ' leading and trailing ', '']
ROWS = {  # each operator gets a new id in the second import
    "cameras": "SELECT lon, lat, surveillance_type, camera_type, camera_direction, camera_angle, height, "
               "notes, first_seen, operator_id IS NULL, status, capabilities, tags::text FROM cameras "
               "ORDER BY id",
    "revisions": "SELECT action, before::text, regexp_replace(after::text, '\"operator_id\":\\d+', 'OP'), "
                 "actor_kind, actor_name, reason FROM revisions ORDER BY id",
    "provenance": "SELECT source_record_id, record_hash, missing_from_source, tags::text FROM provenance "
                  "ORDER BY id",
    "capability_claims": "SELECT capability, confidence, evidence_kind, evidence_text, evidence_url, vendor "
                         "FROM capability_claims WHERE camera_id IS NOT NULL ORDER BY id",
}


@pytest.fixture
def postgres(backend):
    if backend != "postgresql":
        pytest.skip("only PostgreSQL takes rows as text")


def awkward_records():
    return [camera_record(lon=24.9 + i / 100, lat=60.2, notes=value or None, camera_direction=value or "90",
                          operator=None if i % 2 else f"Operator {value}", height=1.5 + i, camera_angle=None,
                          first_seen=datetime.date(2020, 1, 1 + i), tags={"name": value, "k\t": "v\n"},
                          source_record_id=f"id {value} {i}",
                          claims=[ClaimRecord("audio", "claimed", "document", value, f"https://e.org/{i}?q={value}",
                                              vendor=value)])
            for i, value in enumerate(AWKWARD)]


def stored(session) -> dict:
    return {table: [tuple(row) for row in session.execute(text(sql)).all()] for table, sql in ROWS.items()}


def test_text_rows_store_exactly_what_tuples_store(session, postgres, monkeypatch):
    calls = []
    monkeypatch.setattr(writer, "write_text", lambda *a: calls.append(a) or text_rows.write_text(*a))
    import_records(session, TEST_SOURCE, awkward_records(), complete=False)
    assert len(calls) == 1
    as_text = stored(session)
    session.rollback()
    monkeypatch.setattr(type(backend_for(session)), "text_rows", None)
    import_records(session, TEST_SOURCE, awkward_records(), complete=False)
    as_tuples = stored(session)
    assert as_text == as_tuples
    assert [row[7] for row in as_text["cameras"]] == [v or None for v in AWKWARD]


@pytest.mark.parametrize("value", [*AWKWARD, None, True, False, 0, -7, 1.0 / 3, 1e-300, 2.5e300, -0.0,
                                   datetime.date(2020, 2, 29),
                                   datetime.datetime(2026, 12, 5, 13, 0, 1, 5, tzinfo=datetime.UTC)])
def test_a_field_reads_back_as_itself(session, postgres, value):
    kind = {str: "text", bool: "boolean", int: "bigint", float: "float8", datetime.date: "date",
            datetime.datetime: "timestamptz", type(None): "text"}[type(value)]
    cursor = session.connection().connection.dbapi_connection.cursor()
    cursor.execute(f"CREATE TEMP TABLE copied (v {kind}) ON COMMIT DROP")
    with cursor.copy("COPY copied (v) FROM STDIN") as copy:
        copy.write(postgis_copy.line([value]) + "\n")
    cursor.execute("SELECT v FROM copied")
    assert cursor.fetchall() == [(value,)]


def test_a_value_with_no_text_is_refused():
    with pytest.raises(TypeError, match="no COPY text for dict"):
        postgis_copy.field({"a": 1})


def test_lines_are_sent_block_by_block_as_they_are_made(session, postgres, monkeypatch):
    """More lines than one block: each block is made only after the one before it was sent."""
    monkeypatch.setattr(postgis_copy, "STREAMED", 3)
    session.execute(text("CREATE TEMP TABLE copied (n integer, v text) ON COMMIT DROP"))
    made, sent = [], []
    write = psycopg.Copy.write

    def spy(copy, block):
        sent.append((len(made), block))
        write(copy, block)

    monkeypatch.setattr(psycopg.Copy, "write", spy)

    def lines():
        for n, value in enumerate(AWKWARD):
            made.append(n)
            yield f"{n}\t{postgis_copy.field(value)}\n"

    postgis_copy.CopyText.write(session, "copied", ("n", "v"), lines())
    assert [count for count, _ in sent] == [3, 6, 8]
    assert "".join(block for _, block in sent) == "".join(
        f"{n}\t{postgis_copy.field(value)}\n" for n, value in enumerate(AWKWARD))
    assert session.execute(text("SELECT v FROM copied ORDER BY n")).scalars().all() == AWKWARD


def test_no_lines_make_no_copy(session, postgres):
    postgis_copy.CopyText.write(session, "no_such_table", ("n",), iter([]))  # a COPY would fail


def test_an_error_while_the_lines_are_made_stops_the_copy_with_that_error(session, postgres, monkeypatch):
    monkeypatch.setattr(postgis_copy, "STREAMED", 2)
    session.execute(text("CREATE TEMP TABLE copied (n integer) ON COMMIT DROP"))

    def lines():
        yield from ("1\n", "2\n", "3\n")
        raise LookupError("made badly")

    savepoint = session.begin_nested()
    with pytest.raises(LookupError, match="made badly"):
        postgis_copy.CopyText.write(session, "copied", ("n",), lines())
    savepoint.rollback()
    assert session.execute(text("SELECT count(*) FROM copied")).scalar_one() == 0
