"""The files the app writes are its owner's only: database, backups, exports, media (0600/0700)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import make_url

from .backends import backend_for_url

PRIVATE_UMASK = 0o077  # every file this process creates from now on: 0600, every folder: 0700


def keep_private(database_url: str, folders: Iterable[str | Path], files: Iterable[str | Path] = ()) -> None:
    """Create from now on owner-only files and folders, and tighten what exists already: the database's
    files, `files`, and `folders` (their content is then out of others' reach)."""
    os.umask(PRIVATE_UMASK)
    for folder in map(Path, folders):
        if folder.is_dir():
            _tighten(folder, 0o700)
    url = make_url(database_url)
    for path in [*backend_for_url(url).database_files(url), *map(Path, files)]:
        if path.is_file():
            _tighten(path, 0o600)


def _tighten(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):  # not ours to change: leave it
        if path.stat().st_mode & 0o777 & ~mode:
            path.chmod(mode)
