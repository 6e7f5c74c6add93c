"""A sentence that ends with a date: the Russian date ends in "г." already, so no second full stop
follows it ("5 дек. 2026 г.." was shown); the English sentence keeps its full stop."""

from __future__ import annotations

import re

import pytest

from cameramap.domain.records import Actor
from cameramap.services.registry.cameras import change_status
from tests.factories import make_camera
from tests.functional.submissions.helpers import form_tokens, solution

DATE_THEN_STOP = re.compile(r"\.</time>\.")  # a date ending in a full stop, then another one


@pytest.fixture
def dated_pages(sclient, session) -> list[str]:
    """Paths of pages with a sentence ending in a date: a confirmed camera, a removed one, the OGC
    collections (their last change)."""
    confirmed, removed = make_camera(session), make_camera(session, lon=24.95, lat=60.17)
    tokens = form_tokens(sclient, f"/cameras/{confirmed.id}")
    answer = sclient.post(f"/cameras/{confirmed.id}/confirm", data=tokens | {"altcha": solution(sclient)})
    assert answer.status_code == 303
    change_status(session, removed.id, "removed", Actor("moderator", "m"), "taken down")
    return [f"/cameras/{confirmed.id}", f"/cameras/{removed.id}", "/ogc/collections?f=html"]


def test_no_second_full_stop_after_a_russian_date(sclient, dated_pages):
    for path in dated_pages:
        html = sclient.get(path + ("&" if "?" in path else "?") + "lang=ru").get_data(as_text=True)
        assert "г.</time>" in html, path
        assert not DATE_THEN_STOP.search(html), (path, DATE_THEN_STOP.search(html))
    camera = sclient.get(dated_pages[0], query_string={"lang": "ru"}).get_data(as_text=True)
    assert re.search(r"последний раз <time datetime=\"[\d-]+\">[^<]+г\.</time>\s", camera)


def test_the_english_sentences_keep_their_full_stop(sclient, dated_pages):
    confirmed = sclient.get(dated_pages[0], query_string={"lang": "en"}).get_data(as_text=True)
    assert re.search(r"last on <time datetime=\"[\d-]+\">[^<]+</time>\.", confirmed)
    removed = sclient.get(dated_pages[1], query_string={"lang": "en"}).get_data(as_text=True)
    assert re.search(r"recorded as removed on <time datetime=\"[\d-]+\">[^<]+</time>\.", removed)
