"""GET /changes: the document calls blank exactly what the parser's str.strip() removes (a fuzzer found
`since=%1D` blank to the parser and invalid to the document)."""

from __future__ import annotations

import re
import sys

import pytest

from cameramap.api import params
from cameramap.api.openapi import document

SPACES = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


def _since() -> list[str]:
    built = document("http://localhost", max_limit=100, default_limit=50, version="test")
    [since] = [p for p in built["paths"]["/changes"]["get"]["parameters"] if p["name"] == "since"]
    return [option["pattern"] for option in since["schema"]["anyOf"]]


@pytest.mark.parametrize("space", SPACES, ids=[f"U+{ord(c):04X}" for c in SPACES])
def test_what_strip_removes_is_blank_to_both(space):
    cursor, blank = _since()
    assert re.search(blank, space * 2) and re.search(cursor, f"{space}5_1{space}")
    assert params.changes_query([("since", space)], default_limit=50, max_limit=100) == (None, 50)


def test_what_strip_keeps_is_not_blank_to_either():
    cursor, blank = _since()
    assert "\ufeff".strip() == "\ufeff" and not re.search(blank, "\ufeff")  # a JSON Schema \s matches it
    assert not re.search(cursor, "\ufeff5_1")
