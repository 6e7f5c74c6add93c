"""A non-editable install must carry templates, static files, migrations and mapping profiles."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not running from a source checkout")
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "cameramap"
    ignore = shutil.ignore_patterns(".git", ".venv", "*.sqlite3*", "__pycache__", "instance", "node_modules")
    shutil.copytree(ROOT, src, ignore=ignore)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                   check=True, capture_output=True)
    (wheel,) = out.glob("cameramap-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize(
    "path",
    [
        "cameramap/templates/base.html",
        "cameramap/templates/errors/error.html",
        "cameramap/storage/migrations/env.py",
        "cameramap/storage/migrations/script.py.mako",
        "cameramap/storage/migrations/versions/0001_initial_registry.py",
        "cameramap/storage/migrations/versions/sql/0007_clusters.postgresql.upgrade.sql",
        "cameramap/static/css/site.css",
        "cameramap/static/js/i18n.js",
        "cameramap/translations/ru/LC_MESSAGES/messages.mo",
        "cameramap/data/operators/london.yaml",  # the demo loads them (services.accountability.seed)
        "cameramap/data/operators/moscow.yaml",
    ],
)
def test_wheel_contains(wheel_names, path):
    assert path in wheel_names


def test_wheel_has_no_repository_data(wheel_names):
    assert not any(name.endswith((".pbf", ".sqlite3")) for name in wheel_names)
