"""`cameramap export -o`: the format a file name asks for, a file replaced whole, or standard output."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.geo import BBox
from .formats import FORMATS, NOT_A_STREAM, export_cameras

STDOUT = "-"
DEFAULT_FORMAT = "geojson"
EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".csv": "csv", ".gpkg": "gpkg", ".kml": "kml"}


def output_format(fmt: str | None, output: str) -> str:
    """The format to write `output` in: `fmt`, else the one its extension names, else GeoJSON.
    A file name whose extension names another format than `fmt` is refused."""
    named = EXTENSIONS.get(Path(output).suffix.lower()) if output != STDOUT else None
    if fmt is None:
        return named or DEFAULT_FORMAT
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}",
                         parameter="format")
    if named and named != fmt:
        raise UsageError(f"{output} names a {named} file but --format is {fmt}: give a .{fmt} file name, "
                         "or leave out --format to write the format the extension names", parameter="output")
    return fmt


def export_file(session: Session, fmt: str | None, output: str, stdout: IO[bytes],
                bbox: BBox | None = None, source: str | None = None) -> tuple[str, int]:
    """Export to the file `output` (an existing one is replaced only once the new one is complete) or,
    when `output` is "-", to `stdout`; return the format written and how many cameras."""
    fmt = output_format(fmt, output)
    if output == STDOUT:
        if fmt == "gpkg":
            raise UsageError(NOT_A_STREAM, parameter="output")
        return fmt, export_cameras(session, fmt, stdout, bbox, source)
    target = Path(output)
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {output}: the directory {target.parent} does not exist",
                         parameter="output")
    partial = target.with_name(f".{target.name}.partial.{fmt}")  # GDAL wants a .gpkg name
    try:
        partial.unlink(missing_ok=True)
        count = export_cameras(session, fmt, partial, bbox, source)
        os.replace(partial, target)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}", parameter="output") from None
    finally:
        partial.unlink(missing_ok=True)
    return fmt, count
