"""A cleaned photo and the errors an upload gets (shared by photos.py and the Pillow part, pixels.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.errors import DomainError
from ...domain.geo import Point


class PhotoTooLarge(DomainError):
    code = "photo_too_large"
    status = 413


class UnsupportedPhoto(DomainError):
    code = "unsupported_photo"
    status = 415


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int
    gps: Point | None
