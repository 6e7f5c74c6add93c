"""The served archive's deepest zoom is read from its header once per version of the file."""

from __future__ import annotations

import os
from pathlib import Path

from cameramap.config import Settings
from cameramap.services.basemap import archive_maxzoom


def _write_header(path: Path, maxzoom: int, extra: bytes = b"") -> None:
    header = bytearray(b"PMTiles\x03" + bytes(119))
    header[101] = maxzoom
    path.write_bytes(bytes(header) + extra)


def test_maxzoom_follows_a_rebuilt_archive(tmp_path: Path) -> None:
    archive = tmp_path / "basemap.pmtiles"
    config = Settings(basemap_path=str(archive))
    assert archive_maxzoom(config) is None
    _write_header(archive, 14)
    assert archive_maxzoom(config) == 14
    _write_header(archive, 15, extra=b"tiles")
    os.utime(archive, ns=(1, 1))
    assert archive_maxzoom(config) == 15


def test_a_file_that_is_not_an_archive_has_no_maxzoom(tmp_path: Path) -> None:
    archive = tmp_path / "basemap.pmtiles"
    archive.write_bytes(b"not a pmtiles archive at all")
    assert archive_maxzoom(Settings(basemap_path=str(archive))) is None
