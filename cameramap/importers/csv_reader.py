"""CSV, TSV and semicolon files: streamed, with encoding, delimiter, header and coordinate detection."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path

from .columns import plan_coordinates
from .coords import LAT_NAMES, LON_NAMES, PACKED_NAMES, X_NAMES, Y_NAMES, normalize_name, parse_packed
from .items import FileError, Reading, ReadItem, ReadOptions, Rejected
from .plausibility import screen
from .rows import build_item
from .rules import ID_NAMES, RowMapper
from .text import CountingFile, choose_encoding, sniff_delimiter

SAMPLE_ROWS = 200
KNOWN_NAMES = LAT_NAMES | LON_NAMES | X_NAMES | Y_NAMES | PACKED_NAMES | set(ID_NAMES)
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _is_value(text: str) -> bool:
    return _is_number(text) or parse_packed(text) is not None


def looks_like_header(first: list[str], following: list[list[str]] | None = None) -> bool:
    """A header names things: a name is known, or no cell is a number or a coordinate pair, or the
    numbers in it are labels (`1`, `2023`) among names standing over columns of values."""
    cells = [c.strip() for c in first]
    if any(normalize_name(c) in KNOWN_NAMES for c in cells):
        return True
    values = [c for c in cells if c and _is_value(c)]
    if not values:
        return True
    names = [c for c in cells if c and not _is_value(c)]
    if not following or len(names) <= len(values) or not all(re.fullmatch(r"\d{1,4}", v) for v in values):
        return False
    return any(_mostly_values(following, i) for i, c in enumerate(cells) if c and not _is_value(c))


def _mostly_values(rows: list[list[str]], index: int) -> bool:
    """Whether a column below holds values (numbers, pairs) in most rows that fill it."""
    cells = [r[index].strip() for r in rows[:50] if index < len(r) and r[index].strip()]
    return len(cells) >= 2 and sum(map(_is_value, cells)) > len(cells) * 0.8


def _head_lines(path: Path, encoding: str, count: int = 60) -> list[str]:
    with open(path, encoding=encoding, newline="") as handle:
        return [line for line in islice(handle, count)]


def _columns(first: list[str]) -> list[str]:
    names, seen = [], set()
    for i, raw in enumerate(first, start=1):
        name = raw.strip() or f"column_{i}"
        while name in seen:
            name = f"{name}_{i}"
        seen.add(name)
        names.append(name)
    return names


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str] | csv.Error]:
    """The reader's rows; a parse error is yielded in place of its row and reading goes on."""
    while True:
        try:
            yield from reader  # delegated at C speed; after an error the reader goes on at the next row
            return
        except csv.Error as err:
            yield err


def read_csv(path: str | Path, options: ReadOptions) -> Reading:
    path = Path(path)
    mapping = options.mapping
    encoding = choose_encoding(path, options.encoding or (mapping.encoding if mapping else None))
    head = _head_lines(path, encoding)
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} else sniff_delimiter(head)
    raw = CountingFile(path)
    handle = io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding=encoding, newline="")
    rows = _rows(csv.reader(handle, delimiter=delimiter, strict=True))
    first = next(rows, None)
    if first is None or isinstance(first, csv.Error):
        handle.close()
        raise FileError("the file holds no rows" if first is None else f"cannot parse the first row: {first}")
    sample = list(islice(rows, SAMPLE_ROWS))
    header = _header(first, [r for r in sample if isinstance(r, list)], options)
    columns = _columns(first) if header else [f"column_{i}" for i in range(1, len(first) + 1)]
    data = sample if header else [first, *sample]
    sample_dicts = [dict(zip(columns, r, strict=False)) for r in data if isinstance(r, list)]
    try:
        plan = plan_coordinates(columns, sample_dicts, options)
        mapper = RowMapper(columns, options, placed={plan.lon, plan.lat, plan.packed}, text_cells=True)
    except FileError:
        handle.close()
        raise
    items = _items(chain(data, rows), columns, plan, mapper, options, 2 if header else 1, handle)
    warnings = [f"delimiter {delimiter!r}, encoding {encoding}, "
                f"{'a header row' if header else 'no header row'}, {plan.describe()}"]
    return Reading("csv", screen(items, options), path.stat().st_size, lambda: raw.count, encoding, warnings)


def _header(first: list[str], following: list[list[str]], options: ReadOptions) -> bool:
    forced = options.header if options.header is not None else \
        (options.mapping.header if options.mapping else None)
    return looks_like_header(first, following) if forced is None else forced


def _items(rows, columns, plan, mapper, options, start, handle) -> Iterator[ReadItem]:
    width = len(columns)
    try:
        for number, cells in enumerate(rows, start=start):
            if isinstance(cells, csv.Error):
                yield Rejected(number, "malformed_row", f"the row cannot be parsed: {cells}", None)
                continue
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line is not a row
            if len(cells) != width and (len(cells) > width or any("\n" in c for c in cells)):
                values = {f"field_{i}": c[:200] for i, c in enumerate(cells, start=1)}
                yield Rejected(number, "malformed_row",
                               f"{len(cells)} fields where the header has {width} (broken quoting?)", values)
                continue
            values = dict(zip(columns, cells, strict=False))
            yield build_item(number, values, plan.extract(values), mapper, options)
    finally:
        handle.close()
