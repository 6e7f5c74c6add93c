"""Re-importing an unchanged file changes nothing readers see: the registry version and ETags stay."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import text

from cameramap.cli.imports import import_command
from cameramap.storage.database import make_engine
from tests.databases import app_on_fresh_database

MAPPING = "data/mappings/chicago-speed-cameras.yaml"


@pytest.fixture
def committed_app(tmp_path) -> Iterator[tuple[Flask, str]]:
    """An app over its own database, where each import batch really commits (version triggers run)."""
    with app_on_fresh_database(tmp_path, "reimport") as made:
        yield made


def _version(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT version FROM registry_version")).scalar_one())
    finally:
        engine.dispose()


def _import(app: Flask, path, *options: str) -> str:
    result = app.test_cli_runner().invoke(import_command, [str(path), "--mapping", MAPPING, *options])
    assert result.exit_code == 0, result.output
    return result.output


def _etag(app: Flask) -> str:
    response = app.test_client().get("/api/v1/cameras?limit=5")
    assert response.status_code == 200
    return response.headers["ETag"]


def test_an_unchanged_reimport_keeps_the_version_and_the_etag(committed_app, shared_data, tmp_path):
    app, url = committed_app
    path = shared_data / "chicago" / "Speed_Camera_Locations.csv"
    assert "created 160" in _import(app, path, "--batch-size", "50")
    version, etag = _version(url), _etag(app)
    assert "unchanged 160" in _import(app, path, "--batch-size", "50")
    assert (_version(url), _etag(app)) == (version, etag)

    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header, first = lines[0], lines[1]
    changed = tmp_path / path.name  # the same source (named by the mapping), one row edited
    edited = first.replace("3450 W 71st St", "3452 W 71st St")
    changed.write_text("\n".join([header, edited, *lines[2:]]) + "\n")
    output = _import(app, changed, "--batch-size", "50")
    assert "updated 1" in output and "unchanged 159" in output
    assert _version(url) > version and _etag(app) != etag
