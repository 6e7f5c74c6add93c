"""Refuse XML with a DTD or entity declarations (entity-expansion bombs) before any parser expands it."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .items import FileError


def check_xml(source: str | Path | IO[bytes], name: str | None = None) -> None:
    """Parse the prolog and first element with defusedxml; raise FileError on DTDs, entities or junk."""
    label = name or Path(str(source)).name
    try:
        for _event, _element in iterparse(source, events=("start",), forbid_dtd=True):
            return
    except DefusedXmlException as err:
        raise FileError(f"{label}: XML with a DTD or entity declarations is refused ({type(err).__name__}); "
                        "such files can hide entity-expansion attacks") from None
    except Exception as err:  # noqa: BLE001 - ParseError and friends: malformed XML
        raise FileError(f"{label}: not well-formed XML: {err}") from None
