"""Published tables as rows of cells: CSV, XLSX (openpyxl) and PDF tables (pdfplumber)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .items import FileError
from .text import choose_encoding, sniff_delimiter

TABLE_FORMATS = ("csv", "xlsx", "pdf")
EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".pdf": "pdf"}


def header_key(name: object) -> str:
    """A column name as compared: case, spacing and line breaks (PDF cells wrap) ignored."""
    return " ".join(str(name or "").casefold().split())


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data row and where it is: a sheet's row number, or a PDF page and its n-th data row."""

    page: int | None
    row: int
    cells: dict[str, Any]


Raw = tuple[int | None, int, list[Any]]  # PDF page, row number, cells


def _rows_under_header(raw: Iterable[Raw], wanted: set[str]) -> Iterator[TableRow]:
    """Skip what comes before the header (titles, notes) and any repeated header (one per PDF page)."""
    header: list[str] | None = None
    counted: dict[int, int] = {}  # a PDF's rows are counted per page, data rows only
    for page, number, cells in raw:
        keys = [header_key(c) for c in cells]
        if wanted <= set(keys):
            header = keys
            continue
        if header is None or not any(str(c or "").strip() for c in cells):
            continue
        if page is not None:
            number = counted[page] = counted.get(page, 0) + 1
        yield TableRow(page, number, {h: c for h, c in zip(header, cells, strict=False) if h})
    if header is None:
        raise FileError(f"no header row naming the columns {sorted(wanted)} was found", parameter="mapping")


def _csv_rows(path: Path, encoding: str | None) -> Iterator[Raw]:
    chosen = choose_encoding(path, encoding)
    with open(path, encoding=chosen, newline="") as handle:
        head = [handle.readline() for _ in range(20)]
        handle.seek(0)
        for number, cells in enumerate(csv.reader(handle, delimiter=sniff_delimiter(head)), start=1):
            yield None, number, cells


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[Raw]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as err:
        raise FileError(f"not a readable XLSX workbook: {err}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileError(f"no sheet {sheet!r}; the workbook has {book.sheetnames}", parameter="sheet")
        for number, cells in enumerate(book[sheet] if sheet else book.worksheets[0], start=1):
            yield None, number, [c.value for c in cells]
    finally:
        book.close()


def _pdf_rows(path: Path) -> Iterator[Raw]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        document = pdfplumber.open(path)
    except (PDFSyntaxError, ValueError, OSError) as err:
        raise FileError(f"not a readable PDF: {err}") from None
    with document:
        for page in document.pages:
            number = 0
            for table in page.extract_tables():
                for cells in table:
                    number += 1
                    yield page.page_number, number, [" ".join(str(c).split()) if c else c for c in cells]


def table_format(path: Path, given: str | None) -> str:
    """The format named, else the file's: PDF and XLSX by their first bytes, else the extension."""
    if given:
        if given.lower() not in TABLE_FORMATS:
            raise FileError(f"unknown format {given!r}; expected one of: {', '.join(TABLE_FORMATS)}",
                            parameter="format")
        return given.lower()
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    return EXTENSIONS.get(path.suffix.lower(), "csv")


def read_table(path: Path, wanted: set[str], fmt: str | None = None, encoding: str | None = None,
               sheet: str | None = None) -> tuple[str, Iterator[TableRow]]:
    """The file's format and its data rows; `wanted` are header keys that mark the header row."""
    if not path.is_file():
        raise FileError(f"no such file: {path}", parameter="path")
    if path.stat().st_size == 0:
        raise FileError(f"{path.name} is empty (0 bytes)", parameter="path")
    chosen = table_format(path, fmt)
    raw = {"csv": lambda: _csv_rows(path, encoding), "xlsx": lambda: _xlsx_rows(path, sheet),
           "pdf": lambda: _pdf_rows(path)}[chosen]()
    return chosen, _rows_under_header(raw, {header_key(w) for w in wanted})
