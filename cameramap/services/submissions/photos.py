"""Photo sanitizer: accept JPEG/PNG/WebP within limits, read the GPS position once, re-encode pixels.

The stored file is a fresh image built from the decoded pixels only, so EXIF, XMP, ICC profiles,
comments and any other metadata of the upload cannot survive.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...storage.transaction import after_commit, after_rollback
from .photo_types import CleanPhoto, PhotoTooLarge, UnsupportedPhoto

__all__ = ["CleanPhoto", "PhotoTooLarge", "UnsupportedPhoto", "delete_file", "delete_file_after_commit",
           "sanitize", "store", "store_in"]


def sanitize(data: bytes, max_bytes: int, max_pixels: int) -> CleanPhoto:
    """Check and clean an upload; raise 413/415 errors with a sentence for the submitter."""
    if not data:
        raise UsageError("the photo is empty", parameter="photo", code="invalid_photo")
    if len(data) > max_bytes:
        raise PhotoTooLarge(f"the photo is {len(data):,} bytes; at most {max_bytes:,} are accepted",
                            parameter="photo")
    from . import pixels  # Pillow is loaded by the first photo, not by every serving process

    return pixels.reencode(data, max_pixels)


def store(photo: CleanPhoto, media_dir: str | Path) -> str:
    """Write the clean bytes under a random name; returns the file name."""
    folder = Path(media_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = secrets.token_hex(16) + photo.extension
    temporary = folder / (name + ".part")
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        out.write(photo.data)  # readable by the app's owner only
    temporary.replace(folder / name)
    return name


def delete_file(media_dir: str | Path, filename: str) -> None:
    (Path(media_dir) / Path(filename).name).unlink(missing_ok=True)


def store_in(session: Session, photo: CleanPhoto, media_dir: str | Path) -> str:
    """`store`, the file deleted again if the session's unit of work is rolled back."""
    name = store(photo, media_dir)
    after_rollback(session, lambda: delete_file(media_dir, name))
    return name


def delete_file_after_commit(session: Session, media_dir: str | Path, filename: str) -> None:
    """Delete the file once the deletion of its row is committed (a rollback keeps both)."""
    after_commit(session, lambda: delete_file(media_dir, filename))
