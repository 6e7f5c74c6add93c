"""Error pages rendered as HTML: the site's layout, and every word in the page's language (never
Werkzeug's English description on the Russian site)."""

from __future__ import annotations

import re

import pytest
from werkzeug.exceptions import InternalServerError, ServiceUnavailable

from tests.functional.web.test_site_pages import NAV, nav_links

LATIN = re.compile(r"[A-Za-z]{2,}")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
WERKZEUG = ("The requested URL", "The method is not allowed", "The CSRF token", "The server encountered",
            "The server is temporarily unable")


def words(html: str) -> str:
    """The text of <main> without its tags and without the error's code (an identifier)."""
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found, "no <main>"
    return re.sub(r"<[^>]+>", " ", re.sub(r"<code\b.*?</code>", " ", found.group(0), flags=re.S))


def boom(error: Exception):
    def view(*_args, **_kwargs):
        raise error
    return view


# (name, method, path, the view replaced by one that raises, status)
CASES = [("unknown page", "get", "/no-such-page", None, 404),
         ("unknown camera", "get", "/cameras/987654", None, 404),
         ("camera id not a number", "get", "/cameras/abc", None, 404),
         ("unknown status link", "get", "/submissions/not-a-token", None, 404),
         ("method", "get", "/submit/photo", None, 405),
         ("form without its token", "post", "/submit", None, 400),
         ("crash", "get", "/about", ("pages.about", RuntimeError("boom")), 500),
         ("stock 500", "get", "/about", ("pages.about", InternalServerError()), 500),
         ("unavailable", "get", "/about", ("pages.about", ServiceUnavailable()), 503)]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(("name", "method", "path", "raising", "status"), CASES, ids=[c[0] for c in CASES])
def test_error_pages_have_the_layout_and_speak_the_page_language(app, client, monkeypatch, lang, name,
                                                               method, path, raising, status):
    if raising:
        monkeypatch.setitem(app.view_functions, raising[0], boom(raising[1]))
    response = getattr(client, method)(f"{path}?lang={lang}", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html"
    assert nav_links(html) == list(NAV) and '<main id="content" tabindex="-1">' in html
    assert f'<html lang="{lang}">' in html
    text = words(html)
    assert not any(stock in text for stock in WERKZEUG), text
    if lang == "ru":
        assert not LATIN.search(text), text
    else:
        assert not CYRILLIC.search(text), text


def test_the_errors_own_message_is_shown_when_it_is_in_the_page_language(client, session):
    english = words(client.get("/submissions/nope?lang=en").get_data(as_text=True))
    russian = words(client.get("/submissions/nope?lang=ru").get_data(as_text=True))
    assert "no submission has this status link" in english
    assert "Нет заявки с такой ссылкой на статус" in russian
    camera = words(client.get("/cameras/987654?lang=ru").get_data(as_text=True))
    assert "Нет камеры с номером 987654" in camera


def test_json_errors_stay_english(client, session):
    body = client.get("/api/v1/cameras/987654", headers={"Accept-Language": "ru"}).get_json()
    assert body["message"].startswith("no camera with id") and not CYRILLIC.search(body["message"])
