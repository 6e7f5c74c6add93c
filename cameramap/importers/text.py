"""Text files: encoding detection and whole-file validation, delimiter sniffing, byte-counting reads."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes

from .items import FileError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

SAMPLE = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")


class CountingFile(io.RawIOBase):
    """A raw binary file that remembers how many bytes were read (for the progress bar)."""

    def __init__(self, path: str | Path):
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        n = self._file.readinto(buffer)
        self.count += n or 0
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


def _lookup(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise FileError(f"unknown encoding {encoding!r}", parameter="encoding") from None


def detect_encoding(sample: bytes) -> str:
    """BOM first, then strict UTF-8, then charset-normalizer's best guess (cp1251, cp949, ...)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample).best()
    if best is None:
        raise FileError("cannot tell the text encoding of this file; pass --encoding", parameter="encoding")
    return best.encoding


def check_encoding(path: str | Path, encoding: str) -> None:
    """Decode the whole file once so a wrong encoding fails before anything is stored."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                raise FileError(
                    f"the file is not valid {encoding}: undecodable byte at offset {offset + err.start}; "
                    "pass the right --encoding", parameter="encoding") from None
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileError(f"the file is not valid {encoding}: it ends inside a character",
                            parameter="encoding") from None


def choose_encoding(path: str | Path, given: str | None) -> str:
    """The encoding to read `path` with: the given one (checked) or a detected one (checked)."""
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE)
    if given:
        encoding = _lookup(given)
        if encoding == "utf-8" and sample.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        check_encoding(path, encoding)
        return encoding
    encoding = detect_encoding(sample)
    try:
        check_encoding(path, encoding)
    except FileError:
        if encoding not in ("utf-8", "utf-8-sig"):
            raise
        guess = from_bytes(Path(path).read_bytes()).best()
        if guess is None:
            raise
        encoding = guess.encoding
        check_encoding(path, encoding)
    return encoding


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter giving the most columns, consistently, over the first lines."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = (counts.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best
