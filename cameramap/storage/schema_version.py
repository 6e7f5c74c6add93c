"""Whether a database's schema is already at the migrations' head, found without loading Alembic.

A server that starts on a current schema (the usual case) then forks its workers without Alembic and
Mako; anything else (a new, older or unknown schema, branched migrations) goes through Alembic.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

REVISION = re.compile(r"""^(down_revision|revision)\s*=\s*(None|"[^"]*"|'[^']*')\s*$""", re.MULTILINE)


def head_revision(versions: Path) -> str | None:
    """The one revision no other migration names as its parent, or None when that is not clear."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        found = dict(REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found or found["revision"] == "None":
            return None
        revisions.add(found["revision"].strip("\"'"))
        if found.get("down_revision", "None") != "None":
            parents.add(found["down_revision"].strip("\"'"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def is_current(engine: Engine, versions: Path) -> bool:
    """True when the database records exactly the head revision."""
    head = head_revision(versions)
    if head is None:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        recorded = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return recorded == [head]
