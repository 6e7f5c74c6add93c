"""Every setting, read from CAMERAMAP_* environment variables, with its default documented."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_TILE_URL = ""  # empty: the app's own vector basemap (BASEMAP_PATH), no external host
DEFAULT_TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

# name -> (environment variable, default, meaning)
SETTINGS: dict[str, tuple[str, Any, str]] = {
    "DATABASE_URL": ("CAMERAMAP_DATABASE_URL", None,
                     "SQLAlchemy URL; default: SQLite file cameramap.sqlite3 in the instance folder"),
    "TILE_URL": ("CAMERAMAP_TILE_URL", DEFAULT_TILE_URL, "raster tile URL template, e.g. "
                 "https://tile.openstreetmap.org/{z}/{x}/{y}.png (then the only external host a page "
                 "contacts); empty: the app's own vector basemap"),
    "BASEMAP_PATH": ("CAMERAMAP_BASEMAP_PATH", None, "the PMTiles basemap the app serves at "
                     "/basemap.pmtiles (`cameramap basemap build`); default: instance/basemap.pmtiles"),
    "TILE_ATTRIBUTION": ("CAMERAMAP_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION,
                         "attribution HTML shown for the tiles (operator-configured, trusted)"),
    "SECRET_KEY": ("CAMERAMAP_SECRET_KEY", None, "session/CSRF secret; default: generated once "
                   "and kept in the instance folder"),
    "API_MAX_LIMIT": ("CAMERAMAP_API_MAX_LIMIT", 1000, "largest page size the API answers"),
    "API_DEFAULT_LIMIT": ("CAMERAMAP_API_DEFAULT_LIMIT", 100, "page size when none is asked"),
    "CLUSTER_CAP": ("CAMERAMAP_CLUSTER_CAP", 1000, "a map view (zoom/tile) holding more cameras than "
                    "this is answered as clusters"),
    "API_CACHE_SECONDS": ("CAMERAMAP_API_CACHE_SECONDS", 30, "Cache-Control max-age of camera answers "
                          "(then revalidated by ETag)"),
    "AUTO_MIGRATE": ("CAMERAMAP_AUTO_MIGRATE", True, "create/migrate the schema at start-up"),
    "LOAD_DEMO": ("CAMERAMAP_LOAD_DEMO", False, "load the Helsinki demo data into an empty registry"),
    # Geocoding (issue 4): offline gazetteer always; online providers only when a URL is set
    "GEOCODER_NOMINATIM_URL": ("CAMERAMAP_GEOCODER_NOMINATIM_URL", None, "Nominatim base URL (opt-in: "
                               "address queries then leave the server when the gazetteer falls short)"),
    "GEOCODER_PHOTON_URL": ("CAMERAMAP_GEOCODER_PHOTON_URL", None, "Photon base URL (opt-in, as above)"),
    "GEOCODER_USER_AGENT": ("CAMERAMAP_GEOCODER_USER_AGENT", "cameramap/0.1.0", "User-Agent sent to "
                            "online providers: name your instance and a contact, as Nominatim asks"),
    "GEOCODER_MIN_SCORE": ("CAMERAMAP_GEOCODER_MIN_SCORE", "0.75", "answers scoring below this (0-1) "
                           "are 'no match' with candidates"),
    "GEOCODER_TIMEOUT": ("CAMERAMAP_GEOCODER_TIMEOUT", 5, "seconds to wait for an online provider"),
    "GEOCODER_MIN_INTERVAL": ("CAMERAMAP_GEOCODER_MIN_INTERVAL", "1.0", "seconds between two requests to "
                              "one provider, across processes (Nominatim's policy: at least 1)"),
    # Submissions, moderation and privacy (issue 5)
    "REDIS_URL": ("CAMERAMAP_REDIS_URL", None, "Redis URL for rate limits, solved challenges and "
                  "client-key secrets shared across workers/hosts; default: in memory and the database"),
    "REDIS_TIMEOUT_SECONDS": ("CAMERAMAP_REDIS_TIMEOUT_SECONDS", 0.5, "seconds a request waits for Redis "
                              "before falling back to memory and the database"),
    "PROOF_OF_WORK": ("CAMERAMAP_PROOF_OF_WORK", "on", "proof-of-work challenge on submissions; "
                      "only `off` turns it off"),
    "POW_MAX_NUMBER": ("CAMERAMAP_POW_MAX_NUMBER", 100_000, "proof-of-work difficulty (hashes to try)"),
    "POW_EXPIRES_SECONDS": ("CAMERAMAP_POW_EXPIRES_SECONDS", 900, "how long a challenge stays valid"),
    "NOSCRIPT_MIN_SECONDS": ("CAMERAMAP_NOSCRIPT_MIN_SECONDS", 30, "without JavaScript, the form must "
                             "be this old instead of carrying a proof of work; 0 refuses such posts"),
    "FORM_MIN_SECONDS": ("CAMERAMAP_FORM_MIN_SECONDS", 3, "minimum time between showing and posting a form"),
    "RATE_LIMIT_SUBMIT": ("CAMERAMAP_RATE_LIMIT_SUBMIT", "10 per hour;40 per day",
                          "submissions, reports and confirmations per client (hashed network)"),
    "RATE_LIMIT_GLOBAL": ("CAMERAMAP_RATE_LIMIT_GLOBAL", "600 per hour", "the same, all clients together"),
    "RATE_LIMIT_CHALLENGE": ("CAMERAMAP_RATE_LIMIT_CHALLENGE", "60 per hour", "challenges per client"),
    "RATE_LIMIT_LOGIN": ("CAMERAMAP_RATE_LIMIT_LOGIN", "10 per 15 minutes", "moderator log-in attempts"),
    "CLIENT_KEY_ROTATION_HOURS": ("CAMERAMAP_CLIENT_KEY_ROTATION_HOURS", 24, "the secret of the client "
                                  "key (HMAC of the network address) is replaced this often"),
    "PROXY_COUNT": ("CAMERAMAP_PROXY_COUNT", 0, "reverse proxies in front of the app (X-Forwarded-For)"),
    "MEDIA_DIR": ("CAMERAMAP_MEDIA_DIR", None, "where photos are stored; default: instance/media"),
    "PHOTO_MAX_BYTES": ("CAMERAMAP_PHOTO_MAX_BYTES", 10_000_000, "largest photo upload in bytes"),
    "PHOTO_MAX_PIXELS": ("CAMERAMAP_PHOTO_MAX_PIXELS", 40_000_000, "largest photo in pixels"),
    "CONFIRMATIONS_TO_VERIFY": ("CAMERAMAP_CONFIRMATIONS_TO_VERIFY", 3,
                                "independent confirmations that verify a reported camera"),
    "EXPORT_DIR": ("CAMERAMAP_EXPORT_DIR", None, "where full dumps (/api/v1/exports) are built and "
                   "kept until the registry changes; default: instance/exports"),
    "COOKIE_SECURE": ("CAMERAMAP_COOKIE_SECURE", True, "send session/CSRF/login cookies over HTTPS "
                      "only; set 0 for a plain-http server reached by an address other than localhost"),
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
    if not config["EXPORT_DIR"]:
        config["EXPORT_DIR"] = str(Path(config.get("INSTANCE_DIR") or instance) / "exports")
    if not config["BASEMAP_PATH"]:
        config["BASEMAP_PATH"] = str(Path(config.get("INSTANCE_DIR") or instance) / "basemap.pmtiles")
    if not config["MEDIA_DIR"]:
        config["MEDIA_DIR"] = str(Path(config.get("INSTANCE_DIR") or instance) / "media")
    return config
