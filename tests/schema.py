"""A database's schema as plain data: tables, columns, indexes, constraints, triggers, functions, views."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

SQLITE = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"

# PostgreSQL: the objects of schema public that an extension (PostGIS) did not create.
POSTGRES = {
    "columns": """SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,
                         column_default, is_identity, is_generated, generation_expression
                  FROM information_schema.columns WHERE table_schema = 'public'
                  AND table_name NOT IN (SELECT c.relname FROM pg_class c JOIN pg_depend d
                                         ON d.objid = c.oid AND d.deptype = 'e')
                  ORDER BY table_name, column_name""",
    "indexes": """SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
                  AND tablename NOT IN ('spatial_ref_sys') ORDER BY tablename, indexname""",
    "constraints": """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                      WHERE n.nspname = 'public' AND c.conrelid <> 0
                      AND c.conrelid::regclass::text <> 'spatial_ref_sys'
                      ORDER BY 1, 2""",
    "triggers": """SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid)
                   FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 1, 2""",
    "functions": """SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid)
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public' AND NOT EXISTS (
                        SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
                    ORDER BY 1, 2""",
    "views": """SELECT viewname, definition FROM pg_views WHERE schemaname = 'public'
                AND viewname NOT IN ('geography_columns', 'geometry_columns') ORDER BY 1""",
    "sequences": """SELECT sequence_name, data_type FROM information_schema.sequences
                    WHERE sequence_schema = 'public' ORDER BY 1""",
}


def snapshot(connection: Connection) -> dict[str, list[list[Any]]]:
    """Every schema object with its definition, in a stable order (JSON-ready)."""
    queries = {"sqlite_master": SQLITE} if connection.dialect.name == "sqlite" else POSTGRES
    return {key: [list(row) for row in connection.execute(text(sql))] for key, sql in queries.items()}
