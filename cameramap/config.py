"""Every setting, read from CAMERAMAP_* environment variables, with its default documented."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

# name -> (environment variable, default, meaning)
SETTINGS: dict[str, tuple[str, Any, str]] = {
    "DATABASE_URL": ("CAMERAMAP_DATABASE_URL", None,
                     "SQLAlchemy URL; default: SQLite file cameramap.sqlite3 in the instance folder"),
    "TILE_URL": ("CAMERAMAP_TILE_URL", DEFAULT_TILE_URL, "map tile URL template (the only "
                 "external host a page contacts)"),
    "TILE_ATTRIBUTION": ("CAMERAMAP_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION,
                         "attribution HTML shown for the tiles (operator-configured, trusted)"),
    "SECRET_KEY": ("CAMERAMAP_SECRET_KEY", None, "session/CSRF secret; default: generated once "
                   "and kept in the instance folder"),
    "API_MAX_LIMIT": ("CAMERAMAP_API_MAX_LIMIT", 1000, "largest page size the API answers"),
    "API_DEFAULT_LIMIT": ("CAMERAMAP_API_DEFAULT_LIMIT", 100, "page size when none is asked"),
    "AUTO_MIGRATE": ("CAMERAMAP_AUTO_MIGRATE", True, "create/migrate the schema at start-up"),
    "LOAD_DEMO": ("CAMERAMAP_LOAD_DEMO", False, "load the Helsinki demo data into an empty registry"),
}


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw


def _secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Settings from the environment, then `overrides` (tests pass these)."""
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {}
    for name, (env, default, _doc) in SETTINGS.items():
        raw = os.environ.get(env)
        config[name] = _coerce(raw, default) if raw not in (None, "") else default
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance / 'cameramap.sqlite3'}"
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _secret_key(instance)
    config["JSON_SORT_KEYS"] = False
    return config
