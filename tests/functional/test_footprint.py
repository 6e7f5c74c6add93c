"""A serving worker stays small: the map's requests load no GIS stack (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("geopandas", "pandas", "pyogrio", "folium", "branca", "shapely", "pyproj", "scipy", "osmium",
         "geopy")
# Loaded on first use only: photos (Pillow), Redis (only with CAMERAMAP_REDIS_URL), the proof of work and
# log-ins (altcha, argon2), calendars (icalendar), the other commands' importers and progress bars
# (numpy, rich, yaml, charset_normalizer), migrations (alembic, with AUTO_MIGRATE off).
LAZY = ("PIL", "redis", "altcha", "argon2", "icalendar", "numpy", "rich", "yaml", "charset_normalizer",
        "alembic", "mako")
SCRIPT = """
import json, sys
HEAVY = sys.argv[1].split(",")
import cameramap.cli.serve  # what `cameramap serve` loads before forking its workers
from cameramap import create_app
migrate = sys.argv[2].startswith("migrate:")  # auto-migrate on (the default) a current schema
url = sys.argv[2].removeprefix("migrate:")
app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": migrate, "SECRET_KEY": "footprint"})
client = app.test_client()
loaded = {}
def note(name):
    loaded[name] = sorted(m for m in HEAVY if m in sys.modules)
note("start")
for path in sys.argv[3:]:
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    note(path)
print(json.dumps(loaded))
"""

VIEWS = (
    "/api/v1/cameras?bbox=24.9,60.1,25.0,60.2&zoom=14",
    "/api/v1/cameras?bbox=-10,35,30,60&zoom=5",
    "/api/v1/cameras/tiles/12/2331/1185",
    "/api/v1/cameras/1",
)


def _loaded(database_url: str, *paths: str, modules: tuple[str, ...] = HEAVY) -> dict[str, list[str]]:
    command = [sys.executable, "-c", SCRIPT, ",".join(modules), database_url, *paths]
    out = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_app_and_serving_map_views_loads_no_gis_stack(engine, database_url):
    loaded = _loaded(database_url, *VIEWS)
    assert loaded["start"] == []
    for path in VIEWS:
        assert loaded[path] == [], path


def test_vector_tiles_load_no_data_frames(engine, database_url):
    """On SQLite the tile encoder (mapbox-vector-tile) brings shapely; nothing heavier."""
    tile = "/api/v1/cameras/tiles/12/2331/1185.mvt"
    assert set(_loaded(database_url, tile)[tile]) <= {"shapely"}


def test_the_map_shell_loads_folium_on_first_use(engine, database_url):
    loaded = _loaded(database_url, "/api/v1/cameras?bbox=24.9,60.1,25.0,60.2&zoom=14", "/")
    assert loaded["start"] == []
    assert "folium" in loaded["/"]


def test_serving_starts_without_what_only_some_requests_or_commands_need(engine, database_url):
    loaded = _loaded(database_url, *VIEWS, modules=LAZY)
    assert loaded["start"] == []
    for path in VIEWS:
        assert loaded[path] == [], path


def test_a_challenge_loads_the_proof_of_work_on_first_use(engine, database_url):
    loaded = _loaded(database_url, "/api/v1/challenge", modules=LAZY)
    assert loaded["start"] == []
    assert "altcha" in loaded["/api/v1/challenge"]


def test_starting_on_a_current_schema_loads_no_alembic(engine, database_url):
    """AUTO_MIGRATE is on by default: a schema at the head is recognised without Alembic and Mako."""
    assert _loaded(f"migrate:{database_url}", modules=LAZY)["start"] == []


def test_the_domain_imports_without_the_web_stack():
    """bench/bare_app.py (the floor) uses the domain and the grid: importing them loads no Flask app."""
    script = ("import sys, cameramap.domain.geo, cameramap.domain.vocabulary, cameramap.storage.grid; "
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy', 'pydantic'}))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         check=True)
    assert out.stdout.strip() == "[]"
