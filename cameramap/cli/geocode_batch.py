"""`cameramap geocode --batch FILE.csv`: geocode a whole file, write it back with lon/lat/precision/score."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..extensions import db, settings
from ..geocoding.base import GeocodeResult
from ..importers.rules import ADDRESS_NAMES
from ..services import geocoding

ADDED = ("lon", "lat", "precision", "score", "status", "label")
CHUNK = 500  # rows geocoded per call (one geocoder, the index checked once)
MAX_QUERY = geocoding.MAX_QUERY


def _address_column(header: list[str], asked: str | None) -> str:
    if asked:
        if asked not in header:
            raise click.UsageError(f"the file has no column {asked!r}; its columns: {', '.join(header)}")
        return asked
    norm = {h.strip().lower().replace(" ", "_"): h for h in header}
    found = next((norm[n] for n in ADDRESS_NAMES if n in norm), None)
    if found is None:
        raise click.UsageError(f"no address column found among {', '.join(header)}: name it with --column")
    return found


def _csv_format(handle: TextIO) -> type[csv.Dialect] | str:
    sample = handle.read(65536)
    handle.seek(0)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return "excel"


def _added_names(header: list[str]) -> list[str]:
    """The new columns' names; prefixed when the file already has a column of that name."""
    clash = any(name in header for name in ADDED)
    return [f"geocoded_{name}" if clash else name for name in ADDED]


def _cells(result: GeocodeResult | None) -> list[str]:
    if result is None:
        return ["", "", "", "", "empty", ""]
    best = result.best
    if best is None:
        return ["", "", "", "", result.status.value, result.message or ""]
    return [f"{best.point.lon:.7f}", f"{best.point.lat:.7f}", best.precision.value, f"{best.score:.3f}",
            result.status.value, best.label]


def _chunks(rows: Iterator[list[str]]) -> Iterator[list[list[str]]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _count_rows(path: Path, encoding: str) -> int:
    with open(path, encoding=encoding, newline="") as handle:
        return max(0, sum(1 for _ in csv.reader(handle, _csv_format(handle))) - 1)


def geocode_file(path: Path, output: Path, column: str | None, encoding: str) -> dict[str, int]:
    """Geocode every row's address; returns counts per status."""
    total = _count_rows(path, encoding)
    counts: dict[str, int] = {}
    console = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with open(path, encoding=encoding, newline="") as source, \
            open(output, "w", encoding="utf-8", newline="") as target, \
            Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        layout = _csv_format(source)
        reader, writer = csv.reader(source, layout), csv.writer(target)
        header = next(reader, None)
        if header is None:
            raise click.UsageError(f"{path} is empty")
        at = header.index(_address_column(header, column))
        writer.writerow(header + _added_names(header))
        task = progress.add_task(f"geocoding {path.name}", total=total)
        for chunk in _chunks(reader):
            texts = [(row[at].strip()[:MAX_QUERY] if at < len(row) else "") for row in chunk]
            answers = iter(geocoding.forward_many(db.session(), [t for t in texts if t], settings()))
            for row, text in zip(chunk, texts, strict=True):
                cells = _cells(next(answers) if text else None)
                counts[cells[4]] = counts.get(cells[4], 0) + 1
                writer.writerow(row + cells)
            progress.advance(task, len(chunk))
    return counts
