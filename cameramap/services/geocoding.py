"""Geocoding use cases: build the gazetteer, forward and reverse answers, the "needs location" queue."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ..config import Settings
from ..domain.errors import UsageError
from ..domain.geo import BBox, Point
from ..geocoding.base import Geocoder, GeocodeResult, ReverseResult, Status
from ..geocoding.chain import ChainGeocoder
from ..geocoding.gazetteer import Gazetteer
from ..geocoding.index import GazetteerIndex
from ..geocoding.ratelimit import FileRateLimiter
from ..storage import gazetteer as store
from ..storage.backends import backend_for
from ..storage.geocache import DbCache, DbRateLimiter, due, enqueue, resolve

if TYPE_CHECKING:  # geopy, pyosmium and shapely load on first use, not with the app
    from ..geocoding.online import RateLimiter

BUILDER_VERSION = "gazetteer-2"  # 2: named places (POIs) besides localities
MAX_QUERY = 300
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class BuildSummary:
    build_id: str
    source: str
    addresses: int
    streets: int
    places: int
    unchanged: bool = False


def file_build_id(path: str | Path) -> str:
    """The build id: a digest of the builder version and the file's bytes (same file, same id)."""
    digest = hashlib.sha256(BUILDER_VERSION.encode())
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_gazetteer(session: Session, path: str | Path, *, force: bool = False,
                    progress: Progress | None = None) -> BuildSummary:
    """Replace the gazetteer with the rows of `path` (in the caller's unit of work); unchanged file:
    nothing to do."""
    if not Path(path).is_file():
        raise UsageError(f"no such file: {path}", parameter="file")
    build_id = file_build_id(path)
    current = store.current_build(session)
    if current is not None and current.build_id == build_id and not force:
        return BuildSummary(build_id, current.source, current.addresses, current.streets, current.places,
                            unchanged=True)
    from ..geocoding.builder import read_gazetteer_file

    rows = read_gazetteer_file(path, (lambda n: progress("read", n)) if progress else None)
    counts = store.replace_rows(session, rows, (lambda n: progress("stored", n)) if progress else None)
    store.record_build(session, build_id, Path(path).name, counts)
    session.flush()
    return BuildSummary(build_id, Path(path).name, counts["addresses"], counts["streets"], counts["places"])


def build_gazetteer_if_empty(session: Session, path: str | Path) -> BuildSummary | None:
    if not store.is_empty(session):
        return None
    return build_gazetteer(session, path)


_INDEXES: dict[str, GazetteerIndex] = {}
_LOCK = threading.Lock()


def _database_key(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=True)


def gazetteer_index(session: Session) -> GazetteerIndex:
    """This process's index, reloaded whenever the stored build id changed (another worker rebuilt)."""
    build_id = store.current_build_id(session)
    key = _database_key(session)
    index = _INDEXES.get(key)
    if index is not None and index.build_id == build_id:
        return index
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None or index.build_id != build_id:
            addresses, streets, places = store.load_rows(session)
            index = GazetteerIndex(addresses, streets, places, build_id=build_id)
            _INDEXES[key] = index
    return index


def _limiter(session: Session) -> RateLimiter:
    engine = session.get_bind().engine
    folder = backend_for(engine).shared_folder(engine.url)
    return FileRateLimiter(folder) if folder is not None else DbRateLimiter(engine)


def online_providers(session: Session, config: Settings) -> list[Geocoder]:
    """The configured providers (none by default: address queries stay on this server)."""
    from ..geocoding.online import OnlineGeocoder

    providers: list[Geocoder] = []
    for kind, url in (("nominatim", config.geocoder_nominatim_url), ("photon", config.geocoder_photon_url)):
        if url:
            providers.append(OnlineGeocoder(
                kind, url, config.geocoder_user_agent or "cameramap", timeout=config.geocoder_timeout,
                limiter=_limiter(session), cache=DbCache(session), min_score=config.geocoder_min_score,
                interval=config.geocoder_min_interval))
    return providers


def geocoder(session: Session, config: Settings) -> ChainGeocoder:
    offline = Gazetteer(gazetteer_index(session), config.geocoder_min_score)
    return ChainGeocoder(offline, online_providers(session, config))


MAX_STREET_LINES = 2000


def street_lines(session: Session, bbox: BBox, config: Settings) -> dict[str, Any]:
    """The gazetteer's named street lines in `bbox` as lean GeoJSON (coordinates to 6 decimals)."""
    offline = Gazetteer(gazetteer_index(session), config.geocoder_min_score)
    lines, truncated = offline.street_lines((bbox.west, bbox.south, bbox.east, bbox.north), MAX_STREET_LINES)
    features = [{"type": "Feature", "properties": {"name": name},
                 "geometry": {"type": "LineString",
                              "coordinates": [[round(x, 6), round(y, 6)] for x, y in line]}}
                for name, line in lines]
    return {"type": "FeatureCollection", "features": features, "truncated": truncated}


def _query(text: str | None) -> str:
    query = (text or "").strip()
    if not query:
        raise UsageError("give an address to look up", parameter="q")
    if len(text or "") > MAX_QUERY:  # as sent, blanks included (the documented maxLength)
        raise UsageError(f"the address is longer than {MAX_QUERY} characters", parameter="q")
    return query


def forward(session: Session, query: str | None, config: Settings) -> GeocodeResult:
    """Geocode one address: offline, then online when configured and the offline answer fell short
    (online answers are cached in the caller's unit of work)."""
    return geocoder(session, config).geocode(_query(query))


def forward_many(session: Session, queries: list[str], config: Settings) -> list[GeocodeResult]:
    """Geocode a batch (an import) with one geocoder: the index is checked once, not per row."""
    chain = geocoder(session, config)
    return [chain.geocode(_query(q)) for q in queries]


def point_lookup(session: Session, config: Settings) -> Callable[[str], Point | None]:
    """For the importer: the point of a confident answer, else None (the row then needs a location)."""
    chain = geocoder(session, config)

    def lookup(text: str) -> Point | None:
        try:
            result = chain.geocode(_query(text))
        except UsageError:
            return None
        return result.best.point if result.ok and result.best else None

    return lookup


def reverse(session: Session, point: Point, config: Settings) -> ReverseResult:
    return geocoder(session, config).reverse(point)


def nearest_streets(session: Session, points: list[Point]) -> list[str | None]:
    """Each point's nearest address ("Aleksanterinkatu 52") or else street, from the offline gazetteer
    in one batch (a page of cameras asks no online provider); None where nothing is near."""
    if not points:
        return []
    return [answer.label for answer in Gazetteer(gazetteer_index(session)).reverse_many(points)]


def geocode_or_queue(session: Session, subject_kind: str, subject_id: str, query: str,
                     config: Settings) -> GeocodeResult:
    """For importers and submissions: a provider failure queues the record as "needs location"."""
    chain = geocoder(session, config)
    result = chain.geocode(_query(query))
    if result.status is Status.UNAVAILABLE:
        enqueue(session, subject_kind, subject_id, query, result.message, chain.retry_after())
    session.flush()
    return result


def retry_pending(session: Session, config: Settings, limit: int = 100,
                  checkpoint: Callable[[], None] | None = None,
                  other_than: str | None = None) -> dict[str, int]:
    """Try the due "needs location" records (of any kind but `other_than`) again; answers are kept
    on the queue row for the owner.

    `checkpoint` (the runner's commit) is called after each record: online lookups are slow."""
    counts = {"resolved": 0, "no_match": 0, "waiting": 0}
    for row in due(session, limit=limit, other_than=other_than):
        chain = geocoder(session, config)
        result = chain.geocode(row.query)
        if result.status is Status.UNAVAILABLE:
            enqueue(session, row.subject_kind, row.subject_id, row.query, result.message, chain.retry_after())
            counts["waiting"] += 1
        else:
            resolve(row, result.to_dict(), "resolved" if result.ok else "no_match")
            counts["resolved" if result.ok else "no_match"] += 1
        session.flush()
        if checkpoint is not None:
            checkpoint()
    return counts
