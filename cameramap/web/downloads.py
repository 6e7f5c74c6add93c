"""/downloads: the full dumps as a page in the visitor's language (file, format, size, date, licence);
machines read the same list as JSON at /api/v1/exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, render_template, url_for
from flask_babel import format_decimal, gettext

from ..extensions import db, settings
from ..services.exports import builds, dumps

bp = Blueprint("downloads", __name__)


@dataclass(frozen=True, slots=True)
class Download:
    """One dump as the page lists it: `built_at` and `size` are None until a first file is built;
    `current` says whether that file reflects the registry as it is now."""

    dump: dumps.Dump
    href: str
    built_at: datetime | None
    size: str | None
    current: bool


def file_size(length: int) -> str:
    """A file's size in the page's language: kB below a megabyte (rounded up), else MB to one decimal."""
    if length < 1_000_000:
        return gettext("%(size)s kB", size=format_decimal(max(1, -(-length // 1000))))
    return gettext("%(size)s MB", size=format_decimal(round(length / 1_000_000, 1)))


def _download(dump: dumps.Dump, version: str) -> Download:
    built = builds.latest(settings().export_dir, dump.name)
    href = url_for("api_exports.download", filename=dump.filename)
    if built is None:
        return Download(dump, href, None, None, False)
    try:
        size = file_size(built.path.stat().st_size)
    except OSError:  # removed as we looked (a newer one was just built): shown as not built
        return Download(dump, href, None, None, False)
    return Download(dump, href, built.built_at, size, built.registry_version == version)


@bp.get("/downloads")
def downloads() -> str:
    version = dumps.registry_version(db.session())
    files = [_download(dump, version) for dump in dumps.DUMPS.values()]
    return render_template("pages/downloads.html", files=files, version=version)
