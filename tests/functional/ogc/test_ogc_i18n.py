"""The OGC API's HTML pages speak the page's language, the texts of its JSON documents included (titles,
descriptions, link titles, queryables, the OpenAPI definition); its JSON answers stay the same English
bytes whatever the visitor's language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from flask_babel import gettext
from markupsafe import escape

from cameramap.api.geojson import dumps
from cameramap.api.ogc import core, deployments, openapi, queryables
from cameramap.api.ogc.params import items_query
from cameramap.domain.texts import Text, plain
from cameramap.web.i18n import local_text
from tests.factories import make_camera
from tests.functional.api.test_docs_i18n import CYRILLIC, WORDS, marked, texts

BASE, LICENCE = "http://localhost/ogc", "http://localhost/api/v1/exports/LICENCE.txt"
# (name, path): every OGC resource that has an HTML page; {id} is a camera's id.
PAGES = [("landing", "/ogc"), ("conformance", "/ogc/conformance"), ("collections", "/ogc/collections"),
         ("cameras", "/ogc/collections/cameras"), ("deployments", "/ogc/collections/deployments"),
         ("items", "/ogc/collections/cameras/items"), ("item", "/ogc/collections/cameras/items/{id}"),
         ("queryables", "/ogc/collections/cameras/queryables"), ("api", "/ogc/api")]
JSON_ONLY = ["/ogc/collections/deployments/items"]
STAMP = re.compile(rb'"timeStamp":"[^"]*"')


@pytest.fixture
def camera_id(session) -> int:
    return make_camera(session, operator="Helsinki City (ogc i18n)").id


def documents(session, camera_id: int) -> dict[str, Any]:
    """Every document behind the HTML pages, as the routes build them (the definition marked)."""
    query = items_query([("f", "html")], default_limit=10, max_limit=100)
    return {
        "landing": core.landing(BASE, "http://localhost/api/v1/docs", LICENCE),
        "conformance": core.conformance(BASE),
        "collections": core.collections(session, BASE, LICENCE),
        "deployments": deployments.collection(session, BASE, LICENCE),
        "items": {"links": core.items(session, query, BASE)["links"]},  # the features are data
        "item": {"links": core.item(session, str(camera_id), BASE)["links"]},
        "queryables": queryables.document(f"{BASE}/collections/cameras/queryables"),
        "api": openapi.document(BASE, max_limit=100, default_limit=10, version="1.0.0", marked=True),
    }


def main(html: str) -> str:
    found = re.search(r"<main\b.*</main>", html, re.S)
    assert found, "no <main>"
    return found.group(0)


def english_texts(client, path: str) -> Iterator[str]:
    """The titles, summaries and descriptions of a resource's English JSON (not its features' data)."""
    body = orjson.loads(client.get(path + "?f=json").data)
    body.pop("features", None)
    yield from texts(body)


def test_every_text_of_the_ogc_documents_is_marked_and_translated(app, session, camera_id):
    """Fails when someone adds a title or description without N_() or without its Russian translation."""
    with app.test_request_context("/ogc?lang=ru"):
        shown = [text for document in documents(session, camera_id).values() for text in texts(document)]
        unmarked = sorted({text for text in shown if not isinstance(text, Text)})
        assert not unmarked, f"mark these with N_() (cameramap/domain/texts.py): {unmarked}"
        missing = sorted({part.message for text in shown for part in marked(text)
                          if gettext(part.message) == part.message})
        assert not missing, f"translate these in messages.po (docs/translations.md): {missing}"
        local = [local_text(text) for text in shown]
        assert all(CYRILLIC.search(text) for text in local)
        english = sorted({found.group(0) for text in local if (found := WORDS.search(text))})
        assert not english, f"English left in Russian texts: {english}"
    assert len(shown) > 150


def test_russian_pages_show_no_english_text_of_the_documents(client, camera_id):
    for name, path in PAGES:
        path = path.format(id=camera_id)
        page = main(client.get(path + "?f=html&lang=ru").get_data(as_text=True))
        english = [text for text in english_texts(client, path) if " " in text]
        assert english, name
        left = [text for text in english if str(escape(text)) in page]
        assert not left, (name, left)
        assert CYRILLIC.search(page), name


@pytest.mark.parametrize(("path", "russian"), [
    ("/ogc", ["<h1>cameramap: камеры видеонаблюдения</h1>", ">документация API</a>",
              ">классы соответствия</a>"]),
    ("/ogc/collections", ["Камеры видеонаблюдения <small>", "Выезды (фургоны с распознаванием лиц",
                          ">свойства, которые может называть фильтр</a>"]),
    ("/ogc/collections/cameras/items", [">эта страница</a>", ">эта страница в другом формате</a>",
                                        ">коллекция</a>"]),
    ("/ogc/collections/cameras/queryables", ["<td>Местоположение камеры (точка)</td>",
                                             "(у камеры может быть несколько значений;"]),
    ("/ogc/api", ["<h1>OGC API - Features проекта cameramap</h1>", "<p>Начальная страница</p>",
                  "система координат bbox (и порядок её осей); по умолчанию CRS84",
                  "404 Такого ресурса нет."]),
])
def test_russian_pages_show_the_documents_translated(client, path, russian):
    client.set_cookie("lang", "ru")  # the language remembered from an earlier ?lang=ru
    page = main(client.get(path + "?f=html").get_data(as_text=True))
    for text in russian:
        assert text in page, text


def test_english_pages_show_the_english_documents(client, camera_id):
    for name, path in PAGES:
        path = path.format(id=camera_id)
        page = main(client.get(path + "?f=html", headers={"Accept-Language": "en"}).get_data(as_text=True))
        assert not CYRILLIC.search(page), name
        shown = [text for text in english_texts(client, path) if str(escape(text)) in page]
        assert shown, name
    items = main(client.get("/ogc/collections/cameras/items?f=html&lang=en").get_data(as_text=True))
    assert ">this page</a>" in items and ">the collection</a>" in items


@pytest.mark.parametrize("path", ["/ogc/collections/cameras", "/ogc/collections/deployments"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_one_collections_page_is_headed_by_its_title(client, session, path, lang):
    document = orjson.loads(client.get(path + "?f=json").data)
    html = client.get(path + f"?f=html&lang={lang}").get_data(as_text=True)
    with client.application.test_request_context(f"/?lang={lang}"):
        title = str(escape(local_text(Text(document["title"]))))
    heading = re.search(r"<h1>(.*?)</h1>", main(html), re.S)
    assert heading and heading.group(1).startswith(title), heading
    assert f"<title>{title} — cameramap OGC API</title>" in html
    assert f"<h2>{title}" not in html  # not headed again in a section


def test_json_answers_stay_english_in_every_language(client, camera_id):
    paths = [path.format(id=camera_id) for _, path in PAGES] + JSON_ONLY
    english = {path: STAMP.sub(b"", client.get(path + "?f=json").data) for path in paths}
    for asked in ("?f=json", "?f=json&lang=ru", "?f=json"):  # the last with the cookie ?lang=ru set
        for path in paths:
            answer = client.get(path + asked, headers={"Accept-Language": "ru"})
            assert answer.status_code == 200 and answer.mimetype != "text/html", path
            assert STAMP.sub(b"", answer.data) == english[path], path
            assert not CYRILLIC.search(answer.get_data(as_text=True)), path
    assert client.get("/ogc/api?lang=ru", headers={"Accept": "application/json"}).data == english["/ogc/api"]


def test_marked_documents_serialise_as_the_plain_english_ones(app, session, camera_id):
    """Marking a text changes no byte of the JSON: orjson writes a marked text as its English string."""
    with app.test_request_context("/ogc"):
        found = documents(session, camera_id)
        plain_api = openapi.document(BASE, max_limit=100, default_limit=10, version="1.0.0")
    for name, document in found.items():
        assert dumps(document) == dumps(plain(document)), name
    assert dumps(found["api"]) == dumps(plain_api)
    assert {type(text) for text in texts(plain_api)} == {str}  # what schema validators take
    assert any(isinstance(text, Text) for text in texts(found["api"]))
