"""A short run of bench/crash.py: SIGKILL the server during submissions and `cameramap import` mid-file,
three times each; nothing acknowledged is lost, nothing is doubled, the database stays consistent and
the re-run import ends with every row once. (The bench runs the same with 200 + 200 kills.)"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

BENCH = Path(__file__).resolve().parents[2] / "bench" / "crash.py"


@pytest.fixture(scope="module")
def crash():
    spec = importlib.util.spec_from_file_location("crash_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def scratch_database() -> str | None:
    """A PostgreSQL database of its own (`<test db>_crash`) when the suite runs on PostgreSQL."""
    url = os.environ.get("CAMERAMAP_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        return None
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_crash").render_as_string(hide_password=False)


def test_kills_lose_nothing_and_double_nothing(crash, tmp_path):
    figures = crash.run(scratch_database(), kills=3, import_kills=3, rows=2000, batch_size=200, seed=7,
                        workdir=tmp_path)
    assert crash.problems(figures) == [], figures
    assert figures["acknowledged"] > 0 and figures["lost"] == 0 and figures["duplicates"] == 0
    assert figures["retries"] > 0  # the kills really hit the stream: some requests had to be retried
    assert figures["import_rows_stored"] == 2000
    assert figures["integrity_check"] == "ok"
