"""Every setting, read once from CAMERAMAP_* environment variables into a typed, frozen Settings."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from limits import parse_many
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "CAMERAMAP_"
DEFAULT_TILE_URL = ""  # empty: the app's own vector basemap (basemap_path), no external host
DEFAULT_TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
POW_OFF = {"off", "false", "0", "no"}


class SettingsError(ValueError):
    """A setting has a bad value; the message names the environment variable."""


def _rate_limit(value: str) -> str:
    parse_many(value)  # raises ValueError on anything Flask-Limiter could not read
    return value


def _switched_on(value: Any) -> bool:
    """Proof of work: on unless the value says off explicitly."""
    return not (value is False or str(value).strip().lower() in POW_OFF)


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if any(c in value for c in "/?#@ \t") or value.startswith(":"):
        raise ValueError("give a host name and optional port only, e.g. cameras.example.org")
    return value


RateLimit = Annotated[str, AfterValidator(_rate_limit)]
ServerName = Annotated[str, AfterValidator(_host_name)]
Positive = Annotated[int, Field(ge=1)]
NonNegative = Annotated[int, Field(ge=0)]


class Settings(BaseSettings):
    """The settings of one app; `CAMERAMAP_<NAME>` sets `<name>`. Empty paths/keys are derived by load()."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, env_ignore_empty=True, extra="forbid")

    database_url: str = Field("", description="SQLAlchemy URL; default: SQLite file cameramap.sqlite3 "
                              "in the instance folder")
    tile_url: str = Field(DEFAULT_TILE_URL, description="raster tile URL template, e.g. "
                          "https://tile.openstreetmap.org/{z}/{x}/{y}.png (then the only external host a "
                          "page contacts); empty: the app's own vector basemap")
    basemap_path: str = Field("", description="the PMTiles basemap the app serves at /basemap.pmtiles "
                              "(`cameramap basemap build`); default: instance/basemap.pmtiles")
    tile_attribution: str = Field(DEFAULT_TILE_ATTRIBUTION, description="attribution HTML shown for the "
                                  "tiles (operator-configured, trusted)")
    secret_key: str = Field("", description="session/CSRF secret; default: generated once and kept in "
                            "the instance folder")
    api_max_limit: Positive = Field(1000, description="largest page size the API answers")
    api_default_limit: Positive = Field(100, description="page size when none is asked")
    cluster_cap: Positive = Field(1000, description="a map view (zoom/tile) holding more cameras than "
                                  "this is answered as clusters")
    api_cache_seconds: NonNegative = Field(30, description="Cache-Control max-age of camera answers "
                                           "(then revalidated by ETag)")
    auto_migrate: bool = Field(True, description="create/migrate the schema at start-up")
    load_demo: bool = Field(False, description="load the Helsinki demo data into an empty registry (and the "
                            "operator files of `data/operators/` when no operator is known)")
    # Geocoding (issue 4): offline gazetteer always; online providers only when a URL is set
    geocoder_nominatim_url: str | None = Field(None, description="Nominatim base URL (opt-in: address "
                                               "queries then leave the server when the gazetteer falls "
                                               "short)")
    geocoder_photon_url: str | None = Field(None, description="Photon base URL (opt-in, as above)")
    geocoder_user_agent: str = Field("cameramap/0.1.0", description="User-Agent sent to online providers: "
                                     "name your instance and a contact, as Nominatim asks")
    geocoder_min_score: float = Field(0.75, ge=0, le=1, description="answers scoring below this (0-1) are "
                                      "'no match' with candidates")
    geocoder_timeout: float = Field(5.0, gt=0, description="seconds to wait for an online provider")
    geocoder_min_interval: float = Field(1.0, ge=0, description="seconds between two requests to one "
                                         "provider, across processes (Nominatim's policy: at least 1)")
    # Submissions, moderation and privacy (issue 5)
    redis_url: str | None = Field(None, description="Redis URL for rate limits, solved challenges and "
                                  "client-key secrets shared across workers/hosts; default: in memory and "
                                  "the database")
    redis_timeout_seconds: float = Field(0.5, gt=0, description="seconds a request waits for Redis "
                                         "before falling back to memory and the database")
    proof_of_work: Annotated[bool, BeforeValidator(_switched_on)] = Field(
        True, description="proof-of-work challenge on submissions; only `off` turns it off")
    pow_max_number: Positive = Field(100_000, description="proof-of-work difficulty (hashes to try)")
    pow_expires_seconds: Positive = Field(900, description="how long a challenge stays valid")
    noscript_min_seconds: NonNegative = Field(30, description="without JavaScript, the form must be this "
                                              "old instead of carrying a proof of work; 0 refuses such posts")
    form_min_seconds: NonNegative = Field(3, description="minimum time between showing and posting a form")
    rate_limit_submit: RateLimit = Field("10 per hour;40 per day", description="submissions, reports and "
                                         "confirmations per client (hashed network)")
    rate_limit_global: RateLimit = Field("600 per hour", description="the site-wide submission limit, a "
                                         "circuit breaker: accepted submissions, reports and "
                                         "confirmations of all clients together")
    rate_limit_challenge: RateLimit = Field("60 per hour", description="challenges per client")
    rate_limit_exposure: RateLimit = Field("30 per minute;300 per hour", description="exposure "
                                           "requests (POST /api/v1/exposure) per client")
    rate_limit_routes: RateLimit = Field("20 per minute;200 per hour", description="route requests "
                                         "(POST /api/v1/routes) per client")
    rate_limit_login: RateLimit = Field("10 per 15 minutes", description="moderator log-in attempts "
                                        "per client")
    rate_limit_login_account: RateLimit = Field("10 per hour;30 per day", description="failed log-in "
                                                "attempts per moderator name, from all clients together "
                                                "(then even the right password waits)")
    client_key_rotation_hours: Positive = Field(24, description="the secret of the client key (HMAC of "
                                                "the network address) is replaced this often")
    proxy_count: NonNegative = Field(0, description="reverse proxies in front of the app (X-Forwarded-For)")
    media_dir: str = Field("", description="where photos are stored; default: instance/media")
    photo_max_bytes: Positive = Field(10_000_000, description="largest photo upload in bytes")
    photo_max_pixels: Positive = Field(40_000_000, description="largest photo in pixels")
    confirmations_to_verify: Positive = Field(3, description="independent confirmations that verify a "
                                              "reported camera")
    export_dir: str = Field("", description="where full dumps (/api/v1/exports) are built and kept until "
                            "the registry changes; default: instance/exports")
    export_rebuild_seconds: NonNegative = Field(300, description="a dump is rebuilt (in the background) at "
                                                "most this often; meanwhile the last complete one is served")
    ogc_crs: str = Field("EPSG:3067,EPSG:2056,EPSG:27700", description="national coordinate systems /ogc "
                         "offers (crs=, bbox-crs=, filter-crs=) besides CRS84, EPSG:4326 and EPSG:3857; "
                         "comma-separated EPSG codes")
    server_name: ServerName = Field("", description="the site's public host name (and port), e.g. "
                                    "cameras.example.org: requests naming another host get 400 and "
                                    "absolute links (feeds, API, OGC) use it; empty: any host, links "
                                    "follow the request")
    cookie_secure: bool = Field(True, description="send session/CSRF/login cookies over HTTPS only; set 0 "
                                "for a plain-http server reached by an address other than localhost")

    @model_validator(mode="after")
    def _default_limit_fits(self) -> Settings:
        if self.api_default_limit > self.api_max_limit:
            raise ValueError(f"{PREFIX}API_DEFAULT_LIMIT ({self.api_default_limit}) is larger than "
                             f"{PREFIX}API_MAX_LIMIT ({self.api_max_limit})")
        return self


def documented() -> list[tuple[str, Any, str]]:
    """(environment variable, default, meaning) of every setting: the README's table."""
    return [(f"{PREFIX}{name.upper()}", field.default, field.description or "")
            for name, field in Settings.model_fields.items()]


def _message(err: ValidationError) -> str:
    lines = []
    for error in err.errors():
        text = error["msg"].removeprefix("Value error, ")
        if error["loc"]:  # one field: name its variable and the value it got
            text = f"{PREFIX}{str(error['loc'][0]).upper()}: {text} (got {error['input']!r})"
        lines.append(text)
    return "bad setting: " + "; ".join(lines)


def replaced(settings: Settings, **changes: Any) -> Settings:
    """A validated copy of `settings` with `changes` (names as in CAMERAMAP_<NAME>)."""
    return parse({**settings.model_dump(), **changes})


def _secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def parse(overrides: dict[str, Any] | None = None) -> Settings:
    """Settings from the environment, then `overrides` (names as in CAMERAMAP_<NAME>), validated."""
    try:
        return Settings(**{name.lower(): value for name, value in (overrides or {}).items()})
    except ValidationError as err:
        raise SettingsError(_message(err)) from None


def load(instance_path: str, overrides: dict[str, Any] | None = None) -> tuple[Settings, dict[str, Any]]:
    """The settings, with paths and the secret derived from the instance folder where unset, and the
    remaining overrides (Flask's own keys such as TESTING; INSTANCE_DIR moves the derived folders)."""
    overrides = dict(overrides or {})
    flask = {k: overrides.pop(k) for k in list(overrides) if k.lower() not in Settings.model_fields}
    settings = parse(overrides)
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    data = Path(flask.get("INSTANCE_DIR") or instance)
    derived = {
        "database_url": settings.database_url or f"sqlite:///{instance / 'cameramap.sqlite3'}",
        "secret_key": settings.secret_key or _secret_key(instance),
        "export_dir": settings.export_dir or str(data / "exports"),
        "basemap_path": settings.basemap_path or str(data / "basemap.pmtiles"),
        "media_dir": settings.media_dir or str(data / "media"),
    }
    return settings.model_copy(update=derived), flask
